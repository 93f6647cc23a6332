import { createRule, type EvidenceInput, type ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { attributeOf, blocksOf } from "../../model/build.js";
import type { Module } from "../../model/model.js";
import { asString } from "../support/values.js";

/** A description that says the variable is kept on purpose although nothing reads it. */
const KEPT_ON_PURPOSE = /deprecat|not used|unused|no longer|ignored|has no effect|no-op|backward|compatib|reserved for future|placeholder/i;

/** Locals written as assertions: their evaluation fails on bad input. */
const ASSERTION = /^(check|checks|validate|validation|assert|assertion|verify|ensure)(_|$)/;

/** Data sources read for what reading them does, not for their attributes. */
const SIDE_EFFECT_DATA = new Set(["archive_file", "external"]);

export default createRule({
  id: "variables/unused",
  principle: "housekeeping",
  severity: "warning",
  title: "Unused variable, local or data source",
  description:
    "A variable, local value or data source that nothing in its module references. Values set for it have no effect, and readers are misled about what the module depends on.",
  peers: { tflint: ["terraform_unused_declarations"] },
  scope: "module",
  check(ctx) {
    const module = ctx.module;
    // Snippets meant to be copied into other modules (they refer to things declared elsewhere) are not a module of their own.
    if (isFragment(module)) return;
    const used = usedAddresses(module);
    const where = module.dir === "." ? "the root module" : module.dir;
    const generated = generatesCode(ctx);
    if (!generated) {
      for (const variable of ctx.variables()) {
        if (used.has(variable.address)) continue;
        if (KEPT_ON_PURPOSE.test(asString(variable.value("description")) ?? "")) continue;
        // Kept only to reject an old input with a helpful error (`validation { condition = var.x == null }`).
        if (rejectsAnyValue(variable)) continue;
        // Tooling may read a variable's default as data (`hcl2json rules.tf | jq .auto_groups`).
        if (toolingText(ctx).some((text) => new RegExp(`\\b${variable.name}\\b`).test(text))) continue;
        const { setters, evidence } = settersOf(module, variable.name);
        const set = setters.length === 0 ? "" : ` (${setters.join(", ")} ${setters.length === 1 ? "sets" : "set"} it, to no effect)`;
        ctx.report({ at: variable, message: `${variable.address} is declared but nothing in ${where} uses it${set}; use it or remove it.`, evidence });
      }
    }
    for (const local of ctx.locals()) {
      if (used.has(`local.${local.name}`)) continue;
      // Terraform evaluates every local, so `check_…` locals that fail on bad input are assertions.
      if (ASSERTION.test(local.name)) continue;
      ctx.report({ at: local, message: `local.${local.name} is defined but nothing in ${where} uses it; remove it.` });
    }
    for (const data of ctx.dataSources()) {
      if (used.has(data.address)) continue;
      // Read for a side effect: archive_file writes its zip (often used by path), external runs a program.
      if (SIDE_EFFECT_DATA.has(data.resourceType)) continue;
      // A data source with a postcondition is a check on its own.
      if (blocksOf(data.body, "lifecycle").some((l) => blocksOf(l.body, "postcondition").length > 0)) continue;
      ctx.report({ at: data, message: `${data.address} is read but nothing in ${where} uses it; remove it.` });
    }
  },
});

/**
 * Addresses referenced anywhere in the module (resources, data sources, locals, outputs, module calls,
 * providers, moved/import/check/removed blocks, other variables' validations), except a variable's
 * references to itself in its own validation blocks.
 */
function usedAddresses(module: Module): Set<string> {
  const used = new Set<string>();
  for (const reference of module.references) {
    if (reference.from.kind === "variable" && reference.from.address === reference.address) continue;
    used.add(reference.address);
  }
  return used;
}

/** Who gives the variable a value that nothing reads: module calls and variable files. */
function settersOf(module: Module, name: string): { setters: string[]; evidence: EvidenceInput[] } {
  const setters: string[] = [];
  const evidence: EvidenceInput[] = [];
  for (const call of module.callers) {
    const argument = attributeOf(call.ref.block.body, name);
    if (argument === undefined) continue;
    const label = `module.${call.name}`;
    if (!setters.includes(label)) setters.push(label);
    evidence.push({ message: `${label} sets ${name}`, at: { file: call.ref.file, start: argument.start, end: argument.end } });
  }
  if (module.role === "root") {
    for (const file of module.varFiles) {
      const setting = attributeOf(file.hcl.body, name);
      if (setting === undefined) continue;
      const label = file.path.slice(file.path.lastIndexOf("/") + 1);
      if (!setters.includes(label)) setters.push(label);
      evidence.push({ message: `${file.path} sets ${name}`, at: { file, start: setting.start, end: setting.end } });
    }
  }
  return { setters: setters.length > 3 ? [...setters.slice(0, 2), `${setters.length - 2} others`] : setters, evidence };
}

/**
 * Whether Terragrunt may add code to this directory at run time (a terragrunt.hcl here or above that
 * generates files): then variables can be used by code cairn does not see.
 */
function generatesCode(ctx: ModuleContext): boolean {
  const dir = ctx.module.dir;
  return (ctx.repo.workspace.entriesByName.get("terragrunt.hcl") ?? []).some((e) => {
    const parent = e.path.includes("/") ? e.path.slice(0, e.path.lastIndexOf("/")) : ".";
    return parent === "." || parent === dir || dir.startsWith(`${parent}/`);
  });
}

/** Whether the directory refers to variables, locals or module calls it does not declare: a set of snippets, not a module. */
function isFragment(module: Module): boolean {
  for (const reference of module.references) {
    const [root, name] = reference.address.split(".");
    if (name === undefined) continue;
    if (root === "var" && !module.byAddress.has(reference.address)) return true;
    if (root === "local" && !module.localByName.has(name)) return true;
    if (root === "module" && !module.moduleCalls.some((c) => c.name === name)) return true;
  }
  return false;
}

const toolingCache = new WeakMap<object, string[]>();

/** The text of the repository's scripts and Makefiles, read once per audit. */
function toolingText(ctx: ModuleContext): string[] {
  let texts = toolingCache.get(ctx.repo);
  if (texts === undefined) {
    texts = ctx.repo.other
      .filter((f) => f.kind === "script" || f.kind === "makefile")
      .map((f) => ctx.text(f))
      .filter((t): t is string => t !== null);
    toolingCache.set(ctx.repo, texts);
  }
  return texts;
}

/** Whether a variable's validation only accepts null: it exists to tell callers to stop setting it. */
function rejectsAnyValue(variable: TopBlockView): boolean {
  const onlyNull = new RegExp(`^var\\.${variable.name}\\s*==\\s*null$`);
  return blocksOf(variable.body, "validation").some((v) => {
    const condition = attributeOf(v.body, "condition");
    return condition !== undefined && onlyNull.test(variable.file.text.slice(condition.expr.start, condition.expr.end).trim());
  });
}
