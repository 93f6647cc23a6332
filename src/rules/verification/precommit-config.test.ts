import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./precommit-config.js";

const TF = { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n' };

const FULL = `repos:
  - repo: https://github.com/antonbabenko/pre-commit-terraform
    rev: v1.96.1
    hooks:
      - id: terraform_fmt
      - id: terraform_validate
      - id: terraform_tflint
      - id: terraform_trivy
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v5.0.0
    hooks:
      - id: detect-private-key
`;

describe("precommit/config", () => {
  it("reports a Terraform repository without pre-commit", () => {
    const findings = runRule(rule, TF);
    assert.deepEqual(summary(findings), [
      ".:1 No .pre-commit-config.yaml: nothing checks formatting, validity, lint, security or private keys before a commit; add pre-commit with terraform_fmt, terraform_validate, terraform_tflint, terraform_trivy and detect-private-key.",
    ]);
    assert.equal(findings[0]?.severity, "warning");
  });

  it("lists the hooks a configuration lacks, as a note", () => {
    const findings = runRule(rule, { ...TF, ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/antonbabenko/pre-commit-terraform\n    rev: v1.96.1\n    hooks:\n      - id: terraform_fmt\n      - id: terraform_docs\n" });
    assert.deepEqual(summary(findings), [
      ".pre-commit-config.yaml:1 .pre-commit-config.yaml has no hook for validation (terraform_validate), a linter (terraform_tflint), a security scanner (terraform_trivy or terraform_checkov) and private-key detection (detect-private-key or gitleaks); add them so these mistakes are caught before a commit.",
    ]);
    assert.equal(findings[0]?.severity, "note");
  });

  it("accepts a complete configuration, with other hook families and local hooks", () => {
    assertClean(rule, { ...TF, ".pre-commit-config.yaml": FULL });
    const gruntwork = `repos:
  - repo: https://github.com/gruntwork-io/pre-commit
    rev: v0.1.23
    hooks:
      - id: terraform-fmt
      - id: terraform-validate
      - id: tflint
  - repo: https://github.com/gitleaks/gitleaks
    rev: v8.21.2
    hooks:
      - id: gitleaks
  - repo: local
    hooks:
      - id: security
        name: security scan
        entry: checkov -d .
        language: system
`;
    assertClean(rule, { ...TF, ".pre-commit-config.yaml": gruntwork });
  });

  it("does not count manual-stage hooks, nor ask a module library for a scanner", () => {
    const manual = FULL.replace("      - id: terraform_trivy\n", "      - id: terraform_trivy\n        stages: [manual]\n");
    assert.match(runRule(rule, { ...TF, ".pre-commit-config.yaml": manual })[0]?.message ?? "", /no hook for a security scanner/);
    const withoutScanner = FULL.replace("      - id: terraform_trivy\n", "");
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "this" {}\n',
      "examples/complete/main.tf": 'module "b" {\n  source = "../../"\n}\n',
      ".pre-commit-config.yaml": withoutScanner,
    });
  });

  it("traps: a configuration that does not parse is not judged hook by hook; no Terraform, no finding", () => {
    const broken = runRule(rule, { ...TF, ".pre-commit-config.yaml": "repos: [\n" });
    assert.deepEqual(summary(broken), [".pre-commit-config.yaml:1 .pre-commit-config.yaml is not valid YAML, so pre-commit runs none of its hooks; fix the file."]);
    assertClean(rule, { "README.md": "# docs\n" });
  });
});
