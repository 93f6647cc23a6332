import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./versions-terraform.js";

const PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n}\n';

describe("versions/terraform", () => {
  it("reports a root module without required_version, at its terraform block", () => {
    const findings = runRule(rule, {
      "main.tf": `${PROVIDER}terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:4 The root module has no required_version, so it runs with whatever Terraform is installed; add required_version = ">= 1.x, < 2.0" to its terraform block.',
    ]);
  });

  it("points at versions.tf or main.tf when there is no terraform block", () => {
    const findings = runRule(rule, { "envs/prod/main.tf": `${PROVIDER}module "app" {\n  source = "../../modules/app"\n}\n`, "modules/app/main.tf": 'resource "aws_s3_bucket" "b" {}\n' });
    assert.deepEqual(summary(findings), [
      'envs/prod/main.tf:1 Root module envs/prod has no required_version, so it runs with whatever Terraform is installed; add required_version = ">= 1.x, < 2.0" to its terraform block.',
    ]);
  });

  it("accepts required_version in any file of the module, whatever its bound", () => {
    assertClean(rule, { "main.tf": `${PROVIDER}resource "aws_s3_bucket" "b" {}\n`, "versions.tf": 'terraform {\n  required_version = ">= 1.6, < 2.0"\n}\n' });
    assertClean(rule, { "main.tf": `${PROVIDER}resource "aws_s3_bucket" "b" {}\n`, "versions.tf": 'terraform {\n  required_version = ">= 0.12"\n}\n' });
  });

  it("reports examples as a note, and leaves reusable modules and test fixtures alone", () => {
    const findings = runRule(rule, {
      "main.tf": 'terraform {\n  required_version = ">= 1.3"\n}\nresource "aws_s3_bucket" "b" {}\n',
      "examples/complete/main.tf": `${PROVIDER}module "b" {\n  source = "../../"\n}\n`,
      "test/fixtures/basic/main.tf": `${PROVIDER}module "b" {\n  source = "../../../"\n}\n`,
    });
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.severity}`),
      ["examples/complete/main.tf note"],
    );
  });

  it("leaves alone what nobody runs: modules nobody calls, wrappers without provider configuration, snippets, empty roots", () => {
    assertClean(rule, {
      "modules/vpc/main.tf": `${PROVIDER}resource "aws_vpc" "v" {}\n`,
      "wrappers/vpc/main.tf": 'module "wrapper" {\n  source = "../../modules/vpc"\n}\n',
      "mixins/providers.tf": 'provider "aws" {\n  region = var.region\n}\nmodule "iam" {\n  source = "x/y/z"\n  context = module.this.context\n}\n',
      "shared/variables.tf": 'variable "region" {}\n',
    });
  });

  it("counts a root module with an unknown required_version as having one", () => {
    assertClean(rule, { "main.tf": `${PROVIDER}terraform {\n  required_version = var.tf_version\n}\nresource "aws_s3_bucket" "b" {}\n` });
  });
});
