import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./cost-log-retention.js";

describe("cost/log-retention", () => {
  it("reports log groups without retention, or with 0", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_cloudwatch_log_group" "app" {\n  name = "/app"\n}\nresource "aws_cloudwatch_log_group" "audit" {\n  name              = "/audit"\n  retention_in_days = 0\n}\n',
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_cloudwatch_log_group.app has no retention_in_days, so its logs are kept (and billed) forever; set a retention such as 30, 90 or 365 days.",
      "main.tf:6 aws_cloudwatch_log_group.audit sets retention_in_days = 0, which keeps its logs (and the bill for them) forever; set a retention such as 30, 90 or 365 days.",
    ]);
  });

  it("follows the value through variables and tfvars", () => {
    const findings = runRule(rule, {
      "main.tf": 'variable "days" {\n  type = number\n}\nresource "aws_cloudwatch_log_group" "app" {\n  name              = "/app"\n  retention_in_days = var.days\n}\n',
      "terraform.tfvars": "days = 0\n",
    });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.evidence.some((e) => e.message.includes("var.days")), true);
  });

  it("accepts a retention", () => {
    assertClean(rule, { "main.tf": 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app"\n  retention_in_days = 30\n}\n' });
  });

  it("stays silent when the retention is unknown", () => {
    assertClean(rule, { "main.tf": 'variable "days" {\n  type = number\n}\nresource "aws_cloudwatch_log_group" "app" {\n  name              = "/app"\n  retention_in_days = var.days\n}\n' });
  });

  it("traps: a library's own default, and a module instance only an example creates", () => {
    const module = 'variable "retention_in_days" {\n  type    = number\n  default = null\n}\nresource "aws_cloudwatch_log_group" "this" {\n  name              = "x"\n  retention_in_days = var.retention_in_days\n}\n';
    // Nobody calls the module: its default is the caller's choice.
    assertClean(rule, { "modules/logs/main.tf": module, "main.tf": 'module "logs" {\n  source = "./modules/logs"\n  retention_in_days = 14\n}\n' });
    assertClean(rule, { "modules/logs/main.tf": module, "examples/basic/main.tf": 'module "logs" {\n  source = "../../modules/logs"\n}\n' });
    // A deployed root that keeps the default null is reported.
    assert.equal(runRule(rule, { "modules/logs/main.tf": module, "main.tf": 'terraform {\n  backend "s3" {}\n}\nmodule "logs" {\n  source = "./modules/logs"\n}\n' }).length, 1);
  });
});
