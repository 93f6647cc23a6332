import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./encryption-at-rest.js";

describe("encryption/at-rest", () => {
  it("reports databases, file systems, caches and search domains without encryption", () => {
    const findings = runRule(rule, {
      "variables.tf": 'variable "encrypted" {\n  default = false\n}\n',
      "main.tf": `resource "aws_db_instance" "main" {
  engine = "mysql"
}
resource "aws_rds_cluster" "aurora" {
  engine            = "aurora-postgresql"
  storage_encrypted = var.encrypted
}
resource "aws_efs_file_system" "shared" {}
resource "aws_elasticache_replication_group" "cache" {
  engine = "redis"
}
resource "aws_opensearch_domain" "search" {
  encrypt_at_rest {
    enabled = false
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_db_instance.main does not encrypt the database's storage at rest (storage_encrypted is not set and defaults to false); set storage_encrypted = true (an existing database is encrypted by restoring an encrypted copy of a snapshot).",
      "main.tf:6 aws_rds_cluster.aurora does not encrypt the cluster's storage at rest (storage_encrypted = false); set storage_encrypted = true (an existing cluster is encrypted by restoring an encrypted copy of a snapshot).",
      "main.tf:8 aws_efs_file_system.shared does not encrypt the file system at rest (encrypted is not set and defaults to false); set encrypted = true (an existing file system has to be copied to a new, encrypted one).",
      "main.tf:9 aws_elasticache_replication_group.cache does not encrypt the cache's data and backups at rest (at_rest_encryption_enabled is not set and defaults to false); set at_rest_encryption_enabled = true (this replaces the replication group).",
      "main.tf:14 aws_opensearch_domain.search does not encrypt the domain's indices at rest (encrypt_at_rest { enabled = false }); add encrypt_at_rest { enabled = true }.",
    ]);
    assert.ok(findings.every((f) => f.severity === "error"));
  });

  it("reports unencrypted EBS volumes, instance disks and launch template disks in one finding per resource", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_ebs_volume" "data" {
  size = 10
}
resource "aws_instance" "web" {
  ami = "ami-1"
  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false
  }
}
resource "aws_launch_template" "app" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
    }
  }
}
resource "aws_sns_topic" "events" {}
resource "aws_sqs_queue" "jobs" {
  sqs_managed_sse_enabled = false
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_ebs_volume.data is not encrypted (encrypted is not set); set encrypted = true, or turn on aws_ebs_encryption_by_default for the account.",
      "main.tf:4 aws_instance.web leaves EBS volumes unencrypted: no root_block_device { encrypted = true }, so the root volume is encrypted only if the AMI's snapshot is; /dev/sdf is not encrypted; set encrypted = true, or turn on aws_ebs_encryption_by_default for the account.",
      "main.tf:14 aws_launch_template.app leaves EBS volumes unencrypted: /dev/xvda does not set encrypted = true; set encrypted = true, or turn on aws_ebs_encryption_by_default for the account.",
      "main.tf:19 aws_sns_topic.events stores messages unencrypted until they are delivered (no kms_master_key_id); set kms_master_key_id (alias/aws/sns, or a customer key when CloudWatch alarms or other AWS services publish to it).",
      "main.tf:21 aws_sqs_queue.jobs turns server-side encryption off (sqs_managed_sse_enabled = false and no kms_master_key_id); remove the setting or set it to true.",
    ]);
  });

  it("stays silent when the flags are unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "encrypted" {}
variable "key" {}
resource "aws_db_instance" "main" {
  storage_encrypted = var.encrypted
}
resource "aws_ebs_volume" "data" {
  encrypted = var.encrypted
}
resource "aws_sns_topic" "events" {
  kms_master_key_id = var.key
}
`,
    });
  });

  it("respects account-wide EBS encryption, inherited encryption and services that encrypt by default", () => {
    assertClean(rule, {
      "account/main.tf": 'resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}\n',
      "app/main.tf": `resource "aws_instance" "web" {
  ami = "ami-1"
}
resource "aws_ebs_volume" "data" {
  size = 10
}
resource "aws_db_instance" "replica" {
  replicate_source_db = "arn:aws:rds:eu-west-1:1:db:main"
}
resource "aws_db_instance" "restored" {
  snapshot_identifier = "snap-1"
}
resource "aws_db_instance" "member" {
  engine             = "aurora-mysql"
  cluster_identifier = "c"
}
resource "aws_rds_cluster" "serverless" {
  engine_mode = "serverless"
}
resource "aws_rds_cluster" "serverless_flag_off" {
  engine_mode       = "serverless"
  storage_encrypted = false
}
resource "aws_efs_file_system" "keyed" {
  kms_key_id = "arn:aws:kms:eu-west-1:1:key/1"
}
resource "aws_elasticache_replication_group" "valkey" {
  engine = "valkey"
}
resource "aws_sqs_queue" "default" {}
resource "aws_dynamodb_table" "sessions" {
  name     = "sessions"
  hash_key = "id"
}
resource "aws_redshift_cluster" "warehouse" {}
`,
    });
  });

  it("leaves a library's own defaults to its callers", () => {
    assertClean(rule, {
      "main.tf": `variable "storage_encrypted" {
  default = false
}
variable "block_device_mappings" {
  default = {}
}
resource "aws_db_instance" "this" {
  storage_encrypted = var.storage_encrypted
}
resource "aws_launch_template" "this" {
  dynamic "block_device_mappings" {
    for_each = var.block_device_mappings
    content {
      device_name = block_device_mappings.key
    }
  }
}
`,
      "examples/complete/main.tf": 'module "db" {\n  source            = "../../"\n  storage_encrypted = false\n}\n',
    });
  });
});
