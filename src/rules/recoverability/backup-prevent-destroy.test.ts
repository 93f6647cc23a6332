import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./backup-prevent-destroy.js";

const db = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n';

describe("backup/prevent-destroy", () => {
  it("reports a production database without prevent_destroy, also inside a called module", () => {
    const findings = runRule(rule, {
      "envs/prod/main.tf": 'module "db" {\n  source = "../../modules/db"\n}\n',
      "envs/dev/main.tf": 'module "db" {\n  source = "../../modules/db"\n}\n',
      "modules/db/main.tf": db,
    });
    assert.deepEqual(summary(findings), [
      "modules/db/main.tf:1 aws_db_instance.main has no lifecycle { prevent_destroy = true }: in production it holds a database, and one plan that destroys or replaces it loses that for good; set prevent_destroy = true.",
    ]);
    assert.equal(findings[0]?.severity, "warning");
    assert.deepEqual(findings[0]?.module, ["module.db"]);
  });

  it("reports prevent_destroy = false, and production read from var.environment", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "environment" {
  default = "production"
}
resource "aws_kms_key" "data" {
  lifecycle {
    prevent_destroy = false
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:6 aws_kms_key.data sets prevent_destroy = false: in production it holds the key that existing encrypted data needs, and one plan that destroys or replaces it loses that for good; set prevent_destroy = true.",
    ]);
  });

  it("advises at note severity when the only deployment's environment is unknown", () => {
    const findings = runRule(rule, { "main.tf": db });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, "note");
    assert.match(findings[0]?.message ?? "", /its environment is not known/);
  });

  it("accepts protected resources and ignores non-production, replicas, logs and lock tables", () => {
    assertClean(rule, {
      "envs/prod/main.tf": `resource "aws_db_instance" "main" {
  engine = "postgres"
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.main.identifier
}
resource "aws_s3_bucket" "logs" {
  bucket = "prod-access-logs"
}
resource "aws_dynamodb_table" "lock" {
  name     = "terraform-lock"
  hash_key = "LockID"
}
resource "aws_cognito_user_pool" "machines" {
  name = "api-clients"
}
`,
      "envs/dev/main.tf": db,
    });
  });

  it("stays silent for library modules and for unknown environments among several", () => {
    assertClean(rule, { "modules/db/main.tf": db, "modules/db/examples/simple/main.tf": 'module "db" {\n  source = "../.."\n}\n' });
    assertClean(rule, {
      "main.tf": `variable "environment" {}
${db}`,
      "dev.tfvars": 'environment = "dev"\n',
      "prod.tfvars": 'environment = "prod"\n',
    }, { env: "dev" });
  });
});
