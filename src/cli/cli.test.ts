import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { VERSION } from "../version.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// The package's own command: the bundled CLI.
const bin = fileURLToPath(new URL("../../dist/cli/cairn.js", import.meta.url));

function cairn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cairn CLI", () => {
  it("prints its version, which matches package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    assert.equal(VERSION, pkg.version);
    assert.equal(cairn("--version").stdout.trim(), pkg.version);
  });

  it("explains itself with --help", () => {
    const { status, stdout } = cairn("--help");
    assert.equal(status, 0);
    assert.match(stdout, /Usage:/);
    assert.match(stdout, /cairn parse \[PATH\]/);
    assert.match(stdout, /cairn audit \[PATH\]/);
  });

  it("stops quietly when the reader closes the pipe early (cairn audit | head -1)", () => {
    // The SARIF report (about 270 kB) is larger than a pipe's buffer, so cairn is still writing when head exits.
    // With pipefail the shell's status is cairn's.
    const command = `set -o pipefail; "${process.execPath}" "${bin}" audit examples/grown-by-hand --format sarif --fail-on never | head -1`;
    const result = spawnSync("bash", ["-c", command], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\{/);
    assert.doesNotMatch(result.stderr, /EPIPE|Unhandled|Error/);
  });

  it("summarises the parse of the example repository", () => {
    const { status, stdout } = cairn("parse", "examples/grown-by-hand");
    assert.equal(status, 0);
    assert.match(stdout, /No syntax errors\./);
    assert.match(stdout, /resource\s+\d+/);
  });

  it("lists syntax errors with file, line and column, and exits 1", () => {
    const { status, stdout } = cairn("parse", "test/fixtures/hcl/invalid/unclosed-block.tf", "--format", "json");
    assert.equal(status, 1);
    const summary = JSON.parse(stdout) as { errors: { file: string; line: number; column: number; message: string }[] };
    assert.deepEqual(
      summary.errors.map((e) => [e.line, e.column, e.message]),
      [[4, 1, 'expected \'}\' to close block resource "aws_instance" "web" opened at line 1']],
    );
  });

  it("rejects bad usage with exit status 2 and a hint", () => {
    const unknown = cairn("frobnicate");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no such directory: frobnicate/);
    const badFormat = cairn("parse", ".", "--format", "xml");
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /parse supports --format text or json/);
    const missing = cairn("parse", "no/such/dir");
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file or directory/);
    const badFailOn = cairn("audit", "examples/grown-by-hand", "--fail-on", "sometimes");
    assert.equal(badFailOn.status, 2);
    assert.match(badFailOn.stderr, /--fail-on must be error, warning, note or never/);
  });
});
