import type { Rule } from "../../engine/rule.js";
import syntaxInvalid from "./syntax-invalid.js";
import tagsCoverage from "./tags-coverage.js";
import tagsDefaultTags from "./tags-default-tags.js";

/** The housekeeping rules. Each is one file beside this one, with its test. */
export const HOUSEKEEPING_RULES: readonly Rule[] = [syntaxInvalid, tagsCoverage, tagsDefaultTags];
