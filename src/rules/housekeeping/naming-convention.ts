import { createRule, type EvidenceInput, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView, TopBlockView } from "../../engine/views.js";
import type { ModuleInstance, Scope } from "../../eval/evaluator.js";
import type { Expression } from "../../hcl/ast.js";
import type { BlockRef, Module } from "../../model/model.js";
import { TAGGABLE_AWS_RESOURCES } from "../support/aws-taggable.js";
import { NAME_ARGUMENTS, type NameArguments } from "../support/housekeeping-cloud-names.js";
import { referencesIn } from "../support/housekeeping-references.js";
import { rootOf } from "../support/tags.js";

/** Share of names that must follow one pattern before it counts as the repository's convention. */
const DOMINANCE = 0.6;
/** Fewest names from which a convention can be told. */
const MIN_NAMES = 6;

/** One cloud-side name: an argument (or the Name tag) of a resource, in one module instance. */
interface NameUse {
  ref: BlockRef;
  instance: ModuleInstance;
  /** "name", "bucket", "Name tag" … */
  arg: string;
  at: AttrView | TopBlockView;
  /** Whether the name is written as a fixed string (no references). Null when its source cannot be told. */
  literal: boolean | null;
  /** The parameter the name starts with (`var.env_name`), when it starts with one. */
  lead: string | null;
  /** The known leading text of the name (the whole name when `complete`). */
  text: string;
  complete: boolean;
  spec: NameArguments | null;
  source: string | null;
}

/** The pattern most names follow, for messages. */
interface Convention {
  /** "start with ${var.env_name}", "start with \"docker-v1-\"" */
  rule: string;
  count: number;
  total: number;
  /** How a name that follows it begins: `${var.env_name}-…`, `docker-v1-…`. */
  example: string;
}

/** A resource of a type whose name is generated when not set, and that sets none. */
interface Unnamed {
  ref: BlockRef;
  at: TopBlockView;
  spec: NameArguments;
}

interface Violation {
  use: NameUse;
  priority: number;
  severity?: "error" | "warning" | "note";
  message: string;
  evidence: EvidenceInput[];
}

export default createRule({
  id: "naming/convention",
  principle: "housekeeping",
  severity: "warning",
  title: "Cloud-side name that breaks the repository's naming pattern",
  description:
    "Names of AWS resources (name, bucket, identifier, name_prefix, the Name tag) that break the pattern most names of the repository follow, and fixed names of account-wide unique resources that collide when the code is deployed more than once.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const { uses, unnamed } = collect(ctx);
    if (uses.length === 0) return;
    const violations: Violation[] = [];
    violations.push(...collisions(ctx, uses));
    const configured = ctx.config.namingPattern;
    if (ctx.config.namingPatternExplicit) violations.push(...configuredPattern(configured, uses));
    else {
      const byLead = fixedAmongParameterised(uses);
      const byPrefix = outsideCommonPrefix(uses);
      violations.push(...byLead.violations, ...byPrefix.violations);
      const convention = byLead.convention ?? byPrefix.convention;
      if (convention !== null) violations.push(...unnamed.map((u) => generatedName(u, convention)));
    }
    // One finding per resource: its most important problem.
    const byResource = new Map<string, Violation[]>();
    for (const v of violations) {
      const key = `${v.use.ref.file.path}|${v.use.ref.address}`;
      byResource.set(key, [...(byResource.get(key) ?? []), v]);
    }
    for (const list of byResource.values()) {
      list.sort((a, b) => b.priority - a.priority);
      const first = list[0] as Violation;
      const report: Parameters<typeof ctx.report>[0] = { at: first.use.at, message: first.message, evidence: first.evidence };
      if (first.severity !== undefined) report.severity = first.severity;
      ctx.report(report);
    }
  },
});

// ------------------------------------------------------------------------------------------ names

