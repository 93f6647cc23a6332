#!/usr/bin/env node
// Whole-process benchmark of `cairn audit` on a directory, interleaved with the peers that are
// installed (checkov, Trivy, TFLint, KICS). Not a test: the numbers depend on the machine.
//
//   npm run bench -- DIR [--runs 5] [--peers checkov,trivy,tflint,kics|none] [--timeout 1800]
//                        [--peer-runs N] [--no-peer-warmup] [--tflint-config FILE] [--json FILE]
//
// Each tool runs once to warm up, then --runs times, the tools taking turns so that load on a shared
// machine hits them alike. On a large repository where a peer takes minutes, --peer-runs 1
// --no-peer-warmup measures each peer once (cairn's warm-up has already filled the file cache). Wall time, CPU time (user + system) and peak RSS come from /usr/bin/time.
// Findings are counted from each tool's JSON report. See bench/README.md for installing the peers.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const options = { runs: 5, peerRuns: null, peerWarmup: true, peers: ["checkov", "trivy", "tflint", "kics"], timeout: 1800, tflintConfig: process.env.TFLINT_CONFIG ?? null, json: null, dir: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--runs") options.runs = Number(args[++i]);
  else if (a === "--peers") options.peers = args[++i] === "none" ? [] : args[i].split(",");
  else if (a === "--timeout") options.timeout = Number(args[++i]);
  else if (a === "--peer-runs") options.peerRuns = Number(args[++i]);
  else if (a === "--no-peer-warmup") options.peerWarmup = false;
  else if (a === "--tflint-config") options.tflintConfig = args[++i];
  else if (a === "--json") options.json = args[++i];
  else if (a.startsWith("--")) {
    console.error(`unknown option ${a}`);
    process.exit(2);
  } else options.dir = resolve(a);
}
if (options.dir === null || !existsSync(options.dir)) {
  console.error("usage: npm run bench -- DIR [--runs 5] [--peers checkov,trivy,tflint,kics|none] [--timeout 1800] [--peer-runs N] [--no-peer-warmup] [--tflint-config FILE] [--json FILE]");
  process.exit(2);
}
if (!existsSync("/usr/bin/time")) {
  console.error("bench needs /usr/bin/time (GNU time) to measure CPU time and peak memory");
  process.exit(2);
}

const cli = fileURLToPath(new URL("../dist/cli/cairn.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "cairn-bench-"));

function onPath(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
}

function countTf(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (name !== ".git" && name !== ".terraform" && name !== "node_modules") walk(path);
      } else if (name.endsWith(".tf")) {
        files++;
        bytes += st.size;
      }
    }
  };
  walk(dir);
  return { files, mb: bytes / 1e6 };
}

/** The tools, each a command, where it runs, and how to count its findings. */
const tools = [
  {
    name: "cairn",
    command: () => [process.execPath, cli, "audit", options.dir, "--format", "json", "--output", join(scratch, "cairn.json"), "--fail-on", "never"],
    findings: () => JSON.parse(readFileSync(join(scratch, "cairn.json"), "utf8")).findings.filter((f) => f.suppressed === undefined).length,
  },
  {
    name: "checkov",
    available: () => onPath("checkov"),
    command: () => ["checkov", "-d", options.dir, "--framework", "terraform", "-o", "json", "--skip-download", "--quiet", "--compact", "--soft-fail", "--output-file-path", join(scratch, "checkov")],
    findings: () => {
      const file = join(scratch, "checkov", "results_json.json");
      if (!existsSync(file)) return null;
      const data = JSON.parse(readFileSync(file, "utf8"));
      const reports = Array.isArray(data) ? data : [data];
      return reports.reduce((sum, r) => sum + (r.results?.failed_checks?.length ?? 0), 0);
    },
  },
  {
    name: "trivy",
    available: () => onPath("trivy"),
    command: () => [
      // Trivy gives up after 5 minutes by default, which a large repository exceeds.
      "trivy", "config", "--timeout", `${options.timeout}s`, "--skip-check-update", "--disable-telemetry", "--skip-version-check", "--cache-backend", "memory",
      "--misconfig-scanners", "terraform", "--quiet", "--format", "json", "-o", join(scratch, "trivy.json"), options.dir,
    ],
    findings: () => {
      const data = JSON.parse(readFileSync(join(scratch, "trivy.json"), "utf8"));
      return (data.Results ?? []).reduce((sum, r) => sum + (r.Misconfigurations ?? []).filter((m) => m.Status === "FAIL").length, 0);
    },
  },
  {
    name: "tflint",
    available: () => onPath("tflint"),
    cwd: () => options.dir,
    command: () => ["tflint", "--recursive", ...(options.tflintConfig ? ["--config", resolve(options.tflintConfig)] : []), "--format", "json", "--force"],
    stdout: () => join(scratch, "tflint.json"),
    // TFLint exits 1 when some directories fail (a function reading a file that is not there) and
    // still reports the issues of the others: that counts as a run, with its errors noted.
    acceptsFailure: () => {
      try {
        return Array.isArray(JSON.parse(readFileSync(join(scratch, "tflint.json"), "utf8")).issues);
      } catch {
        return false;
      }
    },
    findings: () => {
      const data = JSON.parse(readFileSync(join(scratch, "tflint.json"), "utf8"));
      const errors = (data.errors ?? []).length;
      return errors === 0 ? data.issues.length : `${data.issues.length} (${errors} directories failed)`;
    },
  },
  {
    name: "kics",
    available: () => onPath("kics"),
    command: () => [
      "kics", "scan", "-p", options.dir, "--type", "terraform", "--disable-secrets", "--ci", "--no-progress", "--no-color",
      "--ignore-on-exit", "results", "--report-formats", "json", "-o", join(scratch, "kics"), "--output-name", "kics",
    ],
    findings: () => {
      const data = JSON.parse(readFileSync(join(scratch, "kics", "kics.json"), "utf8"));
      return data.total_counter ?? (data.queries ?? []).reduce((sum, q) => sum + (q.files?.length ?? 0), 0);
    },
  },
].filter((t) => t.name === "cairn" || (options.peers.includes(t.name) && t.available()));

