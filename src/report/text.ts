import { PRINCIPLE_TITLES, PRINCIPLES, SEVERITY_ORDER, type AuditResult, type Finding, type Principle, type Severity } from "../engine/types.js";
import { codeFrame } from "./code-frame.js";
import type { HclFile, Span } from "../hcl/ast.js";
import { parseHcl } from "../hcl/parser.js";
import { redactFrame } from "./redact.js";
import { literalSpansWithin, maskSpans, secretSpans } from "./secret-spans.js";

export interface TextOptions {
  color: boolean;
  /** Source text of a file, for code frames; undefined when unavailable. */
  source: (path: string) => string | undefined;
  /** Leave out the scorecard and summary (only findings). */
  quiet?: boolean;
  /** Also list suppressed findings. */
  showSuppressed?: boolean;
  /** The severity that fails the run, for the closing line. */
  failOn?: Severity | "never";
  /** Show every finding in full; by default a rule's findings past the first few are listed by location, the first ten of them. */
  full?: boolean;
}

/** A rule with more findings than this in one principle shows the first COMPACT_SHOWN in full, the rest by location. */
const COMPACT_AFTER = 5;
const COMPACT_SHOWN = 3;
/** How many of the folded findings are listed one line each. */
const FOLDED_LISTED = 10;
/** The width a folded line is clipped to. */
const LINE_WIDTH = 160;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;
}

const PRINCIPLE_NAMES: Record<Principle, string> = {
  idempotency: "Idempotency",
  housekeeping: "Housekeeping",
  security: "Security",
  verification: "Verification",
  cost: "Cost",
  parity: "Parity",
  recoverability: "Recoverability",
  operations: "Operations",
};

function style(color: boolean) {
  const wrap = (open: string, close: string) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    bold: wrap("1", "22"),
    dim: wrap("2", "22"),
    red: wrap("31", "39"),
    yellow: wrap("33", "39"),
    blue: wrap("34", "39"),
    green: wrap("32", "39"),
    cyan: wrap("36", "39"),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function counts(findings: readonly Finding[]): string {
  const by: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) by[f.severity]++;
  const parts = (["error", "warning", "note"] as const).filter((s) => by[s] > 0).map((s) => plural(by[s], s));
  return parts.join(", ");
}

/**
 * The human report: findings grouped by principle, each with a code frame and the chain of where its
 * values came from, then a one-screen scorecard. Deterministic; colour only when asked.
 */
