import type { Rule } from "../../engine/rule.js";
import costBudget from "./cost-budget.js";
import costLifecycleTag from "./cost-lifecycle-tag.js";
import costLogRetention from "./cost-log-retention.js";
import costS3Lifecycle from "./cost-s3-lifecycle.js";

/** The cost rules. Each is one file beside this one, with its test. */
export const COST_RULES: readonly Rule[] = [costBudget, costLifecycleTag, costLogRetention, costS3Lifecycle];
