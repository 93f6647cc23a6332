import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./variables-typed.js";

describe("variables/typed", () => {
  it("reports variables without a type, suggesting one from a plain default", () => {
    const findings = runRule(rule, {
      "variables.tf": `variable "region" {
  default = "eu-west-1"
}

variable "subnets" {
  default = ["10.0.1.0/24", "10.0.2.0/24"]
}

variable "settings" {}

variable "enabled" {
  default = "true"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "variables.tf:1 var.region has no type; add type = string, which its default suggests.",
      "variables.tf:5 var.subnets has no type; add type = list(string), which its default suggests.",
      "variables.tf:9 var.settings has no type; add a type (string, number, bool, list(string), map(string), object({...})).",
      "variables.tf:11 var.enabled has no type; add type = bool, which its default suggests.",
    ]);
  });

  it("accepts typed variables, in HCL and in JSON", () => {
    assertClean(rule, {
      "variables.tf": 'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\nvariable "tags" {\n  type = map(string)\n}\n',
      "extra.tf.json": '{ "variable": { "zones": { "type": "list(string)", "default": [] } } }',
    });
  });

  it("reports an untyped variable written in JSON", () => {
    const findings = runRule(rule, { "main.tf.json": '{\n  "variable": {\n    "count_of_things": { "default": 3 }\n  }\n}\n' });
    assert.deepEqual(summary(findings), ["main.tf.json:2 var.count_of_things has no type; add type = number, which its default suggests."]);
  });

  it("stays unspecific when the default is unknown or mixed, and skips test fixtures", () => {
    const findings = runRule(rule, { "main.tf": 'variable "a" {\n  default = local.x\n}\nvariable "b" {\n  default = [1, "x"]\n}\nlocals {\n  x = var.missing\n}\n' });
    assert.deepEqual(
      findings.map((f) => f.message.endsWith("object({...})).")),
      [true, true],
    );
    assertClean(rule, { "test/fixtures/basic/main.tf": 'variable "x" {}\n' });
  });
});
