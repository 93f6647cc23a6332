import type { Attribute, BinaryOperator, Expression, TemplatePart } from "../hcl/ast.js";
import { parseTemplate } from "../hcl/parser.js";
import { attributeOf, joinDir, literalString } from "../model/build.js";
import type { BlockRef, Module, ModuleCall } from "../model/model.js";
import { traversalOf, type Step } from "../model/traversal.js";
import type { TerraformFile } from "../workspace/workspace.js";
import { callFunction, type FunctionContext } from "./functions.js";
import {
  NULL,
  bool,
  isKnown,
  isSensitive,
  list,
  markSensitive,
  num,
  object,
  str,
  unknown,
  withOrigin,
  type ObjectValue,
  type Origin,
  type Value,
} from "./value.js";

/** One use of a module: the root itself, or a module reached through a chain of module calls. */
export interface ModuleInstance {
  module: Module;
  /** `["module.web"]`, `["module.app", "module.sg"]`; empty for a root or standalone instance. */
  path: string[];
  call: ModuleCall | null;
  parent: ModuleInstance | null;
  /** Variable files applied to this instance (root modules only), lowest precedence first. */
  varFiles: TerraformFile[];
  cache: { variables: Map<string, Value>; locals: Map<string, Value>; evaluating: Set<string> };
}

/** Where an expression is evaluated: a module instance, plus names bound by for expressions, count, for_each, dynamic blocks and self. */
export interface Scope {
  instance: ModuleInstance;
  vars: ReadonlyMap<string, Value> | null;
}

export interface EvaluatorOptions {
  /** Variable files (like -var-file) for root modules, by module directory; applied after terraform.tfvars and *.auto.tfvars. */
  varFiles?: (module: Module) => TerraformFile[];
  /** Reads a file for file() and templatefile(); path is POSIX relative to the audited root. */
  readFile?: (path: string) => string | null;
  /** Largest collection a for expression, count or for_each is expanded over. */
  maxExpansion?: number;
  /** Most instances evaluated for one module reached through many calls. */
  maxInstances?: number;
}

const ERROR = "error: ";

function isError(v: Value): boolean {
  return v.kind === "unknown" && v.reason.startsWith(ERROR);
}

function spanOrigin(label: string, file: TerraformFile, node: { start: number; end: number }): Origin {
  return { label, file: file.path, start: node.start, end: node.end };
}

/**
 * Evaluates expressions statically. A value that depends on something only known at apply time
 * (a resource's computed attribute, a variable without a value, a data source) is unknown, with the
 * reason; nothing is guessed. Evaluation is bounded: cycles give unknown values, and collections are
 * expanded only up to a size.
 */
export class Evaluator {
  private readonly maxExpansion: number;
  private readonly maxInstances: number;
  private readonly instanceCache = new Map<Module, ModuleInstance[]>();
  private readonly standaloneCache = new Map<Module, ModuleInstance>();
  private depth = 0;

  constructor(private readonly options: EvaluatorOptions = {}) {
    this.maxExpansion = options.maxExpansion ?? 256;
    this.maxInstances = options.maxInstances ?? 16;
  }

  /** The module evaluated on its own: variables from defaults and, for root modules, variable files. */
  standalone(module: Module): ModuleInstance {
    let instance = this.standaloneCache.get(module);
    if (instance === undefined) {
      instance = this.makeInstance(module, [], null, null);
      this.standaloneCache.set(module, instance);
    }
    return instance;
  }

  /**
   * Every way the module is used: one instance per chain of local module calls that reaches it (up to
   * a limit), or the module on its own when nothing in the workspace calls it.
   */
  instancesOf(module: Module): ModuleInstance[] {
    const cached = this.instanceCache.get(module);
    if (cached !== undefined) return cached;
    this.instanceCache.set(module, [this.standalone(module)]); // guards against call cycles
    const out: ModuleInstance[] = [];
    for (const call of module.callers) {
      for (const parent of this.instancesOf(call.ref.module)) {
        if (out.length >= this.maxInstances) break;
        if (parent.path.length > 8) continue;
        out.push(this.makeInstance(module, [...parent.path, `module.${call.name}`], call, parent));
      }
    }
    const result = out.length > 0 ? out : [this.standalone(module)];
    this.instanceCache.set(module, result);
    return result;
  }

