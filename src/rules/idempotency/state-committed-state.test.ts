import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./state-committed-state.js";

const TF = { "main.tf": 'resource "aws_s3_bucket" "b" {}\n' };
const STATE = '{"version": 4, "resources": [{"instances": [{"attributes": {"password": "hunter2-very-secret"}}]}]}\n';

describe("state/committed-state", () => {
  it("reports state files and backups in a tree without git metadata, and never shows their contents", () => {
    const findings = runRule(rule, { ...TF, "terraform.tfstate": STATE, "envs/prod/terraform.tfstate.backup": STATE });
    assert.deepEqual(summary(findings), [
      "envs/prod/terraform.tfstate.backup:1 envs/prod/terraform.tfstate.backup is a state backup in the repository; ignore *.tfstate* and *.tfplan in .gitignore, remove it with git rm --cached, keep state in a remote backend, and rotate the secrets it holds.",
      "terraform.tfstate:1 terraform.tfstate is a state file in the repository; ignore *.tfstate* and *.tfplan in .gitignore, remove it with git rm --cached, keep state in a remote backend, and rotate the secrets it holds.",
    ]);
    for (const finding of findings) {
      assert.equal(finding.severity, "error");
      assert.ok(!JSON.stringify(finding).includes("hunter2"), "the state's contents must never appear in a finding");
    }
  });

  it("does not ask to rotate secrets when the state records no resource", () => {
    const findings = runRule(rule, { ...TF, "terraform.tfstate": '{"version": 4, "serial": 1, "resources": []}\n', "old/terraform.tfstate": '{"version": 3, "modules": [{"path": ["root"], "resources": {}}]}\n' });
    assert.deepEqual(summary(findings), [
      "old/terraform.tfstate:1 old/terraform.tfstate is a state file (with no resources in it yet) in the repository; ignore *.tfstate* and *.tfplan in .gitignore, remove it with git rm --cached, keep state in a remote backend.",
      "terraform.tfstate:1 terraform.tfstate is a state file (with no resources in it yet) in the repository; ignore *.tfstate* and *.tfplan in .gitignore, remove it with git rm --cached, keep state in a remote backend.",
    ]);
    for (const finding of findings) assert.equal(finding.severity, "warning");
  });

  it("says that a file .gitignore lists is still committed once it was tracked", () => {
    const findings = runRule(rule, { ...TF, ".gitignore": ".terraform/\n*.tfstate\n*.tfstate.*\n", "terraform.tfstate": STATE }, { tracked: true });
    assert.deepEqual(summary(findings), [
      "terraform.tfstate:1 terraform.tfstate is a state file committed to the repository although .gitignore:2 ignores it (an ignore rule does not untrack a file already committed); remove it with git rm --cached, keep state in a remote backend, and rotate the secrets it holds.",
    ]);
  });

  it("reports an untracked state file that nothing ignores as a note, before it is committed", () => {
    const findings = runRule(rule, { ...TF, "terraform.tfstate": STATE }, { tracked: false });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, "note");
    assert.match(findings[0]?.message ?? "", /git does not track yet but no \.gitignore excludes/);
  });

  it("reports a committed .terraform directory and saved plans, but never the lock file", () => {
    const findings = runRule(rule, {
      ...TF,
      ".terraform/providers/registry.terraform.io/hashicorp/aws/5.0.0/linux_amd64/terraform-provider-aws": "binary",
      ".terraform.lock.hcl": 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.40.0"\n}\n',
      "prod.tfplan": "PK\u0003\u0004",
    });
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.severity}`),
      [".terraform warning", "prod.tfplan error"],
    );
    assert.match(findings[0]?.message ?? "", /^\.terraform\/ is in the repository: \.terraform is a local cache/);
  });

  it("leaves untracked caches and test fixtures alone", () => {
    assertClean(rule, { ...TF, ".terraform/terraform.tfstate": STATE }, { tracked: false });
    assertClean(rule, { ...TF, "internal/command/testdata/apply/terraform.tfstate": STATE, "tests/equivalence/basic/terraform.tfstate": STATE });
  });

  it("still reports state in a test environment directory (envs/test is an environment, not a fixture)", () => {
    assert.equal(runRule(rule, { ...TF, "envs/test/terraform.tfstate": STATE }).length, 1);
  });

  it("stays silent when configuration only points at a state file through a variable", () => {
    assertClean(rule, {
      "main.tf": 'variable "state_path" {}\ndata "terraform_remote_state" "net" {\n  backend = "local"\n  config = {\n    path = var.state_path\n  }\n}\n',
    });
  });

  it("respects the paths .cairn.yaml ignores", () => {
    assertClean(rule, { ...TF, "legacy/terraform.tfstate": STATE }, { config: { ignore: ["legacy/"] } });
  });

  it("says nothing about a clean repository", () => {
    assertClean(rule, { ...TF, ".gitignore": "*.tfstate*\n.terraform/\n", ".terraform.lock.hcl": "# lock\n" });
  });
});
