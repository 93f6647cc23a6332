import type { Finding } from "./types.js";

/** A baseline: the findings accepted at one point in time, by fingerprint. */
export interface Baseline {
  version: 1;
  findings: { ruleId: string; file: string; fingerprint: string }[];
}

export class BaselineError extends Error {}

export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((f) => f.suppressed === undefined || f.suppressed.kind === "baseline")
    .map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint }));
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 1, findings: entries };
}

export function parseBaseline(text: string, path: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${path} is not valid JSON (${(error as Error).message}); write one with --write-baseline`);
  }
  const baseline = data as Partial<Baseline>;
  if (baseline.version !== 1 || !Array.isArray(baseline.findings)) throw new BaselineError(`${path} is not a cairn baseline (expected {"version": 1, "findings": [...]}); write one with --write-baseline`);
  return baseline as Baseline;
}

/** Marks the findings whose fingerprint is in the baseline as suppressed. */
export function applyBaseline(findings: Finding[], baseline: Baseline): void {
  const known = new Set(baseline.findings.map((f) => f.fingerprint));
  for (const finding of findings) {
    if (finding.suppressed === undefined && known.has(finding.fingerprint)) finding.suppressed = { kind: "baseline", reason: "in the baseline" };
  }
}
