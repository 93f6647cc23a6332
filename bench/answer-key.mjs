#!/usr/bin/env node
// Scores a cairn audit against a hand-verified answer key (shared/answer-keys/*.md): recall on the
// rows of section A that cairn has a rule for, and every false-positive trap of section B it falls
// into. Not a test: the keys describe repositories that are never committed here.
//
//   node bench/answer-key.mjs KEY.md REPO_DIR [--all] [--json FILE]
//
// A row of section A is found when cairn reports the row's rule id (or an id the row also accepts) in
// one of the row's files at a line inside one of the row's line ranges (or anywhere in the file when
// the row gives no lines; anywhere at all for repository-level rows). A trap of section B is hit when
// cairn reports the trap's rule id at the trap's location (anywhere, for "repo").
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
// CAIRN_DIST points at another build of cairn (for example a private `tsc --outDir`), default ../dist.
const { RULES, auditDirectory, parseHcl, rangeOf } = await import(
  process.env.CAIRN_DIST ? pathToFileURL(`${process.env.CAIRN_DIST}/index.js`).href : "../dist/index.js"
);

const [keyPath, repoDir, ...rest] = process.argv.slice(2);
if (keyPath === undefined || repoDir === undefined) {
  console.error("usage: node bench/answer-key.mjs KEY.md REPO_DIR [--all] [--json FILE]");
  process.exit(2);
}
const showAll = rest.includes("--all");
const jsonOut = rest.includes("--json") ? rest[rest.indexOf("--json") + 1] : null;
const key = readFileSync(keyPath, "utf8");
const shipped = new Set(RULES.flatMap((r) => [r.meta.id, ...(r.meta.aliases ?? [])]));

function cells(line) {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());
}

/** Line ranges like "43-48, 113-118" or "1-7; 4-6"; [] means the whole file. */
function ranges(text) {
  const out = [];
  if (text.trim().startsWith("(")) return out;
  for (const m of text.matchAll(/(\d+)(?:\s*-\s*(\d+))?/g)) out.push([Number(m[1]), Number(m[2] ?? m[1])]);
  return out;
}

function files(text) {
  return text
    .split(/[;,]/)
    .map((f) => f.trim().replace(/`/g, ""))
    .filter((f) => f.length > 0 && f !== "-" && f !== "(repo)" && !f.startsWith("("));
}

const sectionA = key.slice(key.indexOf("## A."), key.indexOf("## B."));
const sectionB = key.slice(key.indexOf("## B."), key.indexOf("### B2") >= 0 ? key.indexOf("### B2") : key.indexOf("## C."));
const rows = [];
for (const line of sectionA.split("\n")) {
  if (!/^\|\s*\d+\s*\|/.test(line)) continue;
  const [num, ruleCell, fileCell, lineCell, , evidence, certainty] = cells(line);
  const ids = [...ruleCell.matchAll(/([a-z0-9-]+\/[a-z0-9-]+)/g)].map((m) => m[1]);
  const also = [...(evidence ?? "").matchAll(/also accepted[^a-z]*([a-z0-9-]+\/[a-z0-9-]+)/g)].map((m) => m[1]);
  rows.push({ num: Number(num), ids: [...ids, ...also], files: files(fileCell), lines: lineCell, certainty: (certainty ?? "").split(" ")[0], isNew: ruleCell.includes("NEW") });
}
const traps = [];
for (const line of sectionB.split("\n")) {
  if (!line.startsWith("|") || line.includes("---") || line.includes("rule id")) continue;
  const [ruleCell, location, why] = cells(line);
  const ids = [...ruleCell.matchAll(/([a-z0-9-]+\/[a-z0-9-]+)/g)].map((m) => m[1]);
  traps.push({ ids, location, why, qualifier: ruleCell.replace(/[a-z0-9-]+\/[a-z0-9-]+/g, "").replace(/[,`]/g, "").trim() });
}

const { result } = auditDirectory(repoDir, {});
const findings = result.findings.filter((f) => f.suppressed === undefined);

/** Lines of the top-level block a finding is in: a finding about a block covers all of it. */
const blockCache = new Map();
function blockLines(finding) {
  if (!/\.tf$/.test(finding.file)) return [finding.range.start.line, finding.range.end.line];
  let blocks = blockCache.get(finding.file);
  if (blocks === undefined) {
    const file = parseHcl(readFileSync(join(repoDir, finding.file), "utf8"), { path: finding.file });
    blocks = file.body.items.map((item) => {
      const r = rangeOf(file, item);
      return [r.start.line, r.end.line];
    });
    blockCache.set(finding.file, blocks);
  }
  const line = finding.range.start.line;
  return blocks.find(([a, b]) => a <= line && line <= b) ?? [line, finding.range.end.line];
}

