import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./naming-identifiers.js";

describe("naming/identifiers", () => {
  it("reports labels, variables and outputs that are not snake_case", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_lb" "docker-v1-frontend-alb" {}
data "aws_vpc" "mainVpc" {}
module "my-network" {
  source = "./network"
}
variable "dbName" {
  type = string
}
output "alb-dns" {
  value = aws_lb.docker-v1-frontend-alb.dns_name
}
`,
      "network/main.tf": "",
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_lb.docker-v1-frontend-alb is not snake_case (hyphens), and it repeats its type (alb); rename it to docker_v1_frontend_alb and add a moved block, so Terraform does not replace it.",
      "main.tf:2 data.aws_vpc.mainVpc is not snake_case (capitals); rename it to main_vpc.",
      "main.tf:3 module.my-network is not snake_case (hyphens); rename it to my_network and add a moved block, so Terraform does not replace what it creates.",
      "main.tf:6 var.dbName is not snake_case (capitals); rename it to db_name, in the callers and variable files that set it too.",
      "main.tf:9 output.alb-dns is not snake_case (hyphens); rename it to alb_dns, where it is read too.",
    ]);
  });

  it("reports labels that repeat their type, as notes", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_vpc" "vpc" {}
resource "aws_eip" "nat_eip" {}
resource "aws_subnet" "public_subnets" {}
resource "aws_lb_listener" "listener" {}
resource "aws_s3_bucket" "s3_bucket" {}
resource "aws_lb_target_group" "tg" {}
resource "aws_autoscaling_group" "asg" {}
resource "aws_internet_gateway" "igw" {}
resource "aws_security_group" "web_sg" {}
resource "aws_acm_certificate_validation" "cert" {}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_vpc.vpc repeats its type's word \"vpc\" in its label; name it for its purpose (or `this` when it is the module's only one).",
      "main.tf:2 aws_eip.nat_eip repeats its type's word \"eip\" in its label; aws_eip.nat says the same.",
      "main.tf:3 aws_subnet.public_subnets repeats its type's word \"subnets\" in its label; aws_subnet.public says the same.",
      "main.tf:4 aws_lb_listener.listener repeats its type's word \"listener\" in its label; name it for its purpose (or `this` when it is the module's only one).",
      "main.tf:5 aws_s3_bucket.s3_bucket repeats its type's word \"bucket\" in its label; name it for its purpose (or `this` when it is the module's only one).",
      "main.tf:6 aws_lb_target_group.tg repeats its type as \"tg\" in its label; name it for its purpose (or `this` when it is the module's only one).",
      "main.tf:7 aws_autoscaling_group.asg repeats its type as \"asg\" in its label; name it for its purpose (or `this` when it is the module's only one).",
      "main.tf:8 aws_internet_gateway.igw repeats its type as \"igw\" in its label; name it for its purpose (or `this` when it is the module's only one).",
      "main.tf:9 aws_security_group.web_sg repeats its type as \"sg\" in its label; aws_security_group.web says the same.",
      "main.tf:10 aws_acm_certificate_validation.cert repeats its type as \"cert\" in its label; name it for its purpose (or `this` when it is the module's only one).",
    ]);
    assert.ok(findings.every((f) => f.severity === "note"));
  });

  it("respects the conventions of module libraries and labels that describe rather than repeat", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_vpc" "this" {}
resource "aws_default_vpc" "default" {}
resource "aws_security_group" "main" {}
resource "aws_iam_instance_profile" "ecs_instance" {}
resource "aws_iam_role_policy_attachment" "ecs_instance_policy" {}
resource "aws_route_table" "public" {}
resource "aws_iam_policy" "allow_ip_ranges" {}
resource "aws_kms_key" "logs" {}
resource "aws_security_group_rule" "ingress_rules" {}
resource "aws_s3_bucket" "logs_2024" {}
variable "ingress_rules" {
  type = list(string)
}
data "aws_iam_policy_document" "assume_role" {}
data "aws_caller_identity" "current" {}
`,
    });
  });

  it("accepts camelCase variables that feed the API field of the same name", () => {
    assertClean(rule, {
      "main.tf": `variable "portMappings" {
  type    = list(any)
  default = []
}
variable "logConfiguration" {
  type    = any
  default = {}
}
locals {
  logConfiguration = { for k, v in var.logConfiguration : k => v if v != null }
  definition = {
    portMappings     = var.portMappings
    logConfiguration = local.logConfiguration
  }
}
`,
    });
  });

  it("does not depend on values: the same finding through several module instances is reported once", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "a" {\n  source = "./m"\n  n      = 1\n}\nmodule "b" {\n  source = "./m"\n  n      = 2\n}\n',
      "m/main.tf": 'variable "n" {\n  type = number\n}\nresource "aws_instance" "web-server" {\n  count = var.n\n}\n',
    });
    assert.deepEqual(summary(findings), ["m/main.tf:4 aws_instance.web-server is not snake_case (hyphens); rename it to web_server and add a moved block, so Terraform does not replace it."]);
  });
});
