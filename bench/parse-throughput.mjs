#!/usr/bin/env node
// Parser throughput and memory on a directory of Terraform, compared with HashiCorp's parser
// (@cdktf/hcl2json, WebAssembly) in the same run. Not a test: numbers depend on the machine.
//
//   node --expose-gc bench/parse-throughput.mjs DIR [--runs 5] [--peer-runs 3] [--no-peer]
//
// Files are read into memory first, so only parsing is timed. Each cairn run parses every file and
// keeps every tree until the run ends (what an audit does). Runs are interleaved with the peer's.
// Peak RSS is measured in a separate process that parses everything once and keeps all trees.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHcl } from "../dist/index.js";

const args = process.argv.slice(2);
const options = { runs: 5, peerRuns: 3, peer: true, rssOnly: false, dir: undefined };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--runs") options.runs = Number(args[++i]);
  else if (a === "--peer-runs") options.peerRuns = Number(args[++i]);
  else if (a === "--no-peer") options.peer = false;
  else if (a === "--rss-only") options.rssOnly = true;
  else options.dir = a;
}
if (!options.dir) {
  console.error("usage: node --expose-gc bench/parse-throughput.mjs DIR [--runs 5] [--peer-runs 3] [--no-peer]");
  process.exit(2);
}

function* tfFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (name !== ".git" && name !== ".terraform" && name !== "node_modules") yield* tfFiles(path);
    } else if (name.endsWith(".tf")) yield path;
  }
}

const paths = [...tfFiles(options.dir)];
const texts = paths.map((p) => readFileSync(p, "utf8"));
const bytes = paths.reduce((sum, p) => sum + lstatSync(p).size, 0);
const mb = bytes / 1e6;

if (options.rssOnly) {
  const trees = texts.map((t, i) => parseHcl(t, { path: paths[i] }));
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ trees: trees.length, maxRssMB: process.resourceUsage().maxRSS / 1024, heapUsedMB: heap / 1e6 }));
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function cairnPass() {
  globalThis.gc?.();
  const started = performance.now();
  const trees = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) trees[i] = parseHcl(texts[i], { path: paths[i] });
  const ms = performance.now() - started;
  if (trees.length !== texts.length) throw new Error("lost trees");
  return ms;
}

let hcl2json;
if (options.peer) hcl2json = (await import("@cdktf/hcl2json")).parse;

async function peerPass() {
  const started = performance.now();
  for (let i = 0; i < texts.length; i++) {
    try {
      await hcl2json(paths[i], texts[i]);
    } catch {
      // invalid files cost the same parse; errors are not the point here
    }
  }
  return performance.now() - started;
}

console.log(`${paths.length} .tf files, ${mb.toFixed(1)} MB, node ${process.version}, gc ${globalThis.gc ? "exposed" : "not exposed"}`);
cairnPass(); // warm-up
const cairnMs = [];
const peerMs = [];
for (let r = 0; r < Math.max(options.runs, options.peer ? options.peerRuns : 0); r++) {
  if (r < options.runs) {
    const ms = cairnPass();
    cairnMs.push(ms);
    console.log(`  cairn    run ${r + 1}: ${ms.toFixed(0).padStart(6)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
  }
  if (options.peer && r < options.peerRuns) {
    const ms = await peerPass();
    peerMs.push(ms);
    console.log(`  hcl2json run ${r + 1}: ${ms.toFixed(0).padStart(6)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
  }
}

const rss = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), options.dir, "--rss-only"], { encoding: "utf8" });
const memory = JSON.parse(rss.stdout.trim().split("\n").pop());

const cairnRate = mb / (median(cairnMs) / 1000);
console.log("");
console.log(`cairn    median ${median(cairnMs).toFixed(0)} ms = ${cairnRate.toFixed(1)} MB/s over ${cairnMs.length} runs (min ${Math.min(...cairnMs).toFixed(0)}, max ${Math.max(...cairnMs).toFixed(0)})`);
if (peerMs.length > 0) {
  const peerRate = mb / (median(peerMs) / 1000);
  console.log(`hcl2json median ${median(peerMs).toFixed(0)} ms = ${peerRate.toFixed(2)} MB/s over ${peerMs.length} runs`);
  console.log(`ratio    cairn is ${(cairnRate / peerRate).toFixed(1)}x the throughput of hcl2json`);
}
console.log(`memory   peak RSS ${memory.maxRssMB.toFixed(0)} MB with all ${memory.trees} trees kept (heap after GC ${memory.heapUsedMB.toFixed(0)} MB)`);
