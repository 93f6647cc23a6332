/**
 * Shared machinery for the built-in functions: how an implementation reports a Terraform error,
 * Terraform's implicit conversions between primitive types, equality and set ordering.
 */

import type { BoolValue, ListValue, NumberValue, ObjectValue, StringValue, UnknownValue, Value } from "../value.js";
import { bool, list, num, str, unknown } from "../value.js";
import { formatGoFloat } from "./numbers.js";

/** A Terraform error: the call would fail in `terraform plan`. callFunction turns it into an "error: …" unknown. */
export class FunctionError extends Error {}

/** A call Terraform could evaluate but cairn cannot offline; callFunction turns it into a plain unknown. */
export class NotEvaluated extends Error {}

export function fail(message: string): never {
  throw new FunctionError(message);
}

export function notEvaluated(reason: string): never {
  throw new NotEvaluated(reason);
}

const QUOTE_OPEN = "\u0002";
const QUOTE_CLOSE = "\u0003";

/**
 * Quotes a piece of an argument inside an error message. The quoted text is replaced by
 * `(sensitive value)` when the call has a sensitive argument, so errors never leak secrets.
 */
export function quote(text: string): string {
  return `${QUOTE_OPEN}${JSON.stringify(text)}${QUOTE_CLOSE}`;
}

/** Resolves the markers left by `quote`. */
export function resolveQuotes(message: string, redact: boolean): string {
  let out = "";
  let rest = message;
  for (;;) {
    const open = rest.indexOf(QUOTE_OPEN);
    const close = rest.indexOf(QUOTE_CLOSE, open);
    if (open < 0 || close < 0) return out + rest;
    out += rest.slice(0, open) + (redact ? "(sensitive value)" : rest.slice(open + 1, close));
    rest = rest.slice(close + 1);
  }
}

export const ERROR_PREFIX = "error: ";

export function isError(v: Value): boolean {
  return v.kind === "unknown" && v.reason.startsWith(ERROR_PREFIX);
}

/** The first unknown inside a value (the value itself included), preferring an error over a plain unknown. */
export function firstUnknown(v: Value): UnknownValue | undefined {
  let found: UnknownValue | undefined;
  const visit = (x: Value): boolean => {
    if (x.kind === "unknown") {
      if (isError(x)) {
        found = x;
        return true;
      }
      found ??= x;
      return false;
    }
    if (x.kind === "list") return x.items.some(visit);
    if (x.kind === "object") {
      for (const item of x.entries.values()) if (visit(item)) return true;
    }
    return false;
  };
  visit(v);
  return found;
}

/**
 * The unknown result of `fn` when it depends on the unknown `u`: the reason names the function and
 * keeps the argument's reason; an error stays an error.
 */
export function derivedUnknown(fn: string, u: UnknownValue): UnknownValue {
  return isError(u) ? unknown(`${ERROR_PREFIX}${fn}(): ${u.reason.slice(ERROR_PREFIX.length)}`) : unknown(`${fn}(): ${u.reason}`);
}

/** The first error nested anywhere inside a value. */
export function firstError(v: Value): UnknownValue | undefined {
  const u = firstUnknown(v);
  return u !== undefined && isError(u) ? u : undefined;
}

/** The type of a value in Terraform's words, for messages. */
export function typeName(v: Value): string {
  switch (v.kind) {
    case "list":
      return v.set === true ? "set" : "list";
    case "object":
      return "object";
    default:
      return v.kind;
  }
}

/** The type with its article, for messages: "a list", "an object". */
export function aType(v: Value): string {
  const name = typeName(v);
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}

/**
 * Gives a converted value the origins and sensitivity of the value it was converted from: a
 * conversion is the same datum, so evidence chains and marks survive it.
 */
export function keepMeta<V extends Value>(converted: V, from: Value): V {
  let out = converted;
  if (from.origins !== undefined) out = { ...out, origins: from.origins };
  if (from.sensitive === true) out = { ...out, sensitive: true };
  return out;
}

/** Terraform's number-to-string conversion: plain decimal, no exponent, as few digits as needed. */
export function numberToString(n: number): string {
  return formatGoFloat(n, "f", -1);
}

/**
 * The decimal syntax Terraform accepts when converting a string to a number
 * (cty.ParseNumberVal): optional sign, digits with an optional fraction, optional exponent.
 */
