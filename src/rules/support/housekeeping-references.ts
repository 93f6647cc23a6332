import type { Node } from "../../hcl/ast.js";
import { childrenOf } from "../../hcl/walk.js";
import type { Module } from "../../model/model.js";
import { META_ROOTS, addressOf, traversalOf } from "../../model/traversal.js";

/** A reference inside an expression: the address it points at and the static attribute path after it. */
export interface ExpressionReference {
  address: string;
  path: string[];
  /** The last attribute name read after the address, past any index (`x.list[0].arn` → `arn`); null when none. */
  last: string | null;
}

/** The references (`var.x`, `local.y`, `module.m`, `aws_instance.web`, `data.t.n`) an expression or block makes, in source order. */
export function referencesIn(node: Node): ExpressionReference[] {
  const out: ExpressionReference[] = [];
  const visit = (n: Node): void => {
    if (n.type === "Variable" || n.type === "GetAttr" || n.type === "Index" || n.type === "Splat") {
      const t = traversalOf(n);
      if (t !== null) {
        const target = addressOf(t);
        if (target !== null) {
          // Attribute names read past the address itself (`aws_db_instance.x.password` → password).
          const named = t.root === "data" ? 2 : META_ROOTS.has(t.root) ? 0 : 1;
          const attrs = t.steps.filter((step) => step.kind === "attr").slice(named);
          const final = attrs[attrs.length - 1];
          out.push({ ...target, last: final !== undefined && final.kind === "attr" ? final.name : null });
        }
        for (const step of t.steps) if (step.kind === "index" && step.key === null) visit(step.expr);
        if (n.type === "Splat") visit(n.each);
        return;
      }
    }
    for (const child of childrenOf(n)) visit(child);
  };
  visit(node);
  return out;
}

/**
 * Whether an expression's value depends on the module's input variables, directly or through its
 * locals. In a reusable module such a value is the caller's to choose.
 */
export function dependsOnVariables(module: Module, node: Node, seen: Set<string> = new Set()): boolean {
  for (const ref of referencesIn(node)) {
    if (ref.address.startsWith("var.")) return true;
    if (!ref.address.startsWith("local.") || seen.has(ref.address)) continue;
    seen.add(ref.address);
    const local = module.localByName.get(ref.address.slice("local.".length));
    if (local !== undefined && dependsOnVariables(module, local.attribute.expr, seen)) return true;
  }
  return false;
}
