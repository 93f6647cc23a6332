import type { Node, ObjectItem } from "../../hcl/ast.js";
import { walk } from "../../hcl/walk.js";
import { literalString } from "../../model/build.js";
import type { BlockRef, Module, Reference } from "../../model/model.js";
import { createRule, type ModuleContext } from "../../engine/rule.js";
import { argumentPathOf, isLibraryInstance, localsUsing, mayExist } from "../support/recoverability-model.js";

const GENERATORS = ["random_password", "random_string", "random_id", "tls_private_key"];

/** Resources that keep a value in a secret store, where it can be read back after a rebuild. */
const SECRET_STORES = new Set([
  "aws_secretsmanager_secret_version",
  "aws_ssm_parameter",
  "vault_generic_secret",
  "vault_kv_secret_v2",
  "vault_kv_secret",
  "google_secret_manager_secret_version",
  "azurerm_key_vault_secret",
]);

/** Where an application reads its configuration from: the value becomes a key the application uses. */
const APP_CONFIG: ReadonlyMap<string, string> = new Map([
  ["kubernetes_secret", "a Kubernetes secret"],
  ["kubernetes_secret_v1", "a Kubernetes secret"],
  ["kubernetes_config_map", "a config map"],
  ["kubernetes_config_map_v1", "a config map"],
  ["kubernetes_deployment", "a deployment's environment"],
  ["kubernetes_deployment_v1", "a deployment's environment"],
  ["helm_release", "Helm values"],
  ["aws_ecs_task_definition", "a task definition"],
  ["aws_lambda_function", "a function's environment"],
  ["aws_instance", "user data"],
  ["aws_launch_template", "user data"],
  ["aws_launch_configuration", "user data"],
  ["aws_s3_object", "a configuration file"],
  ["aws_s3_bucket_object", "a configuration file"],
  ["local_file", "a configuration file"],
  ["local_sensitive_file", "a configuration file"],
  ["aws_elastic_beanstalk_environment", "application settings"],
  ["aws_apprunner_service", "a service's environment"],
  ["aws_batch_job_definition", "a job definition"],
  ["aws_appconfig_hosted_configuration_version", "application configuration"],
]);

/** Names of keys whose loss makes stored data unreadable (the others invalidate sessions, tokens or webhooks). */
const ENCRYPTION = /(encrypt|cipher|crypt|master[_-]?key|data[_-]?key|secret[_-]?key[_-]?base|(^|[_-])(kek|dek|aes|fernet|unseal)([_-]|$)|app[_-]?key)/i;
/** Names that say the value is a key or secret of the application (not a password of a resource). */
const KEY_NAME = /(key|secret|salt|pepper|token|jwt|hmac|signing|session|cookie|encrypt|cipher|nonce)/i;
const NOT_A_KEY = /(key[_-]?(name|pair|id)|ssh|password|passwd|user(name)?|suffix|prefix|(^|[_-])id([_-]|$)|identifier|name)/i;

interface Use {
  /** A secret store, application configuration, a called module, or another resource managed here (a database password, a webhook). */
  kind: "store" | "config" | "module" | "peer";
  /** The consuming block: `kubernetes_secret.app`, `module.app`. */
  where: string;
  /** The key the value is stored under, when it is written as a map key or a `name` beside it. */
  key: string | null;
  what: string;
}

/** The innermost object key that a node sits under, or the `name` literal of the object around it. */
function keyAround(root: Node, target: Node): string | null {
  let found: string | null = null;
  walk(root, (node) => {
    if (node.start > target.start || node.end < target.end) return false;
    if (node.type === "Object") {
      const name = node.items.find((i) => (i.key.type === "Variable" ? i.key.name : literalString(i.key)) === "name");
      const literal = name === undefined ? null : literalString(name.value);
      if (literal !== null) found = literal;
    }
    if (node.type === "ObjectItem") {
      const item = node as ObjectItem;
      if (item.value.start <= target.start && item.value.end >= target.end) {
        const key = item.key.type === "Variable" ? item.key.name : literalString(item.key);
        if (key !== null && key !== "value") found = key;
      }
    }
    return true;
  });
  return found;
}

