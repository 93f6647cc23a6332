import type { Rule } from "../../engine/rule.js";
import opsAlarms from "./ops-alarms.js";
import opsDryRun from "./ops-dry-run.js";
import opsHealthChecks from "./ops-health-checks.js";
import opsPolling from "./ops-polling.js";
import opsScriptsStrict from "./ops-scripts-strict.js";
import opsSelfHealing from "./ops-self-healing.js";
import opsSsm from "./ops-ssm.js";

/** The operations rules. Each is one file beside this one, with its test. */
export const OPERATIONS_RULES: readonly Rule[] = [opsAlarms, opsDryRun, opsHealthChecks, opsPolling, opsScriptsStrict, opsSelfHealing, opsSsm];
