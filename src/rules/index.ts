/**
 * The rule catalogue: an explicit list, one index per principle (nothing registers itself by being
 * imported). Adding a rule: create src/rules/<principle>/<id with / as ->.ts with its test beside it,
 * write docs/rules/<id>.md, and list it in src/rules/<principle>/index.ts.
 */
import type { Rule } from "../engine/rule.js";
import { COST_RULES } from "./cost/index.js";
import { HOUSEKEEPING_RULES } from "./housekeeping/index.js";
import { IDEMPOTENCY_RULES } from "./idempotency/index.js";
import { OPERATIONS_RULES } from "./operations/index.js";
import { PARITY_RULES } from "./parity/index.js";
import { RECOVERABILITY_RULES } from "./recoverability/index.js";
import { SECURITY_RULES } from "./security/index.js";
import { VERIFICATION_RULES } from "./verification/index.js";

export const RULES: readonly Rule[] = [
  ...IDEMPOTENCY_RULES,
  ...HOUSEKEEPING_RULES,
  ...SECURITY_RULES,
  ...VERIFICATION_RULES,
  ...COST_RULES,
  ...PARITY_RULES,
  ...RECOVERABILITY_RULES,
  ...OPERATIONS_RULES,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id || (r.meta.aliases ?? []).includes(id));
}
