#!/usr/bin/env node
// Accuracy of cairn against the peers' own labelled test cases. Not a test: it needs checkouts of
// the peers' repositories, which are never committed.
//
//   node bench/peer-accuracy.mjs --checkov DIR --trivy DIR [--rule ID] [--show N] [--json FILE]
//
// For every cairn rule whose metadata names a corresponding peer rule:
//  - checkov: tests/terraform/checks/**/example_<Check>/ with the passing and failing resource sets
//    of test_<Check>.py, or the configurations older tests inline (as HCL, or as checkov's Python
//    dictionaries), or the graph checks' tests/terraform/graph/checks/resources/<Check>/. A failing
//    resource is found when cairn reports a finding inside its block or naming it first in the
//    message (for graph checks, also on a resource it refers to or that refers to it); a passing resource is a false
//    positive when cairn reports one there.
//  - Trivy: the `terraform: good/bad` examples in checks/cloud/**/<check>.yaml of trivy-checks. A bad
//    example is found when cairn reports anything on it; a good example must give nothing.
// Prints precision and recall per rule and peer, and every disagreement.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
// CAIRN_DIST points at another build of cairn (for example a private `tsc --outDir`), default ../dist.
const { MemorySource, RULES, audit, parseHcl } = await import(
  process.env.CAIRN_DIST ? pathToFileURL(`${process.env.CAIRN_DIST}/index.js`).href : "../dist/index.js"
);

const args = process.argv.slice(2);
const options = { checkov: null, trivy: null, rule: null, show: 8, json: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--checkov") options.checkov = args[++i];
  else if (a === "--trivy") options.trivy = args[++i];
  else if (a === "--rule") options.rule = args[++i];
  else if (a === "--show") options.show = Number(args[++i]);
  else if (a === "--json") options.json = args[++i];
}
if (options.checkov === null && options.trivy === null) {
  console.error("usage: node bench/peer-accuracy.mjs --checkov CHECKOV_REPO --trivy TRIVY_CHECKS_REPO [--rule ID] [--show N] [--json FILE]");
  process.exit(2);
}

function* walk(dir, accept) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) yield* walk(path, accept);
    else if (accept(path)) yield path;
  }
}

function filesOf(dir) {
  const files = {};
  for (const path of walk(dir, (p) => /\.(tf|tfvars|tf\.json)$/.test(p))) files[path.slice(dir.length + 1)] = readFileSync(path, "utf8");
  return files;
}

function runCairn(rule, files) {
  const result = audit({ root: ".", source: new MemorySource(files), rules: [rule] });
  return result.findings.filter((f) => f.ruleId === rule.meta.id && f.suppressed === undefined);
}

/** Resource and data blocks of the files, with their line ranges. */
function blocksOf(files) {
  const out = [];
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith(".tf")) continue;
    const file = parseHcl(text, { path });
    for (const item of file.body.items) {
      if (item.type !== "Block" || (item.blockType !== "resource" && item.blockType !== "data" && item.blockType !== "module")) continue;
      const labels = item.labels.map((l) => l.value);
      const address = item.blockType === "data" ? `data.${labels.join(".")}` : item.blockType === "module" ? `module.${labels[0]}` : labels.join(".");
      out.push({ path, address, start: item.start, end: item.end, text: text.slice(item.start, item.end) });
    }
  }
  return out;
}

/**
 * The resources a finding is about: the block it points into, and the resource its message names
 * first (cairn may point at an aws_s3_bucket_acl while the finding is about the bucket).
 */
function locateFinding(finding, blocks) {
  const out = new Set();
  const inside = blocks.find((b) => b.path === finding.file && b.start <= finding.range.start.offset && finding.range.start.offset < b.end);
  if (inside !== undefined) out.add(inside.address);
  let first = null;
  for (const b of blocks) {
    const at = finding.message.search(new RegExp(`(^|[^\\w.])${b.address.replace(/[.[\]]/g, "\\$&")}(?![\\w-])`));
    if (at >= 0 && (first === null || at < first.at)) first = { at, address: b.address };
  }
  if (first !== null) out.add(first.address);
  return [...out];
}

// ---------------------------------------------------------------- checkov

