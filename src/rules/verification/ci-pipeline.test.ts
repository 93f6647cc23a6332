import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ci-pipeline.js";

const TF = { "main.tf": 'resource "aws_s3_bucket" "b" {}\n' };

describe("ci/pipeline", () => {
  it("reports a Terraform repository with no CI", () => {
    assert.deepEqual(summary(runRule(rule, TF)), [".:1 No CI configuration: nothing runs fmt, validate, a linter or a plan before a change is applied."]);
  });

  it("reports CI that never touches the Terraform", () => {
    const findings = runRule(rule, { ...TF, ".github/workflows/node.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: npm test\n" });
    assert.match(findings[0]?.message ?? "", /CI exists \(\.github\/workflows\/node\.yml\) but none of it runs on the Terraform/);
  });

  it("accepts GitHub Actions, GitLab CI, Jenkins and Atlantis that run Terraform", () => {
    assertClean(rule, { ...TF, ".github/workflows/tf.yml": "jobs:\n  plan:\n    steps:\n      - run: terraform plan\n" });
    assertClean(rule, { ...TF, ".gitlab-ci.yml": "plan:\n  script:\n    - tofu plan\n" });
    assertClean(rule, { ...TF, Jenkinsfile: "sh 'terraform validate'\n" });
    assertClean(rule, { ...TF, "atlantis.yaml": "version: 3\nprojects:\n  - dir: .\n" });
  });

  it("says nothing in a repository without Terraform", () => {
    assertClean(rule, { "README.md": "# docs\n" });
  });
});
