import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./backup-buckets.js";

describe("backup/buckets", () => {
  it("reports a data bucket without versioning", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_s3_bucket" "uploads" {\n  bucket = "shop-user-uploads"\n}\n',
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 aws_s3_bucket.uploads (bucket "shop-user-uploads") has no versioning: an overwrite or a delete loses the object for good; add aws_s3_bucket_versioning with status = "Enabled" (or mark the bucket as holding reproducible content).',
    ]);
  });

  it("reports versioning that is suspended or disabled inline", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_s3_bucket" "documents" {
  bucket = "documents"
}
resource "aws_s3_bucket_versioning" "documents" {
  bucket = aws_s3_bucket.documents.id
  versioning_configuration {
    status = "Suspended"
  }
}
resource "aws_s3_bucket" "media" {
  bucket = "media"
  versioning {
    enabled = false
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:7 aws_s3_bucket.documents (bucket "documents") has versioning suspended: an overwrite or a delete loses the object for good; enable versioning.',
      'main.tf:13 aws_s3_bucket.media (bucket "media") has versioning disabled: an overwrite or a delete loses the object for good; enable versioning.',
    ]);
  });

  it("accepts versioned buckets, by reference or by name", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_s3_bucket" "a" {
  bucket = "data-a"
}
resource "aws_s3_bucket_versioning" "a" {
  bucket = aws_s3_bucket.a.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "data-b"
  versioning {
    enabled = true
  }
}
resource "aws_s3_bucket" "c" {
  bucket = "data-c"
}
resource "aws_s3_bucket_versioning" "c" {
  bucket = "data-c"
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    });
  });

  it("matches versioning that names the bucket with the same unknown expression", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "archive_name" {}
locals {
  ledger = "\${var.archive_name}-ledger"
}
resource "aws_s3_bucket" "archive" {
  bucket = var.archive_name
}
resource "aws_s3_bucket_versioning" "archive" {
  bucket = "\${var.archive_name}"
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "ledger" {
  bucket = local.ledger
}
resource "aws_s3_bucket_versioning" "ledger" {
  bucket = local.ledger
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "other" {
  bucket = "\${var.archive_name}-other"
}
`,
    });
    // The last bucket's name differs from what the versioning resources name.
    assert.deepEqual(summary(findings).map((s) => s.split(" has")[0]), ["main.tf:23 aws_s3_bucket.other"]);
  });

  it("skips buckets holding logs, artifacts and other reproducible content", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_s3_bucket" "access" {
  bucket = "shop-access-logs"
}
resource "aws_s3_bucket" "trail" {
  bucket = "org-audit"
}
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
resource "aws_s3_bucket" "lb" {
  bucket = "edge-2024"
}
resource "aws_lb" "web" {
  access_logs {
    bucket = aws_s3_bucket.lb.bucket
  }
}
resource "aws_s3_bucket" "pipeline" {
  bucket = "ci-artifacts"
}
resource "aws_s3_bucket" "site" {
  bucket = "www.example.com"
  website {
    index_document = "index.html"
  }
}
`,
    });
  });

  it("stays silent when the status is unknown and in library modules", () => {
    assertClean(rule, {
      "main.tf": `variable "status" {}
resource "aws_s3_bucket" "a" {
  bucket = "data-a"
}
resource "aws_s3_bucket_versioning" "a" {
  bucket = aws_s3_bucket.a.id
  versioning_configuration {
    status = var.status
  }
}
`,
    });
    assertClean(rule, {
      "modules/bucket/main.tf": `variable "versioning" {
  default = "Suspended"
}
resource "aws_s3_bucket" "this" {
  bucket = "x"
}
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning
  }
}
`,
      "modules/bucket/examples/simple/main.tf": 'module "bucket" {\n  source = "../.."\n}\n',
    });
  });
});
