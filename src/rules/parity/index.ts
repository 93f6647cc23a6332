import type { Rule } from "../../engine/rule.js";


/** The parity rules. Each is one file beside this one, with its test. */
export const PARITY_RULES: readonly Rule[] = [];