function collect(ctx: RepositoryContext): { uses: NameUse[]; unnamed: Unnamed[] } {
  const uses: NameUse[] = [];
  const unnamed = new Map<string, Unnamed>();
  for (const module of ctx.repo.modules) {
    // Examples and test fixtures show how to call a module; their names are not deployed conventions.
    if (module.role !== "root" && module.role !== "module") continue;
    for (const instance of deployedInstances(ctx, module)) {
      for (const ref of module.resources) {
        const type = ref.type ?? "";
        if (!type.startsWith("aws_")) continue;
        const view = ctx.view(ref, instance);
        const spec = NAME_ARGUMENTS[type] ?? null;
        for (const arg of spec?.args ?? []) {
          const attr = view.attr(arg);
          if (attr !== undefined) add(ctx, uses, { ref, instance, arg, at: attr, expr: attr.expr, scope: attr.scope, spec });
        }
        if (spec?.generated === true && (module.role === "root" || instance.call !== null) && !spec.args.some((a) => view.has(a))) unnamed.set(ref.address + ref.file.path, { ref, at: view, spec });
        if (!TAGGABLE_AWS_RESOURCES.has(type)) continue;
        const tags = view.attr("tags");
        if (tags === undefined) continue;
        const nameExpr = nameTagExpression(tags.expr);
        if (nameExpr !== null) add(ctx, uses, { ref, instance, arg: "Name tag", at: tags, expr: nameExpr, scope: tags.scope, spec: null });
      }
    }
  }
  return { uses, unnamed: [...unnamed.values()] };
}

/** A resource that leaves its name to AWS or Terraform, in a repository whose names follow a pattern. */
function generatedName(u: Unnamed, convention: Convention): Violation {
  const arg = u.spec.args[0] ?? "name";
  const use: NameUse = { ref: u.ref, instance: u.at.scope.instance, arg, at: u.at, literal: null, lead: null, text: "", complete: false, spec: u.spec, source: null };
  return {
    use,
    priority: 0,
    severity: "note",
    message: `${u.ref.address} sets no ${arg}, so it gets a generated one that says nothing of what it is, while ${convention.count} of ${convention.total} cloud-side names in the repository ${convention.rule}; set ${arg} = "${convention.example}".`,
    evidence: [],
  };
}

function add(ctx: RepositoryContext, uses: NameUse[], input: { ref: BlockRef; instance: ModuleInstance; arg: string; at: AttrView; expr: Expression; scope: Scope; spec: NameArguments | null }): void {
  const { text, complete } = leadingText(ctx, input.expr, input.scope);
  if (complete && text === null) return; // name = null: AWS picks the name
  const known = text ?? "";
  // Paths, ARNs and DNS names follow other rules than resource names.
  if (/[/:.@\s]/.test(known)) return;
  if (complete && known === "") return;
  const refs = referencesIn(input.expr).filter((r) => !["count", "each", "path"].includes(r.address));
  uses.push({
    ref: input.ref,
    instance: input.instance,
    arg: input.arg,
    at: input.at,
    literal: refs.length === 0,
    lead: leadOf(input.expr),
    text: known,
    complete,
    spec: input.spec,
    source: input.at.file.text.slice(input.expr.start, input.expr.end),
  });
}

/** The expression of the `Name` key in a tags expression: `{ Name = … }` or `merge(…, { Name = … })`. */
function nameTagExpression(expr: Expression): Expression | null {
  if (expr.type === "Object") {
    for (let i = expr.items.length - 1; i >= 0; i--) {
      const item = expr.items[i];
      if (item === undefined) continue;
      const key = item.key.type === "Variable" ? item.key.name : item.key.type === "Template" && item.key.parts.length === 1 && item.key.parts[0]?.type === "TemplateLiteral" ? item.key.parts[0].value : null;
      if (key === "Name") return item.value;
    }
    return null;
  }
  if (expr.type === "FunctionCall" && expr.name === "merge") {
    for (let i = expr.args.length - 1; i >= 0; i--) {
      const arg = expr.args[i];
      if (arg === undefined) continue;
      const found = nameTagExpression(arg);
      if (found !== null) return found;
    }
  }
  if (expr.type === "Parens") return nameTagExpression(expr.expr);
  return null;
}

