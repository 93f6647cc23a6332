import type { Rule } from "../../engine/rule.js";
import backupDatabases from "./backup-databases.js";

/** The recoverability rules. Each is one file beside this one, with its test. */
export const RECOVERABILITY_RULES: readonly Rule[] = [backupDatabases];
