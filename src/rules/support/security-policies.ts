/**
 * Policy documents, whichever way they are written: a heredoc or a file of JSON, jsonencode({...}),
 * or an aws_iam_policy_document data source (with source and override documents), followed through
 * locals, variables and module outputs. Parts that cannot be known statically are `null`; a rule
 * judges only what is known.
 */
import type { Location } from "../../engine/rule.js";
import type { AttrView, BlockView } from "../../engine/views.js";
import { rootDir, type Scope } from "../../eval/evaluator.js";
import { toJson, type Value } from "../../eval/value.js";
import type { Expression, TemplatePart } from "../../hcl/ast.js";
import { parseTemplate } from "../../hcl/parser.js";
import { traversalOf } from "../../model/traversal.js";
import type { Located, Resolver } from "./security-graph.js";
import type { SecurityScope } from "./security-scope.js";
import { asString } from "./values.js";

/** A list of strings in a statement; `null` items are unknown. `unknown` is true when the whole list is. */
export interface Strings {
  items: (string | null)[];
  unknown: boolean;
}

export interface Principal {
  /** `"*"` or `{ AWS = "*" }`. */
  everyone: boolean;
  /** Principal types present: AWS, Service, Federated, CanonicalUser. */
  types: Map<string, Strings>;
  unknown: boolean;
}

export interface Statement {
  /** "Allow", "Deny", or null when unknown. */
  effect: string | null;
  actions: Strings | null;
  notActions: Strings | null;
  resources: Strings | null;
  notResources: Strings | null;
  principal: Principal | null;
  notPrincipal: boolean;
  /** True when the statement has conditions, null when that is unknown. */
  condition: boolean | null;
  /** Where to point a finding about this statement. */
  at: Location;
  /** 1-based position in its document, for messages. */
  index: number;
  /** The block that holds it: the policy document data source or the resource with inline JSON. */
  owner: string;
}

export interface PolicyDocument {
  statements: Statement[];
  /** Whether some statements could not be read (unknown JSON, dynamic blocks over unknown lists). */
  incomplete: boolean;
  /** Policy document data sources the document is built from. */
  sources: Located[];
}

const UNKNOWN = "\u0001";

function strings(v: unknown): Strings | null {
  if (v === undefined) return null;
  if (v === UNKNOWN_VALUE) return { items: [], unknown: true };
  const list = Array.isArray(v) ? v : [v];
  return { items: list.map((s) => (typeof s === "string" && !s.includes(UNKNOWN) ? s : null)), unknown: false };
}

const UNKNOWN_VALUE = Symbol("unknown");

/** A Value as plain JSON, with nulls left out and unknown parts as UNKNOWN_VALUE. */
function plain(v: Value): unknown {
  return toJson(v, { null: undefined, unknown: UNKNOWN_VALUE });
}

function principalOf(v: unknown): Principal | null {
  if (v === undefined) return null;
  if (v === UNKNOWN_VALUE) return { everyone: false, types: new Map(), unknown: true };
  if (v === "*") return { everyone: true, types: new Map([["AWS", { items: ["*"], unknown: false }]]), unknown: false };
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { everyone: false, types: new Map(), unknown: true };
  const types = new Map<string, Strings>();
  let everyone = false;
  for (const [type, ids] of Object.entries(v as Record<string, unknown>)) {
    const s = strings(ids);
    if (s === null) continue;
    types.set(type, s);
    if (type === "AWS" && s.items.includes("*")) everyone = true;
  }
  return { everyone, types, unknown: false };
}

