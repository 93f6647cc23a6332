import { createRule, type EvidenceInput, type Location, type ModuleContext, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView } from "../../engine/views.js";
import type { Expression } from "../../hcl/ast.js";
import { gitignoreLineFor } from "../support/idempotency-gitignore.js";
import { isDeployedHere, isRunRoot, referencesUndeclared, rootName } from "../support/idempotency-roots.js";
import { constraintShape } from "../support/idempotency-versions.js";
import { asString } from "../support/values.js";

/**
 * Providers published under the hashicorp namespace. A module that uses one without declaring it
 * still installs the right provider (Terraform assumes hashicorp/<name>); any other provider
 * undeclared in a module makes init look for hashicorp/<name>, which is not that provider.
 */
const HASHICORP_PROVIDERS = new Set([
  "ad", "archive", "aws", "awscc", "azuread", "azurerm", "azurestack", "boundary", "cloudinit", "consul", "dns", "external",
  "google", "google-beta", "hcp", "helm", "http", "kubernetes", "local", "nomad", "null", "random", "template", "tfe", "time",
  "tls", "vault", "vsphere",
]);

interface Requirement {
  /** The constraint text, or null when the entry has none. */
  constraint: string | null;
  at: AttrView;
}

/** The local name a `provider = aws.east` meta-argument (or a `providers` map value) refers to. */
function providerName(expr: Expression, text: string): string | null {
  const source = text.slice(expr.start, expr.end).trim();
  const m = /^([A-Za-z][A-Za-z0-9_-]*)(\.[A-Za-z0-9_-]+)?$/.exec(source);
  return m === null ? null : (m[1] as string);
}

/** Providers the module uses, each with the first place it is used. */
function usedProviders(ctx: ModuleContext): Map<string, Location> {
  const used = new Map<string, Location>();
  const add = (name: string | null, at: Location): void => {
    if (name === null || name === "terraform" || used.has(name)) return;
    used.set(name, at);
  };
  for (const provider of ctx.providers()) add(provider.resourceType, provider);
  for (const block of [...ctx.resources(), ...ctx.dataSources()]) {
    const meta = block.attr("provider");
    if (meta !== undefined) add(providerName(meta.expr, block.file.text), block);
    else if (/^[a-z][a-z0-9-]*_/.test(block.resourceType)) add(block.resourceType.split("_")[0] ?? null, block);
  }
  for (const call of ctx.moduleCalls()) {
    const providers = call.attr("providers");
    if (providers?.expr.type !== "Object") continue;
    for (const item of providers.expr.items) add(providerName(item.value, call.file.text), call);
  }
  return used;
}

