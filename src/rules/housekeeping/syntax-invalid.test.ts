import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./syntax-invalid.js";

describe("syntax/invalid", () => {
  it("reports each syntax error with its position and keeps auditing", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_instance" "web" {\n  ami = "x"\n\nresource "aws_s3_bucket" "b" {\n}\n',
      "ok.tf": 'variable "x" {}\n',
      "vars.tfvars": 'a = [1,\n',
    });
    assert.deepEqual(summary(findings), [
      'main.tf:4 Syntax error: expected \'}\' to close block resource "aws_instance" "web" opened at line 1.',
      "vars.tfvars:2 Syntax error: expected ']' to close the list opened at line 1, but the file ended.",
    ]);
  });

  it("reports Terraform files that are not text", () => {
    const findings = runRule(rule, { "main.tf": 'variable "x" {}\n', "binary.tf": "\u0000\u0001" });
    assert.deepEqual(summary(findings), ["binary.tf:1 Terraform cannot read binary.tf: it is a binary file (it contains NUL bytes)."]);
  });

  it("is silent on valid files", () => {
    assertClean(rule, { "main.tf": 'variable "x" {\n  default = "${1 + 2}"\n}\n' });
  });
});
