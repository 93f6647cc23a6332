import type { Rule } from "../../engine/rule.js";
import parityDefaultCredentials from "./parity-default-credentials.js";
import parityEntrypoint from "./parity-entrypoint.js";
import parityLocalStack from "./parity-local-stack.js";
import parityPinnedImages from "./parity-pinned-images.js";
import parityToolVersions from "./parity-tool-versions.js";

/** The parity rules. Each is one file beside this one, with its test. */
export const PARITY_RULES: readonly Rule[] = [parityDefaultCredentials, parityEntrypoint, parityLocalStack, parityPinnedImages, parityToolVersions];
