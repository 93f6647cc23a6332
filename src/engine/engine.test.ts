import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemorySource } from "../workspace/source.js";
import { applyBaseline, createBaseline, parseBaseline } from "./baseline.js";
import { ConfigError, ignoreMatcher, parseConfig } from "./config.js";
import { createRule } from "./rule.js";
import { audit, type AuditOptions } from "./run.js";
import { scorePrinciples } from "./score.js";
import type { Finding } from "./types.js";

/** A rule for engine tests: reports every aws_instance, at its `ami` argument when it has one. */
const instances = createRule({
  id: "test/instances",
  principle: "operations",
  severity: "warning",
  title: "Instance",
  description: "Reports instances.",
  peers: { checkov: ["CKV_AWS_8"], tflint: ["aws_instance_invalid_type"], trivy: ["AVD-AWS-0131"], kics: ["k-1"] },
  scope: "module",
  check(ctx) {
    for (const instance of ctx.resources("aws_instance")) ctx.report({ at: instance.attr("ami") ?? instance, message: `${instance.address} is an instance.`, value: instance.value("ami") });
  },
});

const repositoryLevel = createRule({
  id: "test/repository",
  principle: "cost",
  severity: "error",
  title: "Repository",
  description: "Reports the repository.",
  scope: "repository",
  check(ctx) {
    ctx.report({ at: { repository: true, anchor: "r" }, message: "Something is missing." });
  },
});

function run(files: Record<string, string>, options: Partial<AuditOptions> = {}) {
  return audit({ root: ".", source: new MemorySource(files), rules: [instances, repositoryLevel], ...options });
}

