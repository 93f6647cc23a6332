import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding } from "../../engine/types.js";
import { parseHcl } from "../../hcl/index.js";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./code-interpolation-only.js";

/** Applies the fixes' edits to one file, last edit first. */
function applyFixes(text: string, file: string, findings: readonly Finding[]): string {
  const edits = findings.flatMap((f) => f.fix?.edits ?? []).filter((e) => e.file === file);
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

describe("code/interpolation-only", () => {
  it("reports a string that is one interpolation and fixes it to the bare expression", () => {
    const text = `resource "aws_route53_record" "apex" {
  name    = "\${var.domain_name}"
  zone_id = var.zone_id
  records = ["\${aws_lb.web.dns_name}"]
}
`;
    const findings = runRule(rule, { "main.tf": text });
    assert.deepEqual(summary(findings), [
      'main.tf:2 "${var.domain_name}" wraps a single expression in a string; write var.domain_name instead.',
      'main.tf:4 "${aws_lb.web.dns_name}" wraps a single expression in a string; write aws_lb.web.dns_name instead.',
    ]);
    const [first] = findings;
    assert.equal(first?.fix?.tier, "safe");
    assert.deepEqual(first?.fix?.edits, [{ file: "main.tf", start: text.indexOf('"${var'), end: text.indexOf('"${var') + '"${var.domain_name}"'.length, text: "var.domain_name" }]);
    const fixed = applyFixes(text, "main.tf", findings);
    assert.equal(
      fixed,
      `resource "aws_route53_record" "apex" {
  name    = var.domain_name
  zone_id = var.zone_id
  records = [aws_lb.web.dns_name]
}
`,
    );
    assert.deepEqual(parseHcl(fixed).diagnostics, []);
    // A second run finds nothing left to fix.
    assertClean(rule, { "main.tf": fixed });
  });

  it("reports identical strings in one file separately", () => {
    const findings = runRule(rule, { "main.tf": 'locals {\n  a = "${var.x}"\n  b = "${var.x}"\n}\n' });
    assert.deepEqual(summary(findings).map((s) => s.slice(0, 9)), ["main.tf:2", "main.tf:3"]);
  });

  it("keeps the meaning: parentheses for object keys and for operators inside a larger expression", () => {
    const text = `locals {
  tags  = { "\${var.key}" = "x" }
  same  = var.a == "\${var.b ? "x" : "y"}"
  whole = "\${var.b ? "x" : "y"}"
  call  = "\${lookup(var.m, "k")}"
}
`;
    const findings = runRule(rule, { "main.tf": text });
    const fixed = applyFixes(text, "main.tf", findings);
    assert.equal(
      fixed,
      `locals {
  tags  = { (var.key) = "x" }
  same  = var.a == (var.b ? "x" : "y")
  whole = var.b ? "x" : "y"
  call  = lookup(var.m, "k")
}
`,
    );
    assert.deepEqual(parseHcl(fixed).diagnostics, []);
  });

  it("stays silent on templates with text, heredocs, .tf.json files and test fixtures", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_instance" "web" {
  ami       = var.ami
  user_data = <<-EOT
\${var.script}
EOT
  tags = {
    Name = "\${var.project}-web"
    Path = "\${path.module}/files"
  }
}
`,
      "override.tf.json": '{"resource": {"aws_instance": {"web": {"ami": "${var.ami}"}}}}',
      "tests/fixtures/old/main.tf": 'resource "aws_instance" "web" {\n  ami = "${var.ami}"\n}\n',
    });
  });

  it("reports an interpolation whose value is unknown, since the fix does not depend on it", () => {
    const findings = runRule(rule, {
      "variables.tf": 'variable "ids" {\n  type = list(string)\n}\n',
      "main.tf": 'resource "aws_instance" "web" {\n  vpc_security_group_ids = "${var.ids}"\n}\n',
    });
    assert.deepEqual(summary(findings), ['main.tf:2 "${var.ids}" wraps a single expression in a string; write var.ids instead.']);
  });

  it("does not treat an escaped $${ as an interpolation", () => {
    assertClean(rule, { "main.tf": 'locals {\n  literal = "$${var.x}"\n}\n' });
  });
});
