import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./backup-file-systems.js";

describe("backup/file-systems", () => {
  it("reports an EFS file system with no backup policy and no AWS Backup selection", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_efs_file_system" "shared" {\n  encrypted = true\n}\n',
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 aws_efs_file_system.shared has no backup: no aws_efs_backup_policy with status "ENABLED" and no AWS Backup selection covers it; add a backup policy or an aws_backup_selection.',
    ]);
  });

  it("reports a disabled backup policy at its status", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_efs_file_system" "shared" {}
resource "aws_efs_backup_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  backup_policy {
    status = "DISABLED"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:5 aws_efs_backup_policy.shared sets backups of aws_efs_file_system.shared to DISABLED: nothing restores the files after a deletion or a bad write; set status = "ENABLED" or select the file system in an AWS Backup plan.',
    ]);
  });

  it("reports FSx file systems with automatic backups off", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_fsx_windows_file_system" "win" {
  automatic_backup_retention_days = 0
}
resource "aws_fsx_lustre_file_system" "hpc" {
  deployment_type = "PERSISTENT_2"
}
resource "aws_fsx_lustre_file_system" "scratch" {
  deployment_type = "SCRATCH_2"
}
resource "aws_fsx_windows_file_system" "default" {}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:2 aws_fsx_windows_file_system.win: automatic_backup_retention_days = 0 turns automatic backups off; keep automatic backups (automatic_backup_retention_days >= 7) and a final backup.",
      "main.tf:4 aws_fsx_lustre_file_system.hpc: automatic backups are off (automatic_backup_retention_days defaults to 0); keep automatic backups (automatic_backup_retention_days >= 7) and a final backup.",
    ]);
  });

  it("accepts an enabled policy and an AWS Backup selection", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_efs_file_system" "a" {}
resource "aws_efs_backup_policy" "a" {
  file_system_id = aws_efs_file_system.a.id
  backup_policy {
    status = "ENABLED"
  }
}
resource "aws_efs_file_system" "b" {}
resource "aws_backup_selection" "files" {
  name         = "files"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [aws_efs_file_system.b.arn]
}
`,
    });
  });

  it("stays silent when the status is unknown or AWS Backup selects by tag", () => {
    assertClean(rule, {
      "main.tf": `variable "status" {}
resource "aws_efs_file_system" "a" {}
resource "aws_efs_backup_policy" "a" {
  file_system_id = aws_efs_file_system.a.id
  backup_policy {
    status = var.status
  }
}
`,
    });
    assertClean(rule, {
      "main.tf": `resource "aws_efs_file_system" "data" {
  tags = { Backup = "daily" }
}
resource "aws_backup_selection" "tagged" {
  name         = "tagged"
  plan_id      = "plan"
  iam_role_arn = "role"
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Backup"
    value = "daily"
  }
}
`,
    });
  });

  it("leaves library modules and file systems their caller protects alone", () => {
    // A module kept under modules/ that nothing deploys: the caller adds the policy.
    assertClean(rule, {
      "modules/efs/main.tf": 'resource "aws_efs_file_system" "this" {}\n',
    });
    // The caller sets the policy on the module's output.
    assertClean(rule, {
      "main.tf": `module "efs" {
  source = "./modules/efs"
}
resource "aws_efs_backup_policy" "efs" {
  file_system_id = module.efs.id
  backup_policy {
    status = "ENABLED"
  }
}
`,
      "modules/efs/main.tf": 'resource "aws_efs_file_system" "this" {}\noutput "id" {\n  value = aws_efs_file_system.this.id\n}\n',
    });
    // A cache can be rebuilt.
    assertClean(rule, {
      "main.tf": 'resource "aws_efs_file_system" "cache" {\n  creation_token = "build-cache"\n}\n',
    });
    // A file system switched off by count does not exist.
    assertClean(rule, {
      "main.tf": 'resource "aws_efs_file_system" "off" {\n  count = 0\n}\n',
    });
  });
});
