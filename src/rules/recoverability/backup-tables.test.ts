import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./backup-tables.js";

const table = (name: string, extra = ""): string => `resource "aws_dynamodb_table" "${name}" {
  name     = "${name}"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
${extra}}
`;

describe("backup/tables", () => {
  it("reports a table without point-in-time recovery", () => {
    const findings = runRule(rule, { "main.tf": table("orders") });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_dynamodb_table.orders has no point-in-time recovery: a bad write or a deleted item cannot be undone; add point_in_time_recovery { enabled = true }.",
    ]);
  });

  it("reports point-in-time recovery switched off, following variables", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "pitr" {
  default = false
}
${table("orders", "  point_in_time_recovery {\n    enabled = var.pitr\n  }\n")}`,
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? "", /turns point-in-time recovery off/);
    assert.equal(findings[0]?.range.start.line, 12);
    assert.deepEqual(findings[0]?.evidence.map((e) => e.message), ["var.pitr default"]);
  });

  it("accepts enabled recovery and tables selected by AWS Backup", () => {
    assertClean(rule, {
      "main.tf": `${table("orders", "  point_in_time_recovery {\n    enabled = true\n  }\n")}${table("users")}
resource "aws_backup_selection" "tables" {
  name         = "tables"
  plan_id      = "plan"
  iam_role_arn = "role"
  resources    = [aws_dynamodb_table.users.arn]
}
`,
    });
  });

  it("reports a module default that a deployment relies on", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "table" {\n  source = "./modules/table"\n}\n',
      "modules/table/main.tf": `variable "pitr" {
  default = false
}
${table("this", "  point_in_time_recovery {\n    enabled = var.pitr\n  }\n")}`,
    });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]?.module, ["module.table"]);
  });

  it("stays silent on unknown values, lock tables and library defaults", () => {
    assertClean(rule, {
      "main.tf": `variable "pitr" {}
${table("orders", "  point_in_time_recovery {\n    enabled = var.pitr\n  }\n")}
resource "aws_dynamodb_table" "locks" {
  name     = "terraform-locks"
  hash_key = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}
`,
    });
    // A reusable module whose only caller is its example: the default is the caller's choice.
    assertClean(rule, {
      "modules/table/main.tf": `variable "pitr" {
  default = false
}
${table("this", "  point_in_time_recovery {\n    enabled = var.pitr\n  }\n")}`,
      "modules/table/examples/basic/main.tf": 'module "table" {\n  source = "../.."\n}\n',
    });
  });
});