/** Every use of an address in a module, followed through locals. */
function usesOf(module: Module, address: string): Use[] {
  const addresses = new Set([address, ...localsUsing(module, address)]);
  const out: Use[] = [];
  const seen = new Set<Reference>();
  for (const ref of module.references) {
    if (!addresses.has(ref.address) || seen.has(ref)) continue;
    seen.add(ref);
    const from: BlockRef = ref.from;
    if (from.kind === "resource") {
      const type = from.type ?? "";
      const key = keyAround(from.block, ref.node);
      if (SECRET_STORES.has(type)) out.push({ kind: "store", where: from.address, key, what: "a secret store" });
      else if (APP_CONFIG.has(type)) {
        const path = argumentPathOf(from, ref.node);
        // An instance's or launch template's only application-facing argument is its user data.
        if ((type === "aws_instance" || type === "aws_launch_template" || type === "aws_launch_configuration") && !path.some((p) => p.startsWith("user_data"))) continue;
        out.push({ kind: "config", where: from.address, key, what: APP_CONFIG.get(type) ?? "configuration" });
      } else if (!type.startsWith("random_") && type !== "terraform_data" && type !== "null_resource") {
        out.push({ kind: "peer", where: from.address, key, what: "a resource" });
      }
    } else if (from.kind === "module") {
      const path = argumentPathOf(from, ref.node);
      out.push({ kind: "module", where: from.address, key: path[0] ?? null, what: "a module input" });
    }
  }
  return out;
}

/** Whether a called module stores an input in a secret store, uses it as configuration, or cannot be read. */
function moduleUse(ctx: ModuleContext, use: Use): "store" | "config" | "unknown" | "none" {
  const call = ctx.module.moduleCalls.find((c) => `module.${c.name}` === use.where);
  if (call?.target === null || call === undefined || use.key === null) return "unknown";
  const inner = usesOf(call.target, `var.${use.key}`);
  if (inner.some((u) => u.kind === "store" || u.kind === "module")) return inner.some((u) => u.kind === "store") ? "store" : "unknown";
  return inner.some((u) => u.kind === "config") ? "config" : "none";
}

export default createRule({
  id: "secrets/regenerated-keys",
  principle: "recoverability",
  severity: "warning",
  title: "Generated key that a rebuild would change",
  description:
    "random_password, random_string, random_id and tls_private_key values used as application or encryption keys (in user data, environment variables, task definitions, Kubernetes secrets, Helm values, configuration files) and never stored in a secret store: a rebuild or a lost state generates new ones.",
  peers: {},
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    if (isLibraryInstance(ctx)) return;
    for (const generator of ctx.resources(GENERATORS)) {
      if (!mayExist(ctx, generator)) continue;
      const uses = usesOf(ctx.module, generator.address);
      // Stored, or also set on the resource that checks it (a database, a webhook): a rebuild changes both sides.
      if (uses.some((u) => u.kind === "store" || u.kind === "peer")) continue;
      const configs = uses.filter((u) => u.kind === "config");
      let unknownModule = false;
      for (const use of uses.filter((u) => u.kind === "module")) {
        const through = moduleUse(ctx, use);
        if (through === "store") {
          unknownModule = true;
          break;
        }
        if (through === "unknown") unknownModule = true;
        if (through === "config") configs.push({ kind: "config", where: use.where, key: use.key, what: "the input of" });
      }
      if (unknownModule || configs.length === 0) continue;
      // The generator's own name decides when it says what the value is (`db_password`, `suffix`, `session_secret`).
      if (NOT_A_KEY.test(generator.name)) continue;
      const names = [generator.name, ...configs.map((c) => c.key ?? "")];
      if (!KEY_NAME.test(generator.name) && !names.some((n) => KEY_NAME.test(n) && !NOT_A_KEY.test(n))) continue;
      const first = configs[0] as Use;
      const place = first.what === "the input of" ? `the input ${first.key ?? ""} of ${first.where}` : `${first.what} ${first.where}${first.key !== null && first.key !== generator.name ? ` as ${first.key}` : ""}`;
      const encryption = names.some((n) => ENCRYPTION.test(n));
      const impact = encryption ? "data encrypted with the old key becomes unreadable" : "existing sessions, tokens or signatures stop being valid";
      const more = configs.length > 1 ? ` (and ${configs.length - 1} more place${configs.length > 2 ? "s" : ""})` : "";
      ctx.report({
        at: generator,
        message: `${generator.address} goes into ${place}${more} but is kept only in Terraform state: a rebuild or a lost state generates a new value and ${impact}; store it in Secrets Manager or SSM Parameter Store and read it from there.`,
        ...(encryption ? {} : { severity: "note" as const }),
      });
    }
  },
});
