import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./cost-budget.js";

const ROOT = 'terraform {\n  backend "s3" {}\n}\nprovider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_instance" "web" {\n  ami           = "ami-123"\n  instance_type = "t3.micro"\n}\n';

const BUDGET = `resource "aws_budgets_budget" "monthly" {
  budget_type  = "COST"
  limit_amount = "500"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = ["team@example.com"]
  }
}
`;

describe("cost/budget", () => {
  it("reports an AWS deployment without a budget", () => {
    assert.deepEqual(summary(runRule(rule, { "main.tf": ROOT })), [
      ".:1 No aws_budgets_budget with a notification anywhere: nobody is told when AWS spending passes a threshold; add a budget with alerts at e.g. 80% and 100% of the expected monthly cost.",
    ]);
  });

  it("reports a budget without a notification at the budget", () => {
    const silent = BUDGET.replace(/ {2}notification \{[\s\S]*?\n {2}\}\n/, "");
    assert.deepEqual(summary(runRule(rule, { "main.tf": ROOT, "budget.tf": silent })), [
      "budget.tf:1 aws_budgets_budget.monthly has no notification block, so nobody hears when spending passes it; add notifications at e.g. 80% (forecasted) and 100% (actual) to an email or SNS topic.",
    ]);
  });

  it("accepts a budget with a notification anywhere in the repository, or a budgets module", () => {
    assertClean(rule, { "main.tf": ROOT, "account/budget.tf": BUDGET });
    assertClean(rule, { "main.tf": `${ROOT}module "budgets" {\n  source  = "cloudposse/budgets/aws"\n  version = "0.5.1"\n  budgets = var.budgets\n}\nvariable "budgets" {\n  type = any\n}\n` });
  });

  it("accepts notifications from a dynamic block whose entries are unknown", () => {
    const dynamic = BUDGET.replace(/ {2}notification \{/, '  dynamic "notification" {\n    for_each = var.alerts\n    content {').replace(/subscriber_email_addresses = \["team@example.com"\]\n {2}\}/, 'subscriber_email_addresses = ["team@example.com"]\n    }\n  }');
    assertClean(rule, { "main.tf": ROOT, "variables.tf": 'variable "alerts" {\n  type = list(number)\n}\n', "budget.tf": dynamic });
  });

  it("traps: module libraries, repositories without AWS, budgets only in examples", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "this" {}\n',
      "examples/complete/main.tf": 'provider "aws" {\n  region = "eu-west-1"\n}\nmodule "b" {\n  source = "../../"\n}\n',
    });
    assertClean(rule, { "main.tf": 'terraform {\n  backend "gcs" {}\n}\nresource "google_storage_bucket" "b" {\n  name = "x"\n}\n' });
    assert.equal(runRule(rule, { "main.tf": ROOT, "examples/budget/main.tf": BUDGET }).length, 1);
  });
});
