import type { Rule } from "../../engine/rule.js";
import ciPipeline from "./ci-pipeline.js";

/** The verification rules. Each is one file beside this one, with its test. */
export const VERIFICATION_RULES: readonly Rule[] = [ciPipeline];
