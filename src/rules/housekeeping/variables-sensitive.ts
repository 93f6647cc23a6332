import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { isSensitive } from "../../eval/value.js";
import { referencesIn, type ExpressionReference } from "../support/housekeeping-references.js";
import { moduleAllowsOlderThan } from "../support/housekeeping-versions.js";
import { findSecretShapes, isPlaceholder, isSecretName } from "../support/secrets.js";
import { asBool, asString } from "../support/values.js";

/** Attributes that name or locate a secret, or hold it encrypted, rather than hold it. */
const LOCATOR_ATTRIBUTE = /(^|_)(arn|arns|id|ids|name|names|endpoint|address|port|version|path|url|fqdn|dns_name|status|kms_key_id)$|^(master_user_secret|password_data|version_token)$/;

/** Words that make a secret-sounding name the place a secret is kept (`ssm_path_password`, `db_password_arn`). */
const LOCATOR_WORD = /(^|_)(ssm|path|paths|arn|arns|parameter|param|location|secretsmanager|vault_path)(_|$)/;

/** A description saying the variable holds a reference to a secret (its ARN, name, path), not the secret. */
const REFERENCE_DESCRIPTION = /\barns?\b|\b(name|path|id|identifier|location|key) of (the |an? )?[\w\s-]*(secret|parameter|password|token)|\bssm parameter (name|path)\b|\bsecret (name|id|arn|path)\b/i;

/** Where a webhook URL is itself a credential: incoming webhooks of chat tools. */
const SECRET_WEBHOOK = /slack|teams|discord|chime|mattermost|google ?chat|incoming/i;

export default createRule({
  id: "variables/sensitive",
  principle: "housekeeping",
  severity: "warning",
  title: "Secret variable or output not marked sensitive",
  description:
    "A variable or output whose name or value looks like a secret (password, secret, token, API key, webhook, license key) and is not `sensitive = true`, so plans, logs and `terraform output` print it.",
  peers: {},
  scope: "module",
  check(ctx) {
    const note = versionNote(ctx);
    for (const variable of ctx.variables()) checkVariable(ctx, variable, note);
    for (const output of ctx.outputs()) checkOutput(ctx, output, note);
  },
});

/** Whether `sensitive` is set to true (true), set to something unknown (null), or absent/false (false). */
function markedSensitive(block: TopBlockView): boolean | null {
  const attr = block.attr("sensitive");
  if (attr === undefined) return false;
  const value = asBool(attr.value());
  return value === null ? null : value;
}

function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
}

/** Whether a name says it holds a secret, read with its description. */
function secretName(name: string, description: string): boolean {
  if (!isSecretName(name)) return false;
  const w = words(name);
  if (LOCATOR_WORD.test(w)) return false;
  // Concurrency and versioning tokens are not credentials.
  if (/(^|_)version_tokens?$/.test(w)) return false;
  if (REFERENCE_DESCRIPTION.test(description)) return false;
  // A webhook URL is a secret for chat tools (Slack, Teams); a URL that receives webhooks is not.
  const withoutWebhook = w.replace(/(^|_)webhooks?(_url)?(_|$)/g, "_");
  if (/(^|_)webhook/.test(w) && !isSecretName(withoutWebhook) && !SECRET_WEBHOOK.test(`${w} ${description}`)) return false;
  return true;
}

