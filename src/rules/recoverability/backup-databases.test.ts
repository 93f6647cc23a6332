import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./backup-databases.js";

describe("backup/databases", () => {
  it("reports disabled backups and skipped final snapshots in one finding", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_db_instance" "rds" {
  engine                  = "mysql"
  backup_retention_period = 0
  skip_final_snapshot     = true
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_db_instance.rds: backup_retention_period = 0 turns automated backups and point-in-time recovery off; skip_final_snapshot = true loses the data on destroy; deletion_protection is not set.",
    ]);
  });

  it("reports a production database without deletion protection", () => {
    const findings = runRule(rule, {
      "envs/prod/main.tf": 'resource "aws_rds_cluster" "aurora" {\n  engine = "aurora-postgresql"\n  backup_retention_period = 7\n}\n',
      "envs/dev/main.tf": 'resource "aws_rds_cluster" "aurora" {\n  engine = "aurora-postgresql"\n  backup_retention_period = 7\n}\n',
    });
    assert.deepEqual(summary(findings), ["envs/prod/main.tf:1 aws_rds_cluster.aurora: deletion_protection is not set."]);
  });

  it("follows values into called modules", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "db" {\n  source = "./modules/db"\n  retention = 0\n}\n',
      "modules/db/main.tf": 'variable "retention" {\n  default = 7\n}\nresource "aws_db_instance" "this" {\n  backup_retention_period = var.retention\n  deletion_protection = true\n}\n',
    });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]?.module, ["module.db"]);
    assert.deepEqual(findings[0]?.evidence.map((e) => e.message), ["aws_db_instance.this.backup_retention_period", "module.db sets retention"].slice(1));
  });

  it("leaves protected databases, unknown values, replicas and library defaults alone", () => {
    assertClean(rule, {
      "main.tf": `variable "retention" {}
resource "aws_db_instance" "ok" {
  backup_retention_period = 14
  skip_final_snapshot     = false
  deletion_protection     = true
}
resource "aws_db_instance" "unknown" {
  backup_retention_period = var.retention
}
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.ok.identifier
  skip_final_snapshot = true
}
`,
    });
    // Documented differences from the peers: a one-day retention still allows a restore, 36 days is
    // an apply error, an Aurora member takes its protection from the cluster, and a database outside
    // production may go without deletion protection.
    assertClean(rule, {
      "main.tf": `resource "aws_db_instance" "one_day" {
  backup_retention_period = 1
}
resource "aws_rds_cluster" "default_retention" {
  engine = "aurora-mysql"
}
resource "aws_rds_cluster" "too_long" {
  backup_retention_period = 36
  deletion_protection     = false
}
resource "aws_db_instance" "member" {
  cluster_identifier  = "aurora-cluster-demo"
  deletion_protection = false
}
`,
    });
    assertClean(rule, {
      "modules/rds/main.tf": 'variable "skip_final_snapshot" {\n  default = true\n}\nresource "aws_db_instance" "this" {\n  skip_final_snapshot = var.skip_final_snapshot\n}\n',
      "modules/rds/examples/basic/main.tf": 'module "rds" {\n  source = "../.."\n  skip_final_snapshot = false\n}\n',
    });
  });
});
