import { createRule, type ModuleContext, type RepositoryContext, type EvidenceInput } from "../../engine/rule.js";
import type { AttrView, BlockView } from "../../engine/views.js";
import type { Expression } from "../../hcl/ast.js";
import { backendView } from "../support/idempotency-backends.js";
import { asString } from "../support/values.js";

/** What a backend needs to exist before `terraform init`: its bucket (or container) and lock table. */
interface Prerequisite {
  kind: "bucket" | "table" | "storage account" | "container";
  name: string;
}

interface Use {
  ctx: ModuleContext;
  block: BlockView;
  needs: Prerequisite[];
}

/** Resource types and the argument that names what they create, by prerequisite kind. */
const CREATORS: Record<Prerequisite["kind"], { type: string; names: string[]; prefix?: string }[]> = {
  bucket: [
    { type: "aws_s3_bucket", names: ["bucket"], prefix: "bucket_prefix" },
    { type: "google_storage_bucket", names: ["name"] },
  ],
  table: [{ type: "aws_dynamodb_table", names: ["name"] }],
  "storage account": [{ type: "azurerm_storage_account", names: ["name"] }],
  container: [{ type: "azurerm_storage_container", names: ["name"] }],
};

/** Names that say a resource or module is the state store, when its name is not known statically. */
const STATE_WORDS = /(^|[-_/.])(tf-?state|terraform-?state|state|backend|locks?|lock-?table)([-_/.]|$)/i;
/** Module sources that create a state backend (cloudposse/tfstate-backend, …); not remote-state modules, which only read state. */
const BACKEND_MODULE = /tfstate|state[-_]?backend|terraform[-_]state|backend[-_]?setup|s3[-_]backend/i;
/** Commands that create buckets, tables and containers in scripts and pipelines. */
const CREATE_COMMAND = /\b(s3 mb|s3api create-bucket|create-table|gsutil mb|gcloud storage buckets create|storage (account|container) create|AWS::S3::Bucket|AWS::DynamoDB::Table)\b/;

function needsOf(type: string, block: BlockView): Prerequisite[] | null {
  const literal = (name: string): string | null | undefined => {
    const attr = block.attr(name);
    if (attr === undefined) return undefined;
    return asString(attr.value());
  };
  switch (type) {
    case "s3":
    case "gcs": {
      const bucket = literal("bucket");
      if (bucket === null || bucket === undefined || bucket === "") return null;
      const out: Prerequisite[] = [{ kind: "bucket", name: bucket }];
      const table = type === "s3" ? literal("dynamodb_table") : undefined;
      if (typeof table === "string" && table !== "") out.push({ kind: "table", name: table });
      return out;
    }
    case "azurerm": {
      const account = literal("storage_account_name");
      const container = literal("container_name");
      if (typeof account !== "string" || typeof container !== "string" || account === "" || container === "") return null;
      return [
        { kind: "storage account", name: account },
        { kind: "container", name: container },
      ];
    }
    default:
      return null;
  }
}

/** A regular expression that matches the strings a template could produce (interpolations match anything). */
function templatePattern(expr: Expression): RegExp | null {
  if (expr.type !== "Template") return null;
  let source = "";
  for (const part of expr.parts) {
    if (part.type === "TemplateLiteral") source += part.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else source += ".*";
  }
  return new RegExp(`^${source}$`);
}

/** Whether an argument may hold this name: equal when known, a matching template, or unknown on a state-named block. */
function mayName(attr: AttrView, name: string, stateNamed: boolean, prefix = false): boolean {
  const value = asString(attr.value());
  if (value !== null) return prefix ? name.startsWith(value) : value === name;
  if (attr.value().kind !== "unknown") return false;
  const pattern = templatePattern(attr.expr);
  if (pattern !== null && attr.expr.type === "Template" && attr.expr.parts.some((p) => p.type === "TemplateLiteral" && p.value.length >= 3)) {
    return prefix ? new RegExp(`${pattern.source.slice(0, -1)}.*$`).test(name) : pattern.test(name);
  }
  return stateNamed;
}

