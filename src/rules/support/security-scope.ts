/**
 * Which module instance a security rule evaluates, and what counts as a library's own default.
 *
 * Security rules look at root modules and reusable modules. Examples and tests are demonstration
 * code: a module that only examples call is evaluated on its own (its variables from their
 * defaults, which are the caller's choice), never with the example's inputs.
 */
import type { Evaluator, ModuleInstance } from "../../eval/evaluator.js";
import type { Value } from "../../eval/value.js";
import type { Attribute, Block, Expression } from "../../hcl/ast.js";
import { walkExpression } from "../../hcl/walk.js";
import { traversalOf } from "../../model/traversal.js";
import type { ModuleContext } from "../../engine/rule.js";
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import type { BlockRef, Module } from "../../model/model.js";
import { asList, asNumber } from "./values.js";

/** The instance at the top of a chain of module calls. */
export function rootInstance(instance: ModuleInstance): ModuleInstance {
  let current = instance;
  while (current.parent !== null) current = current.parent;
  return current;
}

function demo(module: Module): boolean {
  return module.role === "example" || module.role === "test";
}

/**
 * The instance a security rule should evaluate for this context, or null to skip it: examples and
 * tests are skipped, and a reusable module reached only from examples or tests is evaluated once on
 * its own.
 */
export function securityInstance(ctx: Pick<ModuleContext, "module" | "instance" | "evaluator">): ModuleInstance | null {
  if (demo(ctx.module)) return null;
  if (!demo(rootInstance(ctx.instance).module)) return ctx.instance;
  const all = ctx.evaluator.instancesOf(ctx.module);
  if (all.some((i) => !demo(rootInstance(i).module))) return null;
  return all[0] === ctx.instance ? ctx.evaluator.standalone(ctx.module) : null;
}

/** Resource views of a module evaluated in `instance`. */
export class SecurityScope {
  constructor(
    readonly ctx: ModuleContext,
    readonly instance: ModuleInstance,
  ) {}

  get module(): Module {
    return this.ctx.module;
  }

  get evaluator(): Evaluator {
    return this.ctx.evaluator;
  }

  view(ref: BlockRef, instance: ModuleInstance = this.instance): TopBlockView {
    return this.ctx.view(ref, instance);
  }

  /** Resources of these types that exist in this instance (count and for_each not known to be empty). */
  resources(types: string | readonly string[]): TopBlockView[] {
    const wanted = typeof types === "string" ? [types] : types;
    return this.module.resources.filter((r) => wanted.includes(r.type ?? "")).map((r) => this.view(r)).filter((v) => exists(v));
  }

  dataSources(types: string | readonly string[]): TopBlockView[] {
    const wanted = typeof types === "string" ? [types] : types;
    return this.module.data.filter((r) => wanted.includes(r.type ?? "")).map((r) => this.view(r)).filter((v) => exists(v));
  }

  /** Whether a value only reflects this reusable module's own variable default (the caller decides). */
  isLibraryDefault(v: Value | undefined): boolean {
    return isLibraryDefaultIn(this.module, this.instance, v);
  }

  /**
   * Whether an argument's value is this reusable module's own default: the value remembers a
   * variable default, the expression reads one, or the argument sits in a dynamic block whose
   * for_each reads one.
   */
  isLibraryChoice(top: TopBlockView, holder: BlockView, attr: AttrView | undefined): boolean {
    if (this.module.role !== "module" || this.instance.call !== null) return false;
    if (attr !== undefined && (this.isLibraryDefault(attr.value()) || this.readsLibraryDefault(attr.expr))) return true;
    const forEach = holder.block.blockType === "content" ? dynamicOwning(top.block, holder.block) : undefined;
    return forEach !== undefined && this.readsLibraryDefault(forEach);
  }

  /**
   * Whether a nested block is missing only because a `dynamic` block over a collection that is
   * unknown or this library's own default produced nothing: the caller decides.
   */
  absentByChoice(view: BlockView, name: string): boolean {
    for (const item of view.body.items) {
      if (item.type !== "Block" || item.blockType !== "dynamic" || item.labels[0]?.value !== name) continue;
      const forEach = item.body.items.find((i): i is Attribute => i.type === "Attribute" && i.name === "for_each");
      if (forEach === undefined) return true;
      const value = this.evaluator.evaluate(forEach.expr, view.scope);
      if (value.kind === "unknown" || this.readsLibraryDefault(forEach.expr)) return true;
    }
    return false;
  }

  /**
   * Whether an expression reads a variable whose value here is this reusable module's own default:
   * `length(var.options) > 0 ? [var.options] : []` is the caller's choice even though the result
   * (`[]`) does not remember where it came from.
   */
  readsLibraryDefault(expr: Expression, depth = 0): boolean {
    if (this.module.role !== "module" || this.instance.call !== null || depth > 4) return false;
    let found = false;
    walkExpression(expr, (node) => {
      if (found) return false;
      const t = node.type === "Variable" || node.type === "GetAttr" || node.type === "Index" || node.type === "Splat" ? traversalOf(node as Expression) : null;
      if (t === null) return true;
      const first = t.steps[0];
      if (first?.kind !== "attr") return true;
      if (t.root === "var") {
        if (this.isLibraryDefault(this.evaluator.variable(this.instance, first.name))) found = true;
        return false;
      }
      if (t.root === "local") {
        const local = this.module.localByName.get(first.name);
        if (local !== undefined && this.readsLibraryDefault(local.attribute.expr, depth + 1)) found = true;
        return false;
      }
      return true;
    });
    return found;
  }
}

/** The scope of a security rule, or null when this context is skipped. */
export function securityScope(ctx: ModuleContext): SecurityScope | null {
  const instance = securityInstance(ctx);
  return instance === null ? null : new SecurityScope(ctx, instance);
}

/** Like isLibraryDefault, for any instance of a module. */
export function isLibraryDefaultIn(module: Module, instance: ModuleInstance, v: Value | undefined): boolean {
  if (v === undefined || module.role !== "module" || instance.call !== null) return false;
  return (v.origins ?? []).some((o) => o.label.startsWith("var.") && o.label.endsWith(" default"));
}

/** False when the block's count is 0 or its for_each is empty: no instance of it exists. */
export function exists(view: TopBlockView): boolean {
  const count = view.value("count");
  if (count !== undefined && asNumber(count) === 0) return false;
  const forEach = view.value("for_each");
  if (forEach !== undefined) {
    if (forEach.kind === "object" && forEach.entries.size === 0) return false;
    const items = forEach.kind === "list" ? asList(forEach) : null;
    if (items !== null && items.length === 0) return false;
    if (forEach.kind === "null") return false;
  }
  return true;
}

/** The for_each expression of the dynamic block whose content is `content`, searched inside `block`. */
function dynamicOwning(block: Block, content: Block): Expression | undefined {
  for (const item of block.body.items) {
    if (item.type !== "Block") continue;
    if (item.blockType === "dynamic" && item.body.items.includes(content)) {
      const forEach = item.body.items.find((i): i is Attribute => i.type === "Attribute" && i.name === "for_each");
      return forEach?.expr;
    }
    const inner = dynamicOwning(item, content);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
