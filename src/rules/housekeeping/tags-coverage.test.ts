import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./tags-coverage.js";

describe("tags/coverage", () => {
  it("reports untagged and partly tagged resources when the provider has no default tags", () => {
    const findings = runRule(rule, {
      "main.tf": `provider "aws" {}
resource "aws_s3_bucket" "logs" {}
resource "aws_instance" "web" {
  tags = { Name = "web", Project = "shop", Environment = "prod" }
}
resource "aws_iam_role_policy_attachment" "not_taggable" {}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:2 aws_s3_bucket.logs has no tags; it needs Project, Environment, ManagedBy, Owner (set them once in the provider's default_tags).",
      "main.tf:4 aws_instance.web lacks the tags ManagedBy, Owner.",
    ]);
  });

  it("counts the provider's default tags, evaluated through locals", () => {
    assertClean(rule, {
      "main.tf": `locals {
  tags = { Project = "shop", Environment = "prod", ManagedBy = "terraform", Owner = "platform" }
}
provider "aws" {
  default_tags { tags = local.tags }
}
resource "aws_s3_bucket" "logs" {}
`,
    });
  });

  it("uses the configured required keys", () => {
    const findings = runRule(rule, { "main.tf": 'resource "aws_s3_bucket" "logs" {\n  tags = { Team = "a" }\n}\n' }, { config: { tags: { required: ["Team", "CostCenter"] } } });
    assert.deepEqual(summary(findings), ["main.tf:2 aws_s3_bucket.logs lacks the tag CostCenter."]);
  });

  it("stays silent when tags or the inherited provider are unknown", () => {
    assertClean(rule, {
      "main.tf": 'variable "tags" {}\nprovider "aws" {}\nresource "aws_s3_bucket" "logs" {\n  tags = var.tags\n}\n',
    });
    // A library module nobody here calls: the caller's provider decides the default tags.
    assertClean(rule, { "modules/bucket/main.tf": 'resource "aws_s3_bucket" "this" {}\n', "main.tf": 'module "b" {\n  source = "./modules/bucket"\n}\nprovider "aws" {\n  default_tags { tags = { Project = "a", Environment = "b", ManagedBy = "c", Owner = "d" } }\n}\n' });
  });

  it("checks resources of called modules against the root's provider", () => {
    const findings = runRule(rule, {
      "main.tf": 'provider "aws" {}\nmodule "b" {\n  source = "./modules/bucket"\n}\n',
      "modules/bucket/main.tf": 'resource "aws_s3_bucket" "this" {}\n',
    });
    assert.deepEqual(findings.map((f) => [f.file, f.module]), [["modules/bucket/main.tf", ["module.b"]]]);
  });

  it("skips a resource that a caller switches off, and still checks it where it exists", () => {
    const module = 'variable "create" {\n  default = true\n}\nresource "aws_s3_bucket" "this" {\n  count = var.create ? 1 : 0\n}\n';
    const findings = runRule(rule, {
      "main.tf": 'provider "aws" {}\nmodule "off" {\n  source = "./modules/bucket"\n  create = false\n}\nmodule "on" {\n  source = "./modules/bucket"\n}\n',
      "modules/bucket/main.tf": module,
    });
    assert.deepEqual(findings.map((f) => f.module), [["module.on"]]);
    assertClean(rule, { "main.tf": 'provider "aws" {}\nmodule "off" {\n  source = "./modules/bucket"\n  create = false\n}\n', "modules/bucket/main.tf": module });
  });

  it("leaves a library's modules to their callers when only its examples use them", () => {
    assertClean(rule, {
      "main.tf": 'variable "tags" {\n  default = {}\n}\nresource "aws_s3_bucket" "this" {\n  tags = var.tags\n}\n',
      "examples/complete/main.tf": 'provider "aws" {}\nmodule "bucket" {\n  source = "../../"\n  tags   = { Name = "example" }\n}\n',
    });
  });
});