  private makeInstance(module: Module, path: string[], call: ModuleCall | null, parent: ModuleInstance | null): ModuleInstance {
    const varFiles: TerraformFile[] = [];
    if (call === null) {
      const auto = module.varFiles
        .filter((f) => /(^|\/)terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(f.path))
        .sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
      varFiles.push(...auto);
      if (module.role === "root" && this.options.varFiles !== undefined) varFiles.push(...this.options.varFiles(module));
    }
    return { module, path, call, parent, varFiles, cache: { variables: new Map(), locals: new Map(), evaluating: new Set() } };
  }

  scope(instance: ModuleInstance, vars: ReadonlyMap<string, Value> | null = null): Scope {
    return { instance, vars };
  }

  /** The value of `var.name` in an instance, with where it came from. */
  variable(instance: ModuleInstance, name: string): Value {
    const cached = instance.cache.variables.get(name);
    if (cached !== undefined) return cached;
    const key = `var.${name}`;
    if (instance.cache.evaluating.has(key)) return unknown(`${ERROR}var.${name} refers to itself`);
    instance.cache.evaluating.add(key);
    const value = this.computeVariable(instance, name);
    instance.cache.evaluating.delete(key);
    instance.cache.variables.set(name, value);
    return value;
  }

  private computeVariable(instance: ModuleInstance, name: string): Value {
    const declaration = instance.module.byAddress.get(`var.${name}`);
    const sensitive = declaration !== undefined && literalBool(attributeOf(declaration.block.body, "sensitive")?.expr) === true;
    const finish = (v: Value): Value => (sensitive ? markSensitive(v) : v);
    if (instance.call !== null && instance.parent !== null) {
      const argument = attributeOf(instance.call.ref.block.body, name);
      if (argument !== undefined) {
        const value = this.evaluate(argument.expr, this.scope(instance.parent));
        return finish(withOrigin(value, spanOrigin(`module.${instance.call.name} sets ${name}`, instance.call.ref.file, argument)));
      }
    }
    for (let i = instance.varFiles.length - 1; i >= 0; i--) {
      const file = instance.varFiles[i] as TerraformFile;
      const setting = attributeOf(file.hcl.body, name);
      if (setting !== undefined) {
        const value = this.evaluate(setting.expr, this.scope(this.varFileInstance(instance)));
        return finish(withOrigin(value, spanOrigin(`var.${name} set in ${file.path}`, file, setting)));
      }
    }
    if (declaration === undefined) return unknown(`var.${name} is not declared in ${instance.module.dir}`);
    const fallback = attributeOf(declaration.block.body, "default");
    if (fallback !== undefined) {
      const value = this.evaluate(fallback.expr, this.scope(this.varFileInstance(instance)));
      return finish(withOrigin(value, spanOrigin(`var.${name} default`, declaration.file, fallback)));
    }
    if (instance.call !== null) return unknown(`module.${instance.call.name} does not set ${name} and it has no default`);
    return finish(unknown(`var.${name} has no default; its value is given when Terraform runs`));
  }

  /** Values in variable files and defaults may not refer to anything: evaluate them in an empty instance. */
  private varFileInstance(instance: ModuleInstance): ModuleInstance {
    return { ...instance, call: null, parent: null, varFiles: [], cache: { variables: new Map(), locals: new Map(), evaluating: new Set(["*"]) } };
  }

  local(instance: ModuleInstance, name: string): Value {
    const cached = instance.cache.locals.get(name);
    if (cached !== undefined) return cached;
    const key = `local.${name}`;
    if (instance.cache.evaluating.has(key)) return unknown(`${ERROR}local.${name} refers to itself (a cycle)`);
    const local = instance.module.localByName.get(name);
    if (local === undefined) return unknown(`${ERROR}local.${name} is not defined in ${instance.module.dir}`);
    instance.cache.evaluating.add(key);
    const value = withOrigin(this.evaluate(local.attribute.expr, this.scope(instance)), spanOrigin(`local.${name}`, local.block.file, local.attribute));
    instance.cache.evaluating.delete(key);
    instance.cache.locals.set(name, value);
    return value;
  }

