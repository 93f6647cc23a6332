import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./variables-sensitive.js";

describe("variables/sensitive", () => {
  it("reports a password variable that is not sensitive, and mentions old Terraform versions", () => {
    const findings = runRule(rule, {
      "main.tf": 'terraform {\n  required_version = ">= 0.12.0"\n}\n',
      "vars.tf": `variable "db_password" {
  description = "RDS instance password; sourced from environment"
  type        = string
}
`,
    });
    assert.deepEqual(summary(findings), [
      'vars.tf:1 var.db_password looks like a secret but is not marked sensitive, so Terraform prints its value in plans and logs; add sensitive = true (it needs Terraform 0.14 or later, and required_version ">= 0.12.0" still allows older versions: raise it too).',
    ]);
  });

  it("reports sensitive = false, a secret-shaped default, and outputs that print secrets", () => {
    const findings = runRule(rule, {
      "main.tf": `terraform {
  required_version = ">= 1.5"
}
variable "api_token" {
  type      = string
  sensitive = false
}
variable "alerts" {
  type    = string
  default = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXX"
}
variable "admin_password" {
  type = string
}
resource "aws_db_instance" "main" {
  password = var.admin_password
}
output "admin_password" {
  value = aws_db_instance.main.password
}
output "connection" {
  value = "mysql://admin:\${var.admin_password}@db"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:6 var.api_token looks like a secret but is not marked sensitive, so Terraform prints its value in plans and logs; add sensitive = true.",
      "main.tf:8 var.alerts has a default that looks like a Slack webhook URL but is not marked sensitive, so Terraform prints its value in plans and logs; add sensitive = true.",
      "main.tf:12 var.admin_password looks like a secret but is not marked sensitive, so Terraform prints its value in plans and logs; add sensitive = true.",
      "main.tf:18 output.admin_password includes aws_db_instance.main.password but is not marked sensitive, so terraform apply and terraform output print it; add sensitive = true.",
      "main.tf:21 output.connection includes var.admin_password but is not marked sensitive, so terraform apply and terraform output print it; add sensitive = true.",
    ]);
    assert.ok(findings.every((f) => !f.message.includes("XXXX")), "never prints the secret");
  });

  it("says that Terraform refuses an output carrying a sensitive variable", () => {
    const findings = runRule(rule, {
      "main.tf": 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\noutput "dsn" {\n  value = "postgres://app:${var.db_password}@db"\n}\n',
    });
    assert.deepEqual(summary(findings), ['main.tf:5 output.dsn carries var.db_password, which is sensitive, so Terraform stops with "Output refers to sensitive values"; add sensitive = true.']);
    assert.equal(findings[0]?.severity, "error");
  });

  it("leaves marked, unknown, ephemeral and non-secret names alone", () => {
    assertClean(rule, {
      "main.tf": `variable "db_password" {
  type      = string
  sensitive = true
}
variable "token" {
  type      = string
  sensitive = var.hide
}
variable "hide" {
  type = bool
}
variable "session_token" {
  type      = string
  ephemeral = true
}
variable "password_length" {
  type    = number
  default = 24
}
variable "manage_master_user_password" {
  type = bool
}
variable "db_password_secret_arn" {
  type = string
}
variable "ssm_path_password" {
  type    = string
  default = "/app/db/password"
}
variable "webhook_url" {
  description = "URL that receives the GitHub webhook events"
  type        = string
}
variable "webhook" {
  type = object({ enabled = bool, hostname = string })
}
variable "admin_token" {
  description = "ARN of the Secrets Manager secret that holds the admin token"
  type        = string
}
output "db_password" {
  value     = var.db_password
  sensitive = true
}
output "master_user_secret_arn" {
  value = aws_db_instance.main.master_user_secret[0].secret_arn
}
output "db_password_ssm_key" {
  value = local.db_password
}
output "dsn" {
  value = nonsensitive(var.db_password) == "" ? "none" : "set"
}
locals {
  db_password = "/app/db/password"
}
`,
    });
  });

  it("leaves outputs of other modules to those modules", () => {
    assertClean(rule, {
      "main.tf": 'module "db" {\n  source = "./db"\n}\noutput "db_password" {\n  value = module.db.password\n}\n',
      "db/main.tf": 'output "password" {\n  value     = random_password.db.result\n  sensitive = true\n}\nresource "random_password" "db" {\n  length = 24\n}\n',
    });
  });
});