/** Statements of a parsed JSON policy. */
function jsonStatements(json: unknown, at: Location, owner: string): { statements: Statement[]; incomplete: boolean } | null {
  if (json === UNKNOWN_VALUE) return null;
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const raw = (json as Record<string, unknown>)["Statement"];
  if (raw === undefined) return { statements: [], incomplete: false };
  if (raw === UNKNOWN_VALUE) return { statements: [], incomplete: true };
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: Statement[] = [];
  let incomplete = false;
  list.forEach((s, i) => {
    if (typeof s !== "object" || s === null || Array.isArray(s)) {
      incomplete = true;
      return;
    }
    const o = s as Record<string, unknown>;
    const effect = typeof o["Effect"] === "string" && !o["Effect"].includes(UNKNOWN) ? o["Effect"] : null;
    const condition = o["Condition"] === undefined ? false : o["Condition"] === UNKNOWN_VALUE ? null : true;
    statements.push({
      effect,
      actions: strings(o["Action"]),
      notActions: strings(o["NotAction"]),
      resources: strings(o["Resource"]),
      notResources: strings(o["NotResource"]),
      principal: principalOf(o["Principal"]),
      notPrincipal: o["NotPrincipal"] !== undefined,
      condition,
      at,
      index: i + 1,
      owner,
    });
  });
  return { statements, incomplete };
}

/** JSON text in which unknown interpolations (written `${…}`) become strings holding UNKNOWN. */
function parseWithHoles(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (text.startsWith("${…}", i)) {
      out += inString ? UNKNOWN : `"${UNKNOWN}"`;
      i += 3;
      continue;
    }
    if (inString && c === "\\") {
      out += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
  }
  try {
    return JSON.parse(out) as unknown;
  } catch {
    return UNKNOWN_VALUE;
  }
}

function templateText(parts: TemplatePart[]): string | null {
  let out = "";
  for (const part of parts) {
    if (part.type === "TemplateLiteral") out += part.value;
    else if (part.type === "TemplateInterpolation") out += "${…}";
    else return null;
  }
  return out;
}

/** Statements of an aws_iam_policy_document data source, with its source and override documents. */
function documentStatements(scope: SecurityScope, resolver: Resolver, doc: Located, seen: Set<string>, depth: number): PolicyDocument {
  const out: PolicyDocument = { statements: [], incomplete: false, sources: [doc] };
  const key = `${doc.instance.path.join(".")}|${doc.ref.address}`;
  if (seen.has(key) || depth > 6) return out;
  seen.add(key);
  const view = scope.view(doc.ref, doc.instance);
  for (const name of ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]) {
    const attr = view.attr(name);
    if (attr === undefined) continue;
    const nested = policyOf(scope, resolver, attr, view.address, seen, depth + 1);
    if (nested === null) {
      out.incomplete = true;
      continue;
    }
    out.statements.push(...nested.statements);
    out.sources.push(...nested.sources);
    out.incomplete ||= nested.incomplete;
  }
  view.blocks("statement").forEach((block, i) => {
    if (block.dynamicUnknown) {
      out.incomplete = true;
      return;
    }
    out.statements.push(blockStatement(block, i + 1, view.address));
  });
  return out;
}

function listOf(block: BlockView, name: string): Strings | null {
  const attr = block.attr(name);
  if (attr === undefined) return null;
  const v = attr.value();
  if (v.kind === "null") return null;
  if (v.kind === "unknown") return { items: [], unknown: true };
  const items = v.kind === "list" ? v.items : [v];
  return { items: items.map((i) => asString(i)), unknown: false };
}

function blockPrincipal(block: BlockView, name: string): Principal | null {
  const blocks = block.blocks(name);
  if (blocks.length === 0) return null;
  const types = new Map<string, Strings>();
  let everyone = false;
  let unknown = false;
  for (const p of blocks) {
    if (p.dynamicUnknown) {
      unknown = true;
      continue;
    }
    const type = asString(p.value("type"));
    const ids = listOf(p, "identifiers");
    if (type === null || ids === null) {
      unknown = true;
      continue;
    }
    const previous = types.get(type);
    types.set(type, previous === undefined ? ids : { items: [...previous.items, ...ids.items], unknown: previous.unknown || ids.unknown });
    if ((type === "AWS" || type === "*") && ids.items.includes("*")) everyone = true;
  }
  return { everyone, types, unknown };
}

