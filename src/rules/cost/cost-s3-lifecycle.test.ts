import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./cost-s3-lifecycle.js";

const LIFECYCLE = (ref: string): string =>
  `resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = ${ref}\n  rule {\n    id     = "expire"\n    status = "Enabled"\n    filter {}\n    expiration {\n      days = 90\n    }\n  }\n}\n`;

describe("cost/s3-lifecycle", () => {
  it("reports a bucket named for logs without lifecycle rules", () => {
    assert.deepEqual(summary(runRule(rule, { "main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-access-logs"\n}\n' })), [
      'main.tf:1 aws_s3_bucket.logs (bucket "acme-access-logs") holds logs (by its name) but has no lifecycle rules, so they pile up and are billed forever; add an aws_s3_bucket_lifecycle_configuration that expires them or moves them to a cheaper storage class.',
    ]);
  });

  it("reports a bucket that receives load balancer access logs, whatever its name", () => {
    const files = {
      "main.tf": 'resource "aws_s3_bucket" "lb" {\n  bucket = "acme-web"\n}\nresource "aws_lb" "web" {\n  name = "web"\n  access_logs {\n    bucket  = aws_s3_bucket.lb.id\n    enabled = true\n  }\n}\n',
    };
    assert.match(runRule(rule, files)[0]?.message ?? "", /receives load balancer access logs \(aws_lb\.web sends load balancer access logs to it\)/);
  });

  it("accepts lifecycle rules: a lifecycle configuration (by reference or name) or inline rules", () => {
    assertClean(rule, { "main.tf": `resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n${LIFECYCLE("aws_s3_bucket.logs.id")}` });
    assertClean(rule, { "main.tf": `resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n${LIFECYCLE('"acme-logs"')}` });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n  lifecycle_rule {\n    enabled = true\n    expiration {\n      days = 30\n    }\n  }\n}\n' });
  });

  it("stays silent when the name is unknown, or a lifecycle configuration's bucket is unknown", () => {
    assertClean(rule, { "main.tf": 'variable "name" {\n  type = string\n}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n' });
    assertClean(rule, { "main.tf": `variable "target" {\n  type = string\n}\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n${LIFECYCLE("var.target")}` });
  });

  it("traps: data buckets, state buckets, snapshot repositories, buckets that are never created, examples", () => {
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "uploads" {\n  bucket = "acme-user-uploads"\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "state" {\n  bucket = "acme-terraform-state-logs"\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "es" {\n  bucket = "acme-elasticsearch-snapshots"\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "logs" {\n  count  = 0\n  bucket = "acme-logs"\n}\n' });
    assertClean(rule, { "examples/basic/main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "example-logs"\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "site" {\n  bucket = "acme-docs-builds"\n}\nresource "aws_s3_bucket_website_configuration" "site" {\n  bucket = aws_s3_bucket.site.id\n  index_document {\n    suffix = "index.html"\n  }\n}\n' });
  });
});
