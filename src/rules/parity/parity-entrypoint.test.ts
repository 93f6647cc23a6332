import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./parity-entrypoint.js";

const TF = { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n' };

describe("parity/entrypoint", () => {
  it("reports a repository with no entry point", () => {
    const findings = runRule(rule, TF);
    assert.deepEqual(summary(findings), [
      ".:1 No single entry point for plan and apply: no Makefile, Taskfile or justfile target or script that runs plan or apply, and no documented commands; add one (e.g. Makefile targets `make plan ENV=dev`, `make apply ENV=dev`, `make destroy ENV=dev`).",
    ]);
    assert.equal(findings[0]?.severity, "warning");
  });

  it("reports commands only documented in a README, as a note", () => {
    const findings = runRule(rule, { ...TF, "README.md": "# Infra\n\n```sh\nterraform init\nterraform plan -out plan\nterraform apply plan\n```\n" });
    assert.match(findings[0]?.message ?? "", /^The plan and apply steps exist only as commands in README\.md/);
    assert.equal(findings[0]?.severity, "note");
  });

  it("accepts Makefile, Taskfile and justfile targets, deploy scripts and wrappers", () => {
    assertClean(rule, { ...TF, Makefile: "plan:\n\tterraform -chdir=envs/$(ENV) plan\n" });
    assertClean(rule, { ...TF, "Taskfile.yml": "version: '3'\ntasks:\n  plan:\n    cmds:\n      - terraform plan\n" });
    assertClean(rule, { ...TF, justfile: "deploy env:\n    terraform apply -var-file={{env}}.tfvars\n" });
    assertClean(rule, { ...TF, "scripts/deploy.sh": "#!/bin/bash\nset -euo pipefail\nterraform init\nterraform apply\n" });
    assertClean(rule, { ...TF, "tools/tf.sh": '#!/bin/bash\nterraform "$@"\n' });
  });

  it("accepts a pipeline that applies, and Atlantis", () => {
    assertClean(rule, { ...TF, ".github/workflows/apply.yml": "on:\n  push:\n    branches: [main]\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform apply -auto-approve\n" });
    assertClean(rule, { ...TF, "atlantis.yaml": "version: 3\n" });
    assertClean(rule, { ...TF, "live/dev/terragrunt.hcl": 'terraform {\n  source = "../../modules/app"\n}\n' });
  });

  it("traps: a Makefile without plan or apply, a module library", () => {
    assert.equal(runRule(rule, { ...TF, Makefile: "docs:\n\tterraform-docs markdown . > README.md\n" }).length, 1);
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "this" {}\n', "examples/complete/main.tf": 'module "b" {\n  source = "../../"\n}\n' });
  });
});
