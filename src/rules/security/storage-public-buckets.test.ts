import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./storage-public-buckets.js";

const BLOCK = (bucket: string): string => `resource "aws_s3_bucket_public_access_block" "${bucket}" {
  bucket                  = aws_s3_bucket.${bucket}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`;

describe("storage/public-buckets", () => {
  it("reports public ACLs, public policies and open access blocks", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_s3_bucket" "site" {}
resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = "public-read"
}
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }]
  })
}
resource "aws_s3_bucket_public_access_block" "site" {
  bucket            = aws_s3_bucket.site.id
  block_public_acls = true
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:4 aws_s3_bucket.site is readable by anyone through aws_s3_bucket_acl.site (acl = "public-read"); remove the ACL and serve public content through CloudFront with origin access control.',
      'main.tf:8 aws_s3_bucket.site lets anyone on the internet s3:GetObject through aws_s3_bucket_policy.site (Principal "*" with no condition, statement 1); grant access to CloudFront\'s origin access control or named principals instead.',
      "main.tf:17 aws_s3_bucket.site can still be made public: aws_s3_bucket_public_access_block.site has block_public_policy (unset, so false), ignore_public_acls (unset, so false), restrict_public_buckets (unset, so false); set all four flags to true unless the bucket must be public.",
    ]);
  });

  it("names the bucket that a separate ACL resource, grant or access block opens", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_s3_bucket" "drop" {}
resource "aws_s3_bucket_acl" "drop" {
  bucket = aws_s3_bucket.drop.bucket
  acl    = "public-read-write"
}
resource "aws_s3_bucket" "reports" {}
resource "aws_s3_bucket_acl" "reports" {
  bucket = aws_s3_bucket.reports.id
  access_control_policy {
    owner {
      id = "owner-id"
    }
    grant {
      grantee {
        type = "CanonicalUser"
        id   = "owner-id"
      }
      permission = "FULL_CONTROL"
    }
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
  }
}
resource "aws_s3_bucket_public_access_block" "reports" {
  bucket              = aws_s3_bucket.reports.id
  block_public_acls   = false
  block_public_policy = false
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:4 aws_s3_bucket.drop is readable and writable by anyone through aws_s3_bucket_acl.drop (acl = "public-read-write"); remove the ACL and serve public content through CloudFront with origin access control.',
      "main.tf:21 aws_s3_bucket.reports grants READ to AllUsers through aws_s3_bucket_acl.reports; remove the grant and serve public content through CloudFront with origin access control.",
      "main.tf:29 aws_s3_bucket.reports can still be made public: aws_s3_bucket_public_access_block.reports has block_public_acls = false, block_public_policy = false, ignore_public_acls (unset, so false), restrict_public_buckets (unset, so false); set all four flags to true unless the bucket must be public.",
    ]);
  });

  it("notes a bucket without a public access block, and says why it is only a note", () => {
    const findings = runRule(rule, { "main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n' });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_s3_bucket.logs has no aws_s3_bucket_public_access_block. Buckets created since April 2023 block public access by default, but declaring the block keeps it explicit and stops a later ACL or policy from opening the bucket.",
    ]);
    assert.equal(findings[0]?.severity, "note");
  });

  it("finds the access block of a bucket in another module", () => {
    assertClean(rule, {
      "main.tf": 'module "bucket" {\n  source = "./bucket"\n}\nresource "aws_s3_bucket_public_access_block" "b" {\n  bucket                  = module.bucket.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n',
      "bucket/main.tf": 'resource "aws_s3_bucket" "this" {}\noutput "id" {\n  value = aws_s3_bucket.this.id\n}\n',
    });
  });

  it("stays silent when the ACL, the policy or the block's bucket is unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "acl" {}
variable "policy" {}
variable "bucket" {}
resource "aws_s3_bucket" "data" {
  acl = var.acl
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = var.policy
}
resource "aws_s3_bucket_public_access_block" "somewhere" {
  bucket                  = var.bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
    });
  });

  it("stays silent on traps: CloudFront-only policies, conditions, denies, blocked buckets, an account-wide block", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_s3_bucket" "assets" {}
${BLOCK("assets")}resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "\${aws_s3_bucket.assets.arn}/*"
        Condition = { StringEquals = { "AWS:SourceArn" = "arn:aws:cloudfront::1:distribution/X" } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "\${aws_s3_bucket.assets.arn}/*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "\${aws_s3_bucket.assets.arn}/*"
        Condition = { StringEquals = { "aws:SourceVpce" = "vpce-1" } }
      },
    ]
  })
}
resource "aws_s3_bucket" "blocked" {
  acl = "public-read"
}
${BLOCK("blocked")}`,
    });
    assertClean(rule, {
      "account/main.tf": 'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n',
      "app/main.tf": 'resource "aws_s3_bucket" "data" {}\nresource "aws_s3_bucket_acl" "data" {\n  bucket = aws_s3_bucket.data.id\n  acl    = "public-read"\n}\n',
    });
  });
});
