import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { NodeFileSource } from "./node-source.js";

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "cairn-source-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function git(root: string, ...args: string[]): void {
  const result = spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: root, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

describe("NodeFileSource without git metadata", () => {
  it("lists every file, skips tool caches, and records .gitignore matches", () => {
    const root = tree({
      "main.tf": 'resource "x" "y" {}\n',
      ".gitignore": "# state\n*.tfstate\n",
      "terraform.tfstate": "{}",
      ".terraform/modules/m/main.tf": "",
      "node_modules/x/index.js": "",
    });
    const source = new NodeFileSource(root);
    assert.deepEqual(
      source.list().map((e) => [e.path, e.tracked, e.ignoredBy ?? null]),
      [
        [".gitignore", null, null],
        ["main.tf", null, null],
        ["terraform.tfstate", null, ".gitignore:2"],
      ],
    );
    assert.deepEqual(source.skippedDirectories(), [
      { path: ".terraform", tracked: null },
      { path: "node_modules", tracked: null },
    ]);
  });

  it("says why a file cannot be read: binary, not UTF-8, too large", () => {
    const root = tree({
      "binary.tf": Buffer.from([0x72, 0x00, 0x01]),
      "latin1.tf": Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
      "big.tf": Buffer.alloc(6 * 1024 * 1024, 0x61),
      "ok.tf": "a = 1\n",
    });
    const source = new NodeFileSource(root);
    const reasons = Object.fromEntries(source.list().map((e) => { const r = source.read(e.path); return [e.path, r.ok ? "ok" : r.reason]; }));
    assert.deepEqual(reasons, {
      "big.tf": "is larger than 5 MiB",
      "binary.tf": "is a binary file (it contains NUL bytes)",
      "latin1.tf": "is not valid UTF-8 text",
      "ok.tf": "ok",
    });
  });

  it("follows symbolic links once and survives a loop", () => {
    const root = tree({ "modules/a/main.tf": "a = 1\n" });
    symlinkSync(join(root, "modules"), join(root, "modules", "a", "loop"));
    symlinkSync(join(root, "modules", "a"), join(root, "linked"));
    const paths = new NodeFileSource(root).list().map((e) => e.path);
    assert.ok(paths.includes("modules/a/main.tf"));
    assert.ok(paths.length <= 2, paths.join(", "));
  });
});

describe("NodeFileSource in a git work tree", () => {
  it("keeps tracked files (even ignored ones) and untracked files that are not ignored", () => {
    const root = tree({ "main.tf": "a = 1\n", "terraform.tfstate": "{}", ".terraform/providers/x": "bin" });
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "init");
    writeFileSync(join(root, ".gitignore"), "*.tfstate\n*.log\n");
    writeFileSync(join(root, "crash.log"), "untracked and ignored\n");
    writeFileSync(join(root, "new.tf"), "b = 2\n");
    const source = new NodeFileSource(root);
    assert.deepEqual(
      source.list().map((e) => [e.path, e.tracked, e.ignoredBy ?? null]),
      [
        [".gitignore", false, null],
        ["main.tf", true, null],
        ["new.tf", false, null],
        ["terraform.tfstate", true, ".gitignore:1"],
      ],
    );
    assert.deepEqual(source.skippedDirectories(), [{ path: ".terraform", tracked: true }]);
  });
});
