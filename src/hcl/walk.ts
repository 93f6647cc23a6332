import type { Expression, Node, TemplatePart } from "./ast.js";

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  switch (node.type) {
    case "File":
      return [node.body];
    case "Body":
      return node.items;
    case "Attribute":
      return [node.expr];
    case "Block":
      return [...node.labels, node.body];
    case "Label":
    case "Invalid":
    case "InvalidExpr":
    case "Literal":
    case "Variable":
    case "SplatItem":
    case "TemplateLiteral":
      return [];
    case "Template":
      return node.parts;
    case "TemplateInterpolation":
      return [node.expr];
    case "TemplateIf":
      return node.else === null ? [node.cond, ...node.then] : [node.cond, ...node.then, ...node.else];
    case "TemplateFor":
      return [node.collection, ...node.body];
    case "GetAttr":
      return [node.object];
    case "Index":
      return [node.object, node.key];
    case "Splat":
      return [node.object, node.each];
    case "FunctionCall":
      return node.args;
    case "Tuple":
      return node.items;
    case "Object":
      return node.items;
    case "ObjectItem":
      return [node.key, node.value];
    case "For": {
      const out: Node[] = [node.collection];
      if (node.key !== null) out.push(node.key);
      out.push(node.value);
      if (node.cond !== null) out.push(node.cond);
      return out;
    }
    case "Conditional":
      return [node.cond, node.then, node.else];
    case "Binary":
      return [node.left, node.right];
    case "Unary":
      return [node.operand];
    case "Parens":
      return [node.expr];
  }
}

/**
 * Visits `node` and every node below it, depth first, in source order. Returning false from the
 * visitor skips the children of that node.
 */
export function walk(node: Node, visit: (node: Node, parent: Node | null) => boolean | void, parent: Node | null = null): void {
  if (visit(node, parent) === false) return;
  for (const child of childrenOf(node)) walk(child, visit, node);
}

/** Every expression inside `expr` (itself included), depth first. */
export function walkExpression(expr: Expression | TemplatePart, visit: (expr: Node) => boolean | void): void {
  walk(expr, (node) => visit(node));
}
