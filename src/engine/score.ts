import { PRINCIPLES, type Finding, type Principle, type PrincipleScore, type Severity } from "./types.js";

/**
 * Scores, 0 to 100 per principle (see docs/scoring.md):
 *
 *   penalty = Σ over rules with findings: weight(severity) × (1 + log2(findings of that rule))
 *   score   = round(100 × K / (K + penalty)),   K = 20
 *
 * weight: error 10, warning 4, note 1. One error costs a third of the score, a warning a sixth, a note
 * about 5 points; a rule that fires many times costs more, but logarithmically, so one pervasive
 * problem does not hide the rest. A principle with no findings scores 100. Overall = mean of the eight
 * (of those checked, when only some rules ran).
 */
export const WEIGHTS: Record<Severity, number> = { error: 10, warning: 4, note: 1 };
export const SCORE_K = 20;

export function scorePrinciples(findings: readonly Finding[], checked: readonly Principle[] = PRINCIPLES): { scores: PrincipleScore[]; overall: number } {
  const scores: PrincipleScore[] = [];
  // A principle none of whose rules ran (--rule, --principle) has no score: 100 would claim it is clean.
  for (const principle of PRINCIPLES.filter((p) => checked.includes(p))) {
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
  const overall = scores.length === 0 ? 100 : Math.round(scores.reduce((sum, s) => sum + s.score, 0) / scores.length);
  return { scores, overall };
}
