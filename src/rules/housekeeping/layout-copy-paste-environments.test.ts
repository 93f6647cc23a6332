import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./layout-copy-paste-environments.js";

function stack(size: string, extra = ""): string {
  return `terraform {
  backend "s3" {}
}
resource "aws_vpc" "main" {
  cidr_block = var.cidr
}
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 8, 1)
}
resource "aws_db_instance" "db" {
  instance_class    = "${size}"
  allocated_storage = 20
  subnet_ids        = [aws_subnet.private.id]${extra}
}
resource "aws_instance" "web" {
  ami           = var.ami_id
  instance_type = "${size}"
}
`;
}

describe("layout/copy-paste-environments", () => {
  it("reports environment directories that repeat the same resources", () => {
    const findings = runRule(rule, {
      "envs/dev/main.tf": stack("t3.micro"),
      "envs/prod/main.tf": stack("m5.large", "\n  multi_az          = true"),
    });
    assert.deepEqual(summary(findings), [
      "envs/prod/main.tf:11 Environments dev, prod (envs/dev, envs/prod) repeat 4 resource definitions (aws_db_instance.db, aws_instance.web, aws_subnet.private, and 1 more) instead of calling one shared module with different variables.",
    ]);
    assert.deepEqual(findings[0]?.evidence.map((e) => `${e.file}:${e.range.start.line} ${e.message}`), ["envs/dev/main.tf:11 the same aws_db_instance.db in envs/dev"]);
  });

  it("recognises environment folders without an envs/ parent, and compares matching components", () => {
    const findings = runRule(rule, {
      "terraform/staging/network/main.tf": stack("t3.micro"),
      "terraform/production/network/main.tf": stack("t3.micro"),
      "terraform/production/dns/main.tf": 'resource "aws_route53_zone" "main" {\n  name = "example.com"\n}\n',
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? "", /^Environments production, staging \(terraform\/production\/network, terraform\/staging\/network\) repeat 4 /);
  });

  it("stays silent when environments call shared modules with different variables", () => {
    const call = (size: string): string => `module "app" {\n  source        = "../../modules/app"\n  instance_type = "${size}"\n}\n`;
    assertClean(rule, {
      "envs/dev/main.tf": call("t3.micro"),
      "envs/prod/main.tf": call("m5.large"),
      "modules/app/main.tf": stack("var.instance_type").replace(/terraform \{[^}]*\}\n\}\n/, ""),
    });
  });

  it("stays silent with one environment, with tfvars environments, and with components that are not environments", () => {
    assertClean(rule, { "terraform/prod/main.tf": stack("m5.large") });
    assertClean(rule, { "main.tf": stack("t3.micro"), "dev.tfvars": 'cidr = "10.0.0.0/16"\n', "prod.tfvars": 'cidr = "10.1.0.0/16"\n' });
    assertClean(rule, { "environments/frontend/main.tf": stack("t3.micro"), "environments/backend/main.tf": stack("t3.micro") });
  });

  it("stays silent when only a small share is shared, and does not compare unrelated resources", () => {
    const own = (env: string): string =>
      Array.from({ length: 8 }, (_, i) => `resource "aws_sqs_queue" "${env}_${i}" {\n  name = "${env}-${i}"\n}\n`).join("");
    assertClean(rule, {
      "envs/dev/main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = var.bucket\n}\n' + own("dev"),
      "envs/prod/main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = var.bucket\n}\n' + own("prod"),
    });
  });

  it("compares definitions, not values: variables without values do not hide a copy", () => {
    const copy = 'variable "size" {}\nresource "aws_instance" "a" {\n  instance_type = var.size\n}\nresource "aws_instance" "b" {\n  instance_type = var.size\n}\nresource "aws_instance" "c" {\n  instance_type = var.size\n}\n';
    assert.equal(runRule(rule, { "envs/dev/main.tf": copy, "envs/prod/main.tf": copy }).length, 1);
  });
});
