import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./compute-imdsv2.js";

describe("compute/imdsv2", () => {
  it("reports a missing metadata_options block, a block without http_tokens, and optional tokens", () => {
    const findings = runRule(rule, {
      "variables.tf": 'variable "tokens" {\n  default = "optional"\n}\n',
      "main.tf": `resource "aws_instance" "web" {
  ami = "ami-123"
}
resource "aws_launch_template" "app" {
  metadata_options {
    http_endpoint = "enabled"
  }
}
resource "aws_launch_configuration" "legacy" {
  image_id = "ami-123"
  metadata_options {
    http_tokens = var.tokens
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 aws_instance.web has no metadata_options, so its instances accept IMDSv1 requests without a token; set metadata_options { http_tokens = "required" }.',
      'main.tf:5 aws_launch_template.app has metadata_options without http_tokens, so IMDSv1 stays enabled; set metadata_options { http_tokens = "required" }.',
      'main.tf:12 aws_launch_configuration.legacy sets http_tokens = "optional", so IMDSv1 stays enabled; set metadata_options { http_tokens = "required" }.',
    ]);
    assert.deepEqual(findings[2]?.evidence.map((e) => e.message), ["var.tokens default"]);
  });

  it("stays silent when the tokens setting is unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "tokens" {}
variable "options" {}
resource "aws_instance" "web" {
  metadata_options {
    http_tokens = var.tokens
  }
}
resource "aws_launch_template" "app" {
  dynamic "metadata_options" {
    for_each = var.options
    content {
      http_tokens = metadata_options.value.http_tokens
    }
  }
}
`,
    });
  });

  it("respects IMDS turned off, an account-wide default, Amazon Linux 2023 images and launch templates", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_instance" "off" {
  metadata_options {
    http_endpoint = "disabled"
  }
}
data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}
resource "aws_instance" "modern" {
  ami = data.aws_ami.al2023.id
}
resource "aws_instance" "from_template" {
  launch_template {
    id = "lt-123"
  }
}
`,
    });
    assertClean(rule, {
      "account/main.tf": 'resource "aws_ec2_instance_metadata_defaults" "this" {\n  http_tokens = "required"\n}\n',
      "app/main.tf": 'resource "aws_instance" "web" {\n  ami = "ami-123"\n}\n',
    });
  });

  it("leaves a library's own default to its callers, but reports a module with no way to set it", () => {
    assertClean(rule, {
      "main.tf": 'variable "metadata_options" {\n  default = {}\n}\nresource "aws_launch_template" "this" {\n  dynamic "metadata_options" {\n    for_each = length(var.metadata_options) > 0 ? [var.metadata_options] : []\n    content {\n      http_tokens = metadata_options.value.http_tokens\n    }\n  }\n}\n',
      "examples/basic/main.tf": 'module "lt" {\n  source = "../../"\n}\n',
    });
    assertClean(rule, {
      "main.tf": 'variable "options" {\n  default = [{ http_tokens = "optional" }]\n}\nresource "aws_instance" "this" {\n  dynamic "metadata_options" {\n    for_each = var.options\n    content {\n      http_tokens = metadata_options.value.http_tokens\n    }\n  }\n}\n',
      "examples/basic/main.tf": 'module "node" {\n  source = "../../"\n}\n',
    });
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_instance" "this" {\n  ami = var.ami\n}\nvariable "ami" {}\n',
      "examples/basic/main.tf": 'module "node" {\n  source = "../../"\n  ami    = "ami-1"\n}\n',
    });
    assert.equal(findings.length, 1);
  });
});
