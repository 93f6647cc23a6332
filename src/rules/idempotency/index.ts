import type { Rule } from "../../engine/rule.js";
import configExternalData from "./config-external-data.js";
import configHardcodedIds from "./config-hardcoded-ids.js";
import provisioningBootDownloads from "./provisioning-boot-downloads.js";
import provisioningInlineScripts from "./provisioning-inline-scripts.js";
import provisioningLocalExec from "./provisioning-local-exec.js";
import provisioningRemoteExec from "./provisioning-remote-exec.js";
import stateBootstrap from "./state-bootstrap.js";
import stateCommittedState from "./state-committed-state.js";
import stateLocking from "./state-locking.js";
import stateRemoteBackend from "./state-remote-backend.js";
import versionsModules from "./versions-modules.js";
import versionsProviders from "./versions-providers.js";
import versionsTerraform from "./versions-terraform.js";

/** The idempotency rules. Each is one file beside this one, with its test. */
export const IDEMPOTENCY_RULES: readonly Rule[] = [
  configExternalData,
  configHardcodedIds,
  provisioningBootDownloads,
  provisioningInlineScripts,
  provisioningLocalExec,
  provisioningRemoteExec,
  stateBootstrap,
  stateCommittedState,
  stateLocking,
  stateRemoteBackend,
  versionsModules,
  versionsProviders,
  versionsTerraform,
];
