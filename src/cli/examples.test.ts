/**
 * End-to-end: the built CLI on the two example repositories, checking exit codes, the JSON result,
 * the SARIF and JUnit shapes, and that no secret value of the examples ever reaches an output.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { PRINCIPLES, type AuditResult } from "../engine/types.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// The package's own command: the bundled CLI.
const bin = fileURLToPath(new URL("../../dist/cli/cairn.js", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "cairn-e2e-"));
after(() => rmSync(out, { recursive: true, force: true }));

function cairn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Secret values written into the grown-by-hand example on purpose. */
const SECRETS = ["Sup3rS3cret!2019", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"];

describe("cairn audit on examples/grown-by-hand", () => {
  const json = join(out, "grown.json");
  const sarif = join(out, "grown.sarif");
  const junit = join(out, "grown.xml");
  const run = cairn("audit", "examples/grown-by-hand", "--format", "text", "--output", join(out, "grown.txt"), "--format", "json", "--output", json, "--format", "sarif", "--output", sarif, "--format", "junit", "--output", junit);

  it("exits 1 because there are errors", () => {
    assert.equal(run.stderr, "");
    assert.equal(run.status, 1);
  });

  it("finds problems in every principle", () => {
    const result = JSON.parse(readFileSync(json, "utf8")) as AuditResult;
    assert.equal(result.schemaVersion, 1);
    assert.equal(result.root, "examples/grown-by-hand");
    const principles = new Set(result.findings.map((f) => f.principle));
    for (const principle of PRINCIPLES) assert.ok(principles.has(principle), `no finding for ${principle}`);
    const ids = new Set(result.findings.map((f) => f.ruleId));
    for (const id of ["state/remote-backend", "state/committed-state", "secrets/hardcoded", "network/open-admin-ports", "network/ssh", "provisioning/remote-exec", "backup/databases", "ci/pipeline", "cost/budget", "layout/copy-paste-environments"]) {
      assert.ok(ids.has(id), `expected a ${id} finding`);
    }
    for (const score of result.scores) assert.ok(score.score < 100, `${score.principle} scores ${score.score}`);
  });

  it("writes SARIF that lists its rules and locates every result", () => {
    const log = JSON.parse(readFileSync(sarif, "utf8")) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[];
    };
    assert.equal(log.version, "2.1.0");
    const [runLog] = log.runs;
    assert.ok(runLog !== undefined && runLog.results.length > 0);
    const ruleIds = new Set(runLog.tool.driver.rules.map((r) => r.id));
    for (const result of runLog.results) {
      assert.ok(ruleIds.has(result.ruleId), result.ruleId);
      const uri = result.locations[0]?.physicalLocation.artifactLocation.uri ?? "";
      assert.ok(uri.length > 0 && !uri.startsWith("/") && !uri.includes("\\"), uri);
    }
  });

  it("writes JUnit XML with a failure per finding", () => {
    const xml = readFileSync(junit, "utf8");
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.ok((xml.match(/<failure /g) ?? []).length > 10);
  });

  it("never prints a secret it found", () => {
    for (const file of ["grown.txt", "grown.json", "grown.sarif", "grown.xml"]) {
      const text = readFileSync(join(out, file), "utf8");
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${file} contains a secret value`);
    }
  });
});

describe("cairn audit on examples/well-kept", () => {
  it("finds nothing, even at the note threshold", () => {
    const run = cairn("audit", "examples/well-kept", "--format", "json", "--fail-on", "note");
    const result = JSON.parse(run.stdout) as AuditResult;
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line} ${f.message}`),
      [],
    );
    assert.equal(run.status, 0);
    assert.equal(result.overall, 100);
  });
});

describe("exit status and flags", () => {
  it("exits 0 with --fail-on never, and 2 on a bad flag or path", () => {
    assert.equal(cairn("audit", "examples/grown-by-hand", "--fail-on", "never", "--quiet").status, 0);
    assert.equal(cairn("audit", "examples/grown-by-hand", "--format", "yaml").status, 2);
    assert.equal(cairn("audit", "examples/grown-by-hand", "--bogus").status, 2);
    assert.equal(cairn("audit", "no/such/place").status, 2);
  });

  it("accepts a baseline of today's findings and then reports none of them", () => {
    const baseline = join(out, "baseline.json");
    assert.equal(cairn("audit", "examples/grown-by-hand", "--write-baseline", baseline, "--fail-on", "never", "--quiet").status, 0);
    const run = cairn("audit", "examples/grown-by-hand", "--baseline", baseline, "--format", "json");
    const result = JSON.parse(run.stdout) as AuditResult;
    assert.equal(run.status, 0);
    assert.ok(result.findings.length > 0 && result.findings.every((f) => f.suppressed?.kind === "baseline"));
  });

  it("runs only the rules asked for", () => {
    const run = cairn("audit", "examples/grown-by-hand", "--rule", "network/open-admin-ports", "--format", "json", "--fail-on", "never");
    const result = JSON.parse(run.stdout) as AuditResult;
    assert.deepEqual([...new Set(result.findings.map((f) => f.ruleId))], ["network/open-admin-ports"]);
    assert.deepEqual(result.rules.map((r) => r.id), ["network/open-admin-ports"]);
  });

  it("reports a bad configuration file with its line", () => {
    const config = join(out, "bad.yaml");
    writeFileSync(config, "rules:\n  network/ssh: sometimes\n");
    const run = cairn("audit", "examples/grown-by-hand", "--config", config);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /:2: rules\.network\/ssh must be one of off, error, warning, note|:2: rules/);
  });
});
