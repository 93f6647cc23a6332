import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ci-checks.js";

const TF = { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n' };

function workflow(steps: string[]): string {
  return `on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((s) => `      - ${s}\n`).join("")}`;
}

describe("ci/checks", () => {
  it("reports the checks a Terraform pipeline does not run", () => {
    const findings = runRule(rule, { ...TF, ".github/workflows/tf.yml": workflow(["uses: actions/checkout@v4", "run: terraform fmt -check -recursive"]) });
    assert.deepEqual(summary(findings), [
      ".github/workflows/tf.yml:1 The Terraform pipeline (.github/workflows/tf.yml) does not run terraform validate, a linter (TFLint) and a security scanner (cairn, checkov or Trivy); add them so a pull request fails on these mistakes.",
    ]);
    assert.equal(findings[0]?.severity, "warning");
  });

  it("accepts a pipeline that runs all four", () => {
    assertClean(rule, {
      ...TF,
      ".github/workflows/tf.yml": workflow([
        "run: terraform fmt -check -recursive",
        "run: terraform init -backend=false && terraform validate",
        "uses: terraform-linters/setup-tflint@v4",
        "run: tflint --recursive",
        "uses: aquasecurity/trivy-action@0.28.0\n        with:\n          scan-type: config",
      ]),
    });
  });

  it("follows pre-commit run into the hooks of .pre-commit-config.yaml", () => {
    const precommit =
      "repos:\n  - repo: https://github.com/antonbabenko/pre-commit-terraform\n    rev: v1.96.1\n    hooks:\n      - id: terraform_fmt\n      - id: terraform_validate\n      - id: terraform_tflint\n      - id: terraform_checkov\n";
    assertClean(rule, { ...TF, ".pre-commit-config.yaml": precommit, ".github/workflows/pc.yml": workflow(["uses: actions/checkout@v4", "uses: pre-commit/action@v3.0.1"]) });
    // `pre-commit run terraform_fmt` runs only that hook.
    const one = runRule(rule, { ...TF, ".pre-commit-config.yaml": precommit, ".github/workflows/pc.yml": workflow(["run: pre-commit run terraform_fmt --all-files"]) });
    assert.match(one[0]?.message ?? "", /does not run terraform validate, a linter \(TFLint\) and a security scanner/);
  });

  it("follows make targets into the Makefile, and scripts the pipeline calls", () => {
    const makefile = ".PHONY: lint fmt scan\nlint: fmt\n\ttflint --recursive\n\nfmt:\n\tterraform fmt -check -recursive\n\nscan:\n\t@./scripts/scan.sh\n";
    assertClean(rule, {
      ...TF,
      Makefile: makefile,
      "scripts/scan.sh": "#!/bin/bash\nset -euo pipefail\ncheckov -d .\nterraform validate\n",
      ".gitlab-ci.yml": "check:\n  script:\n    - make lint\n    - make scan\n",
    });
  });

  it("follows local composite actions, GitLab local includes and Taskfile tasks", () => {
    const action = "name: checks\nruns:\n  using: composite\n  steps:\n    - run: terraform fmt -check\n      shell: bash\n    - run: terraform validate\n      shell: bash\n    - uses: terraform-linters/setup-tflint@v4\n    - run: tflint && checkov -d .\n      shell: bash\n";
    assertClean(rule, { ...TF, ".github/actions/checks/action.yml": action, ".github/workflows/tf.yml": workflow(["uses: actions/checkout@v4", "uses: ./.github/actions/checks"]) });
    const included = "lint:\n  script:\n    - terraform fmt -check\n    - terraform validate\n    - tflint\n    - trivy config .\n";
    assertClean(rule, { ...TF, "ci/terraform.yml": included, ".gitlab-ci.yml": "include:\n  - local: ci/terraform.yml\n" });
    const taskfile = "version: '3'\ntasks:\n  check:\n    deps: [fmt]\n    cmds:\n      - terraform validate\n      - tflint\n      - checkov -d .\n  fmt:\n    cmds:\n      - terraform fmt -check\n";
    assertClean(rule, { ...TF, "Taskfile.yml": taskfile, ".github/workflows/tf.yml": workflow(["run: task check"]) });
  });

  it("reads Atlantis custom workflows and Jenkinsfiles", () => {
    const atlantis = "version: 3\nworkflows:\n  default:\n    plan:\n      steps:\n        - init\n        - run: terraform fmt -check\n        - run: tflint\n        - run: trivy config .\n        - plan\n";
    assertClean(rule, { ...TF, "atlantis.yaml": atlantis });
    const jenkins = runRule(rule, { ...TF, Jenkinsfile: "pipeline {\n  stages {\n    stage('fmt') { steps { sh 'terraform fmt -check' } }\n    // stage('lint') { steps { sh 'tflint' } }\n  }\n}\n" });
    assert.match(jenkins[0]?.message ?? "", /does not run terraform validate, a linter \(TFLint\) and a security scanner/);
  });

  it("says fmt without -check never fails", () => {
    const findings = runRule(rule, { ...TF, ".github/workflows/tf.yml": workflow(["run: terraform fmt -recursive", "run: terraform validate", "run: tflint", "run: checkov -d ."]) });
    assert.match(findings[0]?.message ?? "", /terraform fmt -check \(fmt runs without -check, so it never fails\)/);
    // fmt followed by git diff --exit-code fails on unformatted code.
    assertClean(rule, { ...TF, ".github/workflows/tf.yml": workflow(["run: terraform fmt -recursive", "run: git diff --exit-code", "run: terraform validate", "run: tflint", "run: checkov -d ."]) });
  });

  it("lowers to a note when the pipeline calls something cairn cannot read", () => {
    const findings = runRule(rule, { ...TF, ".github/workflows/tf.yml": workflow(["uses: hashicorp/setup-terraform@v3", "run: bin/check-terraform"]) });
    assert.equal(findings[0]?.severity, "note");
    assert.match(findings[0]?.message ?? "", /cannot see inside bin\/check-terraform/);
  });

  it("does not ask a module library for a security scanner", () => {
    const library = {
      "main.tf": 'variable "name" {\n  type = string\n}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
      "examples/complete/main.tf": 'provider "aws" {\n  region = "eu-west-1"\n}\nmodule "bucket" {\n  source = "../../"\n  name   = "x"\n}\n',
      ".github/workflows/tf.yml": workflow(["run: terraform fmt -check", "run: terraform validate", "run: tflint"]),
    };
    assertClean(rule, library);
  });

  it("traps: commented-out steps, words in paths, and pipelines that never run Terraform", () => {
    // The scanner is commented out: YAML comments are not steps.
    const commented = runRule(rule, { ...TF, ".github/workflows/tf.yml": `${workflow(["run: terraform fmt -check", "run: terraform validate", "run: tflint"])}      # - run: checkov -d .\n` });
    assert.match(commented[0]?.message ?? "", /does not run a security scanner/);
    // A role named terraform-deploy does not make an application pipeline a Terraform one (that is ci/pipeline's case).
    assertClean(rule, { ...TF, ".github/workflows/app.yml": workflow(["uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::123456789012:role/terraform-deploy", "run: cd terraform && ls"]) });
    // No CI at all is ci/pipeline's finding.
    assertClean(rule, TF);
  });

  it("stays silent where there is no Terraform", () => {
    assertClean(rule, { ".github/workflows/tf.yml": workflow(["run: terraform fmt -check"]) });
  });
});
