#!/usr/bin/env node
// Runs every compiled test file under dist/ with Node's built-in test runner.
// Node 20 has no glob support in `node --test`, so the files are listed here.
// Extra arguments are passed through, e.g. `npm test -- --test-name-pattern=lexer`.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function findTests(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

const files = findTests("dist", []);
if (files.length === 0) {
  console.error("No test files found under dist/. Run `npm run build` first.");
  process.exit(2);
}
const result = spawnSync(process.execPath, ["--test", ...process.argv.slice(2), ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
