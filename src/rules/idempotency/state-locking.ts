import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { BlockView } from "../../engine/views.js";
import { backendView, mayBeSuppliedAtInit, moduleLabel } from "../support/idempotency-backends.js";
import { asBool, asString } from "../support/values.js";

type Setting = "set" | "unset" | "off" | "unknown";

/** Whether a backend argument is set to something (a string, true), explicitly off, absent, or unknown. */
function setting(block: BlockView, name: string): Setting {
  const attr = block.attr(name);
  if (attr === undefined) return "unset";
  const value = attr.value();
  if (value.kind === "unknown") return "unknown";
  if (value.kind === "null") return "unset";
  if (value.kind === "bool" || asBool(value) !== null) return asBool(value) === true ? "set" : "off";
  if (value.kind === "string") return value.value === "" ? "unset" : "set";
  return "set";
}

interface Problems {
  lock: string | null;
  encrypt: string | null;
}

function s3Problems(ctx: ModuleContext, block: BlockView): Problems | null {
  // Without bucket and key the configuration is completed at init (-backend-config): unknown here.
  if (setting(block, "bucket") !== "set" || setting(block, "key") !== "set") return null;
  const lockfile = setting(block, "use_lockfile");
  const table = setting(block, "dynamodb_table");
  const encrypt = setting(block, "encrypt");
  if ([lockfile, table, encrypt].includes("unknown")) return null;
  const locked = lockfile === "set" || table === "set" || mayBeSuppliedAtInit(ctx, "use_lockfile") || mayBeSuppliedAtInit(ctx, "dynamodb_table");
  const encrypted = encrypt === "set" || (encrypt === "unset" && mayBeSuppliedAtInit(ctx, "encrypt"));
  return {
    lock: locked ? null : lockfile === "off" ? "use_lockfile = false and no dynamodb_table" : "no state locking",
    encrypt: encrypted ? null : encrypt === "off" ? "encrypt = false" : "no encrypt = true",
  };
}

function ossProblems(ctx: ModuleContext, block: BlockView): Problems | null {
  if (setting(block, "bucket") !== "set") return null;
  const table = setting(block, "tablestore_table");
  const encrypt = setting(block, "encrypt");
  if (table === "unknown" || encrypt === "unknown") return null;
  return {
    lock: table === "set" || mayBeSuppliedAtInit(ctx, "tablestore_table") ? null : "no state locking (no tablestore_table)",
    encrypt: encrypt === "set" || (encrypt === "unset" && mayBeSuppliedAtInit(ctx, "encrypt")) ? null : encrypt === "off" ? "encrypt = false" : "no encrypt = true",
  };
}

function httpProblems(ctx: ModuleContext, block: BlockView): Problems | null {
  if (setting(block, "address") !== "set") return null;
  const lock = setting(block, "lock_address");
  if (lock === "unknown" || lock === "set" || mayBeSuppliedAtInit(ctx, "lock_address")) return null;
  return { lock: "no state locking (no lock_address)", encrypt: null };
}

/** consul and etcdv3 lock by default; `lock = false` turns it off. */
function lockFlagProblems(block: BlockView): Problems | null {
  const lock = asBool(block.value("lock"));
  return lock === false ? { lock: "lock = false turns state locking off", encrypt: null } : null;
}

export default createRule({
  id: "state/locking",
  principle: "idempotency",
  severity: "error",
  title: "Remote state without locking or encryption",
  description:
    "An s3 backend without use_lockfile = true (Terraform >= 1.10) or a dynamodb_table, or without encrypt = true; http, consul, etcdv3 and oss backends with locking off. Without a lock, two applies at once corrupt the state.",
  peers: {},
  scope: "module",
  roles: ["root"],
  check(ctx) {
    const backend = ctx.module.backend;
    if (backend === null) return;
    const block = backendView(ctx);
    if (block === null) return;
    let problems: Problems | null = null;
    switch (backend.type) {
      case "s3":
        problems = s3Problems(ctx, block);
        break;
      case "oss":
        problems = ossProblems(ctx, block);
        break;
      case "http":
        problems = httpProblems(ctx, block);
        break;
      case "consul":
      case "etcdv3":
        problems = lockFlagProblems(block);
        break;
      default:
        return;
    }
    if (problems === null || (problems.lock === null && problems.encrypt === null)) return;
    const where = `The ${backend.type} backend of ${moduleLabel(ctx.module)}`;
    const bucket = asString(block.value("bucket"));
    const named = bucket === null ? where : `${where} (bucket "${bucket}")`;
    if (problems.lock !== null && problems.encrypt !== null) {
      ctx.report({
        at: block,
        message: `${named} has ${problems.lock} and ${problems.encrypt}: two applies at once can corrupt the state, and its encryption is left to the bucket's defaults; add use_lockfile = true (Terraform >= 1.10) and encrypt = true.`,
      });
      return;
    }
    if (problems.lock !== null) {
      const fix =
        backend.type === "s3"
          ? "add use_lockfile = true (Terraform >= 1.10) or a dynamodb_table"
          : backend.type === "oss"
            ? "add tablestore_endpoint and tablestore_table"
            : backend.type === "http"
              ? "set lock_address and unlock_address"
              : "remove lock = false";
      ctx.report({ at: block.attr(backend.type === "s3" ? "use_lockfile" : "lock") ?? block, message: `${named} has ${problems.lock}, so two applies at once can corrupt the state; ${fix}.` });
      return;
    }
    ctx.report({
      at: block.attr("encrypt") ?? block,
      message: `${named} has ${problems.encrypt}, so the state (which holds every secret of the resources) is encrypted only if the bucket's defaults say so; add encrypt = true.`,
      severity: "warning",
    });
  },
});
