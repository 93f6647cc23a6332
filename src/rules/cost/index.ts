import type { Rule } from "../../engine/rule.js";


/** The cost rules. Each is one file beside this one, with its test. */
export const COST_RULES: readonly Rule[] = [];
