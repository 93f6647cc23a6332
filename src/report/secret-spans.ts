/**
 * Where the secrets of an HCL file are, from its syntax tree, so that a code frame can show the code
 * around a finding without the values: a line-by-line look cannot know that `default = "…"` is the
 * default of `variable "db_password"`.
 */
import type { Expression, HclFile, Node, Span } from "../hcl/ast.js";
import { walk } from "../hcl/walk.js";
import { isPlaceholder, isSecretName } from "../rules/support/secrets.js";

/** What a masked value shows instead. */
export const MASK = "********";

/** The name an object key or an attribute gives, when it is a plain name. */
function keyName(key: Expression): string | null {
  if (key.type === "Variable") return key.name;
  if (key.type === "Template" && key.parts.length === 1 && key.parts[0]?.type === "TemplateLiteral") return key.parts[0].value;
  if (key.type === "Parens") return keyName(key.expr);
  return null;
}

/** The literal text of an expression (quoted strings, heredocs, the text around interpolations). */
function literalSpans(expr: Node, out: Span[], all = false): void {
  walk(expr, (node) => {
    if (node.type !== "Template") return;
    const whole = node.parts.every((p) => p.type === "TemplateLiteral") ? node.parts.map((p) => (p.type === "TemplateLiteral" ? p.value : "")).join("") : null;
    if (!all && whole !== null && isPlaceholder(whole)) return false;
    for (const part of node.parts) if (part.type === "TemplateLiteral" && part.end > part.start) out.push({ start: part.start, end: part.end });
    return;
  });
}

/**
 * The spans of literal secret values: values of arguments, object keys and `{ name = "DB_PASSWORD",
 * value = "…" }` pairs whose name says they hold a secret, and the defaults of variables that are
 * secret by name or marked sensitive. Sorted, not overlapping.
 */
export function secretSpans(file: HclFile): Span[] {
  const out: Span[] = [];
  walk(file, (node) => {
    if (node.type === "Attribute") {
      if (isSecretName(node.name)) literalSpans(node.expr, out);
    } else if (node.type === "ObjectItem") {
      const name = keyName(node.key);
      if (name !== null && isSecretName(name)) literalSpans(node.value, out);
    } else if (node.type === "Object") {
      // Environment lists: [{ name = "DB_PASSWORD", value = "…" }].
      const named = node.items.find((i) => ["name", "key"].includes(keyName(i.key) ?? ""));
      const value = node.items.find((i) => keyName(i.key) === "value");
      const secretName = named !== undefined && named.value.type === "Template" ? keyName(named.value) : null;
      if (value !== undefined && secretName !== null && isSecretName(secretName)) literalSpans(value.value, out);
    } else if (node.type === "Block" && node.blockType === "variable") {
      const attributes = node.body.items.filter((i) => i.type === "Attribute");
      const sensitive = attributes.some((a) => a.name === "sensitive" && a.expr.type === "Literal" && a.expr.value === true);
      const name = node.labels[0]?.value ?? "";
      const fallback = attributes.find((a) => a.name === "default");
      if (fallback !== undefined && (sensitive || isSecretName(name))) literalSpans(fallback.expr, out);
    }
    return;
  });
  return normalise(out);
}

/** Every literal text inside a span of the file: what a finding about a secret points at. */
export function literalSpansWithin(file: HclFile, span: Span): Span[] {
  const out: Span[] = [];
  walk(file, (node) => {
    if (node.end <= span.start || node.start >= span.end) return false;
    if (node.type === "Template") {
      literalSpans(node, out, true);
      return false;
    }
    return;
  });
  return normalise(out.map((s) => ({ start: Math.max(s.start, span.start), end: Math.min(s.end, span.end) })).filter((s) => s.end > s.start));
}

function normalise(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * The text with every span replaced by MASK (a value on several lines keeps its line breaks, so line
 * numbers stay true), and a function that maps an offset of the original to the masked text.
 */
export function maskSpans(text: string, unsorted: readonly Span[]): { text: string; map: (offset: number) => number } {
  if (unsorted.length === 0) return { text, map: (o) => o };
  const spans = normalise([...unsorted]);
  const pieces: string[] = [];
  // For each span: where it starts in the original and in the masked text, and its masked length.
  const moved: { start: number; end: number; to: number; length: number }[] = [];
  let at = 0;
  let shift = 0;
  for (const s of spans) {
    pieces.push(text.slice(at, s.start));
    const lines = text.slice(s.start, s.end).split("\n");
    const masked = lines.map((l, i) => (l.trim() === "" ? l : `${i > 0 ? (/^\s*/.exec(l)?.[0] ?? "") : ""}${MASK}`)).join("\n");
    pieces.push(masked);
    moved.push({ start: s.start, end: s.end, to: s.start + shift, length: masked.length });
    shift += masked.length - (s.end - s.start);
    at = s.end;
  }
  pieces.push(text.slice(at));
  const map = (offset: number): number => {
    let delta = 0;
    for (const m of moved) {
      if (offset < m.start) break;
      if (offset < m.end) return offset === m.start ? m.to : m.to + m.length;
      delta = m.to + m.length - m.end;
    }
    return offset + delta;
  };
  return { text: pieces.join(""), map };
}
