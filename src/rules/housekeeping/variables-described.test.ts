import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./variables-described.js";

describe("variables/described", () => {
  it("reports variables without a description or with an empty one", () => {
    const findings = runRule(rule, {
      "variables.tf": `variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type        = list(string)
  description = "  "
}
`,
    });
    assert.deepEqual(summary(findings), [
      "variables.tf:1 var.vpc_id has no description; say what it is for and what values it accepts.",
      "variables.tf:7 var.subnet_ids has an empty description; say what it is for and what values it accepts.",
    ]);
  });

  it("accepts descriptions in any language, heredocs and JSON", () => {
    assertClean(rule, {
      "variables.tf": `variable "vpc_id" {
  description = "VPC ID (VPC 아이디)"
  type        = string
}

variable "rules" {
  description = <<-EOT
    Ingress rules, one object per port.
  EOT
}
`,
      "more.tf.json": '{ "variable": { "zone": { "description": "The DNS zone", "type": "string" } } }',
    });
  });

  it("does not take a comment above the block for a description", () => {
    const findings = runRule(rule, { "variables.tf": '# The number of tasks\nvariable "desired_count" {\n  type = number\n}\n' });
    assert.deepEqual(summary(findings), ["variables.tf:2 var.desired_count has no description; say what it is for and what values it accepts."]);
  });

  it("does not report a description it cannot read statically (unknown value)", () => {
    assertClean(rule, { "variables.tf": 'variable "x" {\n  description = local.text\n}\nlocals {\n  text = var.y\n}\nvariable "y" {\n  description = "y"\n}\n' });
  });
});
