import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./naming-convention.js";

/** A root module whose names mostly start with `${var.env_name}-`. */
const parameterised = `variable "env_name" {
  type = string
}
resource "aws_vpc" "main" {
  tags = { Name = "\${var.env_name}-vpc" }
}
resource "aws_subnet" "public" {
  count = 2
  tags  = { Name = "\${var.env_name}-public-\${count.index}" }
}
resource "aws_internet_gateway" "main" {
  tags = { Name = "\${var.env_name}-igw" }
}
resource "aws_security_group" "web" {
  name = "\${var.env_name}-web"
}
resource "aws_security_group" "db" {
  name = "\${var.env_name}-db"
}
resource "aws_lb" "web" {
  name = "\${var.env_name}-web"
}
`;

describe("naming/convention", () => {
  it("reports a fixed name among names built from the same parameter, and unnamed resources", () => {
    const findings = runRule(rule, {
      "main.tf": parameterised,
      "database.tf": 'resource "aws_db_subnet_group" "default" {\n  name = "main"\n}\nresource "aws_db_instance" "main" {\n  engine = "mysql"\n}\n',
    });
    assert.deepEqual(summary(findings), [
      "database.tf:2 aws_db_subnet_group.default has the fixed name \"main\", while 6 of 7 cloud-side names in the repository start with ${var.env_name}; DB subnet group names are unique per account and region, so a second deployment collides; build it from var.env_name like the others.",
      "database.tf:4 aws_db_instance.main sets no identifier, so it gets a generated one that says nothing of what it is, while 6 of 7 cloud-side names in the repository start with ${var.env_name}; set identifier = \"${var.env_name}-…\".",
    ]);
    assert.deepEqual(findings.map((f) => f.severity), ["warning", "note"]);
    assert.equal(findings[0]?.evidence.length, 2);
  });

  it("reports names outside the prefix most known names share, across modules", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "net" {\n  source = "./net"\n}\nmodule "app" {\n  source = "./app"\n  name   = "docker-v1-api"\n}\n',
      "net/main.tf": `resource "aws_vpc" "main" {
  tags = { Name = "docker-v1-vpc" }
}
resource "aws_internet_gateway" "igw" {
  tags = { Name = "docker-v1-igw" }
}
resource "aws_subnet" "a" {
  tags = { Name = "public-subnet-a" }
}
resource "aws_security_group" "web" {
  name = "docker-v1-sg-web"
  tags = { Name = "web-sg" }
}
`,
      "app/main.tf": `variable "name" {
  type = string
}
resource "aws_ecs_cluster" "this" {
  name = var.name
}
resource "aws_lb" "this" {
  name = "\${var.name}-alb"
}
resource "aws_iam_role" "instances" {
  name = "ecsInstanceRole"
}
resource "aws_lb_target_group" "this" {
  name = "docker-v1-tg"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "app/main.tf:11 aws_iam_role.instances has the fixed name \"ecsInstanceRole\", while 6 of 9 cloud-side names in the repository start with \"docker-v1-\"; IAM role names are unique per account, so a fixed one collides with any other deployment; name it \"docker-v1-…\" like the others.",
      "net/main.tf:8 aws_subnet.a has the fixed Name tag \"public-subnet-a\", while 6 of 9 cloud-side names in the repository start with \"docker-v1-\"; name it \"docker-v1-…\" like the others.",
      "net/main.tf:12 aws_security_group.web has the fixed Name tag \"web-sg\", while 6 of 9 cloud-side names in the repository start with \"docker-v1-\"; name it \"docker-v1-…\" like the others.",
    ]);
  });

  it("reports fixed account-wide names in a module deployed more than once", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "blue" {\n  source = "./svc"\n}\nmodule "green" {\n  source = "./svc"\n}\n',
      "svc/main.tf": 'resource "aws_iam_role" "task" {\n  name = "task-role"\n}\n',
    });
    assert.deepEqual(summary(findings), [
      "svc/main.tf:2 aws_iam_role.task has the fixed name \"task-role\", but svc is used 2 times (module.blue, module.green); IAM role names are unique per account, so the second copy fails to create: build the name from the environment or the caller's name.",
    ]);
    assert.equal(findings[0]?.severity, "error");
    const perEnvironment = runRule(rule, {
      "main.tf": 'variable "env" {\n  type = string\n}\nresource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n',
      "dev.tfvars": 'env = "dev"\n',
      "prod.tfvars": 'env = "prod"\n',
    });
    assert.match(perEnvironment[0]?.message ?? "", /the root module is deployed once per environment \(dev, prod\)/);
  });

  it("stays silent without a clear dominant pattern, and on unknown names", () => {
    // Two schemes of equal weight: no convention to hold names to.
    assertClean(rule, {
      "main.tf": `resource "aws_vpc" "a" {
  tags = { Name = "alpha-vpc" }
}
resource "aws_subnet" "a" {
  tags = { Name = "alpha-subnet" }
}
resource "aws_subnet" "b" {
  tags = { Name = "alpha-subnet-b" }
}
resource "aws_security_group" "a" {
  name = "beta-web"
}
resource "aws_security_group" "b" {
  name = "beta-db"
}
resource "aws_lb" "a" {
  name = "beta-lb"
}
`,
    });
    // Names from a variable without a value are unknown: nothing is guessed.
    assertClean(rule, {
      "main.tf": 'variable "prefix" {\n  type = string\n}\nvariable "suffix" {\n  type = string\n}\n' + [1, 2, 3, 4, 5, 6, 7].map((i) => `resource "aws_sqs_queue" "q${i}" {\n  name = "\${var.prefix}-q${i}"\n}\n`).join("") + 'resource "aws_sns_topic" "t" {\n  name = var.suffix\n}\n',
    });
  });

  it("respects module libraries: examples and tests are not conventions, and library names are the caller's", () => {
    assertClean(rule, {
      "main.tf": 'variable "name" {\n  type = string\n}\nresource "aws_iam_policy" "cni" {\n  name = "AmazonEKS_CNI_Policy"\n}\nresource "aws_iam_role" "this" {\n  name = var.name\n}\n',
      "examples/a/main.tf": 'module "a" {\n  source = "../.."\n  name   = "ex-a"\n}\nresource "aws_s3_bucket" "logs" {\n  bucket = "example-logs"\n}\n',
      "examples/b/main.tf": 'module "b" {\n  source = "../.."\n  name   = "ex-b"\n}\n',
    });
  });

  it("checks known names against a pattern set in .cairn.yaml", () => {
    const findings = runRule(
      rule,
      { "main.tf": 'resource "aws_s3_bucket" "a" {\n  bucket = "acme-prod-assets"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "assets"\n}\n' },
      { config: { naming: { pattern: "acme-{environment}-{purpose}" } } },
    );
    assert.deepEqual(summary(findings), ['main.tf:5 aws_s3_bucket.b has the bucket "assets", which does not match the naming pattern acme-{environment}-{purpose} set in .cairn.yaml.']);
  });
});
