import type {
  AuditResult,
  Evidence,
  Finding,
  Fix,
  Point,
  PrincipleScore,
  Range,
  RuleMeta,
  SkippedFile,
  TextEdit,
} from "../engine/types.js";

/**
 * The audit result as pretty-printed JSON (see schema/audit-result.schema.json and docs/json-output.md).
 *
 * Keys come out in a fixed order (the order of the type declarations), whatever order the engine built
 * the objects in, and properties the types do not declare are left out, so the output is exactly the
 * documented format. Arrays keep the engine's order (findings are already sorted). Suppressed findings
 * are included and carry `suppressed`: this is the complete, machine-readable record.
 */
export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(auditResult(result), null, 2)}\n`;
}

type Json = unknown;
type Converters<T> = { [K in keyof T]?: (value: Exclude<T[K], undefined>) => Json };

/**
 * Checks at compile time that `keys` names every property of T, so a property added to a type in
 * src/engine/types.ts cannot silently go missing from the JSON output.
 */
function keysOf<T>() {
  return <const K extends readonly (keyof T)[]>(
    keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> }),
  ): readonly (keyof T)[] => keys;
}

/** A plain object with T's properties in the given order; undefined properties are left out. */
function ordered<T extends object>(value: T, keys: readonly (keyof T)[], convert: Converters<T> = {}): Json {
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    const f = convert[key] as ((value: unknown) => Json) | undefined;
    out[key as string] = f ? f(v) : v;
  }
  return out;
}

const RESULT_KEYS = keysOf<AuditResult>()([
  "schemaVersion",
  "tool",
  "root",
  "environment",
  "stats",
  "skipped",
  "findings",
  "rules",
  "scores",
  "overall",
]);
const TOOL_KEYS = keysOf<AuditResult["tool"]>()(["name", "version"]);
const STATS_KEYS = keysOf<AuditResult["stats"]>()([
  "terraformFiles",
  "otherFiles",
  "modules",
  "rootModules",
  "resources",
  "milliseconds",
]);
const SKIPPED_KEYS = keysOf<SkippedFile>()(["file", "reason"]);
const FINDING_KEYS = keysOf<Finding>()([
  "ruleId",
  "principle",
  "severity",
  "message",
  "file",
  "range",
  "evidence",
  "module",
  "moduleRoot",
  "fix",
  "fingerprint",
  "suppressed",
]);
const SUPPRESSED_KEYS = keysOf<NonNullable<Finding["suppressed"]>>()(["kind", "reason"]);
const RANGE_KEYS = keysOf<Range>()(["start", "end"]);
const POINT_KEYS = keysOf<Point>()(["line", "column", "offset"]);
const EVIDENCE_KEYS = keysOf<Evidence>()(["message", "file", "range"]);
const FIX_KEYS = keysOf<Fix>()(["tier", "description", "edits"]);
const EDIT_KEYS = keysOf<TextEdit>()(["file", "start", "end", "text"]);
const RULE_KEYS = keysOf<RuleMeta>()([
  "id",
  "principle",
  "severity",
  "title",
  "description",
  "docs",
  "peers",
  "fix",
  "aliases",
]);
const PEER_KEYS = keysOf<RuleMeta["peers"]>()(["checkov", "trivy", "tflint", "kics"]);
const SCORE_KEYS = keysOf<PrincipleScore>()(["principle", "score", "counts"]);
const COUNT_KEYS = keysOf<PrincipleScore["counts"]>()(["error", "warning", "note"]);

const strings = (values: readonly string[]): Json => [...values];
const point = (p: Point): Json => ordered(p, POINT_KEYS);
const range = (r: Range): Json => ordered(r, RANGE_KEYS, { start: point, end: point });
const evidence = (e: Evidence): Json => ordered(e, EVIDENCE_KEYS, { range });
const edit = (e: TextEdit): Json => ordered(e, EDIT_KEYS);
const fix = (f: Fix): Json => ordered(f, FIX_KEYS, { edits: (edits) => edits.map(edit) });

const finding = (f: Finding): Json =>
  ordered(f, FINDING_KEYS, {
    range,
    evidence: (items) => items.map(evidence),
    module: strings,
    fix,
    suppressed: (s) => ordered(s, SUPPRESSED_KEYS),
  });

const rule = (r: RuleMeta): Json =>
  ordered(r, RULE_KEYS, {
    peers: (p) => ordered(p, PEER_KEYS, { checkov: strings, trivy: strings, tflint: strings, kics: strings }),
    aliases: strings,
  });

const score = (s: PrincipleScore): Json => ordered(s, SCORE_KEYS, { counts: (c) => ordered(c, COUNT_KEYS) });

const auditResult = (r: AuditResult): Json =>
  ordered(r, RESULT_KEYS, {
    tool: (t) => ordered(t, TOOL_KEYS),
    stats: (s) => ordered(s, STATS_KEYS),
    skipped: (items) => items.map((s) => ordered(s, SKIPPED_KEYS)),
    findings: (items) => items.map(finding),
    rules: (items) => items.map(rule),
    scores: (items) => items.map(score),
  });
