import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./variables-unused.js";

describe("variables/unused", () => {
  it("reports unused variables, locals and data sources, and who sets the variable for nothing", () => {
    const findings = runRule(rule, {
      "variables.tf": 'variable "alb_idle_timeout" {\n  type = number\n}\nvariable "region" {\n  type = string\n}\n',
      "terraform.tfvars": 'alb_idle_timeout = 300\nregion = "eu-west-1"\n',
      "main.tf": `provider "aws" {
  region = var.region
}
locals {
  unused = "x"
}
data "aws_caller_identity" "current" {}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:5 local.unused is defined but nothing in the root module uses it; remove it.",
      "main.tf:7 data.aws_caller_identity.current is read but nothing in the root module uses it; remove it.",
      "variables.tf:1 var.alb_idle_timeout is declared but nothing in the root module uses it (terraform.tfvars sets it, to no effect); use it or remove it.",
    ]);
    assert.deepEqual(findings[2]?.evidence.map((e) => `${e.file}:${e.range.start.line}`), ["terraform.tfvars:1"]);
  });

  it("names the module calls that set an unused input of a module", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "rds" {\n  source      = "./modules/rds"\n  db_name     = "app"\n  db_password = var.db_password\n}\nvariable "db_password" {\n  type = string\n}\n',
      "modules/rds/main.tf": 'variable "db_name" {\n  type = string\n}\nvariable "db_password" {\n  type = string\n}\nresource "aws_db_instance" "this" {\n  snapshot_identifier = "snap"\n}\n',
    });
    assert.deepEqual(summary(findings), [
      "modules/rds/main.tf:1 var.db_name is declared but nothing in modules/rds uses it (module.rds sets it, to no effect); use it or remove it.",
      "modules/rds/main.tf:4 var.db_password is declared but nothing in modules/rds uses it (module.rds sets it, to no effect); use it or remove it.",
    ]);
  });

  it("does not count a variable's own validation as a use", () => {
    const findings = runRule(rule, {
      "main.tf": 'variable "env" {\n  type = string\n  validation {\n    condition     = contains(["dev", "prod"], var.env)\n    error_message = "dev or prod"\n  }\n}\n',
    });
    assert.deepEqual(summary(findings), ["main.tf:1 var.env is declared but nothing in the root module uses it; use it or remove it."]);
  });

  it("counts uses in other locals, outputs, depends_on, moved, check, import, terraform_data and JSON", () => {
    assertClean(rule, {
      "main.tf": `variable "name" {
  type = string
}
variable "min" {
  type = number
}
variable "other" {
  type = number
  validation {
    condition     = var.other > var.min
    error_message = "must exceed min"
  }
}
variable "image" {
  type = string
}
variable "health_url" {
  type = string
}
variable "id" {
  type = string
}
locals {
  prefix = "app-\${var.name}"
  full   = "\${local.prefix}-web"
}
data "aws_region" "current" {}
data "aws_ami" "base" {
  most_recent = true
}
resource "terraform_data" "marker" {
  input      = [local.full, var.other]
  depends_on = [data.aws_region.current]
}
import {
  to = aws_s3_bucket.logs
  id = var.id
}
resource "aws_s3_bucket" "logs" {}
moved {
  from = aws_s3_bucket.old
  to   = aws_s3_bucket.logs
}
check "health" {
  data "http" "probe" {
    url = var.health_url
  }
  assert {
    condition     = data.http.probe.status_code == 200
    error_message = "unhealthy"
  }
}
output "ami" {
  value = data.aws_ami.base.id
}
`,
      "extra.tf.json": '{ "output": { "image": { "value": "${var.image}" } } }',
    });
  });

  it("leaves alone what it cannot see used: assertions, side effects, snippets, Terragrunt, deliberate leftovers", () => {
    assertClean(rule, {
      "main.tf": `locals {
  check_required_tags = [for k in ["Owner"] : lookup(var.tags, k)]
}
variable "tags" {
  type = map(string)
}
variable "legacy_flag" {
  description = "Deprecated: no longer used, kept for compatibility."
  type        = bool
  default     = false
}
data "archive_file" "lambda" {
  type        = "zip"
  source_dir  = "src"
  output_path = "dist/lambda.zip"
}
variable "website_inputs" {
  type    = any
  default = null
  validation {
    condition     = var.website_inputs == null
    error_message = "website_inputs moved to the website module."
  }
}
variable "auto_groups" {
  description = "Rule groups that update_groups.sh turns into modules"
  type        = map(list(string))
  default     = {}
}
data "aws_ami" "checked" {
  lifecycle {
    postcondition {
      condition     = self.architecture == "x86_64"
      error_message = "x86 only"
    }
  }
}
`,
      "mixins/tags.mixin.tf": 'locals {\n  extra = module.this.tags\n}\nvariable "unused_here" {\n  type = string\n}\n',
      "update_groups.sh": "#!/bin/sh\nhcl2json main.tf | jq '.variable.auto_groups'\n",
      "live/terragrunt.hcl": 'terraform {\n  source = "."\n}\n',
      "live/main.tf": 'variable "aws_region" {\n  type = string\n}\n',
    });
  });
});