const checkovIndex = new Map();
function indexCheckov(repo) {
  const checksRoot = join(repo, "checkov", "terraform", "checks");
  // Graph checks are YAML: graph_checks/aws/<Name>.yaml with `id:`, tested in tests/terraform/graph/checks/resources/<Name>/.
  for (const path of walk(join(checksRoot, "graph_checks"), (p) => p.endsWith(".yaml"))) {
    const m = /^\s*id:\s*"?(CKV2?_[A-Z0-9_]+)"?/m.exec(readFileSync(path, "utf8"));
    if (m !== null && !checkovIndex.has(m[1])) checkovIndex.set(m[1], { source: path, className: basename(path, ".yaml"), graph: true });
  }
  for (const path of walk(checksRoot, (p) => p.endsWith(".py"))) {
    const text = readFileSync(path, "utf8");
    for (const m of text.matchAll(/\b(?:check_)?id\s*=\s*"(CKV2?_[A-Z0-9_]+)"/g)) {
      if (!checkovIndex.has(m[1])) checkovIndex.set(m[1], { source: path, className: basename(path, ".py") });
    }
  }
}

/** The framework (dockerfile, secrets, kubernetes…) of a checkov id that is not a Terraform check. */
function checkovOtherFramework(repo, id) {
  for (const framework of readdirSync(join(repo, "checkov")).sort()) {
    if (framework === "terraform") continue;
    for (const path of walk(join(repo, "checkov", framework), (p) => p.endsWith(".py"))) {
      const text = readFileSync(path, "utf8");
      if (text.includes(`"${id}"`) || text.includes(`'${id}'`)) return framework;
    }
  }
  return null;
}

