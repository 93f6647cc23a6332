import type { Rule } from "../../engine/rule.js";


/** The operations rules. Each is one file beside this one, with its test. */
export const OPERATIONS_RULES: readonly Rule[] = [];
