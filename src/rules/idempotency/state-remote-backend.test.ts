import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./state-remote-backend.js";

describe("state/remote-backend", () => {
  it("reports a root module with resources and no backend, at its terraform block", () => {
    const findings = runRule(rule, {
      "main.tf": 'terraform {\n  required_version = ">= 1.6"\n}\nprovider "aws" {}\nresource "aws_s3_bucket" "b" {}\n',
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 The root module has no backend, so its state is local: configure a remote backend (s3, gcs, azurerm, remote or cloud).",
    ]);
  });

  it("reports each root module of a repository, and not the modules they call", () => {
    const findings = runRule(rule, {
      "envs/prod/main.tf": 'provider "aws" {}\nmodule "app" {\n  source = "../../modules/app"\n}\n',
      "envs/dev/main.tf": 'provider "aws" {}\nmodule "app" {\n  source = "../../modules/app"\n}\n',
      "modules/app/main.tf": 'resource "aws_instance" "a" {}\n',
    });
    assert.deepEqual(
      findings.map((f) => f.file),
      ["envs/dev/main.tf", "envs/prod/main.tf"],
    );
  });

  it("accepts any backend and Terraform Cloud", () => {
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {\n    bucket = "b"\n  }\n}\nresource "aws_s3_bucket" "b" {}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\nresource "aws_s3_bucket" "b" {}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  backend "gcs" {}\n}\nresource "aws_s3_bucket" "b" {}\n' });
  });

  it("leaves examples, tests and empty directories alone", () => {
    assertClean(rule, {
      "examples/simple/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "test/fixture/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "shared/variables.tf": 'variable "region" {}\n',
    });
  });

  it("leaves alone directories nobody runs from here: a module repository, wrappers, library components, mixins", () => {
    // A repository that is one module: no provider configuration, backend, variable files or lock file.
    assertClean(rule, { "main.tf": 'variable "name" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n' });
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "wrappers/main.tf": 'module "wrapper" {\n  source   = "../"\n  for_each = var.items\n}\nvariable "items" {}\n',
      "modules/component/main.tf": 'provider "aws" {\n  region = var.region\n}\nvariable "region" {}\nresource "aws_vpc" "v" {}\n',
      "mixins/providers.tf": 'provider "aws" {\n  region = var.region\n}\nmodule "roles" {\n  source  = "../modules/roles"\n  context = module.this.context\n}\n',
    });
  });

  it("stays silent when a tool writes the backend at run time", () => {
    assertClean(rule, { "live/prod/main.tf": 'provider "aws" {}\nresource "aws_s3_bucket" "b" {}\n', "live/terragrunt.hcl": "remote_state {}\n" });
    assertClean(rule, { "components/vpc/main.tf": 'provider "aws" {}\nresource "aws_vpc" "v" {}\n', ".gitignore": "**/backend.tf.json\n" });
  });

  it("reports a root that commits a lock file or variable files even without a provider block", () => {
    const findings = runRule(rule, { "main.tf": 'resource "aws_s3_bucket" "b" {}\n', "terraform.tfvars": 'region = "eu-west-1"\n' });
    assert.equal(findings.length, 1);
  });

  it("treats a backend that is unknown statically as configured", () => {
    // Partial configuration (backend "s3" {} with -backend-config at init) is a remote backend.
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nmodule "m" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n' });
  });
});