function checkovCases(repo, id) {
  const entry = checkovIndex.get(id);
  if (entry === undefined) {
    const framework = checkovOtherFramework(repo, id);
    return { error: framework === null ? `no check ${id} in checkov` : `a ${framework} check, not measured here` };
  }
  if (entry.graph) {
    const dir = join(repo, "tests", "terraform", "graph", "checks", "resources", entry.className);
    let expected;
    try {
      expected = readFileSync(join(dir, "expected.yaml"), "utf8");
    } catch {
      return { error: `no graph test for ${entry.className}` };
    }
    const list = (key) => {
      const block = new RegExp(`^${key}:\\s*\\n((?:\\s+-.*\\n?)*)`, "m").exec(expected)?.[1] ?? "";
      return [...block.matchAll(/-\s*["']?([^"'\n]+?)["']?\s*$/gm)].map((m) => m[1].replace(/\[.*$/, ""));
    };
    return { files: filesOf(dir), passing: [...new Set(list("pass"))], failing: [...new Set(list("fail"))], name: entry.className, graph: true };
  }
  // The tests mirror the checks' folders: checks/resource/aws/X.py → tests/…/checks/resource/aws/test_X.py.
  const checksRoot = join(repo, "checkov", "terraform", "checks");
  const testFile = join(repo, "tests", "terraform", "checks", dirname(entry.source).slice(checksRoot.length + 1), `test_${entry.className}.py`);
  try {
    statSync(testFile);
  } catch {
    return { error: `no test_${entry.className}.py` };
  }
  const example = join(dirname(testFile), `example_${entry.className}`);
  let files;
  try {
    files = filesOf(example);
  } catch {
    return { error: `no example_${entry.className}/` };
  }
  const text = readFileSync(testFile, "utf8");
  const set = (name) => {
    const m = new RegExp(`${name}\\s*=\\s*[\\[{]([^\\]}]*)[\\]}]`).exec(text);
    if (m === null) return null;
    return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  };
  // Module checks name their cases by the module's label alone.
  const moduleCheck = entry.source.includes("/checks/module/");
  const label = (names) => (names === null ? null : moduleCheck ? names.map((n) => (n.startsWith("module.") ? n : `module.${n}`)) : names);
  const passing = label(set("passing_resources"));
  const failing = label(set("failing_resources"));
  if (passing !== null && failing !== null) return { files, passing, failing, name: entry.className };
  // Older tests inline one configuration per test method and assert PASSED or FAILED: as HCL text
  // (hcl2.loads("""…""")) or as the Python dictionary checkov's parser would make of it.
  const checkText = readFileSync(entry.source, "utf8");
  const supported = [.../supported_resources\s*=\s*[[(]([^\])]*)[\])]/.exec(checkText)?.[1]?.matchAll(/["']([a-z0-9_]+)["']/g) ?? []].map((m) => m[1]);
  const provider = entry.source.includes("/checks/provider/") ? (/checks\/provider\/([a-z0-9]+)\//.exec(entry.source)?.[1] ?? "aws") : null;
  const snippets = [];
  for (const method of text.split(/\n\s*def test/).slice(1)) {
    const verdict = /CheckResult\.(PASSED|FAILED)/.exec(method)?.[1];
    if (verdict === undefined) continue;
    const hcl = /"""([\s\S]*?)"""/.exec(method)?.[1];
    if (hcl !== undefined && /\b(resource|provider|data)\b/.test(hcl)) {
      snippets.push({ hcl: hcl.replace(/^\s*\n/, ""), failed: verdict === "FAILED" });
      continue;
    }
    const conf = /\b(?:resource_conf|provider_conf|conf)\s*=\s*(?=\{)/.exec(method);
    if (conf === null) continue;
    let dict;
    try {
      dict = new PythonLiteral(method, conf.index + conf[0].length).value();
    } catch {
      continue;
    }
    const type = /entity_type\s*=\s*["']([a-z0-9_]+)["']/.exec(method)?.[1] ?? supported[0];
    const header = provider !== null ? `provider "${provider}"` : type !== undefined ? `resource "${type}" "test"` : null;
    if (header === null || dict === null || typeof dict !== "object" || Array.isArray(dict)) continue;
    snippets.push({ hcl: `${header} {\n${hclBody(dict, "  ")}}\n`, failed: verdict === "FAILED" });
  }
  if (snippets.length === 0) return { error: `test_${entry.className}.py has no cases cairn can read` };
  return { snippets, name: entry.className };
}

/** A reader of the Python literals checkov's older tests write configurations in. */
class PythonLiteral {
  constructor(text, at) {
    this.text = text;
    this.at = at;
  }
  skip() {
    for (;;) {
      const m = /^(?:\s+|#[^\n]*)/.exec(this.text.slice(this.at, this.at + 200));
      if (m === null || m[0].length === 0) return;
      this.at += m[0].length;
    }
  }
  value() {
    this.skip();
    const c = this.text[this.at];
    if (c === "{" || c === "[" || c === "(") {
      const close = c === "{" ? "}" : c === "[" ? "]" : ")";
      this.at++;
      const out = c === "{" ? {} : [];
      for (;;) {
        this.skip();
        if (this.text[this.at] === close) {
          this.at++;
          return out;
        }
        if (c === "{") {
          const key = this.value();
          this.skip();
          if (this.text[this.at] !== ":") throw new Error("expected ':'");
          this.at++;
          out[String(key)] = this.value();
        } else out.push(this.value());
        this.skip();
        if (this.text[this.at] === ",") this.at++;
        else if (this.text[this.at] !== close) throw new Error(`unexpected ${this.text[this.at]}`);
      }
    }
    if (c === '"' || c === "'") {
      // Adjacent literals concatenate, as in Python.
      let s = "";
      while (this.text[this.at] === '"' || this.text[this.at] === "'") {
        const q = this.text[this.at];
        let j = this.at + 1;
        while (this.text[j] !== q) {
          if (j >= this.text.length || this.text[j] === "\n") throw new Error("unterminated string");
          if (this.text[j] === "\\") {
            const e = this.text[j + 1];
            s += e === "n" ? "\n" : e === "t" ? "\t" : e;
            j += 2;
          } else s += this.text[j++];
        }
        this.at = j + 1;
        this.skip();
      }
      return s;
    }
    const m = /^(True|False|None|-?\d+(?:\.\d+)?)/.exec(this.text.slice(this.at, this.at + 40));
    if (m === null) throw new Error("not a literal");
    this.at += m[0].length;
    return m[1] === "True" ? true : m[1] === "False" ? false : m[1] === "None" ? null : Number(m[1]);
  }
}

/** Arguments whose value is a map or a JSON document, not a nested block. */
const MAP_ARGUMENTS = new Set(["tags", "tags_all", "policy", "assume_role_policy", "inline_policy", "access_policies", "variables", "labels", "parameters", "container_definitions"]);

function hclString(s) {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function hclValue(v) {
  if (v === null) return "null";
  if (typeof v === "string") return hclString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(hclValue).join(", ")}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${hclString(k)} = ${hclValue(x)}`).join(", ")} }`;
}

/**
 * checkov's parser wraps every argument in a one-element list and gives nested blocks as lists of
 * dictionaries: {"port": ["80"], "default_action": [{"type": ["redirect"]}]}. This turns that back
 * into HCL.
 */
function hclBody(dict, indent) {
  let out = "";
  for (const [key, raw] of Object.entries(dict)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length > 0 && list.every((x) => x !== null && typeof x === "object" && !Array.isArray(x))) {
      if (MAP_ARGUMENTS.has(key)) {
        const v = list[0];
        out += `${indent}${key} = ${/polic|definitions/.test(key) ? `jsonencode(${hclValue(v)})` : hclValue(v)}\n`;
      } else for (const block of list) out += `${indent}${key} {\n${hclBody(block, `${indent}  `)}${indent}}\n`;
      continue;
    }
    out += `${indent}${key} = ${hclValue(list.length === 1 ? list[0] : list)}\n`;
  }
  return out;
}

// ---------------------------------------------------------------- trivy

const trivyIndex = new Map();
function indexTrivy(repo) {
  for (const path of walk(join(repo, "checks"), (p) => p.endsWith(".rego") && !p.endsWith("_test.rego"))) {
    const text = readFileSync(path, "utf8");
    const header = text.split("\n").filter((l) => l.startsWith("#")).join("\n");
    const names = new Set();
    const id = /^#\s+id:\s*([A-Z]+-\d+)/m.exec(header)?.[1];
    if (id !== undefined) names.add(`AVD-${id}`);
    const longId = /^#\s+long_id:\s*(\S+)/m.exec(header)?.[1];
    if (longId !== undefined) names.add(longId);
    for (const m of header.matchAll(/^#\s+-\s+(AVD-[A-Z]+-\d+|[a-z0-9-]+)\s*$/gm)) names.add(m[1]);
    const avd = /avd_id:\s*(AVD-[A-Z]+-\d+)/.exec(text)?.[1];
    if (avd !== undefined) names.add(avd);
    for (const name of names) if (!trivyIndex.has(name)) trivyIndex.set(name, path.replace(/\.rego$/, ".yaml"));
  }
}

function trivyCases(id) {
  const path = trivyIndex.get(id);
  if (path === undefined) return { error: `no check ${id} in trivy-checks` };
  if (!path.includes("/cloud/")) return { error: `a ${path.split("/checks/")[1].split("/")[0]} check, not measured here` };
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { error: `${basename(path, ".yaml")} has no examples file` };
  }
  // The examples are YAML block scalars under terraform: good: / bad:.
  const section = /^terraform:\n([\s\S]*?)(?=^\S|$(?![\s\S]))/m.exec(text)?.[1] ?? "";
  const list = (key) => {
    const block = new RegExp(`^  ${key}:\\n([\\s\\S]*?)(?=^  \\S|$(?![\\s\\S]))`, "m").exec(section)?.[1] ?? "";
    return block
      .split(/^ {4}- \|-?\n/m)
      .slice(1)
      .map((s) => s.replace(/^ {6}/gm, "").replace(/\s+$/, "\n"));
  };
  return { good: list("good"), bad: list("bad"), name: basename(path, ".yaml") };
}

// ---------------------------------------------------------------- run

if (options.checkov !== null) indexCheckov(options.checkov);
if (options.trivy !== null) indexTrivy(options.trivy);

const rows = [];
const disagreements = [];
for (const rule of RULES) {
  if (options.rule !== null && rule.meta.id !== options.rule) continue;
  if (options.checkov !== null) {
    for (const id of rule.meta.peers.checkov ?? []) {
      const cases = checkovCases(options.checkov, id);
      if (cases.error !== undefined) {
        rows.push({ rule: rule.meta.id, peer: "checkov", check: id, error: cases.error });
        continue;
      }
      if (cases.snippets !== undefined) {
        let tp = 0;
        let fn = 0;
        let fp = 0;
        let tn = 0;
        cases.snippets.forEach((snippet, i) => {
          const found = runCairn(rule, { "main.tf": snippet.hcl });
          if (snippet.failed && found.length > 0) tp++;
          else if (snippet.failed) {
            fn++;
            disagreements.push({ rule: rule.meta.id, check: id, kind: "missed", where: `${cases.name} case ${i + 1}` });
          } else if (found.length > 0) {
            fp++;
            disagreements.push({ rule: rule.meta.id, check: id, kind: "reported a passing case", where: `${cases.name} case ${i + 1}`, message: found[0].message });
          } else tn++;
        });
        rows.push({ rule: rule.meta.id, peer: "checkov", check: id, tp, fn, fp, tn });
        continue;
      }
      const findings = runCairn(rule, cases.files);
      const blocks = blocksOf(cases.files);
      const reported = new Set(findings.flatMap((f) => locateFinding(f, blocks)));
      // Graph checks judge a connection (an attachment to a target group without a health check);
      // cairn may report the other end. A case counts for the resources it refers to as well.
      if (cases.graph === true) {
        const refers = (from, to) => new RegExp(`(^|[^\\w.])${to.address.replace(/[.[\]]/g, "\\$&")}\\.`).test(from.text);
        const direct = new Set(reported);
        for (const b of blocks) {
          if (direct.has(b.address)) continue;
          if (blocks.some((o) => o !== b && direct.has(o.address) && (refers(b, o) || refers(o, b)))) reported.add(b.address);
        }
      }
      // checkov names a data source without its `data.` prefix.
      const dataNames = new Map(blocks.filter((b) => b.address.startsWith("data.")).map((b) => [b.address.slice(5), b.address]));
      const named = (r) => (blocks.some((b) => b.address === r) ? r : (dataNames.get(r) ?? r));
      cases.failing = cases.failing.map(named);
      cases.passing = cases.passing.map(named);
      const tp = cases.failing.filter((r) => reported.has(r));
      const fn = cases.failing.filter((r) => !reported.has(r));
      const fp = cases.passing.filter((r) => reported.has(r));
      rows.push({ rule: rule.meta.id, peer: "checkov", check: id, tp: tp.length, fn: fn.length, fp: fp.length, tn: cases.passing.length - fp.length });
      for (const r of fn) disagreements.push({ rule: rule.meta.id, check: id, kind: "missed", where: `${cases.name}: ${r}` });
      for (const r of fp) {
        const finding = findings.find((f) => locateFinding(f, blocks).includes(r));
        disagreements.push({ rule: rule.meta.id, check: id, kind: "reported a passing case", where: `${cases.name}: ${r}`, message: finding?.message });
      }
    }
  }
  if (options.trivy !== null) {
    for (const id of rule.meta.peers.trivy ?? []) {
      const cases = trivyCases(id);
      if (cases.error !== undefined) {
        rows.push({ rule: rule.meta.id, peer: "trivy", check: id, error: cases.error });
        continue;
      }
      let tp = 0;
      let fn = 0;
      let fp = 0;
      let tn = 0;
      cases.bad.forEach((snippet, i) => {
        const found = runCairn(rule, { "main.tf": snippet });
        if (found.length > 0) tp++;
        else {
          fn++;
          disagreements.push({ rule: rule.meta.id, check: id, kind: "missed", where: `${cases.name} bad[${i}]`, snippet });
        }
      });
      cases.good.forEach((snippet, i) => {
        const found = runCairn(rule, { "main.tf": snippet });
        if (found.length === 0) tn++;
        else {
          fp++;
          disagreements.push({ rule: rule.meta.id, check: id, kind: "reported a passing case", where: `${cases.name} good[${i}]`, message: found[0].message, snippet });
        }
      });
      rows.push({ rule: rule.meta.id, peer: "trivy", check: id, tp, fn, fp, tn });
    }
  }
}

const pct = (a, b) => (b === 0 ? "  -  " : `${((100 * a) / b).toFixed(0).padStart(3)}%`);
console.log(`${"rule".padEnd(32)} ${"peer".padEnd(8)} ${"check".padEnd(14)} ${"TP".padStart(4)} ${"FN".padStart(4)} ${"FP".padStart(4)} ${"TN".padStart(4)}  precision recall`);
const totals = {};
for (const row of rows) {
  if (row.error !== undefined) {
    console.log(`${row.rule.padEnd(32)} ${row.peer.padEnd(8)} ${row.check.padEnd(14)} (${row.error})`);
    continue;
  }
  const t = (totals[row.rule] ??= { tp: 0, fn: 0, fp: 0, tn: 0 });
  for (const k of ["tp", "fn", "fp", "tn"]) t[k] += row[k];
  console.log(
    `${row.rule.padEnd(32)} ${row.peer.padEnd(8)} ${row.check.padEnd(14)} ${String(row.tp).padStart(4)} ${String(row.fn).padStart(4)} ${String(row.fp).padStart(4)} ${String(row.tn).padStart(4)}  ${pct(row.tp, row.tp + row.fp)}     ${pct(row.tp, row.tp + row.fn)}`,
  );
}
console.log("\nper rule (all peers):");
for (const [rule, t] of Object.entries(totals)) console.log(`  ${rule.padEnd(32)} precision ${pct(t.tp, t.tp + t.fp)}  recall ${pct(t.tp, t.tp + t.fn)}  (TP ${t.tp}, FN ${t.fn}, FP ${t.fp}, TN ${t.tn})`);
console.log(`\n${disagreements.length} disagreements`);
const byRule = new Map();
for (const d of disagreements) {
  const list = byRule.get(d.rule) ?? [];
  list.push(d);
  byRule.set(d.rule, list);
}
for (const [rule, list] of byRule) {
  console.log(`- ${rule} (${list.length})`);
  for (const d of list.slice(0, options.show)) console.log(`    ${d.kind}: ${d.check} ${d.where}${d.message ? ` — cairn: ${d.message}` : ""}`);
  if (list.length > options.show) console.log(`    … ${list.length - options.show} more`);
}
if (options.json !== null) writeFileSync(options.json, `${JSON.stringify({ rows, disagreements }, null, 2)}\n`);