describe("engine", () => {
  it("sorts findings by file, line, column and rule, with repository findings first", () => {
    const result = run({ "b.tf": 'resource "aws_instance" "b" {}\n', "a.tf": '\n\nresource "aws_instance" "a2" {}\nresource "aws_instance" "a1" {}\n' });
    assert.deepEqual(
      result.findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`),
      [".:1 test/repository", "a.tf:3 test/instances", "a.tf:4 test/instances", "b.tf:1 test/instances"],
    );
  });

  it("gives the same bytes for the same input", () => {
    const files = { "main.tf": 'resource "aws_instance" "a" {\n  ami = var.ami\n}\nvariable "ami" {\n  default = "ami-1"\n}\n' };
    assert.equal(JSON.stringify(run(files)), JSON.stringify(run(files)));
  });

  it("keeps fingerprints stable when unrelated lines move", () => {
    const before = run({ "main.tf": 'resource "aws_instance" "web" {\n  ami = "ami-1"\n}\n' }).findings.find((f) => f.ruleId === "test/instances");
    const after = run({ "main.tf": '# a comment\n\nresource "aws_s3_bucket" "new" {}\n\nresource "aws_instance" "web" {\n  ami = "ami-1"\n}\n' }).findings.find((f) => f.ruleId === "test/instances");
    assert.notEqual(before?.range.start.line, after?.range.start.line);
    assert.equal(before?.fingerprint, after?.fingerprint);
  });

  it("turns value origins into the evidence chain", () => {
    const finding = run({ "main.tf": 'variable "ami" {\n  default = "ami-1"\n}\nresource "aws_instance" "web" {\n  ami = var.ami\n}\n' }).findings.find((f) => f.ruleId === "test/instances");
    assert.deepEqual(finding?.evidence.map((e) => `${e.message} ${e.file}:${e.range.start.line}:${e.range.start.column}`), ["var.ami default main.tf:2:3"]);
  });

  it("reports a finding in a called module once per distinct problem, with the call chain", () => {
    const result = run({
      "main.tf": 'module "a" {\n  source = "./m"\n}\nmodule "b" {\n  source = "./m"\n}\n',
      "m/main.tf": 'resource "aws_instance" "x" {}\n',
    });
    const found = result.findings.filter((f) => f.ruleId === "test/instances");
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.module, ["module.a"]);
    assert.equal(found[0]?.moduleRoot, ".");
  });

  it("names the root module a call chain starts from", () => {
    const result = run({
      "envs/prod/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\n',
      "modules/app/main.tf": 'resource "aws_instance" "x" {}\n',
    });
    const found = result.findings.find((f) => f.ruleId === "test/instances");
    assert.deepEqual([found?.moduleRoot, found?.module], ["envs/prod", ["module.app"]]);
  });
});

describe("suppressions", () => {
  const suppressed = (comment: string) =>
    run({ "main.tf": `${comment}\nresource "aws_instance" "web" {\n  ami = "ami-1"\n}\n` }, { only: ["test/instances"] }).findings.filter((f) => f.ruleId === "test/instances");

  it("honours cairn:ignore with a reason, on the block or the argument", () => {
    assert.deepEqual(suppressed("# cairn:ignore test/instances legacy host, retired in Q3").map((f) => f.suppressed), [{ kind: "comment", reason: "legacy host, retired in Q3" }]);
    const onArgument = run({ "main.tf": 'resource "aws_instance" "web" {\n  # cairn:ignore test/instances pinned by the vendor\n  ami = "ami-1"\n}\n' }).findings.find((f) => f.ruleId === "test/instances");
    assert.equal(onArgument?.suppressed?.reason, "pinned by the vendor");
  });

  it("does not honour cairn:ignore without a reason, or for another rule", () => {
    const noReason = suppressed("# cairn:ignore test/instances")[0];
    assert.equal(noReason?.suppressed, undefined);
    assert.deepEqual(noReason?.evidence.map((e) => `${e.range.start.line} ${e.message}`), ["1 cairn:ignore test/instances has no reason; write the reason after the rule id"]);
    assert.equal(suppressed("# cairn:ignore test/other because")[0]?.suppressed, undefined);
  });

  it("honours the peers' comments for corresponding rules", () => {
    for (const comment of ["#checkov:skip=CKV_AWS_8:not needed", "#tfsec:ignore:AVD-AWS-0131", "#trivy:ignore:AVD-AWS-0131", "# tflint-ignore: aws_instance_invalid_type", "# tflint-ignore: all", "# kics-scan ignore-block"]) {
      assert.equal(suppressed(comment)[0]?.suppressed?.kind, "comment", comment);
    }
    assert.equal(suppressed("#checkov:skip=CKV_AWS_999:other check")[0]?.suppressed, undefined);
  });
});

describe("configuration", () => {
  it("validates against the schema and names the line of a bad value", () => {
    assert.throws(() => parseConfig("rules:\n  network/ssh: sometimes\n"), (e: Error) => e instanceof ConfigError && /^\.cairn\.yaml:2: /.test(e.message));
    assert.throws(() => parseConfig("tags:\n  required: ok\n"), /\.cairn\.yaml:2: tags\.required must be array/);
    assert.throws(() => parseConfig("colour: blue\n"), /unknown setting "colour"/);
    assert.throws(() => parseConfig("rules: [\n"), /not valid YAML/);
    assert.deepEqual(parseConfig("failOn: warning\ntags:\n  required: [Team]\n"), { failOn: "warning", tags: { required: ["Team"] } });
  });

  it("applies severities, turns rules off and rejects unknown rule ids", () => {
    const files = { "main.tf": 'resource "aws_instance" "web" {}\n' };
    assert.equal(run(files, { config: { rules: { "test/instances": "error" } } }).findings.find((f) => f.ruleId === "test/instances")?.severity, "error");
    assert.equal(run(files, { config: { rules: { "test/instances": "off" } } }).findings.filter((f) => f.ruleId === "test/instances").length, 0);
    assert.equal(run(files, { config: { principles: { cost: "off" } } }).findings.filter((f) => f.ruleId === "test/repository").length, 0);
    assert.throws(() => run(files, { config: { rules: { "no/such": "off" } } }), /there is no rule "no\/such"/);
  });

  it("ignores paths by glob", () => {
    const ignored = ignoreMatcher(["legacy/**", "*.generated.tf", "examples/"]);
    assert.deepEqual(["legacy/a/main.tf", "x/y.generated.tf", "examples/a/main.tf", "main.tf"].map(ignored), [true, true, true, false]);
    const result = run({ "legacy/main.tf": 'resource "aws_instance" "a" {}\n', "main.tf": "" }, { config: { ignore: ["legacy/**"] } });
    assert.equal(result.findings.filter((f) => f.ruleId === "test/instances").length, 0);
  });
});

describe("baseline", () => {
  it("accepts recorded findings and reports new ones", () => {
    const before = run({ "main.tf": 'resource "aws_instance" "a" {}\n' });
    const baseline = parseBaseline(JSON.stringify(createBaseline(before.findings)), "b.json");
    const after = run({ "main.tf": 'resource "aws_instance" "a" {}\nresource "aws_instance" "b" {}\n' }, { baseline });
    assert.deepEqual(
      after.findings.map((f) => [f.message, f.suppressed?.kind ?? null]),
      [
        ["Something is missing.", "baseline"],
        ["aws_instance.a is an instance.", "baseline"],
        ["aws_instance.b is an instance.", null],
      ],
    );
    assert.throws(() => parseBaseline("{}", "b.json"), /is not a cairn baseline/);
  });

  it("marks findings in place", () => {
    const findings = run({ "main.tf": 'resource "aws_instance" "a" {}\n' }).findings;
    applyBaseline(findings, { version: 1, findings: [{ ruleId: "x", file: "main.tf", fingerprint: findings[1]!.fingerprint }] });
    assert.equal(findings[1]!.suppressed?.kind, "baseline");
  });
});

describe("scores", () => {
  const finding = (ruleId: string, severity: Finding["severity"], principle: Finding["principle"] = "security"): Finding => ({
    ruleId,
    principle,
    severity,
    message: "",
    file: "main.tf",
    range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    evidence: [],
    fingerprint: ruleId,
  });

  it("follows the documented formula", () => {
    const score = (findings: Finding[]) => scorePrinciples(findings).scores.find((s) => s.principle === "security")?.score;
    assert.equal(score([]), 100);
    assert.equal(score([finding("a", "note")]), 95);
    assert.equal(score([finding("a", "warning")]), 83);
    assert.equal(score([finding("a", "error")]), 67);
    assert.equal(score([finding("a", "error"), finding("b", "error")]), 50);
    assert.equal(score(Array.from({ length: 8 }, () => finding("a", "error"))), 33);
    const { overall } = scorePrinciples([finding("a", "error")]);
    assert.equal(overall, Math.round((7 * 100 + 67) / 8));
  });

  it("leaves suppressed findings out", () => {
    const quiet = { ...finding("a", "error"), suppressed: { kind: "comment" as const, reason: "x" } };
    assert.equal(scorePrinciples([quiet]).overall, 100);
  });

  it("scores only the principles checked, when only some rules ran", () => {
    const { scores, overall } = scorePrinciples([finding("a", "error")], ["security"]);
    assert.deepEqual(
      scores.map((s) => [s.principle, s.score]),
      [["security", 67]],
    );
    assert.equal(overall, 67, "not pulled up by seven unchecked principles at 100");
  });
});