// Trivy clones the remote modules a configuration calls. Offline, each clone waits for the network to
// fail (41.6 s against 3.5 s on 100 ministryofjustice namespaces, with the same findings), which would
// measure the network, not the tool. Forbidding git's network transports makes the attempt fail at once.
const offlineEnv = { ...process.env, GIT_ALLOW_PROTOCOL: "file" };

function measure(tool) {
  const timeFile = join(scratch, "time.txt");
  const command = tool.command();
  const stdoutFile = tool.stdout?.();
  const result = spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%e %U %S %M", ...command], {
    cwd: tool.cwd?.() ?? process.cwd(),
    env: offlineEnv,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    timeout: options.timeout * 1000,
    stdio: ["ignore", stdoutFile ? "pipe" : "ignore", "pipe"],
  });
  if (stdoutFile) writeFileSync(stdoutFile, result.stdout ?? "");
  if (result.error !== undefined) return { error: result.error.code === "ETIMEDOUT" ? `timed out after ${options.timeout} s` : String(result.error.message) };
  const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
  const [wall, user, sys, rssKb] = last.split(" ").map(Number);
  if (Number.isNaN(wall) || (result.status !== 0 && tool.acceptsFailure?.() !== true)) return { error: `exit ${result.status}: ${(result.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}` };
  let findings = null;
  try {
    findings = tool.findings();
  } catch (error) {
    findings = `? (${error.message})`;
  }
  return { wall, cpu: user + sys, rss: rssKb / 1024, findings };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const corpus = countTf(options.dir);
const peerRuns = Math.min(options.peerRuns ?? options.runs, options.runs);
const peerNote = peerRuns === options.runs && options.peerWarmup ? "" : ` (peers: ${peerRuns} run${peerRuns === 1 ? "" : "s"}${options.peerWarmup ? " after a warm-up" : ", no warm-up"})`;
console.log(`${options.dir}: ${corpus.files} .tf files, ${corpus.mb.toFixed(1)} MB; node ${process.version}; ${options.runs} runs after a warm-up${peerNote}; tools: ${tools.map((t) => t.name).join(", ")}`);
const results = new Map(tools.map((t) => [t.name, []]));
const failures = new Map();
for (let round = 0; round <= options.runs; round++) {
  for (const tool of tools) {
    if (failures.has(tool.name)) continue;
    if (tool.name !== "cairn" && ((round === 0 && !options.peerWarmup) || round > peerRuns)) continue;
    const m = measure(tool);
    if (m.error !== undefined) {
      failures.set(tool.name, m.error);
      console.log(`  ${tool.name}: ${m.error}`);
      continue;
    }
    if (round === 0) {
      console.log(`  warm-up ${tool.name.padEnd(8)} ${m.wall.toFixed(2)} s, ${m.findings} findings`);
      continue;
    }
    results.get(tool.name).push(m);
    console.log(`  run ${round} ${tool.name.padEnd(8)} wall ${m.wall.toFixed(2)} s  cpu ${m.cpu.toFixed(2)} s  rss ${m.rss.toFixed(0)} MB`);
  }
}

const summary = tools
  .filter((t) => results.get(t.name).length > 0)
  .map((t) => {
    const runs = results.get(t.name);
    return { tool: t.name, wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), rss: median(runs.map((r) => r.rss)), findings: runs[runs.length - 1].findings, runs: runs.length };
  });
const cairn = summary.find((s) => s.tool === "cairn");
console.log("");
console.log("| tool | median wall (s) | median CPU (s) | median peak RSS (MB) | findings | cairn is faster by |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const s of summary) {
  const ratio = s.tool === "cairn" || cairn === undefined ? "" : `${(s.wall / cairn.wall).toFixed(1)}x`;
  console.log(`| ${s.tool} | ${s.wall.toFixed(2)} | ${s.cpu.toFixed(2)} | ${s.rss.toFixed(0)} | ${s.findings} | ${ratio} |`);
}
for (const [tool, error] of failures) console.log(`| ${tool} | failed: ${error} | | | | |`);
if (options.json !== null) writeFileSync(options.json, `${JSON.stringify({ dir: options.dir, corpus, summary, failures: Object.fromEntries(failures) }, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });
