import type { ModuleContext, RepositoryContext } from "../../engine/rule.js";
import type { BlockView } from "../../engine/views.js";
import type { Module, Repository } from "../../model/model.js";
import { gitignoreLineFor } from "./idempotency-gitignore.js";

/** The `backend "x"` (or `cloud`) block of a module as a view, evaluated in the context's instance. */
export function backendView(ctx: ModuleContext): BlockView | null {
  const backend = ctx.module.backend;
  if (backend === null) return null;
  for (const terraform of ctx.terraformBlocks()) {
    if (terraform.ref !== backend.ref) continue;
    for (const block of terraform.blocks(backend.block.blockType)) if (block.block === backend.block) return block;
  }
  return null;
}

/** Files that hold backend settings passed at `init` (`-backend-config=prod.s3.tfbackend`). */
const BACKEND_CONFIG_FILE = /(^|\/)([^/]*\.tfbackend|[^/]*backend[^/]*\.(hcl|tfvars|conf|config|cfg|properties))$/i;

const cache = new WeakMap<Repository, string>();

/**
 * Everything the repository passes to `terraform init -backend-config`: the text of backend config
 * files, and the `-backend-config` arguments written in CI, Makefiles and scripts. Settings found
 * there may complete any backend of the repository, so rules treat them as possibly set.
 */
export function suppliedAtInit(ctx: ModuleContext | RepositoryContext): string {
  const cached = cache.get(ctx.repo);
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (const entry of ctx.repo.workspace.entries) {
    if (!BACKEND_CONFIG_FILE.test(entry.path)) continue;
    const text = ctx.evaluator.readModuleFile(".", entry.path);
    if (text !== null) parts.push(text);
  }
  for (const file of ctx.repo.other) {
    if (file.kind !== "ci" && file.kind !== "makefile" && file.kind !== "script") continue;
    const text = ctx.text(file);
    if (text === null) continue;
    const args = text.match(/-backend-config[=\s]+("[^"\n]*"|'[^'\n]*'|\S+)/g);
    if (args !== null) parts.push(args.join("\n"));
  }
  const out = parts.join("\n");
  cache.set(ctx.repo, out);
  return out;
}

/** Whether `init` may receive this backend setting from outside the block. */
export function mayBeSuppliedAtInit(ctx: ModuleContext | RepositoryContext, setting: string): boolean {
  return new RegExp(`\\b${setting}\\b`).test(suppliedAtInit(ctx));
}

/** The `terraform/prod` part of messages. */
export function moduleLabel(module: Module): string {
  return module.dir === "." ? "the root module" : module.dir;
}

/**
 * Whether a tool writes this module's backend at run time: a `terragrunt.hcl` in its directory or
 * above (terragrunt's remote_state generates backend.tf), or a .gitignore line that ignores the
 * generated backend file (`backend.tf.json` of atmos, a `backend.tf` written by a script).
 */
export function backendGenerated(ctx: ModuleContext | RepositoryContext, module: Module): boolean {
  const dir = module.dir === "." ? "" : `${module.dir}/`;
  const ancestors = new Set<string>([""]);
  const parts = module.dir === "." ? [] : module.dir.split("/");
  for (let i = 1; i <= parts.length; i++) ancestors.add(`${parts.slice(0, i).join("/")}/`);
  for (const entry of ctx.repo.workspace.entriesByName.get("terragrunt.hcl") ?? []) {
    const at = entry.path.slice(0, entry.path.length - "terragrunt.hcl".length);
    if (ancestors.has(at)) return true;
  }
  return gitignoreLineFor(ctx, `${dir}backend.tf.json`) !== undefined || gitignoreLineFor(ctx, `${dir}backend.tf`) !== undefined;
}