function matches(row, finding) {
  if (!row.ids.includes(finding.ruleId)) return false;
  if (row.files.length === 0) return true;
  // Files may be named relative to a folder given once ("terraform/prod/modules/alb/alb_frontend/main.tf; alb/alb_backend/main.tf").
  const fileIndex = row.files.findIndex((f) => finding.file === f || finding.file.endsWith(`/${f}`) || (f.endsWith("/") && finding.file.startsWith(f)) || (f.includes("*") && new RegExp(`^${f.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}`).test(finding.file)));
  if (fileIndex < 0) return false;
  const perFile = row.lines.split(";").map((s) => s.trim());
  const lineText = perFile.length === row.files.length ? perFile[fileIndex] : row.lines;
  const spans = ranges(lineText ?? "");
  if (spans.length === 0) return true;
  const line = finding.range.start.line;
  if (spans.some(([a, b]) => line >= a - 1 && line <= b + 1)) return true;
  // A finding on a whole block matches a row that points inside the block.
  const [first, last] = blockLines(finding);
  return finding.range.start.line === first && spans.some(([a, b]) => a <= last && b >= first);
}

const scored = rows.filter((r) => r.ids.some((id) => shipped.has(id)));
const certain = scored.filter((r) => r.certainty === "certain");
const found = (row) => findings.filter((f) => matches(row, f));
let hits = 0;
const missed = [];
for (const row of certain) {
  if (found(row).length > 0) hits++;
  else missed.push(row);
}
console.log(`${keyPath.split("/").pop()}: ${findings.length} findings`);
console.log(`section A: ${rows.length} rows; ${scored.length} have a shipped rule; ${certain.length} of those are certain`);
console.log(`recall on certain rows with a shipped rule: ${hits}/${certain.length} = ${certain.length === 0 ? "-" : ((100 * hits) / certain.length).toFixed(0)}%`);
const likely = scored.filter((r) => r.certainty !== "certain");
console.log(`likely rows found: ${likely.filter((r) => found(r).length > 0).length}/${likely.length}`);
for (const row of missed) console.log(`  missed #${row.num} ${row.ids.join(" / ")} ${row.files.join(", ")} ${row.lines}`);

const hitTraps = [];
for (const trap of traps) {
  for (const id of trap.ids) {
    if (!shipped.has(id)) continue;
    const where = trap.location;
    const inRepo = where === "repo" || where.startsWith("repo;");
    const trapFiles = inRepo ? [] : files(where.replace(/:\d[\d,\- ]*/g, ""));
    const spans = inRepo ? [] : [...where.matchAll(/([^\s:;,]+):([\d\-, ]+)/g)].map((m) => ({ file: m[1], ranges: ranges(m[2]) }));
    const bad = findings.filter((f) => {
      if (f.ruleId !== id) return false;
      if (inRepo) return true;
      const span = spans.find((s) => f.file === s.file || f.file.endsWith(`/${s.file}`));
      if (span !== undefined) return span.ranges.some(([a, b]) => f.range.start.line >= a && f.range.start.line <= b);
      return trapFiles.some((t) => f.file === t || f.file.endsWith(`/${t}`) || (t.endsWith("/") && f.file.startsWith(t)));
    });
    if (bad.length > 0) hitTraps.push({ id, trap, findings: bad });
  }
}
console.log(`section B: ${traps.length} traps; fell into ${hitTraps.length}`);
for (const hit of hitTraps) {
  console.log(`  trap ${hit.id} ${hit.trap.qualifier ? `(${hit.trap.qualifier}) ` : ""}at ${hit.trap.location}`);
  for (const f of hit.findings.slice(0, 3)) console.log(`      ${f.file}:${f.range.start.line} ${f.message}`);
}
if (showAll) {
  console.log("\nrows:");
  for (const row of scored) console.log(`  #${row.num} [${row.certainty}] ${row.ids.join("/")} ${found(row).length > 0 ? "FOUND" : "missed"}`);
}
if (jsonOut !== null) writeFileSync(jsonOut, `${JSON.stringify({ hits, certain: certain.length, missed: missed.map((r) => r.num), traps: hitTraps.map((h) => ({ id: h.id, location: h.trap.location })) }, null, 2)}\n`);
