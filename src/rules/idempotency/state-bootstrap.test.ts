import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./state-bootstrap.js";

const BACKEND = `terraform {
  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "prod/app.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "acme-terraform-locks"
    encrypt        = true
  }
}
resource "aws_instance" "web" {}
`;

describe("state/bootstrap", () => {
  it("reports a backend whose bucket and table no code creates, at the backend", () => {
    assert.deepEqual(summary(runRule(rule, { "envs/prod/main.tf": BACKEND })), [
      'envs/prod/main.tf:2 No code in the repository creates the bucket "acme-terraform-state" and table "acme-terraform-locks" that the backend of envs/prod needs, so they are made by hand (or elsewhere) before the first init; create them in a small bootstrap root module.',
    ]);
  });

  it("reports a bucket shared by several root modules once, with the others as evidence", () => {
    const findings = runRule(rule, { "envs/prod/main.tf": BACKEND, "envs/dev/main.tf": BACKEND.replace("prod/app", "dev/app") });
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? "", /the backend of envs\/dev \(and 1 other root module\) needs/);
    assert.deepEqual(findings[0]?.evidence.map((e) => `${e.file} ${e.message}`), ["envs/prod/main.tf envs/prod uses it too"]);
  });

  it("accepts a bootstrap module that creates the bucket and the table, anywhere in the repository", () => {
    assertClean(rule, {
      "envs/prod/main.tf": BACKEND,
      "bootstrap/main.tf": `resource "aws_s3_bucket" "state" {
  bucket = "acme-terraform-state"
}
resource "aws_dynamodb_table" "locks" {
  name     = "acme-terraform-locks"
  hash_key = "LockID"
}
`,
    });
  });

  it("follows names built from variables and templates", () => {
    assertClean(rule, {
      "envs/prod/main.tf": BACKEND,
      "bootstrap/variables.tf": 'variable "project" {\n  default = "acme"\n}\n',
      "bootstrap/main.tf": `resource "aws_s3_bucket" "state" {
  bucket = "\${var.project}-terraform-state"
}
resource "aws_dynamodb_table" "locks" {
  name = "\${var.project}-terraform-locks"
}
`,
    });
  });

  it("stays silent when a state bucket's name is unknown (a variable without a value)", () => {
    assertClean(rule, {
      "envs/prod/main.tf": BACKEND,
      "bootstrap/variables.tf": 'variable "state_bucket" {}\nvariable "lock_table" {}\n',
      "bootstrap/main.tf": 'resource "aws_s3_bucket" "state" {\n  bucket = var.state_bucket\n}\nresource "aws_dynamodb_table" "lock" {\n  name = var.lock_table\n}\n',
    });
  });

  it("accepts a backend module or a script that creates the bucket", () => {
    assertClean(rule, {
      "envs/prod/main.tf": BACKEND,
      "bootstrap/main.tf": 'module "backend" {\n  source  = "cloudposse/tfstate-backend/aws"\n  version = "1.5.0"\n}\n',
    });
    assertClean(rule, {
      "envs/prod/main.tf": BACKEND,
      "scripts/bootstrap.sh": "#!/bin/sh\naws s3api create-bucket --bucket acme-terraform-state\naws dynamodb create-table --table-name acme-terraform-locks\n",
    });
  });

  it("reports only what is missing", () => {
    const findings = runRule(rule, { "envs/prod/main.tf": BACKEND, "bootstrap/main.tf": 'resource "aws_s3_bucket" "state" {\n  bucket = "acme-terraform-state"\n}\n' });
    assert.match(findings[0]?.message ?? "", /creates the table "acme-terraform-locks" that/);
  });

  it("stays silent on partial backends, other buckets, and repositories without a backend", () => {
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_instance" "web" {}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "acme-terraform-state"\n}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\n' });
  });

  it("covers gcs buckets and azurerm storage", () => {
    const gcs = runRule(rule, { "main.tf": 'terraform {\n  backend "gcs" {\n    bucket = "acme-tf"\n  }\n}\n' });
    assert.match(gcs[0]?.message ?? "", /creates the bucket "acme-tf"/);
    assertClean(rule, {
      "main.tf": 'terraform {\n  backend "gcs" {\n    bucket = "acme-tf"\n  }\n}\n',
      "bootstrap/main.tf": 'resource "google_storage_bucket" "state" {\n  name = "acme-tf"\n}\n',
    });
    const azure = runRule(rule, { "main.tf": 'terraform {\n  backend "azurerm" {\n    storage_account_name = "acmetf"\n    container_name       = "tfstate"\n    key                  = "prod"\n  }\n}\n' });
    assert.match(azure[0]?.message ?? "", /creates the storage account "acmetf" and container "tfstate"/);
  });
});
