import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanResult, fullResult, smallResult } from "./fixtures.test.js";
import { renderText } from "./text.js";

const source = (): string | undefined => undefined;

describe("text report", () => {
  it("renders a small result exactly (snapshot)", () => {
    const text = renderText(smallResult(), { color: false, source, failOn: "error" });
    const expected = renderText(smallResult(), { color: false, source, failOn: "error" });
    assert.equal(text, expected, "deterministic");
    const lines = text.split("\n");
    assert.match(lines[0] ?? "", /^cairn \d+\.\d+\.\d+ · /);
    assert.ok(text.includes("Scorecard (0–100 per principle; see docs/scoring.md)"));
    assert.ok(/^ {2}Overall {8}/m.test(text));
    assert.ok(!text.includes("\u001b["), "no colour codes unless asked");
  });

  it("groups findings by principle in the principles' order, each with where it came from", () => {
    const text = renderText(fullResult(), { color: false, source, failOn: "warning" });
    const headings = text.split("\n").filter((l) => /^[A-Z][a-z]+ \(/.test(l) && !l.startsWith("Scorecard")).map((l) => l.split(" ")[0]);
    const order = ["Idempotency", "Housekeeping", "Security", "Verification", "Cost", "Parity", "Recoverability", "Operations"];
    assert.deepEqual(headings, order.filter((p) => headings.includes(p)));
    assert.match(text, / {4}← .+ \(.+:\d+\)/, "evidence lines");
    assert.match(text, /fails: \d+ findings? at warning or above|passes/);
  });

  it("shows a code frame when the source is available", () => {
    const result = smallResult();
    const finding = result.findings.find((f) => f.file !== ".");
    assert.ok(finding !== undefined);
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`.padEnd(39, ".")).join("\n");
    const text = renderText(result, { color: false, source: (p) => (p === finding.file ? lines : undefined) });
    assert.match(text, new RegExp(`> +${finding.range.start.line} \\| line ${finding.range.start.line}`));
  });

  it("colours only when asked, and says so when there is nothing to report", () => {
    assert.ok(renderText(smallResult(), { color: true, source }).includes("\u001b[1m"));
    const clean = renderText(cleanResult(), { color: false, source, failOn: "note" });
    assert.match(clean, /No findings/);
  });

  it("folds a rule that fires many times: the first three in full, the rest one line each", () => {
    const result = smallResult();
    const template = result.findings.find((f) => f.file !== ".");
    assert.ok(template !== undefined);
    const many = Array.from({ length: 8 }, (_, i) => ({ ...template, file: `env${i}/main.tf`, message: `The backend of env${i} has no locking.`, fingerprint: `fp${i}` }));
    result.findings = [...many, ...result.findings.filter((f) => f !== template)];
    const folded = renderText(result, { color: false, source });
    const full = (text: string): number => text.split("\n").filter((l) => l.startsWith(`  ${template.severity} ${template.ruleId} env`)).length;
    assert.equal(full(folded), 3);
    assert.match(folded, new RegExp(`… and 5 more ${template.ruleId} \\(5 ${template.severity}s\\), shown in full with --full or --rule ${template.ruleId}:`));
    for (let i = 3; i < 8; i++) assert.match(folded, new RegExp(`^ {4}${template.severity} env${i}/main\\.tf:\\d+:\\d+  The backend of env${i} has no locking\\.$`, "m"));
    const fifty = { ...result, findings: [...Array.from({ length: 50 }, (_, i) => ({ ...template, file: `env${i}/main.tf`, fingerprint: `fp${i}` })), ...result.findings.slice(8)] };
    const long = renderText(fifty, { color: false, source });
    assert.equal(long.split("\n").filter((l) => /^ {4}\S+ env\d+\/main\.tf:/.test(l)).length, 10, "ten folded findings listed");
    assert.match(long, /^ {4}… 37 more in 37 files$/m);
    const unfolded = renderText(result, { color: false, source, full: true });
    assert.equal(full(unfolded), 8);
    assert.doesNotMatch(unfolded, /… and \d+ more/);
  });

  it("prints findings only with quiet", () => {
    const quiet = renderText(smallResult(), { color: false, source, quiet: true });
    assert.doesNotMatch(quiet, /Scorecard/);
  });
});
