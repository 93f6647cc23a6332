/**
 * Which blocks an expression refers to, across module boundaries: `subnet_ids = var.subnets` in a
 * module, set to `module.network.private_subnets` by its caller, whose output is
 * `aws_subnet.private[*].id`, resolves to `aws_subnet.private` in the network module's instance.
 *
 * The evaluator answers "what is the value"; for ids computed by AWS the answer is unknown. This
 * answers "which resource is it", which is known statically.
 */
import type { Evaluator, ModuleInstance, Scope } from "../../eval/evaluator.js";
import { isWhollyKnown, unknown, type Value } from "../../eval/value.js";
import type { Expression } from "../../hcl/ast.js";
import { attributeOf } from "../../model/build.js";
import type { BlockRef, ModuleCall } from "../../model/model.js";
import { traversalOf, type Step } from "../../model/traversal.js";
import type { AttrView } from "../../engine/views.js";
import { asBool } from "./values.js";

/** A block in one module instance. */
export interface Located {
  ref: BlockRef;
  instance: ModuleInstance;
}

/** An output of a module call that is not read offline (a registry or git source). */
export interface ExternalOutput {
  call: ModuleCall;
  output: string;
}

export interface Resolved {
  blocks: Located[];
  /** Outputs of modules that are not read offline, which the expression refers to. */
  externals?: ExternalOutput[];
  /**
   * True when every part of the expression is a reference to a block or a known value; false when
   * some part is unknown (a variable without a value, a module read from a registry, a condition).
   */
  complete: boolean;
}

/** A stable key for a block in an instance. */
export function keyOf(loc: Located): string {
  return `${loc.instance.path.join(".")}|${loc.instance.module.dir}|${loc.ref.address}`;
}

const children = new WeakMap<ModuleInstance, Map<string, ModuleInstance>>();

/** The instance of a local module call, seen from its caller's instance. */
export function childInstance(parent: ModuleInstance, call: ModuleCall): ModuleInstance | null {
  if (call.target === null) return null;
  let map = children.get(parent);
  if (map === undefined) {
    map = new Map();
    children.set(parent, map);
  }
  let child = map.get(call.name);
  if (child === undefined) {
    child = {
      module: call.target,
      path: [...parent.path, `module.${call.name}`],
      call,
      parent,
      varFiles: [],
      cache: { variables: new Map(), locals: new Map(), evaluating: new Set() },
    };
    map.set(call.name, child);
  }
  return child;
}

const LOOP: Value = unknown("\u0000loop variable");
const MAX_DEPTH = 24;

export class Resolver {
  private depth = 0;

  constructor(private readonly evaluator: Evaluator) {}

  /** The blocks an attribute's expression refers to, in the view's instance. */
  attr(attr: AttrView | undefined): Resolved {
    if (attr === undefined) return { blocks: [], complete: true };
    return this.expr(attr.expr, attr.scope);
  }

  expr(expr: Expression, scope: Scope): Resolved {
    if (this.depth > MAX_DEPTH) return { blocks: [], complete: false };
    this.depth++;
    try {
      return this.inner(expr, scope);
    } finally {
      this.depth--;
    }
  }

  private union(parts: Resolved[]): Resolved {
    const blocks: Located[] = [];
    const externals: ExternalOutput[] = [];
    const seen = new Set<string>();
    let complete = true;
    for (const part of parts) {
      complete &&= part.complete;
      externals.push(...(part.externals ?? []));
      for (const b of part.blocks) {
        const key = keyOf(b);
        if (seen.has(key)) continue;
        seen.add(key);
        blocks.push(b);
      }
    }
    return externals.length > 0 ? { blocks, complete, externals } : { blocks, complete };
  }

  private known(expr: Expression, scope: Scope): Resolved {
    const v = this.evaluator.evaluate(expr, scope);
    return { blocks: [], complete: isWhollyKnown(v) };
  }

  private inner(expr: Expression, scope: Scope): Resolved {
    switch (expr.type) {
      case "Literal":
        return { blocks: [], complete: true };
      case "Template":
        return this.union(
          expr.parts.map((p): Resolved => {
            if (p.type === "TemplateLiteral") return { blocks: [], complete: true };
            if (p.type === "TemplateInterpolation") return this.expr(p.expr, scope);
            return this.known(expr, scope);
          }),
        );
      case "Variable":
      case "GetAttr":
      case "Index":
      case "Splat":
        return this.traversal(expr, scope);
      case "FunctionCall":
        return this.union(expr.args.map((a) => this.expr(a, scope)));
      case "Tuple":
        return this.union(expr.items.map((i) => this.expr(i, scope)));
      case "Object":
        return this.union(expr.items.map((i) => this.expr(i.value, scope)));
      case "For": {
        const vars = new Map(scope.vars ?? []);
        if (expr.keyVar !== null) vars.set(expr.keyVar, LOOP);
        vars.set(expr.valueVar, LOOP);
        const inner: Scope = { instance: scope.instance, vars };
        const parts = [this.expr(expr.collection, scope), this.expr(expr.value, inner)];
        if (expr.key !== null) parts.push(this.expr(expr.key, inner));
        return this.union(parts);
      }
      case "Conditional": {
        const cond = asBool(this.evaluator.evaluate(expr.cond, scope));
        if (cond !== null) return this.expr(cond ? expr.then : expr.else, scope);
        const both = this.union([this.expr(expr.then, scope), this.expr(expr.else, scope)]);
        return { blocks: both.blocks, complete: false };
      }
      case "Binary":
        return this.union([this.expr(expr.left, scope), this.expr(expr.right, scope)]);
      case "Unary":
        return this.expr(expr.operand, scope);
      case "Parens":
        return this.expr(expr.expr, scope);
      default:
        return { blocks: [], complete: false };
    }
  }