/**
 * The known beginning of a name's value: the whole value when it can be evaluated, else the text up to
 * the first part that cannot (`"${var.env}-ngw-${count.index}"` → `dev-ngw-`). Null text with
 * `complete` means the name is null.
 */
function leadingText(ctx: RepositoryContext, expr: Expression, scope: Scope): { text: string | null; complete: boolean } {
  if (expr.type === "Template" && !(expr.parts.length === 1 && expr.parts[0]?.type === "TemplateInterpolation")) {
    let text = "";
    for (const part of expr.parts) {
      if (part.type === "TemplateLiteral") {
        text += part.value;
        continue;
      }
      if (part.type !== "TemplateInterpolation") return { text, complete: false };
      const v = ctx.evaluator.evaluate(part.expr, scope);
      if (v.sensitive === true) return { text, complete: false };
      if (v.kind === "string") text += v.value;
      else if (v.kind === "number" || v.kind === "bool") text += String(v.value);
      else return { text, complete: false };
    }
    return { text, complete: true };
  }
  const v = ctx.evaluator.evaluate(expr, scope);
  if (v.sensitive === true) return { text: "", complete: false };
  if (v.kind === "string") return { text: v.value, complete: true };
  if (v.kind === "null") return { text: null, complete: true };
  return { text: "", complete: false };
}

/** The parameter a name is built from first: `"${var.env}-x"`, `var.name`, `format("%s-x", local.prefix)`. */
function leadOf(expr: Expression): string | null {
  const source = (e: Expression): string | null => (e.type === "Variable" || e.type === "GetAttr" || e.type === "Index" ? traversalText(e) : null);
  switch (expr.type) {
    case "Template": {
      const first = expr.parts[0];
      return first?.type === "TemplateInterpolation" ? source(first.expr) : null;
    }
    case "FunctionCall": {
      const [a, b] = expr.args;
      if (expr.name === "format" && a?.type === "Template" && a.parts[0]?.type === "TemplateLiteral" && a.parts[0].value.startsWith("%s") && b !== undefined) return source(b);
      if (expr.name === "join" && b?.type === "Tuple" && b.items[0] !== undefined) return source(b.items[0]);
      if ((expr.name === "lower" || expr.name === "substr" || expr.name === "trimsuffix") && a !== undefined) return leadOf(a);
      return null;
    }
    case "Parens":
      return leadOf(expr.expr);
    default:
      return source(expr);
  }
}

function traversalText(e: Expression): string | null {
  switch (e.type) {
    case "Variable":
      return ["count", "each", "path", "self"].includes(e.name) ? null : e.name;
    case "GetAttr": {
      const inner = traversalText(e.object);
      return inner === null ? null : `${inner}.${e.name}`;
    }
    case "Index":
      return traversalText(e.object);
    default:
      return null;
  }
}

// ------------------------------------------------------------------------------------------ patterns

