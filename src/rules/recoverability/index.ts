import type { Rule } from "../../engine/rule.js";
import backupBuckets from "./backup-buckets.js";
import backupDatabases from "./backup-databases.js";
import backupFileSystems from "./backup-file-systems.js";
import backupPreventDestroy from "./backup-prevent-destroy.js";
import backupTables from "./backup-tables.js";
import recoverabilityExternalDependencies from "./recoverability-external-dependencies.js";
import recoverabilityManualSteps from "./recoverability-manual-steps.js";
import secretsRegeneratedKeys from "./secrets-regenerated-keys.js";

/** The recoverability rules. Each is one file beside this one, with its test. */
export const RECOVERABILITY_RULES: readonly Rule[] = [backupBuckets, backupDatabases, backupFileSystems, backupPreventDestroy, backupTables, recoverabilityExternalDependencies, recoverabilityManualSteps, secretsRegeneratedKeys];