  /** The value of `module.NAME.OUTPUT` seen from `instance`. */
  private moduleOutput(instance: ModuleInstance, callName: string, output: string | null): Value {
    const call = instance.module.moduleCalls.find((c) => c.name === callName);
    if (call === undefined) return unknown(`${ERROR}module.${callName} is not called in ${instance.module.dir}`);
    if (call.target === null) return unknown(`module.${callName} comes from ${call.source ?? "a dynamic source"}, which is not read offline`);
    if (output === null) return unknown(`module.${callName} as a whole`);
    const child: ModuleInstance = this.makeInstance(call.target, [...instance.path, `module.${callName}`], call, instance);
    const declaration = call.target.byAddress.get(`output.${output}`);
    if (declaration === undefined) return unknown(`${ERROR}module.${callName} has no output ${output}`);
    const valueAttribute = attributeOf(declaration.block.body, "value");
    if (valueAttribute === undefined) return unknown(`${ERROR}output ${output} has no value`);
    if (instance.path.length > 8) return unknown("modules nested too deeply");
    const value = this.evaluate(valueAttribute.expr, this.scope(child));
    return withOrigin(value, spanOrigin(`module.${callName} output ${output}`, declaration.file, valueAttribute));
  }

  /** The configured value of an argument of a resource or data source, or unknown when the provider computes it. */
  private blockArgument(ref: BlockRef, instance: ModuleInstance, steps: Step[], vars: ReadonlyMap<string, Value> | null): Value {
    const what = ref.kind === "data" ? `data source ${ref.address.slice(5)}` : `resource ${ref.address}`;
    const repeated = attributeOf(ref.block.body, "count") !== undefined || attributeOf(ref.block.body, "for_each") !== undefined;
    let i = 0;
    let iteration: ReadonlyMap<string, Value> | null = null;
    if (repeated) {
      const step = steps[0];
      if (step === undefined) return unknown(`all instances of ${what}`);
      if (step.kind === "splat") return unknown(`the instances of ${what}, known after apply`);
      if (step.kind !== "index") return unknown(`${ERROR}${ref.address} has count or for_each and must be indexed`);
      const key = step.key ?? this.literalOf(this.evaluate(step.expr, { instance, vars }));
      if (key === null) return unknown(`an instance of ${what} chosen by an unknown key`);
      iteration = new Map([
        ["count", object({ index: typeof key === "number" ? num(key) : unknown("count.index") })],
        ["each", object({ key: str(String(key)), value: unknown(`each.value of ${ref.address}`) })],
      ]);
      i = 1;
    }
    const step = steps[i];
    if (step === undefined || step.kind !== "attr") return unknown(`${what}, known after apply`);
    const argument = attributeOf(ref.block.body, step.name);
    if (argument === undefined) return unknown(`${ref.address}.${step.name} is computed by the provider after apply`);
    const value = withOrigin(this.evaluate(argument.expr, { instance, vars: iteration }), spanOrigin(`${ref.address}.${step.name}`, ref.file, argument));
    return this.applySteps(value, steps.slice(i + 1), instance, vars);
  }

  private literalOf(v: Value): string | number | null {
    if (v.kind === "string" || v.kind === "number") return v.value;
    return null;
  }

  // ------------------------------------------------------------------ expressions

  evaluate(expr: Expression, scope: Scope): Value {
    if (this.depth > 200) return unknown(`${ERROR}expression nested too deeply`);
    this.depth++;
    try {
      return this.evaluateInner(expr, scope);
    } finally {
      this.depth--;
    }
  }

