/**
 * Normalised shapes of expressions and bodies, so that cairn's tree can be compared with what
 * HashiCorp's parser (through @cdktf/hcl2json) builds from the same text. A shape keeps the kind of
 * each node and its children, and drops what the two representations express differently (HCL folds
 * static traversals into one node; cairn keeps each step).
 */
import type { Body, Expression, TemplatePart } from "../hcl/ast.js";

export interface Shape {
  t: string;
  c: Shape[];
}

/** Whether `expr` is a static step chain rooted at a name (HCL's ScopeTraversalExpr). */
function traversalRoot(expr: Expression): Expression {
  let e = expr;
  for (;;) {
    if (e.type === "GetAttr") e = e.object;
    else if (e.type === "Index" && isStaticKey(e.key)) e = e.object;
    else return e;
  }
}

function isStaticKey(key: Expression): boolean {
  if (key.type === "Literal") return true;
  return key.type === "Template" && key.kind === "quoted" && key.parts.every((p) => p.type === "TemplateLiteral");
}

function template(parts: TemplatePart[]): Shape {
  const c = parts.length === 0 ? [{ t: "literalValue", c: [] }] : parts.map(partShape);
  return { t: "template", c };
}

function partShape(part: TemplatePart): Shape {
  switch (part.type) {
    case "TemplateLiteral":
      return { t: "literalValue", c: [] };
    case "TemplateInterpolation":
      return ours(part.expr);
    case "TemplateIf":
      return { t: "conditional", c: [ours(part.cond), template(part.then), template(part.else ?? [])] };
    case "TemplateFor":
      return { t: "templateFor", c: [ours(part.collection), template(part.body)] };
  }
}

export function ours(expr: Expression): Shape {
  switch (expr.type) {
    case "Literal":
      return { t: "literalValue", c: [] };
    case "Template":
      if (expr.parts.length === 1 && expr.parts[0]?.type === "TemplateInterpolation") return { t: "templateWrap", c: [ours(expr.parts[0].expr)] };
      return template(expr.parts);
    case "Variable":
      return { t: "scopeTraversal", c: [] };
    case "SplatItem":
      return { t: "", c: [] };
    case "GetAttr":
    case "Index": {
      const root = traversalRoot(expr);
      if (root.type === "Variable") return { t: "scopeTraversal", c: [] };
      if (root !== expr) return { t: "relativeTraversal", c: [ours(root)] };
      // A dynamic index: `collection[key]`.
      if (expr.type === "Index") return { t: "index", c: [ours(expr.object), ours(expr.key)] };
      return { t: "relativeTraversal", c: [ours(expr.object)] };
    }
    case "Splat":
      return { t: "splat", c: [ours(expr.object), ours(expr.each)] };
    case "FunctionCall":
      return { t: "function", c: expr.args.map(ours) };
    case "Tuple":
      return { t: "tuple", c: expr.items.map(ours) };
    case "Object":
      return {
        t: "object",
        c: expr.items.flatMap((item) => [item.key.type === "Variable" ? { t: "", c: [] } : { t: "", c: [ours(item.key)] }, ours(item.value)]),
      };
    case "For": {
      const c = [ours(expr.collection)];
      if (expr.key !== null) c.push(ours(expr.key));
      c.push(ours(expr.value));
      if (expr.cond !== null) c.push(ours(expr.cond));
      return { t: "for", c };
    }
    case "Conditional":
      return { t: "conditional", c: [ours(expr.cond), ours(expr.then), ours(expr.else)] };
    case "Binary":
      return { t: "binaryOp", c: [ours(expr.left), ours(expr.right)] };
    case "Unary":
      return { t: "unaryOp", c: [ours(expr.operand)] };
    case "Parens":
      return { t: "", c: [ours(expr.expr)] };
    case "InvalidExpr":
      return { t: "invalid", c: [] };
  }
}

interface TheirNode {
  type: string;
  children?: TheirNode[];
}

/** The shape of a node of hcl2json's getExpressionAst(), in the same vocabulary. */
export function theirs(node: TheirNode | null): Shape {
  if (node === null) return { t: "null", c: [] };
  const c = (node.children ?? []).map(theirs);
  // hcl2json reports the `%{ for }` directive as a templateJoin around a for expression.
  if (node.type === "templateJoin" && c[0]?.t === "for") return { t: "templateFor", c: c[0].c };
  return { t: node.type, c };
}

export function printShape(shape: Shape): string {
  return shape.c.length === 0 ? shape.t || "_" : `${shape.t || "_"}(${shape.c.map(printShape).join(", ")})`;
}

/**
 * The structure hcl2json's JSON output gives a body: attribute names, and for each block type its
 * labels and bodies. Values are replaced by "=". Returns null when JSON cannot represent the body:
 * an attribute and a block of the same name, or labelled and unlabelled blocks of one type (valid
 * HCL that hcl2json drops or refuses).
 */
export function bodyStructure(body: Body): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const item of body.items) {
    if (item.type === "Attribute") {
      if (out[item.name] !== undefined) return null;
      out[item.name] = "=";
    } else if (item.type === "Block") {
      let slot = out as Record<string, unknown>;
      const keys = [item.blockType, ...item.labels.map((l) => l.value)];
      for (const key of keys.slice(0, -1)) {
        slot[key] ??= {};
        const next = slot[key];
        if (typeof next !== "object" || next === null || Array.isArray(next)) return null;
        slot = next as Record<string, unknown>;
      }
      const last = keys[keys.length - 1] as string;
      slot[last] ??= [];
      const bodies = slot[last];
      if (!Array.isArray(bodies)) return null;
      const inner = bodyStructure(item.body);
      if (inner === null) return null;
      bodies.push(inner);
    }
  }
  return out;
}

/** The same structure read from hcl2json's JSON, guided by cairn's (which says which keys are blocks). */
export function jsonStructure(json: unknown, guide: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const object = json as Record<string, unknown>;
  for (const [key, value] of Object.entries(object)) {
    const expected = guide[key];
    if (expected === "=" || expected === undefined) out[key] = "=";
    else if (Array.isArray(expected)) {
      out[key] = (value as unknown[]).map((v, i) => jsonStructure(v, (expected[i] ?? {}) as Record<string, unknown>));
    } else out[key] = jsonStructure(value, expected as Record<string, unknown>);
  }
  return out;
}