function requirements(ctx: ModuleContext): Map<string, Requirement> {
  const out = new Map<string, Requirement>();
  for (const terraform of ctx.terraformBlocks()) {
    for (const block of terraform.blocks("required_providers")) {
      for (const attr of block.attrs()) {
        const value = attr.value();
        // The legacy form `aws = "~> 2.35"` is an entry with a constraint.
        if (value.kind === "string") out.set(attr.name, { constraint: value.value, at: attr });
        else if (value.kind === "object") {
          const version = value.entries.get("version");
          out.set(attr.name, { constraint: version === undefined || version.kind === "null" ? null : (asString(version) ?? "?"), at: attr });
        } else out.set(attr.name, { constraint: "?", at: attr });
      }
    }
  }
  // `version` inside a provider block: deprecated since Terraform 0.13, but still a constraint.
  for (const provider of ctx.providers()) {
    const version = provider.attr("version");
    if (version === undefined || out.has(provider.resourceType)) continue;
    out.set(provider.resourceType, { constraint: asString(version.value()) ?? "?", at: version });
  }
  return out;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** A root module whose lock file is missing or not committed. */
interface Unlocked {
  ctx: ModuleContext;
  name: string;
  at: Location;
  committed: "absent" | "untracked";
}

function checkRoot(ctx: ModuleContext, name: string, unlocked: Unlocked[]): void {
  const used = usedProviders(ctx);
  const required = requirements(ctx);
  const missing = [...used.keys()].filter((p) => !required.has(p)).sort();
  const lock = ctx.module.lockFile;
  const locked = lock !== null && lock.entry.tracked !== false;
  const firstMissing = missing[0];
  if (firstMissing !== undefined) {
    const at: Location = ctx.terraformBlocks()[0] ?? (used.get(firstMissing) as Location);
    const evidence: EvidenceInput[] = missing.map((p) => ({ message: `${p} is used here`, at: used.get(p) as Location }));
    const them = missing.length === 1 ? "it" : "each";
    const why = locked
      ? `: only the committed lock file pins ${missing.length === 1 ? "its release" : "their releases"}, and init -upgrade would take any new major one`
      : ", so nothing constrains which version init installs";
    ctx.report({
      at,
      message: `${name} uses ${missing.length === 1 ? "provider" : "providers"} ${list(missing)} with no required_providers entry${why}; declare ${them} with a source and a version such as "~> X.Y".`,
      evidence,
    });
  }
  // Upper bounds and the lock file matter where the root is run from this repository.
  if (!isDeployedHere(ctx.module)) return;
  const unbounded = [...required].filter(([, r]) => r.constraint === null || constraintShape(r.constraint) === "unbounded" || constraintShape(r.constraint) === "none");
  const firstUnbounded = unbounded[0];
  if (firstUnbounded !== undefined) {
    const described = unbounded.map(([p, r]) => (r.constraint === null || r.constraint.trim() === "" ? `${p} (no version)` : `${p} "${r.constraint}"`));
    const evidence: EvidenceInput[] = unbounded.slice(1).map(([p, r]) => ({ message: `${p} constraint`, at: r.at }));
    if (locked) {
      ctx.report({
        at: firstUnbounded[1].at,
        message: `${name} constrains ${list(described)} with no upper bound; the committed lock file pins the release, but init -upgrade can jump to a new major one: use "~> X.Y".`,
        evidence,
        severity: "note",
      });
    } else {
      ctx.report({
        at: firstUnbounded[1].at,
        message: `${name} constrains ${list(described)} with no upper bound and commits no .terraform.lock.hcl, so any init can install a new major release; use "~> X.Y" and commit the lock file.`,
        evidence,
      });
    }
    return;
  }
  if (locked || used.size === 0) return;
  const first = ctx.terraformBlocks()[0];
  const file = ctx.module.files[0];
  const at: Location | undefined = first ?? (file === undefined ? undefined : { file, start: 0, end: 0, anchor: `${ctx.module.dir}/lock` });
  if (at !== undefined) unlocked.push({ ctx, name, at, committed: lock === null ? "absent" : "untracked" });
}

function lockPath(ctx: ModuleContext): string {
  return `${ctx.module.dir === "." ? "" : `${ctx.module.dir}/`}.terraform.lock.hcl`;
}

/** A few roots without a lock file are reported one by one; many, once for the repository. */
function reportUnlocked(ctx: RepositoryContext, unlocked: readonly Unlocked[]): void {
  if (unlocked.length <= 3) {
    for (const root of unlocked) {
      const ignored = gitignoreLineFor(ctx, lockPath(root.ctx));
      const why = root.committed === "absent" ? "is not in the repository" : "is not committed";
      const hint = ignored !== undefined ? ` (${ignored} ignores it: narrow that pattern)` : "";
      root.ctx.report({
        at: root.at,
        message: `${root.name}'s .terraform.lock.hcl ${why}, so each init may resolve different provider releases within the constraints; commit it${hint}.`,
        severity: "note",
      });
    }
    return;
  }
  const ignored = new Set(unlocked.map((r) => gitignoreLineFor(ctx, lockPath(r.ctx))).filter((l): l is string => l !== undefined));
  const hint = ignored.size > 0 ? ` (${[...ignored].slice(0, 2).join(", ")} ignore${ignored.size === 1 ? "s" : ""} them: narrow that pattern)` : "";
  const names = unlocked.slice(0, 3).map((r) => r.ctx.module.dir).join(", ");
  ctx.report({
    at: { repository: true, anchor: "no-lock-files" },
    message: `${unlocked.length} root modules (${names}, …) commit no .terraform.lock.hcl, so each init may resolve different provider releases within the constraints; run terraform init in each and commit the lock files${hint}.`,
    evidence: unlocked.slice(0, 20).map((r) => ({ message: `${r.ctx.module.dir} has no committed lock file`, at: r.at })),
    severity: "note",
  });
}

/** A module may leave out hashicorp providers (they are implied), but not any other provider. */
function checkModule(ctx: ModuleContext): void {
  const used = usedProviders(ctx);
  const required = requirements(ctx);
  const missing = [...used.keys()].filter((p) => !required.has(p) && !HASHICORP_PROVIDERS.has(p)).sort();
  const first = missing[0];
  if (first === undefined) return;
  const where = ctx.module.dir === "." ? "The module at the repository root" : `Module ${ctx.module.dir}`;
  ctx.report({
    at: ctx.terraformBlocks()[0] ?? (used.get(first) as Location),
    message: `${where} uses ${list(missing)} with no required_providers entry, so terraform init looks for hashicorp/${first} instead of the provider's own source; declare ${missing.length === 1 ? "it" : "each"} with its source.`,
    severity: "error",
  });
}

export default createRule({
  id: "versions/providers",
  principle: "idempotency",
  severity: "warning",
  title: "Provider version not pinned",
  description:
    "A root module that uses a provider without a required_providers entry, constrains one with no upper bound (>= 5.0), or commits no .terraform.lock.hcl; a module that uses a non-HashiCorp provider without declaring its source.",
  peers: { tflint: ["terraform_required_providers"] },
  scope: "repository",
  check(ctx) {
    const unlocked: Unlocked[] = [];
    for (const moduleCtx of ctx.modules()) {
      const module = moduleCtx.module;
      if (isRunRoot(module)) checkRoot(moduleCtx, rootName(module), unlocked);
      else if ((module.role === "module" || module.role === "root") && !referencesUndeclared(module)) checkModule(moduleCtx);
    }
    reportUnlocked(ctx, unlocked);
  },
});