  private traversal(expr: Expression, scope: Scope): Resolved {
    const t = traversalOf(expr);
    if (t === null) {
      if (expr.type === "GetAttr") return this.expr(expr.object, scope);
      if (expr.type === "Index") return this.union([this.expr(expr.object, scope), this.known(expr.key, scope)]);
      if (expr.type === "Splat") return this.expr(expr.object, scope);
      return { blocks: [], complete: false };
    }
    const { instance } = scope;
    const bound = scope.vars?.get(t.root);
    if (bound !== undefined) return { blocks: [], complete: bound === LOOP || isWhollyKnown(this.evaluator.evaluate(expr, scope)) };
    const attrs = t.steps.filter((s): s is Extract<Step, { kind: "attr" }> => s.kind === "attr").map((s) => s.name);
    const [first, second] = attrs;
    switch (t.root) {
      case "var": {
        if (first === undefined) return { blocks: [], complete: false };
        if (instance.call !== null && instance.parent !== null) {
          const argument = attributeOf(instance.call.ref.block.body, first);
          if (argument !== undefined) return this.expr(argument.expr, { instance: instance.parent, vars: null });
        }
        return { blocks: [], complete: isWhollyKnown(this.evaluator.variable(instance, first)) };
      }
      case "local": {
        const local = first === undefined ? undefined : instance.module.localByName.get(first);
        if (local === undefined) return { blocks: [], complete: false };
        return this.expr(local.attribute.expr, { instance, vars: null });
      }
      case "module": {
        const call = instance.module.moduleCalls.find((c) => c.name === first);
        if (call === undefined || second === undefined) return { blocks: [], complete: false };
        if (call.target === null) return { blocks: [], complete: false, externals: [{ call, output: second }] };
        const child = childInstance(instance, call);
        const output = call.target?.byAddress.get(`output.${second}`);
        const value = output === undefined ? undefined : attributeOf(output.block.body, "value");
        if (child === null || value === undefined) return { blocks: [], complete: false };
        return this.expr(value.expr, { instance: child, vars: null });
      }
      case "data": {
        const ref = first === undefined || second === undefined ? undefined : instance.module.byAddress.get(`data.${first}.${second}`);
        if (ref === undefined) return { blocks: [], complete: false };
        return this.block(ref, instance, attrs[2]);
      }
      case "each":
      case "count":
      case "self":
      case "path":
      case "terraform":
        return this.known(expr, scope);
      default: {
        const ref = first === undefined ? undefined : instance.module.byAddress.get(`${t.root}.${first}`);
        if (ref === undefined || ref.kind !== "resource") return { blocks: [], complete: false };
        return this.block(ref, instance, second);
      }
    }
  }

  /** A block, and what an argument of it that is read refers to (`aws_lb.web.security_groups`). */
  private block(ref: BlockRef, instance: ModuleInstance, attribute: string | undefined): Resolved {
    const self: Resolved = { blocks: [{ ref, instance }], complete: true };
    if (attribute === undefined || attribute === "id" || attribute === "arn") return self;
    const argument = attributeOf(ref.block.body, attribute);
    if (argument === undefined) return self;
    const inner = this.expr(argument.expr, { instance, vars: null });
    return this.union([self, { blocks: inner.blocks, complete: true }]);
  }
}

/** Resolved blocks of some resource types only. */
export function ofType(resolved: Resolved, types: string | readonly string[]): Located[] {
  const wanted = typeof types === "string" ? [types] : types;
  return resolved.blocks.filter((b) => wanted.includes(b.ref.type ?? "") && b.ref.kind !== "data");
}

/** Every module instance of a deployment: the root instance and the local modules it calls, recursively. */
export function deploymentInstances(root: ModuleInstance, limit = 64): ModuleInstance[] {
  const out: ModuleInstance[] = [];
  const visit = (instance: ModuleInstance): void => {
    if (out.length >= limit || instance.path.length > 8) return;
    out.push(instance);
    for (const call of instance.module.moduleCalls) {
      const child = childInstance(instance, call);
      if (child !== null) visit(child);
    }
  };
  visit(root);
  return out;
}

/** Every resource of some types in a deployment. */
export function deploymentResources(instances: readonly ModuleInstance[], types: readonly string[]): Located[] {
  const out: Located[] = [];
  for (const instance of instances) {
    for (const ref of instance.module.resources) if (types.includes(ref.type ?? "")) out.push({ ref, instance });
  }
  return out;
}

/** Whether two instances are the same use of the same module. */
export function sameInstance(a: ModuleInstance, b: ModuleInstance): boolean {
  return a === b || (a.module === b.module && a.path.join(".") === b.path.join("."));
}