/** `name "main"`, `Name tag "public-subnet-a"`, `name_prefix "web-…"`. */
function describe(use: NameUse): string {
  return `${use.arg} "${use.text}${use.complete ? "" : "…"}"`;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const useKey = (u: NameUse): string => `${u.ref.file.path}|${u.ref.address}|${u.arg}`;

function examplesOf(uses: NameUse[], matches: (u: NameUse) => boolean): EvidenceInput[] {
  return uniqueBy(uses.filter(matches), useKey)
    .slice(0, 2)
    .map((u) => ({ message: `${u.ref.address} follows it: ${describe(u)}`, at: u.at }));
}

/** Fixed names where most names of the repository start with the same parameter (`${var.env_name}-…`). */
function fixedAmongParameterised(all: NameUse[]): { violations: Violation[]; convention: Convention | null } {
  const none = { violations: [], convention: null };
  const uses = uniqueBy(all, useKey);
  if (uses.length < MIN_NAMES) return none;
  const counts = new Map<string, number>();
  for (const u of uses) if (u.lead !== null) counts.set(u.lead, (counts.get(u.lead) ?? 0) + 1);
  const [lead, count] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ["", 0];
  if (count < MIN_NAMES || count / uses.length < DOMINANCE) return none;
  const evidence = examplesOf(uses, (u) => u.lead === lead);
  const convention: Convention = { rule: `start with \${${lead}}`, count, total: uses.length, example: `\${${lead}}-…` };
  const violations = uses
    .filter((u) => u.literal === true && u.complete)
    .map((use) => {
      const collide = use.spec?.unique === undefined || use.spec.unique === null ? "" : `; ${use.spec.noun} are unique ${use.spec.unique}, so a second deployment collides`;
      return {
        use,
        priority: 2,
        message: `${use.ref.address} has the fixed ${describe(use)}, while ${count} of ${uses.length} cloud-side names in the repository start with \${${lead}}${collide}; build it from ${lead} like the others.`,
        evidence,
      };
    });
  return { violations, convention };
}

/** Separators of name parts. */
const SEPARATOR = /[-_]/g;

function prefixesOf(text: string): string[] {
  const out: string[] = [];
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m !== null && out.length < 2; m = SEPARATOR.exec(text)) {
    if (m.index === 0) return out;
    out.push(text.slice(0, m.index + 1));
  }
  return out;
}

/** Names whose value does not start with the prefix most names of the repository start with (`docker-v1-`). */
function outsideCommonPrefix(all: NameUse[]): { violations: Violation[]; convention: Convention | null } {
  const none = { violations: [], convention: null };
  const uses = uniqueBy(all, (u) => `${useKey(u)}|${u.text}|${u.complete}`);
  const keys = new Set(uses.map(useKey));
  if (keys.size < MIN_NAMES) return none;
  const counts = new Map<string, number>();
  for (const u of uses) for (const p of prefixesOf(u.text)) counts.set(p, (counts.get(p) ?? 0) + 1);
  const [prefix, count] = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0] ?? ["", 0];
  if (count < MIN_NAMES || count / uses.length < DOMINANCE) return none;
  const evidence = examplesOf(uses, (u) => u.text.startsWith(prefix));
  const convention: Convention = { rule: `start with "${prefix}"`, count, total: uses.length, example: `${prefix}…` };
  const out: Violation[] = [];
  for (const use of uses) {
    if (use.text.startsWith(prefix)) continue;
    if (!use.complete && use.text.length < prefix.length && prefix.startsWith(use.text)) continue;
    if (!use.complete && use.text === "") continue;
    const fixed = use.literal === true;
    const from = fixed || use.source === null ? "" : ` (from ${use.source})`;
    const collide = fixed && use.spec !== null && use.spec.unique !== null ? `; ${use.spec.noun} are unique ${use.spec.unique}, so a fixed one collides with any other deployment` : "";
    out.push({
      use,
      priority: fixed ? 1 : 0,
      ...(fixed ? {} : { severity: "note" as const }),
      message: fixed
        ? `${use.ref.address} has the fixed ${describe(use)}, while ${count} of ${uses.length} cloud-side names in the repository start with "${prefix}"${collide}; name it "${prefix}…" like the others.`
        : `${use.ref.address} has the ${describe(use)}${from}, while ${count} of ${uses.length} cloud-side names in the repository start with "${prefix}": two naming schemes; settle on one.`,
      evidence,
    });
  }
  return { violations: out, convention };
}

