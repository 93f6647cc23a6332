import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ci-plan-on-change.js";

const TF = { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n' };

function workflow(on: string, steps: string[], extra = ""): string {
  return `on: ${on}\njobs:\n  tf:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps.map((s) => `      - ${s}\n`).join("")}`;
}

describe("ci/plan-on-change", () => {
  it("reports pipelines that never plan", () => {
    assert.deepEqual(summary(runRule(rule, { ...TF, ".github/workflows/lint.yml": workflow("pull_request", ["run: terraform fmt -check"]) })), [
      ".github/workflows/lint.yml:1 No pipeline runs terraform plan on pull requests (checked: .github/workflows/lint.yml), so reviewers approve changes without seeing what they will do; plan every pull request and post the plan for review.",
    ]);
  });

  it("reports a plan that runs only after merge", () => {
    const findings = runRule(rule, { ...TF, ".github/workflows/deploy.yml": workflow("\n  push:\n    branches: [main]", ["run: terraform init", "run: terraform plan -out plan", "run: terraform apply plan"]) });
    assert.deepEqual(summary(findings), [
      ".github/workflows/deploy.yml:1 .github/workflows/deploy.yml runs terraform plan only on push to main, after a change is merged, not on pull requests; also run it on pull_request and post the plan for review.",
    ]);
  });

  it("accepts a plan on pull requests, in GitHub Actions, GitLab CI and Atlantis", () => {
    assertClean(rule, { ...TF, ".github/workflows/plan.yml": workflow("[pull_request]", ["run: terraform plan -no-color"]) });
    assertClean(rule, { ...TF, ".github/workflows/plan.yml": workflow("pull_request", ["uses: dflook/terraform-plan@v1"]) });
    assertClean(rule, { ...TF, ".gitlab-ci.yml": "plan:\n  script:\n    - terraform plan\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n" });
    // A GitLab job without rules runs on every branch push, merge request branches included.
    assertClean(rule, { ...TF, ".gitlab-ci.yml": "plan:\n  script:\n    - gitlab-terraform plan\n" });
    assertClean(rule, { ...TF, "atlantis.yaml": "version: 3\nprojects:\n  - dir: .\n" });
    // Through the Makefile.
    assertClean(rule, { ...TF, Makefile: "plan:\n\tterraform plan\n", ".github/workflows/plan.yml": workflow("pull_request", ["run: make plan"]) });
  });

  it("reports GitLab plans restricted to the default branch", () => {
    const findings = runRule(rule, { ...TF, ".gitlab-ci.yml": "plan:\n  script:\n    - terraform plan\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n" });
    assert.match(findings[0]?.message ?? "", /runs terraform plan only on the default branch/);
  });

  it("stays silent when it cannot know: a call it cannot read, a reusable workflow, Terraform Cloud", () => {
    assertClean(rule, { ...TF, ".github/workflows/tf.yml": workflow("pull_request", ["uses: hashicorp/setup-terraform@v3", "run: ./bin/terraform-ci"]) });
    assertClean(rule, { ...TF, ".github/workflows/tf.yml": "on: pull_request\njobs:\n  plan:\n    uses: acme/workflows/.github/workflows/terraform.yml@v2\n" });
    assertClean(rule, { "main.tf": 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\nresource "aws_s3_bucket" "b" {}\n', ".github/workflows/lint.yml": workflow("pull_request", ["run: terraform fmt -check"]) });
  });

  it("traps: a job limited to pushes, no pipeline at all, a module library", () => {
    const pushOnly = runRule(rule, { ...TF, ".github/workflows/tf.yml": workflow("[push, pull_request]", ["run: terraform plan"], "    if: github.event_name == 'push'\n") });
    assert.equal(pushOnly.length, 1);
    // No CI is ci/pipeline's finding.
    assertClean(rule, TF);
    // A library has no state to plan against.
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "this" {}\n',
      "examples/complete/main.tf": 'module "b" {\n  source = "../../"\n}\n',
      ".github/workflows/lint.yml": workflow("pull_request", ["run: terraform validate"]),
    });
  });
});
