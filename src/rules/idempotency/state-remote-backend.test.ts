import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./state-remote-backend.js";

describe("state/remote-backend", () => {
  it("reports a root module with resources and no backend, at its terraform block", () => {
    const findings = runRule(rule, {
      "main.tf": 'terraform {\n  required_version = ">= 1.6"\n}\nresource "aws_s3_bucket" "b" {}\n',
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 The root module has no backend, so its state is local: configure a remote backend (s3, gcs, azurerm, remote or cloud).",
    ]);
  });

  it("reports each root module of a repository, and not the modules they call", () => {
    const findings = runRule(rule, {
      "envs/prod/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\n',
      "envs/dev/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\n',
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

  it("treats a backend that is unknown statically as configured", () => {
    // Partial configuration (backend "s3" {} with -backend-config at init) is a remote backend.
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nmodule "m" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n' });
  });
});