/** Whether some code of the repository creates the prerequisite. */
function created(ctx: RepositoryContext, need: Prerequisite, scripts: readonly string[]): boolean {
  for (const text of scripts) if (text.includes(need.name) && CREATE_COMMAND.test(text)) return true;
  for (const module of ctx.repo.modules) {
    for (const instance of ctx.evaluator.instancesOf(module)) {
      for (const ref of module.resources) {
        const creator = CREATORS[need.kind].find((c) => c.type === ref.type);
        if (creator === undefined) continue;
        const view = ctx.view(ref, instance);
        const stateNamed = STATE_WORDS.test(ref.name ?? "") || STATE_WORDS.test(module.dir);
        for (const name of creator.names) {
          const attr = view.attr(name);
          if (attr !== undefined && mayName(attr, need.name, stateNamed)) return true;
        }
        const prefix = creator.prefix === undefined ? undefined : view.attr(creator.prefix);
        if (prefix !== undefined && mayName(prefix, need.name, stateNamed, true)) return true;
        // A bucket with no name gets a generated one, which a backend cannot name in advance.
      }
      for (const call of module.moduleCalls) {
        if (call.source !== null && BACKEND_MODULE.test(call.source)) return true;
        const view = ctx.view(call.ref, instance);
        for (const attr of view.attrs()) {
          if (attr.name === "source" || attr.name === "version") continue;
          if (asString(attr.value()) === need.name) return true;
          const pattern = templatePattern(attr.expr);
          if (attr.value().kind === "unknown" && pattern !== null && /bucket|table|name/i.test(attr.name) && pattern.test(need.name) && pattern.source !== "^.*$") return true;
        }
      }
    }
  }
  return false;
}

function describe(needs: readonly Prerequisite[]): string {
  const parts = needs.map((n) => `${n.kind} "${n.name}"`);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

export default createRule({
  id: "state/bootstrap",
  principle: "idempotency",
  severity: "warning",
  title: "State bucket that no code creates",
  description:
    "A remote backend (s3, gcs, azurerm) names a bucket, lock table or storage container that no code in the repository creates, so someone makes it by hand before the first init: a chicken-and-egg step outside the code.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const uses: Use[] = [];
    for (const moduleCtx of ctx.modules()) {
      const backend = moduleCtx.module.backend;
      if (backend === null || moduleCtx.module.role === "example" || moduleCtx.module.role === "test") continue;
      const block = backendView(moduleCtx);
      if (block === null) continue;
      const needs = needsOf(backend.type, block);
      if (needs !== null) uses.push({ ctx: moduleCtx, block, needs });
    }
    if (uses.length === 0) return;
    const scripts: string[] = [];
    for (const file of ctx.repo.other) {
      if (file.kind !== "script" && file.kind !== "makefile" && file.kind !== "ci" && file.kind !== "yaml") continue;
      const text = ctx.text(file);
      if (text !== null) scripts.push(text);
    }
    // One finding per missing prerequisite set, at the first backend that needs it.
    const verdicts = new Map<string, boolean>();
    const groups = new Map<string, { missing: Prerequisite[]; uses: Use[] }>();
    for (const use of uses) {
      const missing = use.needs.filter((need) => {
        const key = `${need.kind}:${need.name}`;
        let made = verdicts.get(key);
        if (made === undefined) {
          made = created(ctx, need, scripts);
          verdicts.set(key, made);
        }
        return !made;
      });
      if (missing.length === 0) continue;
      const key = missing.map((m) => `${m.kind}:${m.name}`).join("|");
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { missing, uses: [use] });
      else group.uses.push(use);
    }
    for (const { missing, uses: users } of groups.values()) {
      const [first, ...others] = users;
      if (first === undefined) continue;
      const who = first.ctx.module.dir === "." ? "the root module" : first.ctx.module.dir;
      const also = others.length === 0 ? "" : ` (and ${others.length} other root module${others.length === 1 ? "" : "s"})`;
      const evidence: EvidenceInput[] = others.slice(0, 20).map((o) => ({ message: `${o.ctx.module.dir} uses it too`, at: o.block }));
      ctx.report({
        at: first.block,
        message: `No code in the repository creates the ${describe(missing)} that the backend of ${who}${also} needs, so ${missing.length === 1 ? "it is" : "they are"} made by hand (or elsewhere) before the first init; create ${missing.length === 1 ? "it" : "them"} in a small bootstrap root module.`,
        evidence,
      });
    }
  },
});
