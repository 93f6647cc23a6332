import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandFacts } from "./verification-checks.js";

const shell = (text: string) => commandFacts({ text, shell: true });

describe("commandFacts", () => {
  it("reads the subcommand after global options, wrappers and terragrunt's run-all", () => {
    assert.deepEqual([...shell("terraform -chdir=envs/dev fmt -check -recursive").checks], ["fmt"]);
    assert.equal(shell("terraform -chdir=envs/dev fmt -check").fmtRewrites, false);
    assert.equal(shell("terraform fmt -recursive").fmtRewrites, true);
    assert.deepEqual([...shell("terragrunt run-all validate").checks], ["validate"]);
    assert.equal(shell("TF_IN_AUTOMATION=1 terraform plan -out plan").plan, true);
    assert.equal(shell('find . -name main.tf -execdir "$PWD/bin/terraform" fmt -check \\;').checks.has("fmt"), true);
    assert.equal(shell("docker run --rm -v $(pwd):/src hashicorp/terraform:1.9.8 validate").checks.has("validate"), true);
    assert.equal(shell('terraform "$@"').anySubcommand, true);
  });

  it("does not take a word in a path, a cd or an echo for a run of the tool", () => {
    assert.equal(shell("cd terraform && ls").terraform, false);
    assert.equal(shell("bats -t /test/terraform/lint.bats").terraform, false);
    assert.equal(shell("mkdir -p .tfsec").checks.size, 0);
    assert.equal(shell("echo run terraform validate later").checks.size, 0);
  });

  it("tells Trivy's IaC scan from its image scan", () => {
    assert.equal(shell("trivy config .").checks.has("scan"), true);
    assert.equal(shell("trivy fs --scanners misconfig .").checks.has("scan"), true);
    const image = shell("terraform validate && trivy image app:1");
    assert.equal(image.checks.has("scan"), false);
    assert.equal(image.terraform, true);
  });

  it("reads GitHub actions by name and inputs", () => {
    assert.equal(commandFacts({ text: "uses bridgecrewio/checkov-action@v12 directory=.", shell: false }).checks.has("scan"), true);
    assert.equal(commandFacts({ text: "uses aquasecurity/trivy-action@0.28.0 scan-type=fs", shell: false }).checks.has("scan"), false);
    assert.equal(commandFacts({ text: "uses dflook/terraform-plan@v1 path=.", shell: false }).plan, true);
    assert.equal(commandFacts({ text: "uses acme/code-formatter@v1 terraform-version=1.9.8", shell: false }).checks.has("fmt"), true);
  });
});
