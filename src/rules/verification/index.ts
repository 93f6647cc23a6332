import type { Rule } from "../../engine/rule.js";
import ciChecks from "./ci-checks.js";
import ciPipeline from "./ci-pipeline.js";
import ciOidc from "./ci-oidc.js";
import ciPlanOnChange from "./ci-plan-on-change.js";
import precommitConfig from "./precommit-config.js";
import testsModules from "./tests-modules.js";

/** The verification rules. Each is one file beside this one, with its test. */
export const VERIFICATION_RULES: readonly Rule[] = [ciChecks, ciOidc, ciPipeline, ciPlanOnChange, precommitConfig, testsModules];