const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  if (!NUMBER_SYNTAX.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Converts to a string as Terraform does where a string is expected (numbers and bools convert). */
export function toStringValue(v: Value, what: string): StringValue {
  switch (v.kind) {
    case "string":
      return v;
    case "number":
      return keepMeta(str(numberToString(v.value)), v);
    case "bool":
      return keepMeta(str(v.value ? "true" : "false"), v);
    case "null":
      return fail(`${what} must not be null`);
    default:
      return fail(`${what} must be a string, not ${aType(v)}`);
  }
}

export function toStr(v: Value, what: string): string {
  return toStringValue(v, what).value;
}

/** Converts to a number as Terraform does where a number is expected (decimal strings convert). */
function toNumberValue(v: Value, what: string): NumberValue {
  switch (v.kind) {
    case "number":
      return v;
    case "string": {
      const n = parseNumber(v.value);
      if (n === undefined) fail(`${what} must be a number; ${quote(v.value)} is not a decimal number`);
      return keepMeta(num(n), v);
    }
    case "null":
      return fail(`${what} must not be null`);
    default:
      return fail(`${what} must be a number, not ${aType(v)}`);
  }
}

export function toNum(v: Value, what: string): number {
  return toNumberValue(v, what).value;
}

/** A number that must be whole, as Terraform requires for indexes, counts and bit lengths. */
export function toInt(v: Value, what: string): number {
  const n = toNum(v, what);
  if (!Number.isInteger(n)) fail(`${what} must be a whole number, not ${numberToString(n)}`);
  // Terraform reads these into a Go int (64 bits).
  if (Math.abs(n) >= 2 ** 63) fail(`${what} must be a whole number between -9223372036854775808 and 9223372036854775807`);
  return n;
}

/** Converts to a bool as Terraform does: the strings "true"/"false" (and cty's "1"/"0") convert. */
export function toBoolValue(v: Value, what: string): BoolValue {
  switch (v.kind) {
    case "bool":
      return v;
    case "string":
      if (v.value === "true" || v.value === "1") return keepMeta(bool(true), v);
      if (v.value === "false" || v.value === "0") return keepMeta(bool(false), v);
      return fail(`${what} must be a bool; only the strings "true" and "false" convert, not ${quote(v.value)}`);
    case "null":
      return fail(`${what} must not be null`);
    default:
      return fail(`${what} must be a bool, not ${aType(v)}`);
  }
}

/** A list, tuple or (when `sets` allows) set; set elements come back in Terraform's order. */
export function toSequence(v: Value, what: string, sets: "sets" | "no-sets" = "sets"): readonly Value[] {
  if (v.kind === "null") fail(`${what} must not be null`);
  if (v.kind !== "list") fail(`${what} must be a list or ${sets === "sets" ? "set" : "tuple"}, not ${aType(v)}`);
  if (v.set === true) {
    if (sets === "no-sets") {
      fail(`${what} must be a list or tuple, not a set: a set has no order; convert it with tolist() if the order does not matter`);
    }
    return setOrder(v.items);
  }
  return v.items;
}

export function toObject(v: Value, what: string): ObjectValue {
  if (v.kind === "null") fail(`${what} must not be null`);
  if (v.kind !== "object") fail(`${what} must be a map or object, not ${aType(v)}`);
  return v;
}

/**
 * Terraform's element type unification for lists, sets and maps: when primitive elements of
 * different types meet, strings win and the others convert; numbers and bools cannot meet.
 * Unknown and null elements fit any type.
 */
export function unifyElements(items: readonly Value[], what: string): Value[] {
  const kinds = new Set<string>();
  for (const item of items) if (item.kind !== "null" && item.kind !== "unknown") kinds.add(item.kind === "list" && item.set === true ? "set" : item.kind);
  if (kinds.size <= 1) return [...items];
  const primitive = [...kinds].every((k) => k === "string" || k === "number" || k === "bool");
  if (primitive && kinds.has("string")) {
    return items.map((item) => (item.kind === "number" || item.kind === "bool" ? toStringValue(item, what) : item));
  }
  return fail(`${what} has elements of different types (${[...kinds].sort().join(", ")}) that do not convert to one type`);
}

/**
 * Equality as Terraform's `==`: values of different types are not equal; sensitivity and origins
 * do not matter. Returns undefined when an unknown makes the answer unknown.
 */
export function valuesEqual(a: Value, b: Value): boolean | undefined {
  if (a.kind === "unknown" || b.kind === "unknown") return undefined;
  switch (a.kind) {
    case "string":
    case "number":
    case "bool":
      return b.kind === a.kind && b.value === a.value;
    case "null":
      return b.kind === "null";
    case "list": {
      if (b.kind !== "list" || (a.set === true) !== (b.set === true) || a.items.length !== b.items.length) return false;
      const left = a.set === true ? setOrder(a.items) : a.items;
      const right = b.set === true ? setOrder(b.items) : b.items;
      let unknownSeen = false;
      for (let i = 0; i < left.length; i++) {
        const eq = valuesEqual(left[i] as Value, right[i] as Value);
        if (eq === false) return false;
        if (eq === undefined) unknownSeen = true;
      }
      return unknownSeen ? undefined : true;
    }
    case "object": {
      if (b.kind !== "object" || a.entries.size !== b.entries.size) return false;
      let unknownSeen = false;
      for (const [k, item] of a.entries) {
        const other = b.entries.get(k);
        if (other === undefined) return false;
        const eq = valuesEqual(item, other);
        if (eq === false) return false;
        if (eq === undefined) unknownSeen = true;
      }
      return unknownSeen ? undefined : true;
    }
  }
}

/** Compares strings by Unicode code point, which is the byte order of their UTF-8 encoding (Go's order). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

// Surrogates (U+D800–DFFF) encode code points above U+FFFF, so they rank after U+E000–FFFF.
function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** A total order on known values: by kind, then by value (strings by code point, numbers numerically). */
function compareValues(a: Value, b: Value): number {
  const rank = (v: Value): number => ["bool", "number", "string", "null", "list", "object", "unknown"].indexOf(v.kind);
  if (a.kind !== b.kind) return rank(a) - rank(b);
  if (a.kind === "string" && b.kind === "string") return compareStrings(a.value, b.value);
  if (a.kind === "number" && b.kind === "number") return a.value - b.value;
  if (a.kind === "bool" && b.kind === "bool") return Number(a.value) - Number(b.value);
  return compareStrings(canonicalText(a), canonicalText(b));
}

/** A deterministic text for ordering composite values. */
function canonicalText(v: Value): string {
  switch (v.kind) {
    case "string":
      return JSON.stringify(v.value);
    case "number":
    case "bool":
      return String(v.value);
    case "null":
      return "null";
    case "unknown":
      return "?";
    case "list": {
      const items = v.set === true ? setOrder(v.items) : v.items;
      return `[${items.map(canonicalText).join(",")}]`;
    }
    case "object":
      return `{${[...v.entries.keys()]
        .sort(compareStrings)
        .map((k) => `${JSON.stringify(k)}:${canonicalText(v.entries.get(k) as Value)}`)
        .join(",")}}`;
  }
}

/**
 * Terraform leaves the order of set elements unspecified; cairn sorts them (strings by code point,
 * numbers numerically) so results are deterministic. Elements that are not wholly known go last,
 * in their original order.
 */
export function setOrder(items: readonly Value[]): Value[] {
  const known = items.filter((i) => firstUnknown(i) === undefined);
  const unknowns = items.filter((i) => firstUnknown(i) !== undefined);
  return [...known.sort(compareValues), ...unknowns];
}

/**
 * Builds a set: known duplicates collapse (the first occurrence is kept, with its origins), elements
 * that are not wholly known are kept as they are since they may or may not equal another element.
 */
export function makeSet(items: readonly Value[]): ListValue {
  const kept: Value[] = [];
  for (const item of items) {
    if (firstUnknown(item) === undefined && kept.some((k) => valuesEqual(k, item) === true)) continue;
    kept.push(item);
  }
  return list(setOrder(kept), true);
}

/** True when every element of a set is wholly known, so its length is known. */
export function setLengthKnown(v: ListValue): boolean {
  return v.set !== true || v.items.every((i) => firstUnknown(i) === undefined);
}

let segmenter: Intl.Segmenter | undefined;

/** Splits a string into user-perceived characters (grapheme clusters), as Terraform counts them. */
export function graphemes(s: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(s), (part) => part.segment);
}
