/**
 * Helpers shared by the recoverability and operations rules: which module instances are really
 * deployed, where a resource is referenced from, whether a resource exists at all, and what
 * environment a deployment is.
 */
import type { Expression } from "../../hcl/ast.js";
import type { Value } from "../../eval/value.js";
import type { ModuleContext, RepositoryContext } from "../../engine/rule.js";
import { AttrView, type BlockView, type TopBlockView } from "../../engine/views.js";
import type { BlockRef, Module, Reference } from "../../model/model.js";
import { environmentOf } from "./environment.js";
import { rootOf } from "./tags.js";
import { asList, asNumber, isLibraryDefault } from "./values.js";

const PROD = /^(prod|production|prd|live)$/i;
const ENV_WORD = /^(dev|develop|development|test|testing|qa|uat|stage|staging|stg|sandbox|sbx|demo|preprod|pre-prod|nonprod|non-prod|perf|int|integration|prod|production|prd|live)$/i;

/** Files beside a root module that select an environment: `prod.tfvars`, `production.blue.backend`, `backend-prod.hcl`. */
function environmentFiles(ctx: { repo: ModuleContext["repo"] }, root: Module): string[] {
  const out: string[] = [];
  const prefix = root.dir === "." ? "" : `${root.dir}/`;
  for (const entry of ctx.repo.workspace.entriesByDir.get(root.dir) ?? []) {
    const rest = entry.path.slice(prefix.length);
    if (!/\.(tfvars|tfvars\.json|backend|tfbackend|hcl)$/.test(rest) || rest === ".terraform.lock.hcl") continue;
    for (const word of rest.split(/[._-]/)) if (ENV_WORD.test(word)) out.push(word.toLowerCase());
  }
  return out;
}

/**
 * A root module that someone runs: it configures a backend, a provider or variable files. A directory
 * no module calls that has none of these is a library module kept in the repository (under
 * `modules/`, or a `wrappers/` module), or, when nothing else is deployed, a small stand-alone root.
 */
export function isDeployedRoot(ctx: { repo: ModuleContext["repo"] }, module: Module): boolean {
  if (module.role !== "root") return false;
  if (hasDeploySignals(ctx, module)) return true;
  if (/(^|\/)(modules?|wrappers?)(\/|$)/.test(module.dir)) return false;
  return !ctx.repo.rootModules.some((m) => m !== module && hasDeploySignals(ctx, m));
}

function hasDeploySignals(ctx: { repo: ModuleContext["repo"] }, module: Module): boolean {
  if (module.backend !== null || module.providers.length > 0 || module.varFiles.length > 0) return true;
  return environmentFiles(ctx, module).length > 0;
}

/** Whether this module instance is part of a deployment (a deployed root, or a module called from one). */
export function isDeployed(ctx: ModuleContext): boolean {
  return isDeployedRoot(ctx, rootOf(ctx.instance).module);
}

/**
 * Whether an instance is seen only through an example or a test, or as a library module nobody here
 * deploys: its settings are then the caller's choice.
 */
export function isLibraryInstance(ctx: ModuleContext): boolean {
  const root = rootOf(ctx.instance).module;
  if (root.role === "example" || root.role === "test") return true;
  if (root.role === "module") return true;
  return !isDeployedRoot(ctx, root);
}

/**
 * Whether a value is the caller's to choose: a library default (see isLibraryDefault), or a variable
 * default of a module that is not deployed from here.
 */
export function isCallersChoice(ctx: ModuleContext, v: Value | undefined): boolean {
  if (v === undefined) return false;
  if (isLibraryDefault(ctx, v)) return true;
  if (!isLibraryInstance(ctx)) return false;
  return (v.origins ?? []).some((o) => o.label.startsWith("var.") && o.label.endsWith(" default"));
}

export type Deployment = "prod" | "non-prod" | "unknown";

/**
 * The environment of a deployment: environmentOf() (path, --env, var.environment), or the variable
 * and backend files beside the root module (a root with `production.backend` is deployed to production).
 */
export function deploymentOf(ctx: ModuleContext): Deployment {
  const known = environmentOf(ctx);
  if (known !== "unknown") return known;
  const files = environmentFiles(ctx, rootOf(ctx.instance).module);
  if (files.some((w) => PROD.test(w))) return "prod";
  if (files.length > 0) return "non-prod";
  return "unknown";
}

/**
 * Whether the deployment is the repository's only environment: no sign of several environments (no
 * environment directories or files), and its root keeps remote state or is the only deployed root (a
 * collection of root modules without backends is a library of components, deployed elsewhere).
 */
export function isSingleEnvironment(ctx: ModuleContext): boolean {
  const names = new Set(ctx.repo.workspace.environments.map((e) => e.name.toLowerCase()));
  if (names.size > 1) return false;
  const root = rootOf(ctx.instance).module;
  if (environmentFiles(ctx, root).length > 0) return false;
  return root.backend !== null || ctx.repo.rootModules.filter((m) => isDeployedRoot(ctx, m)).length === 1;
}

