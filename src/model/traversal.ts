import type { Expression } from "../hcl/ast.js";

export type Step = { kind: "attr"; name: string } | { kind: "index"; key: string | number | null; expr: Expression } | { kind: "splat" };

export interface Traversal {
  root: string;
  steps: Step[];
}

/**
 * The traversal an expression is, when it is a chain of attribute, index and splat steps rooted at a
 * name: `aws_instance.web[0].id` → root `aws_instance`, steps web, [0], id. Index keys that are not
 * literals have `key: null`. Returns null for anything else.
 */
export function traversalOf(expr: Expression): Traversal | null {
  switch (expr.type) {
    case "Variable":
      return { root: expr.name, steps: [] };
    case "GetAttr": {
      const t = traversalOf(expr.object);
      if (t !== null) t.steps.push({ kind: "attr", name: expr.name });
      return t;
    }
    case "Index": {
      const t = traversalOf(expr.object);
      if (t !== null) t.steps.push({ kind: "index", key: literalKey(expr.key), expr: expr.key });
      return t;
    }
    case "Splat": {
      const t = traversalOf(expr.object);
      if (t === null) return null;
      t.steps.push({ kind: "splat" });
      const each = relativeSteps(expr.each);
      if (each !== null) t.steps.push(...each);
      return t;
    }
    default:
      return null;
  }
}

function relativeSteps(expr: Expression): Step[] | null {
  switch (expr.type) {
    case "SplatItem":
      return [];
    case "GetAttr": {
      const steps = relativeSteps(expr.object);
      if (steps !== null) steps.push({ kind: "attr", name: expr.name });
      return steps;
    }
    case "Index": {
      const steps = relativeSteps(expr.object);
      if (steps !== null) steps.push({ kind: "index", key: literalKey(expr.key), expr: expr.key });
      return steps;
    }
    default:
      return null;
  }
}

function literalKey(key: Expression): string | number | null {
  if (key.type === "Literal" && (typeof key.value === "number" || typeof key.value === "string")) return key.value;
  if (key.type === "Template" && key.kind === "quoted") {
    if (key.parts.length === 0) return "";
    if (key.parts.length === 1 && key.parts[0]?.type === "TemplateLiteral") return key.parts[0].value;
  }
  return null;
}

/** Roots that are not addresses of blocks. */
export const META_ROOTS = new Set(["each", "count", "path", "terraform", "self"]);

/**
 * The address a traversal refers to, and the static attribute path after it:
 * `var.x` → var.x; `local.y.z` → local.y + [z]; `module.vpc.id` → module.vpc + [id];
 * `data.aws_ami.u.id` → data.aws_ami.u + [id]; `aws_instance.web[0].id` → aws_instance.web + [id].
 * Meta references (each, count, path, terraform, self) give their root (`count.index` → count).
 */
export function addressOf(t: Traversal): { address: string; path: string[] } | null {
  const names: string[] = [];
  let i = 0;
  const take = (): string | null => {
    const step = t.steps[i];
    if (step === undefined || step.kind !== "attr") return null;
    i++;
    return step.name;
  };
  let address: string;
  if (t.root === "var" || t.root === "local" || t.root === "module") {
    const name = take();
    if (name === null) return null;
    address = `${t.root}.${name}`;
  } else if (t.root === "data") {
    const type = take();
    const name = take();
    if (type === null || name === null) return null;
    address = `data.${type}.${name}`;
  } else if (META_ROOTS.has(t.root)) {
    address = t.root;
  } else {
    const name = take();
    if (name === null) return null;
    address = `${t.root}.${name}`;
  }
  for (; i < t.steps.length; i++) {
    const step = t.steps[i] as Step;
    if (step.kind === "attr") names.push(step.name);
    else if (step.kind === "index" && names.length === 0) continue;
    else break;
  }
  return { address, path: names };
}