/** Why a variable looks like a secret ("looks like a secret", "has a default that looks like …"), or null. */
function secretVariable(variable: TopBlockView): string | null {
  if (asBool(variable.value("ephemeral")) === true) return null;
  const type = variable.attr("type")?.source().replace(/\s+/g, "") ?? "";
  // Flags, numbers and structured settings are not credentials.
  if (/^(bool|number|object\(|list\(object|map\(object|set\(object|tuple\()/.test(type)) return null;
  const fallback = variable.attr("default");
  const defaultText = fallback === undefined ? null : asString(fallback.value());
  const description = asString(variable.value("description")) ?? "";
  if (secretName(variable.name, description)) {
    if (defaultText !== null && defaultText !== "" && (isPlaceholder(defaultText) || defaultText.startsWith("/"))) return null;
    return "looks like a secret";
  }
  if (defaultText !== null) {
    const [shape] = findSecretShapes(defaultText);
    if (shape !== undefined) return `has a default that looks like ${shape.kind}`;
  }
  return null;
}

function checkVariable(ctx: ModuleContext, variable: TopBlockView, note: string): void {
  if (markedSensitive(variable) !== false) return;
  const why = secretVariable(variable);
  if (why === null) return;
  ctx.report({
    at: variable.attr("sensitive") ?? variable,
    message: `${variable.address} ${why} but is not marked sensitive, so Terraform prints its value in plans and logs; add sensitive = true${note}.`,
  });
}

function checkOutput(ctx: ModuleContext, output: TopBlockView, note: string): void {
  if (markedSensitive(output) !== false) return;
  if (asBool(output.value("ephemeral")) === true) return;
  const value = output.attr("value");
  if (value === undefined) return;
  const refs = referencesIn(value.expr);
  // Terraform itself refuses an output that carries a sensitive value: say so, it is a broken plan.
  const unwrapped = !/\bnonsensitive\s*\(/.test(value.source());
  const forced = unwrapped ? refs.find((ref) => ref.address.startsWith("var.") && sensitiveVariable(ctx, ref.address)) : undefined;
  if (forced !== undefined || isSensitive(value.value())) {
    const what = forced !== undefined ? `${forced.address}, which is sensitive` : "a sensitive value";
    ctx.report({
      at: output.attr("sensitive") ?? output,
      severity: "error",
      message: `${output.address} carries ${what}, so Terraform stops with "Output refers to sensitive values"; add sensitive = true${note}.`,
    });
    return;
  }
  // An output named for where a secret is kept (`db_password_ssm_key`) holds the place, not the secret.
  if (LOCATOR_WORD.test(words(output.name))) return;
  const carried = refs.find((ref) => carriesSecret(ctx, ref));
  let why: string | null = null;
  if (carried !== undefined) why = `includes ${describeReference(carried)}`;
  else if (secretName(output.name, asString(output.value("description")) ?? "") && readsSecret(refs)) why = "looks like a secret";
  if (why === null) return;
  ctx.report({
    at: output.attr("sensitive") ?? output,
    message: `${output.address} ${why} but is not marked sensitive, so terraform apply and terraform output print it; add sensitive = true${note}.`,
  });
}

function sensitiveVariable(ctx: ModuleContext, address: string): boolean {
  const declaration = ctx.module.byAddress.get(address);
  return declaration !== undefined && asBool(ctx.view(declaration, ctx.instance).value("sensitive")) === true;
}

function describeReference(ref: ExpressionReference): string {
  return ref.address.startsWith("var.") || ref.address.startsWith("local.") ? ref.address : [ref.address, ...ref.path].join(".");
}

/** Whether a reference reads a secret: a secret variable or local, or a resource attribute that is one. */
function carriesSecret(ctx: ModuleContext, ref: ExpressionReference): boolean {
  if (ref.last !== null && LOCATOR_ATTRIBUTE.test(ref.last) && ref.path.length > 0) return false;
  if (ref.address.startsWith("var.")) {
    const declaration = ctx.module.byAddress.get(ref.address);
    if (declaration === undefined || ref.path.length > 0) return false;
    const view = ctx.view(declaration, ctx.instance);
    // A sensitive variable read through nonsensitive() was declassified on purpose.
    return markedSensitive(view) === false && secretVariable(view) === "looks like a secret";
  }
  if (ref.address.startsWith("local.")) return ref.path.length === 0 && secretName(ref.address.slice("local.".length), "");
  if (ref.address.startsWith("data.") || ref.address.startsWith("module.")) return false;
  // Only resources of this module (not names bound by for expressions).
  if (!ctx.module.byAddress.has(ref.address)) return false;
  const last = ref.last;
  if (last === null) return false;
  if (ref.address.startsWith("random_password.") && last === "result") return true;
  if (ref.address.startsWith("tls_private_key.") && /^private_key/.test(last)) return true;
  return isSecretName(last) && !LOCATOR_ATTRIBUTE.test(last);
}

/**
 * Whether an output with a secret's name reads something that can hold the secret: not only where
 * it is kept (ARNs, ids, names), and not only another module's outputs (that module marks its own).
 */
function readsSecret(refs: ExpressionReference[]): boolean {
  const relevant = refs.filter((r) => !["count", "each", "path", "terraform", "self"].includes(r.address));
  if (relevant.length === 0) return false;
  if (relevant.every((r) => r.address.startsWith("module."))) return false;
  return !relevant.every((r) => r.last !== null && LOCATOR_ATTRIBUTE.test(r.last));
}

/** A reminder that `sensitive` needs Terraform 0.14, when the module still allows older versions. */
function versionNote(ctx: ModuleContext): string {
  const allowed = moduleAllowsOlderThan(ctx, [0, 14, 0]);
  if (allowed === null || !allowed.allows) return "";
  return ` (it needs Terraform 0.14 or later, and required_version "${allowed.constraint}" still allows older versions: raise it too)`;
}
