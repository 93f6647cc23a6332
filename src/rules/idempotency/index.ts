import type { Rule } from "../../engine/rule.js";
import stateRemoteBackend from "./state-remote-backend.js";

/** The idempotency rules. Each is one file beside this one, with its test. */
export const IDEMPOTENCY_RULES: readonly Rule[] = [stateRemoteBackend];
