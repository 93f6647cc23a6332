import type { Rule } from "../../engine/rule.js";
import computeImdsv2 from "./compute-imdsv2.js";
import encryptionAtRest from "./encryption-at-rest.js";
import iamWildcards from "./iam-wildcards.js";
import networkHttps from "./network-https.js";
import networkOpenAdminPorts from "./network-open-admin-ports.js";
import networkPrivateData from "./network-private-data.js";
import networkRuleDescriptions from "./network-rule-descriptions.js";
import networkSgReferences from "./network-sg-references.js";
import networkSsh from "./network-ssh.js";
import secretsHardcoded from "./secrets-hardcoded.js";
import secretsLongLivedCredentials from "./secrets-long-lived-credentials.js";
import storagePublicBuckets from "./storage-public-buckets.js";

/** The security rules. Each is one file beside this one, with its test. */
export const SECURITY_RULES: readonly Rule[] = [
  computeImdsv2,
  encryptionAtRest,
  iamWildcards,
  networkHttps,
  networkOpenAdminPorts,
  networkPrivateData,
  networkRuleDescriptions,
  networkSgReferences,
  networkSsh,
  secretsHardcoded,
  secretsLongLivedCredentials,
  storagePublicBuckets,
];