  private evaluateInner(expr: Expression, scope: Scope): Value {
    switch (expr.type) {
      case "Literal":
        if (expr.value === null) return NULL;
        return typeof expr.value === "number" ? num(expr.value) : bool(expr.value);
      case "Template":
        return this.template(expr.parts, scope);
      case "Variable":
      case "GetAttr":
      case "Index":
      case "Splat":
        return this.traversal(expr, scope);
      case "SplatItem":
        return scope.vars?.get("\u0000splat") ?? unknown(`${ERROR}splat item outside a splat`);
      case "FunctionCall":
        return this.call(expr.name, expr.args, expr.expandFinal, scope);
      case "Tuple":
        return list(expr.items.map((item) => this.evaluate(item, scope)));
      case "Object": {
        const entries = new Map<string, Value>();
        for (const item of expr.items) {
          const key = item.key.type === "Variable" ? str(item.key.name) : this.evaluate(item.key, scope);
          if (key.kind === "unknown") return unknown(`an object key is unknown (${key.reason})`);
          const keyText = scalarString(key);
          if (keyText === null) return unknown(`${ERROR}an object key must be a string`);
          entries.set(keyText, this.evaluate(item.value, scope));
        }
        return object(entries);
      }
      case "For":
        return this.forExpression(expr, scope);
      case "Conditional": {
        const cond = this.evaluate(expr.cond, scope);
        if (cond.kind === "bool") return this.evaluate(cond.value ? expr.then : expr.else, scope);
        const a = this.evaluate(expr.then, scope);
        const b = this.evaluate(expr.else, scope);
        if (cond.kind === "unknown" && isKnown(a) && equalValues(a, b)) return a;
        if (cond.kind === "unknown") return unknown(`depends on a condition that is unknown (${cond.reason})`);
        return unknown(`${ERROR}a condition must be true or false`);
      }
      case "Binary":
        return this.binary(expr.op, expr.left, expr.right, scope);
      case "Unary": {
        const operand = this.evaluate(expr.operand, scope);
        if (operand.kind === "unknown") return operand;
        if (expr.op === "!") {
          const b = toBool(operand);
          return b === null ? unknown(`${ERROR}! needs a bool`) : keepSensitive(bool(!b), operand);
        }
        const n = toNumber(operand);
        return n === null ? unknown(`${ERROR}- needs a number`) : keepSensitive(num(-n), operand);
      }
      case "Parens":
        return this.evaluate(expr.expr, scope);
      case "InvalidExpr":
        return unknown(`${ERROR}a syntax error`);
    }
  }

  private template(parts: TemplatePart[], scope: Scope): Value {
    if (parts.length === 0) return str("");
    // `"${x}"` is x itself, not its string form.
    if (parts.length === 1 && parts[0]?.type === "TemplateInterpolation") return this.evaluate(parts[0].expr, scope);
    let out = "";
    let sensitive = false;
    for (const part of parts) {
      const value = this.templatePart(part, scope);
      if (value.sensitive === true) sensitive = true;
      if (value.kind === "unknown") {
        const result = unknown(`part of the text is unknown (${value.reason})`);
        // A sensitive part keeps the whole text sensitive, known or not.
        return sensitive ? markSensitive(result) : result;
      }
      const text = scalarString(value);
      if (text === null) return unknown(`${ERROR}a template can only interpolate strings, numbers and bools`);
      out += text;
    }
    return sensitive ? markSensitive(str(out)) : str(out);
  }

  private templatePart(part: TemplatePart, scope: Scope): Value {
    switch (part.type) {
      case "TemplateLiteral":
        return str(part.value);
      case "TemplateInterpolation":
        return this.evaluate(part.expr, scope);
      case "TemplateIf": {
        const cond = this.evaluate(part.cond, scope);
        if (cond.kind === "unknown") return cond;
        const b = toBool(cond);
        if (b === null) return unknown(`${ERROR}%{ if } needs a bool`);
        return this.template(b ? part.then : (part.else ?? []), scope);
      }
      case "TemplateFor": {
        const collection = this.evaluate(part.collection, scope);
        const items = this.iterate(collection);
        if (!Array.isArray(items)) return items;
        let out = "";
        for (const [key, value] of items) {
          const vars = new Map(scope.vars ?? []);
          if (part.keyVar !== null) vars.set(part.keyVar, key);
          vars.set(part.valueVar, value);
          const rendered = this.template(part.body, { instance: scope.instance, vars });
          if (rendered.kind !== "string") return rendered;
          out += rendered.value;
        }
        return str(out);
      }
    }
  }

