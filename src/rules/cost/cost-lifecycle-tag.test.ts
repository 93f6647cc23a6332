import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./cost-lifecycle-tag.js";

const RESOURCES = 'resource "aws_instance" "web" {\n  ami           = "ami-123"\n  instance_type = "t3.micro"\n}\nresource "aws_s3_bucket" "assets" {\n  bucket = "acme-dev-assets"\n}\n';

describe("cost/lifecycle-tag", () => {
  it("reports once per module instance of a non-production environment, at the provider", () => {
    const findings = runRule(rule, { "envs/dev/main.tf": `provider "aws" {\n  region = "eu-west-1"\n}\n${RESOURCES}` });
    assert.deepEqual(summary(findings), [
      'envs/dev/main.tf:1 2 resources in envs/dev (e.g. aws_instance.web) have no Lifecycle tag in this non-production environment; add Lifecycle = "temporary" or "persistent" (once, in the provider\'s default_tags) so cleanup jobs can tell what may be deleted.',
    ]);
    assert.equal(findings[0]?.severity, "note");
  });

  it("reads the environment from var.environment, and reports module instances", () => {
    const findings = runRule(rule, {
      "main.tf": 'terraform {\n  backend "s3" {}\n}\nvariable "environment" {\n  type    = string\n  default = "staging"\n}\nmodule "app" {\n  source = "./modules/app"\n}\n',
      "modules/app/main.tf": RESOURCES,
    });
    assert.deepEqual(summary(findings), [
      'modules/app/main.tf:1 2 resources in module.app in the root module (e.g. aws_instance.web) have no Lifecycle tag in this non-production environment; add Lifecycle = "temporary" or "persistent" (once, in the provider\'s default_tags) so cleanup jobs can tell what may be deleted.',
    ]);
  });

  it("accepts a lifecycle marker in default_tags or on the resources", () => {
    assertClean(rule, { "envs/dev/main.tf": `provider "aws" {\n  region = "eu-west-1"\n  default_tags {\n    tags = { Lifecycle = "temporary" }\n  }\n}\n${RESOURCES}` });
    assertClean(rule, { "envs/dev/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags   = { ExpiresOn = "2025-01-01" }\n}\n' });
  });

  it("stays silent when the tags are unknown", () => {
    assertClean(rule, { "envs/dev/main.tf": 'variable "tags" {\n  type = map(string)\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags   = var.tags\n}\n' });
  });

  it("traps: production, an unknown environment, untaggable resources, a module nobody applies", () => {
    assertClean(rule, { "envs/prod/main.tf": RESOURCES });
    assertClean(rule, { "main.tf": RESOURCES });
    // An uncalled module whose variable default says "dev" is not an environment.
    assertClean(rule, { "modules/alb/main.tf": `variable "environment" {\n  type    = string\n  default = "dev"\n}\n${RESOURCES}` });
    assertClean(rule, { "envs/dev/main.tf": 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "x"\n  policy = "{}"\n}\n' });
  });
});
