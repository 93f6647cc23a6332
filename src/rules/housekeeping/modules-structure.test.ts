import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./modules-structure.js";

const root = 'module "vpc" {\n  source = "./modules/vpc"\n  cidr   = "10.0.0.0/16"\n}\n';

describe("modules/structure", () => {
  it("lists what a called module lacks, in one finding, and notes an empty file", () => {
    const findings = runRule(rule, {
      "main.tf": root,
      "modules/vpc/main.tf": 'resource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
      "modules/vpc/variables.tf": 'variable "cidr" {\n  type = string\n}\n',
      "modules/vpc/outputs.tf": "",
    });
    assert.deepEqual(summary(findings), ["modules/vpc/main.tf:1 Module modules/vpc lacks versions.tf (no required_providers anywhere) and README.md (outputs.tf is empty)."]);
    assert.equal(findings[0]?.severity, "note");
    assert.deepEqual(findings[0]?.evidence.map((e) => `${e.file}:${e.range.start.line} ${e.message}`), ["main.tf:1 called by module.vpc in main.tf"]);
  });

  it("says where variables and outputs live when they are not in their standard files", () => {
    const findings = runRule(rule, {
      "main.tf": root,
      "modules/vpc/main.tf": `variable "cidr" {}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
output "id" {
  value = aws_vpc.this.id
}
`,
      "modules/vpc/versions.tf": 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n',
      "modules/vpc/README.md": "# vpc\n",
    });
    assert.deepEqual(summary(findings), ["modules/vpc/main.tf:1 Module modules/vpc lacks variables.tf (its variables are in main.tf) and outputs.tf (its outputs are in main.tf)."]);
  });

  it("warns about provider and backend configuration inside a called module", () => {
    const findings = runRule(rule, {
      "main.tf": root,
      "modules/vpc/main.tf": `provider "aws" {
  region = "eu-west-1"
}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
`,
      "modules/vpc/variables.tf": 'variable "cidr" {}\n',
      "modules/vpc/outputs.tf": 'output "id" {\n  value = aws_vpc.this.id\n}\n',
      "modules/vpc/versions.tf": 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
      "modules/vpc/README.md": "# vpc\n",
      "modules/app/main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_sqs_queue" "q" {}\n',
      "app.tf": 'module "app" {\n  source = "./modules/app"\n}\n',
    });
    assert.deepEqual(summary(findings), [
      'modules/app/main.tf:1 Module modules/app configures backend "s3", which only a root module should do; lacks versions.tf (no required_providers anywhere) and README.md.',
      'modules/vpc/main.tf:1 Module modules/vpc configures provider "aws", which only a root module should do.',
    ]);
    assert.deepEqual(findings.map((f) => f.severity), ["warning", "warning"]);
  });

  it("accepts the standard structure, required_providers in another file, and legacy proxy provider blocks", () => {
    assertClean(rule, {
      "main.tf": root,
      "modules/vpc/main.tf": 'provider "aws" {\n  alias = "peer"\n}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
      "modules/vpc/variables.tf": 'variable "cidr" {}\n',
      "modules/vpc/outputs.tf": 'output "id" {\n  value = aws_vpc.this.id\n}\n',
      "modules/vpc/terraform.tf": 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
      "modules/vpc/README.md": "# vpc\n",
    });
  });

  it("does not ask a module without variables or outputs for empty files, nor a wrapper for versions.tf", () => {
    assertClean(rule, {
      "main.tf": 'module "policies" {\n  source = "./modules/policies"\n}\nmodule "wrapper" {\n  source = "./modules/wrapper"\n}\n',
      "modules/policies/main.tf": 'resource "aws_iam_policy" "read" {\n  policy = "{}"\n}\n',
      "modules/policies/versions.tf": 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
      "modules/policies/README.md": "# policies\n",
      "modules/wrapper/main.tf": 'module "inner" {\n  source = "../policies"\n}\n',
      "modules/wrapper/README.md": "# wrapper\n",
    });
  });

  it("checks an uncalled directory under modules/ but not root modules, examples, tests or templates", () => {
    const findings = runRule(rule, {
      "main.tf": 'terraform {\n  backend "s3" {}\n}\nprovider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_vpc" "this" {}\n',
      "modules/peering/main.tf": 'resource "aws_vpc_peering_connection" "this" {\n  vpc_id = var.vpc_id\n}\n',
      "modules/peering/variables.tf": 'variable "vpc_id" {}\n',
      "modules/_templates/main.tf": 'resource "aws_vpc" "x" {}\n',
      "examples/basic/main.tf": 'provider "aws" {\n  region = "eu-west-1"\n}\nmodule "peering" {\n  source = "../../modules/peering"\n}\n',
      "test/fixtures/main.tf": 'resource "aws_vpc" "x" {}\n',
    });
    assert.deepEqual(summary(findings), ["modules/peering/main.tf:1 Module modules/peering lacks versions.tf (no required_providers anywhere) and README.md."]);
  });

  it("reports a provider whose region is unknown the same way: the block itself is the problem", () => {
    const findings = runRule(rule, {
      "main.tf": root,
      "modules/vpc/main.tf": 'provider "aws" {\n  region = var.region\n}\nresource "aws_vpc" "this" {}\n',
      "modules/vpc/variables.tf": 'variable "region" {}\n',
      "modules/vpc/versions.tf": 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
      "modules/vpc/README.md": "# vpc\n",
    });
    assert.deepEqual(summary(findings), ['modules/vpc/main.tf:1 Module modules/vpc configures provider "aws", which only a root module should do.']);
  });
});