/**
 * Whether a resource may exist: false when `count` is known to be 0 or `for_each` known to be empty.
 * Library defaults that switch a resource off are the caller's choice, so they count as "may exist".
 */
export function mayExist(ctx: ModuleContext, resource: TopBlockView): boolean {
  const count = resource.value("count");
  if (count !== undefined && asNumber(count) === 0 && !isCallersChoice(ctx, count)) return false;
  const forEach = resource.value("for_each");
  if (forEach !== undefined && !isCallersChoice(ctx, forEach)) {
    if (forEach.kind === "object" && forEach.entries.size === 0) return false;
    if (forEach.kind === "list" && forEach.items.length === 0) return false;
  }
  return true;
}

/** Whether a resource certainly exists: no count/for_each, or ones known to make at least one instance. */
export function certainlyExists(ctx: ModuleContext, resource: TopBlockView): boolean {
  const count = resource.value("count");
  if (count !== undefined) {
    const n = asNumber(count);
    if (n === null || n === 0 || isCallersChoice(ctx, count)) return false;
  }
  const forEach = resource.value("for_each");
  if (forEach !== undefined) {
    if (isCallersChoice(ctx, forEach)) return false;
    if (forEach.kind === "object") return forEach.entries.size > 0;
    if (forEach.kind === "list") return forEach.items.length > 0;
    return false;
  }
  return true;
}

/** How many instances a resource makes: 1 without count/for_each, the known count, or null when unknown. */
export function instanceCount(resource: TopBlockView): number | null {
  const count = resource.value("count");
  if (count !== undefined) return asNumber(count);
  const forEach = resource.value("for_each");
  if (forEach !== undefined) {
    if (forEach.kind === "object") return forEach.entries.size;
    const items = asList(forEach);
    return items === null ? null : items.length;
  }
  return 1;
}

/** References written inside a span of a file (an argument, a nested block). */
export function referencesIn(module: Module, span: { file: { path: string }; start: number; end: number }): Reference[] {
  return module.references.filter((r) => r.file.path === span.file.path && r.node.start >= span.start && r.node.end <= span.end);
}

/** Whether an argument or block refers to an address (`aws_s3_bucket.logs`). */
export function refersTo(module: Module, at: AttrView | BlockView, address: string): boolean {
  const span = at instanceof AttrView ? { file: at.file, start: at.attribute.start, end: at.attribute.end } : { file: at.file, start: at.block.start, end: at.block.end };
  return referencesIn(module, span).some((r) => r.address === address);
}

/** Every reference to an address, with the top-level block it is written in. */
export function referencesTo(module: Module, address: string): Reference[] {
  return module.references.filter((r) => r.address === address);
}

/**
 * Addresses a local value is made of, followed through other locals: `local.app_env` →
 * `random_password.key` when the local is built from it.
 */
export function localsUsing(module: Module, address: string): Set<string> {
  const found = new Set<string>();
  let frontier = new Set([address]);
  for (let depth = 0; depth < 6 && frontier.size > 0; depth++) {
    const next = new Set<string>();
    for (const local of module.locals) {
      const name = `local.${local.name}`;
      if (found.has(name)) continue;
      const refs = referencesIn(module, { file: local.block.file, start: local.attribute.start, end: local.attribute.end });
      if (refs.some((r) => frontier.has(r.address))) {
        found.add(name);
        next.add(name);
      }
    }
    frontier = next;
  }
  return found;
}

/** The name of the attribute of a top-level block that holds a reference (`user_data`, `environment`), following nested blocks. */
export function argumentPathOf(ref: BlockRef, node: Expression): string[] {
  const path: string[] = [];
  let body = ref.block.body;
  for (;;) {
    let descended = false;
    for (const item of body.items) {
      if (node.start < item.start || node.end > item.end) continue;
      if (item.type === "Attribute") {
        path.push(item.name);
        return path;
      }
      if (item.type === "Block") {
        path.push(item.blockType === "dynamic" ? (item.labels[0]?.value ?? "dynamic") : item.blockType);
        body = item.body;
        descended = true;
        break;
      }
    }
    if (!descended) return path;
  }
}

/** Module contexts for every instance of every module: what the engine gives module rules, for a repository rule. */
export function instanceContexts(ctx: RepositoryContext): ModuleContext[] {
  return ctx.instances();
}

/** "aws_instance.web in module.app" style owner text, for messages about resources in called modules. */
export function addressIn(ctx: ModuleContext, address: string): string {
  return ctx.instance.path.length === 0 ? address : `${ctx.instance.path.join(".")}.${address}`;
}

/** "a", "a and b", "a, b and c", "a, b, c and 2 more". */
export function listText(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? "";
  if (items.length > max) return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