/** Names that do not match the pattern configured in .cairn.yaml (`naming.pattern`). */
function configuredPattern(pattern: string, all: NameUse[]): Violation[] {
  const parts = pattern.split(/(\{[a-z_]+\})/).filter((p) => p !== "");
  const placeholder = (p: string): boolean => /^\{[a-z_]+\}$/.test(p);
  const last = parts.map((p, i) => (placeholder(p) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  // Each placeholder is one word, except the last (the purpose), which may hold separators of its own.
  const regex = new RegExp(`^${parts.map((p, i) => (!placeholder(p) ? p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : i === last ? ".+" : "[A-Za-z0-9]+")).join("")}$`);
  return uniqueBy(all, (u) => `${useKey(u)}|${u.text}`)
    .filter((u) => u.complete && !regex.test(u.text))
    .map((use) => ({ use, priority: 1, message: `${use.ref.address} has the ${describe(use)}, which does not match the naming pattern ${pattern} set in .cairn.yaml.`, evidence: [] }));
}

// ------------------------------------------------------------------------------------------ collisions

/**
 * The instances of a module that a root module of the repository deploys; a module only examples or
 * tests call (a library's module) is taken on its own.
 */
function deployedInstances(ctx: RepositoryContext, module: Module): ModuleInstance[] {
  if (module.callers.length === 0) return [ctx.evaluator.standalone(module)];
  const deployed = ctx.evaluator.instancesOf(module).filter((i) => rootOf(i).module.role === "root");
  return deployed.length > 0 ? deployed : [ctx.evaluator.standalone(module)];
}

/** Why a module's resources are created more than once in the same accounts, or null. */
function deployedMoreThanOnce(ctx: RepositoryContext, module: Module, instances: ModuleInstance[]): string | null {
  const roots = new Set(instances.map((i) => rootOf(i).module.dir));
  const paths = instances.filter((i) => i.path.length > 0).map((i) => i.path.join("."));
  if (paths.length >= 2) return `${module.dir === "." ? "the module" : module.dir} is used ${paths.length} times (${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ", …" : ""})`;
  for (const dir of roots) {
    const envs = ctx.repo.workspace.environments.filter((e) => e.source === "tfvars" && (dir === "." ? !e.path.includes("/") : e.path.startsWith(`${dir}/`) && !e.path.slice(dir.length + 1).includes("/")));
    const names = [...new Set(envs.map((e) => e.name))];
    if (names.length >= 2) return `${dir === "." ? "the root module" : dir} is deployed once per environment (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""})`;
    const root = ctx.repo.moduleByDir.get(dir);
    if (root !== undefined && root.references.some((r) => r.address === "terraform" && r.path[0] === "workspace")) return `${dir === "." ? "the root module" : dir} is deployed once per Terraform workspace`;
  }
  return null;
}

/** Fixed names of account-wide unique resources in code that is deployed more than once. */
function collisions(ctx: RepositoryContext, uses: NameUse[]): Violation[] {
  const out: Violation[] = [];
  const reasons = new Map<Module, string | null>();
  for (const use of uniqueBy(uses, useKey)) {
    if (use.literal !== true || !use.complete || use.spec === null || use.spec.unique === null) continue;
    const module = use.ref.module;
    const instances = deployedInstances(ctx, module);
    if (!reasons.has(module)) reasons.set(module, deployedMoreThanOnce(ctx, module, instances));
    const reason = reasons.get(module) ?? null;
    if (reason === null) continue;
    const sameRoot = new Set(instances.map((i) => rootOf(i).module.dir)).size < instances.length;
    out.push({
      use,
      priority: 3,
      ...(sameRoot ? { severity: "error" as const } : {}),
      message: `${use.ref.address} has the fixed ${describe(use)}, but ${reason}; ${use.spec.noun} are unique ${use.spec.unique}, so ${sameRoot ? "the second copy fails to create" : use.spec.unique.startsWith("globally") ? "the deployments collide" : "the deployments collide when they share an account"}: build the name from the environment or the caller's name.`,
      evidence: [],
    });
  }
  return out;
}
