import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./parity-tool-versions.js";

const ROOT = (version: string): string => `terraform {\n  required_version = ${version}\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n`;

describe("parity/tool-versions", () => {
  it("reports a loose required_version with no version file, at the constraint", () => {
    assert.deepEqual(summary(runRule(rule, { "main.tf": ROOT('">= 1.5"') })), [
      'main.tf:2 No pinned Terraform version for developers: no .terraform-version, .tool-versions or mise.toml, and required_version = ">= 1.5" allows many versions; add a .terraform-version (read by tfenv, tfswitch, mise and asdf) with the version CI uses.',
    ]);
  });

  it("reports a repository with no constraint at all", () => {
    assert.match(runRule(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n' })[0]?.message ?? "", /no root module sets required_version/);
  });

  it("accepts version files and exact constraints", () => {
    assertClean(rule, { "main.tf": ROOT('">= 1.5"'), ".terraform-version": "1.9.8\n" });
    assertClean(rule, { "main.tf": ROOT('">= 1.5"'), ".tool-versions": "terraform 1.9.8\ntflint 0.53.0\n" });
    assertClean(rule, { "main.tf": ROOT('">= 1.5"'), "mise.toml": '[tools]\nterraform = "1.9.8"\n' });
    assertClean(rule, { "main.tf": ROOT('"1.9.8"') });
    assertClean(rule, { "main.tf": ROOT('"~> 1.9.0"') });
  });

  it("stays silent when the constraint is not a literal", () => {
    assertClean(rule, { "main.tf": ROOT("local.tf_version"), "locals.tf": 'locals {\n  tf_version = var.v\n}\nvariable "v" {\n  type = string\n}\n' });
  });

  it("traps: a .tool-versions without Terraform, a module library, a devcontainer that installs Terraform", () => {
    assert.equal(runRule(rule, { "main.tf": ROOT('">= 1.5"'), ".tool-versions": "nodejs 20.11.0\n" }).length, 1);
    assertClean(rule, { "main.tf": 'terraform {\n  required_version = ">= 1.3"\n}\nresource "aws_s3_bucket" "this" {}\n', "examples/complete/main.tf": 'module "b" {\n  source = "../../"\n}\n' });
    assertClean(rule, { "main.tf": ROOT('">= 1.5"'), ".devcontainer/devcontainer.json": '{ "features": { "ghcr.io/devcontainers/features/terraform:1": { "version": "1.9.8" } } }\n' });
  });
});
