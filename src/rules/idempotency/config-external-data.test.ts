import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./config-external-data.js";

describe("config/external-data", () => {
  it("reports a data \"external\" source at its program, naming the script but not its arguments", () => {
    const findings = runRule(rule, {
      "main.tf": `data "external" "git" {
  program = ["python3", "\${path.module}/scripts/git_sha.py", "--token", "s3cr3t"]
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 data.external.git runs "python3 scripts/git_sha.py" at every plan, on whatever machine plans, outside the provider\'s control; use a native data source, or compute the value once and pass it in as a variable.',
    ]);
    assert.ok(!(findings[0]?.message ?? "").includes("s3cr3t"));
  });

  it("reports a program it cannot read without naming it", () => {
    const findings = runRule(rule, { "main.tf": 'variable "program" {}\ndata "external" "x" {\n  program = var.program\n}\n' });
    assert.match(findings[0]?.message ?? "", /^data\.external\.x runs an external program at every plan/);
  });

  it("stays silent on other data sources and on resources named external", () => {
    assertClean(rule, {
      "main.tf": 'data "aws_caller_identity" "current" {}\ndata "http" "ip" {\n  url = "https://checkip.amazonaws.com"\n}\nresource "aws_s3_bucket" "external" {}\n',
    });
  });
});
