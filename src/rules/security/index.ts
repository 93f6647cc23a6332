import type { Rule } from "../../engine/rule.js";
import networkOpenAdminPorts from "./network-open-admin-ports.js";
import secretsHardcoded from "./secrets-hardcoded.js";

/** The security rules. Each is one file beside this one, with its test. */
export const SECURITY_RULES: readonly Rule[] = [networkOpenAdminPorts, secretsHardcoded];