  /** Key/value pairs of a collection, in Terraform's order; or the unknown value that stops iteration. */
  private iterate(collection: Value): [Value, Value][] | Value {
    if (collection.kind === "unknown") return unknown(`iterates over an unknown collection (${collection.reason})`);
    if (collection.kind === "list") {
      if (collection.items.length > this.maxExpansion) return unknown(`a collection of ${collection.items.length} elements is too large to expand`);
      return collection.items.map((item, i) => [collection.set === true ? item : num(i), item]);
    }
    if (collection.kind === "object") {
      if (collection.entries.size > this.maxExpansion) return unknown(`a collection of ${collection.entries.size} elements is too large to expand`);
      return [...collection.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [str(k), v]);
    }
    if (collection.kind === "null") return unknown(`${ERROR}cannot iterate over null`);
    return unknown(`${ERROR}cannot iterate over a ${collection.kind}`);
  }

  private forExpression(expr: Extract<Expression, { type: "For" }>, scope: Scope): Value {
    const collection = this.evaluate(expr.collection, scope);
    const items = this.iterate(collection);
    if (!Array.isArray(items)) return items;
    const results: Value[] = [];
    const entries = new Map<string, Value>();
    const groups = new Map<string, Value[]>();
    for (const [key, value] of items) {
      const vars = new Map(scope.vars ?? []);
      if (expr.keyVar !== null) vars.set(expr.keyVar, key);
      vars.set(expr.valueVar, value);
      const inner: Scope = { instance: scope.instance, vars };
      if (expr.cond !== null) {
        const keep = this.evaluate(expr.cond, inner);
        if (keep.kind === "unknown") return unknown(`a for expression's condition is unknown (${keep.reason})`);
        if (toBool(keep) === false) continue;
      }
      const v = this.evaluate(expr.value, inner);
      if (!expr.object) {
        results.push(v);
        continue;
      }
      const k = this.evaluate(expr.key as Expression, inner);
      if (k.kind === "unknown") return unknown(`a for expression's key is unknown (${k.reason})`);
      const name = scalarString(k);
      if (name === null) return unknown(`${ERROR}object keys must be strings`);
      if (expr.group) {
        const group = groups.get(name);
        if (group === undefined) groups.set(name, [v]);
        else group.push(v);
      } else {
        if (entries.has(name)) return unknown(`${ERROR}duplicate key "${name}" in a for expression`);
        entries.set(name, v);
      }
    }
    if (!expr.object) return list(results);
    if (expr.group) return object(new Map([...groups].map(([k, vs]) => [k, list(vs)])));
    return object(entries);
  }

