import { PRINCIPLES, type Finding, type PrincipleScore, type Severity } from "./types.js";

/**
 * Scores, 0 to 100 per principle (see docs/scoring.md):
 *
 *   penalty = Σ over rules with findings: weight(severity) × (1 + log2(findings of that rule))
 *   score   = round(100 × K / (K + penalty)),   K = 20
 *
 * weight: error 10, warning 4, note 1. One error costs a third of the score, a warning a sixth, a note
 * about 5 points; a rule that fires many times costs more, but logarithmically, so one pervasive
 * problem does not hide the rest. A principle with no findings scores 100. Overall = mean of the eight.
 */
export const WEIGHTS: Record<Severity, number> = { error: 10, warning: 4, note: 1 };
export const SCORE_K = 20;

export function scorePrinciples(findings: readonly Finding[]): { scores: PrincipleScore[]; overall: number } {
  const scores: PrincipleScore[] = [];
  for (const principle of PRINCIPLES) {
    const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
    const byRule = new Map<string, { severity: Severity; count: number }>();
    for (const finding of findings) {
      if (finding.principle !== principle || finding.suppressed !== undefined) continue;
      counts[finding.severity]++;
      const entry = byRule.get(finding.ruleId);
      if (entry === undefined) byRule.set(finding.ruleId, { severity: finding.severity, count: 1 });
      else {
        entry.count++;
        if (WEIGHTS[finding.severity] > WEIGHTS[entry.severity]) entry.severity = finding.severity;
      }
    }
    let penalty = 0;
    for (const { severity, count } of byRule.values()) penalty += WEIGHTS[severity] * (1 + Math.log2(count));
    scores.push({ principle, score: Math.round((100 * SCORE_K) / (SCORE_K + penalty)), counts });
  }
  const overall = Math.round(scores.reduce((sum, s) => sum + s.score, 0) / scores.length);
  return { scores, overall };
}