/** A statement block of an aws_iam_policy_document, read on its own. */
export function blockStatement(block: BlockView, index: number, owner: string): Statement {
  const effectAttr = block.attr("effect");
  const effect = effectAttr === undefined ? "Allow" : asString(effectAttr.value());
  const conditions = block.blocks("condition");
  return {
    effect,
    actions: listOf(block, "actions"),
    notActions: listOf(block, "not_actions"),
    resources: listOf(block, "resources"),
    notResources: listOf(block, "not_resources"),
    principal: blockPrincipal(block, "principals"),
    notPrincipal: block.blocks("not_principals").length > 0,
    condition: conditions.length === 0 ? false : conditions.every((c) => c.dynamicUnknown) ? null : true,
    at: block,
    index,
    owner,
  };
}

/**
 * The policy document an argument holds (`policy`, `assume_role_policy`, …), or null when it cannot
 * be read statically.
 */
export function policyOf(scope: SecurityScope, resolver: Resolver, attr: AttrView, owner: string, seen = new Set<string>(), depth = 0): PolicyDocument | null {
  return policyOfExpr(scope, resolver, attr.expr, attr.scope, attr, owner, seen, depth);
}

function policyOfExpr(scope: SecurityScope, resolver: Resolver, expr: Expression, evalScope: Scope, at: Location, owner: string, seen: Set<string>, depth: number): PolicyDocument | null {
  if (depth > 8) return null;
  const parsed = (json: unknown): PolicyDocument | null => {
    const result = jsonStatements(json, at, owner);
    return result === null ? null : { ...result, sources: [] };
  };
  // A local that holds the document: read its expression, so that jsonencode({...}) with unknown parts still counts.
  const t = traversalOf(expr);
  if (t !== null && t.root === "local" && t.steps.length === 1 && t.steps[0]?.kind === "attr") {
    const local = evalScope.instance.module.localByName.get(t.steps[0].name);
    if (local !== undefined) return policyOfExpr(scope, resolver, local.attribute.expr, { instance: evalScope.instance, vars: null }, at, owner, seen, depth + 1);
  }
  const value = scope.evaluator.evaluate(expr, evalScope);
  if (value.kind === "string") {
    try {
      return parsed(JSON.parse(value.value) as unknown);
    } catch {
      return null;
    }
  }
  if (value.kind === "list") {
    // source_policy_documents: a list of JSON documents.
    const doc: PolicyDocument = { statements: [], incomplete: false, sources: [] };
    for (const loc of resolver.expr(expr, evalScope).blocks) {
      if (loc.ref.kind !== "data" || loc.ref.type !== "aws_iam_policy_document") continue;
      const nested = documentStatements(scope, resolver, loc, seen, depth + 1);
      doc.statements.push(...nested.statements);
      doc.sources.push(...nested.sources);
      doc.incomplete ||= nested.incomplete;
    }
    for (const item of value.items) {
      if (item.kind !== "string") continue;
      try {
        const nested = jsonStatements(JSON.parse(item.value) as unknown, at, owner);
        if (nested !== null) doc.statements.push(...nested.statements);
      } catch {
        doc.incomplete = true;
      }
    }
    return doc;
  }
  if (expr.type === "FunctionCall" && expr.name === "jsonencode" && expr.args[0] !== undefined) {
    return parsed(plain(scope.evaluator.evaluate(expr.args[0], evalScope)));
  }
  if (expr.type === "Template" && expr.kind === "heredoc") {
    const text = templateText(expr.parts);
    if (text !== null && /^\s*\{/.test(text)) return parsed(parseWithHoles(text));
  }
  if (expr.type === "FunctionCall" && expr.name === "templatefile" && expr.args[0] !== undefined) {
    const path = asString(scope.evaluator.evaluate(expr.args[0], evalScope));
    const text = path === null ? null : scope.evaluator.readModuleFile(rootDir(evalScope.instance), path);
    if (text !== null) {
      const { template, diagnostics } = parseTemplate(text);
      const holes = diagnostics.length === 0 ? templateText(template.parts) : null;
      if (holes !== null && /^\s*\{/.test(holes)) return parsed(parseWithHoles(holes));
    }
    return null;
  }
  const docs = resolver.expr(expr, evalScope).blocks.filter((b) => b.ref.kind === "data" && b.ref.type === "aws_iam_policy_document");
  if (docs.length === 1) return documentStatements(scope, resolver, docs[0] as Located, seen, depth + 1);
  return null;
}