  private binary(op: BinaryOperator, leftExpr: Expression, rightExpr: Expression, scope: Scope): Value {
    const left = this.evaluate(leftExpr, scope);
    if (op === "&&" || op === "||") {
      const lb = left.kind === "unknown" ? null : toBool(left);
      // false && x and true || x are decided by the left side alone: that is not a guess.
      if (lb === false && op === "&&") return keepSensitive(bool(false), left);
      if (lb === true && op === "||") return keepSensitive(bool(true), left);
      const right = this.evaluate(rightExpr, scope);
      const rb = right.kind === "unknown" ? null : toBool(right);
      if (rb === false && op === "&&") return keepSensitive(bool(false), right);
      if (rb === true && op === "||") return keepSensitive(bool(true), right);
      if (left.kind === "unknown") return left;
      if (right.kind === "unknown") return right;
      if (lb === null || rb === null) return unknown(`${ERROR}${op} needs bools`);
      return keepSensitive(bool(op === "&&" ? lb && rb : lb || rb), left, right);
    }
    const right = this.evaluate(rightExpr, scope);
    if (op === "==" || op === "!=") {
      if (left.kind === "unknown") return left;
      if (right.kind === "unknown") return right;
      const equal = equalValues(left, right);
      return keepSensitive(bool(op === "==" ? equal : !equal), left, right);
    }
    if (left.kind === "unknown") return left;
    if (right.kind === "unknown") return right;
    const a = toNumber(left);
    const b = toNumber(right);
    if (a === null || b === null) return unknown(`${ERROR}${op} needs numbers`);
    let result: Value;
    switch (op) {
      case "+":
        result = num(a + b);
        break;
      case "-":
        result = num(a - b);
        break;
      case "*":
        result = num(a * b);
        break;
      case "/":
        result = b === 0 ? unknown(`${ERROR}division by zero`) : num(a / b);
        break;
      case "%":
        result = b === 0 ? unknown(`${ERROR}modulo by zero`) : num(a % b);
        break;
      case "<":
        result = bool(a < b);
        break;
      case ">":
        result = bool(a > b);
        break;
      case "<=":
        result = bool(a <= b);
        break;
      default:
        result = bool(a >= b);
        break;
    }
    return keepSensitive(result, left, right);
  }

  private call(name: string, argExprs: Expression[], expandFinal: boolean, scope: Scope): Value {
    if (name === "try") {
      for (const arg of argExprs) {
        const v = this.evaluate(arg, scope);
        if (!isError(v)) return v.kind === "unknown" ? unknown(`try(): ${v.reason}`) : v;
      }
      return unknown(`${ERROR}no argument of try() could be evaluated`);
    }
    if (name === "can") {
      const v = argExprs[0] === undefined ? unknown(`${ERROR}can() needs an argument`) : this.evaluate(argExprs[0], scope);
      if (isError(v)) return bool(false);
      return v.kind === "unknown" ? unknown(`can(): ${v.reason}`) : bool(true);
    }
    let args = argExprs.map((a) => this.evaluate(a, scope));
    if (expandFinal && args.length > 0) {
      const last = args[args.length - 1] as Value;
      if (last.kind === "unknown") return unknown(`${name}() expands an unknown list (${last.reason})`);
      if (last.kind !== "list") return unknown(`${ERROR}${name}(...) expands a ${last.kind}, not a list`);
      args = [...args.slice(0, -1), ...last.items];
    }
    return callFunction(name, args, this.functionContext(scope));
  }

  private functionContext(scope: Scope): FunctionContext {
    // Relative paths in file() and templatefile() are relative to where Terraform runs: the root module.
    const dir = rootDir(scope.instance);
    return {
      readFile: (path: string) => this.readModuleFile(dir, path),
      renderTemplate: (text, vars, templatePath) => {
        const { template, diagnostics } = parseTemplate(text);
        if (diagnostics.length > 0) return unknown(`${ERROR}${templatePath} has a template syntax error: ${diagnostics[0]?.message}`);
        return this.template(template.parts, { instance: scope.instance, vars: new Map(vars) });
      },
    };
  }

  /** Reads a file the way file() and templatefile() do, relative to `dir`, inside the repository only. */
  readModuleFile(dir: string, path: string): string | null {
    if (this.options.readFile === undefined) return null;
    if (path.startsWith("/") || path.startsWith("~")) return null;
    const resolved = joinDir(dir, path);
    if (resolved.startsWith("..")) return null;
    return this.options.readFile(resolved);
  }

  // ------------------------------------------------------------------ references