export function renderText(result: AuditResult, options: TextOptions): string {
  const s = style(options.color);
  const severityLabel: Record<Severity, string> = { error: s.red("error"), warning: s.yellow("warning"), note: s.blue("note") };
  const out: string[] = [];
  const shown = result.findings.filter((f) => options.showSuppressed === true || f.suppressed === undefined);
  const suppressed = result.findings.filter((f) => f.suppressed !== undefined);

  if (options.quiet !== true) {
    const st = result.stats;
    out.push(
      s.bold(`cairn ${result.tool.version}`) +
        s.dim(
          ` · ${result.root} · ${plural(st.terraformFiles, "Terraform file")}, ${plural(st.modules, "module")} (${st.rootModules} root), ${plural(st.resources, "resource")}${result.environment === undefined ? "" : ` · environment ${result.environment}`}`,
        ),
    );
    out.push("");
  }

  // Code frames never show a secret: values the syntax tree says are secret are masked first (and,
  // for a finding about a secret, every literal it points at), then each line is redacted by shape.
  const trees = new Map<string, { file: HclFile; spans: Span[] } | null>();
  const framed = (finding: Finding, text: string): string => {
    let tree = trees.get(finding.file);
    if (tree === undefined) {
      const file = /\.(tf|tfvars|hcl)$/.test(finding.file) ? parseHcl(text, { path: finding.file }) : null;
      tree = file === null ? null : { file, spans: secretSpans(file) };
      trees.set(finding.file, tree);
    }
    const span = { start: finding.range.start.offset, end: finding.range.end.offset };
    const spans = tree === null ? [] : finding.ruleId.startsWith("secrets/") ? [...tree.spans, ...literalSpansWithin(tree.file, span)] : tree.spans;
    const masked = maskSpans(text, spans);
    return codeFrame(masked.text, { start: masked.map(span.start), end: masked.map(span.end) }, undefined, 0);
  };

  for (const principle of PRINCIPLES) {
    const group = shown.filter((f) => f.principle === principle);
    if (group.length === 0) continue;
    out.push(s.bold(`${PRINCIPLE_NAMES[principle]}`) + s.dim(` (${counts(group)}): ${PRINCIPLE_TITLES[principle].split(": ")[1] ?? ""}`));
    out.push("");
    // A rule that fires many times (the same backend in forty root modules) would bury the rest:
    // its first findings are shown in full and the others listed by location after the last of them.
    const byRule = new Map<string, Finding[]>();
    for (const finding of group) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
    const folded = new Set<Finding>();
    const foldAfter = new Map<Finding, Finding[]>();
    if (options.full !== true) {
      for (const [, list] of byRule) {
        if (list.length <= COMPACT_AFTER) continue;
        const rest = list.slice(COMPACT_SHOWN);
        for (const f of rest) folded.add(f);
        const last = list[COMPACT_SHOWN - 1];
        if (last !== undefined) foldAfter.set(last, rest);
      }
    }
    const whereOf = (finding: Finding): string => (finding.file === "." ? "(repository)" : `${finding.file}:${finding.range.start.line}:${finding.range.start.column}`);
    for (const finding of group) {
      if (folded.has(finding)) continue;
      const where = whereOf(finding);
      const tag = finding.suppressed !== undefined ? s.dim(` [suppressed: ${finding.suppressed.reason}]`) : "";
      out.push(`  ${severityLabel[finding.severity]} ${s.cyan(finding.ruleId)} ${s.dim(where)}${tag}`);
      out.push(`    ${finding.message}`);
      if (finding.module !== undefined) {
        const root = finding.moduleRoot !== undefined && finding.moduleRoot !== "." ? `${finding.moduleRoot}: ` : "";
        out.push(s.dim(`    in ${root}${finding.module.join(" → ")}`));
      }
      const text = finding.file === "." ? undefined : options.source(finding.file);
      if (text !== undefined && !(finding.range.start.offset === 0 && finding.range.end.offset === 0 && finding.range.start.line === 1)) {
        const frame = redactFrame(framed(finding, text));
        for (const line of frame.split("\n")) out.push(`    ${s.dim(line)}`);
      }
      for (const step of finding.evidence) {
        out.push(s.dim(`    ← ${step.message} (${step.file}:${step.range.start.line})`));
      }
      out.push("");
      const rest = foldAfter.get(finding);
      if (rest !== undefined) {
        out.push(`  ${s.dim(`… and ${rest.length} more ${finding.ruleId} (${counts(rest)}), shown in full with --full or --rule ${finding.ruleId}:`)}`);
        for (const f of rest.slice(0, FOLDED_LISTED)) {
          const tag = f.suppressed !== undefined ? " [suppressed]" : "";
          const head = `${f.severity} ${whereOf(f)}${tag}`;
          out.push(`    ${s.dim(head)}  ${clip(f.message, Math.max(40, LINE_WIDTH - 6 - head.length))}`);
        }
        if (rest.length > FOLDED_LISTED) {
          const files = new Set(rest.slice(FOLDED_LISTED).map((f) => f.file)).size;
          out.push(s.dim(`    … ${rest.length - FOLDED_LISTED} more in ${plural(files, "file")}`));
        }
        out.push("");
      }
    }
  }

  if (options.quiet === true) return out.join("\n") + (out.length > 0 ? "\n" : "");

  out.push(s.bold("Scorecard") + s.dim(" (0–100 per principle; see docs/scoring.md)"));
  for (const score of result.scores) {
    const filled = Math.round(score.score / 10);
    const bar = "█".repeat(filled) + "░".repeat(10 - filled);
    const colour = score.score >= 80 ? s.green : score.score >= 50 ? s.yellow : s.red;
    const detail = (["error", "warning", "note"] as const)
      .filter((k) => score.counts[k] > 0)
      .map((k) => plural(score.counts[k], k))
      .join(", ");
    out.push(`  ${PRINCIPLE_NAMES[score.principle].padEnd(15)} ${colour(bar)} ${String(score.score).padStart(3)}  ${s.dim(detail || "clean")}`);
  }
  const unchecked = PRINCIPLES.filter((p) => !result.scores.some((score) => score.principle === p));
  if (unchecked.length > 0) out.push(s.dim(`  not checked (no rule of theirs ran): ${unchecked.map((p) => PRINCIPLE_NAMES[p]).join(", ")}`));
  out.push(`  ${"Overall".padEnd(15)} ${" ".repeat(10)} ${s.bold(String(result.overall).padStart(3))}`);
  out.push("");

  const active = result.findings.filter((f) => f.suppressed === undefined);
  let closing = active.length === 0 ? s.green("No findings") : `${plural(active.length, "finding")} (${counts(active)})`;
  if (suppressed.length > 0) closing += `, ${suppressed.length} suppressed`;
  if (result.skipped.length > 0) closing += `, ${plural(result.skipped.length, "file")} skipped`;
  if (options.failOn !== undefined && options.failOn !== "never") {
    const threshold = SEVERITY_ORDER[options.failOn];
    const failing = active.filter((f) => SEVERITY_ORDER[f.severity] >= threshold).length;
    closing += failing > 0 ? ` · fails: ${plural(failing, "finding")} at ${options.failOn} or above` : ` · passes (--fail-on ${options.failOn})`;
  }
  out.push(closing + ".");
  for (const skipped of result.skipped.slice(0, 5)) out.push(s.dim(`  skipped ${skipped.file}: it ${skipped.reason}`));
  if (result.skipped.length > 5) out.push(s.dim(`  … and ${result.skipped.length - 5} more skipped files`));
  if (active.length > 0) out.push(s.dim("Run 'cairn rules RULE_ID' to learn why a rule matters and how to fix what it finds."));
  return `${out.join("\n")}\n`;
}