  private traversal(expr: Expression, scope: Scope): Value {
    const t = traversalOf(expr);
    if (t === null) {
      // A traversal whose source is not a name, like `foo()[0]` or `(x).y`.
      return this.genericSteps(expr, scope);
    }
    const { root, steps } = t;
    const instance = scope.instance;
    const bound = scope.vars?.get(root);
    if (bound !== undefined) return this.applySteps(bound, steps, instance, scope.vars);
    const first = steps[0];
    const second = steps[1];
    switch (root) {
      case "var":
        if (first?.kind !== "attr") return unknown(`${ERROR}var must be followed by a name`);
        return this.applySteps(this.variable(instance, first.name), steps.slice(1), instance, scope.vars);
      case "local":
        if (first?.kind !== "attr") return unknown(`${ERROR}local must be followed by a name`);
        return this.applySteps(this.local(instance, first.name), steps.slice(1), instance, scope.vars);
      case "module":
        if (first?.kind !== "attr") return unknown(`${ERROR}module must be followed by a name`);
        return this.applySteps(this.moduleOutput(instance, first.name, second?.kind === "attr" ? second.name : null), steps.slice(2), instance, scope.vars);
      case "path": {
        if (first?.kind !== "attr") return unknown(`${ERROR}path must be followed by module, root or cwd`);
        // Terraform gives both relative to the directory it runs in: the root module's.
        if (first.name === "module") return str(relativeDir(rootDir(instance), instance.module.dir));
        if (first.name === "root") return str(".");
        return unknown("path.cwd depends on where Terraform runs");
      }
      case "terraform":
        return unknown("terraform.workspace is chosen when Terraform runs");
      case "count":
        return unknown("count.index of a resource with count");
      case "each":
        return unknown(`each.${first?.kind === "attr" ? first.name : "value"} of a resource with for_each`);
      case "self":
        return unknown("self is known after apply");
      case "data": {
        if (first?.kind !== "attr" || second?.kind !== "attr") return unknown(`${ERROR}data must be followed by a type and a name`);
        const ref = instance.module.byAddress.get(`data.${first.name}.${second.name}`);
        if (ref === undefined) return unknown(`${ERROR}data.${first.name}.${second.name} is not declared`);
        return this.blockArgument(ref, instance, steps.slice(2), scope.vars);
      }
      default: {
        if (first?.kind !== "attr") return unknown(`${ERROR}unknown name ${root}`);
        const ref = instance.module.byAddress.get(`${root}.${first.name}`);
        if (ref === undefined || ref.kind !== "resource") return unknown(`${ERROR}${root}.${first.name} is not declared`);
        return this.blockArgument(ref, instance, steps.slice(1), scope.vars);
      }
    }
  }

  private genericSteps(expr: Expression, scope: Scope): Value {
    switch (expr.type) {
      case "GetAttr":
        return this.applySteps(this.evaluate(expr.object, scope), [{ kind: "attr", name: expr.name }], scope.instance, scope.vars);
      case "Index": {
        const key = this.evaluate(expr.key, scope);
        return this.index(this.evaluate(expr.object, scope), key);
      }
      case "Splat": {
        const source = this.evaluate(expr.object, scope);
        return this.splat(source, expr.each, scope);
      }
      default:
        return unknown(`${ERROR}not a traversal`);
    }
  }

  private splat(source: Value, each: Expression, scope: Scope): Value {
    if (source.kind === "unknown") return source;
    const items = source.kind === "list" ? source.items : source.kind === "null" ? [] : [source];
    return list(
      items.map((item) => {
        const vars = new Map(scope.vars ?? []);
        vars.set("\u0000splat", item);
        return this.evaluate(each, { instance: scope.instance, vars });
      }),
    );
  }

  private applySteps(value: Value, steps: Step[], instance: ModuleInstance, vars: ReadonlyMap<string, Value> | null): Value {
    let current = value;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      if (current.kind === "unknown") return current;
      if (step.kind === "attr") current = attributeValue(current, step.name);
      else if (step.kind === "index") {
        const key = step.key !== null ? (typeof step.key === "number" ? num(step.key) : str(step.key)) : this.evaluate(step.expr, { instance, vars });
        current = this.index(current, key);
      } else {
        const rest = steps.slice(i + 1);
        const items = current.kind === "list" ? current.items : current.kind === "null" ? [] : [current];
        return list(items.map((item) => this.applySteps(item, rest, instance, vars)));
      }
    }
    return current;
  }

  private index(collection: Value, key: Value): Value {
    if (collection.kind === "unknown") return collection;
    if (key.kind === "unknown") return unknown(`indexed by an unknown key (${key.reason})`);
    if (collection.kind === "list") {
      const i = toNumber(key);
      if (i === null || !Number.isInteger(i)) return unknown(`${ERROR}a list index must be a whole number`);
      const item = collection.items[i];
      return item === undefined ? unknown(`${ERROR}index ${i} is out of range for a list of ${collection.items.length}`) : keepSensitive(item, collection);
    }
    if (collection.kind === "object") {
      const k = scalarString(key);
      if (k === null) return unknown(`${ERROR}a map key must be a string`);
      const item = collection.entries.get(k);
      return item === undefined ? unknown(`${ERROR}the map has no key "${k}"`) : keepSensitive(item, collection);
    }
    return unknown(`${ERROR}cannot index a ${collection.kind}`);
  }
}

function rank(path: string): number {
  if (/(^|\/)terraform\.tfvars$/.test(path)) return 0;
  if (/(^|\/)terraform\.tfvars\.json$/.test(path)) return 1;
  return 2;
}

/** `to` relative to `from`, both POSIX directories relative to the audited root. */
function relativeDir(from: string, to: string): string {
  if (from === to) return ".";
  const a = from === "." ? [] : from.split("/");
  const b = to === "." ? [] : to.split("/");
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => "..");
  const parts = [...up, ...b.slice(common)];
  return parts.length === 0 ? "." : parts.join("/");
}

/** The directory Terraform runs in for this instance: its root module's. */
export function rootDir(instance: ModuleInstance): string {
  let current = instance;
  while (current.parent !== null) current = current.parent;
  return current.module.dir;
}

function attributeValue(value: Value, name: string): Value {
  if (value.kind === "object") {
    const item = value.entries.get(name);
    return item === undefined ? unknown(`${ERROR}the object has no attribute "${name}"`) : keepSensitive(item, value);
  }
  if (value.kind === "null") return unknown(`${ERROR}cannot read "${name}" of null`);
  return unknown(`${ERROR}cannot read "${name}" of a ${value.kind}`);
}

function keepSensitive(result: Value, ...inputs: Value[]): Value {
  return inputs.some((v) => v.sensitive === true) ? markSensitive(result) : result;
}

function literalBool(expr: Expression | undefined): boolean | null {
  return expr !== undefined && expr.type === "Literal" && typeof expr.value === "boolean" ? expr.value : null;
}

/** A scalar in its string form as Terraform converts it; null for collections and null. */
export function scalarString(v: Value): string | null {
  if (v.kind === "string") return v.value;
  if (v.kind === "number") return formatNumber(v.value);
  if (v.kind === "bool") return v.value ? "true" : "false";
  return null;
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(n);
}

export function toNumber(v: Value): number | null {
  if (v.kind === "number") return v.value;
  if (v.kind === "string" && /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(v.value.trim())) return Number(v.value);
  return null;
}

export function toBool(v: Value): boolean | null {
  if (v.kind === "bool") return v.value;
  if (v.kind === "string" && (v.value === "true" || v.value === "false")) return v.value === "true";
  return null;
}

/** Deep equality of known values (sensitivity and origins do not matter). */
export function equalValues(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) {
    // Terraform compares "1" and 1 as different types: not equal.
    return false;
  }
  switch (a.kind) {
    case "string":
    case "number":
    case "bool":
      return a.value === (b as typeof a).value;
    case "null":
      return true;
    case "unknown":
      return false;
    case "list": {
      const other = b as typeof a;
      return a.items.length === other.items.length && a.items.every((item, i) => equalValues(item, other.items[i] as Value));
    }
    case "object": {
      const other = b as ObjectValue;
      if (a.entries.size !== other.entries.size) return false;
      for (const [k, v] of a.entries) {
        const w = other.entries.get(k);
        if (w === undefined || !equalValues(v, w)) return false;
      }
      return true;
    }
  }
}

export { isSensitive, literalString };
export type { Attribute };
