/**
 * Collection functions and type conversions. cairn's values do not distinguish a list from a tuple
 * or a map from an object, so where Terraform's behaviour depends on that (conversions of
 * elements to one type) the unification happens only in the conversion functions and set operations.
 */

import type { ListValue, ObjectValue, UnknownValue, Value } from "../value.js";
import { bool, list, markSensitive, NULL, num, object, str, unknown } from "../value.js";
import { tidy } from "./numbers.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import {
  aType,
  compareStrings,
  derivedUnknown,
  fail,
  firstUnknown,
  graphemes,
  keepMeta,
  makeSet,
  parseNumber,
  quote,
  setLengthKnown,
  setOrder,
  toBoolValue,
  toInt,
  toNum,
  toObject,
  toSequence,
  toStr,
  toStringValue,
  typeName,
  unifyElements,
  valuesEqual,
} from "./support.js";

const UNKNOWN_SET_LENGTH = "the set has unknown elements, which may turn out equal to others, so its length is unknown";

/** A list built from `items` that keeps the origins and sensitivity of the value it converts. */
function convertedList(items: readonly Value[], from: Value, set = false): ListValue {
  return keepMeta(set ? makeSet(items) : list(items), from);
}

/** Appends the leaves of nested lists and sets to `out`; true when a nested list was itself sensitive. */
function flattenInto(items: readonly Value[], out: Value[]): boolean {
  let sensitive = false;
  for (const item of items) {
    if (item.kind === "list") {
      if (item.sensitive === true) sensitive = true;
      if (flattenInto(item.set === true ? setOrder(item.items) : item.items, out)) sensitive = true;
    } else {
      out.push(item);
    }
  }
  return sensitive;
}

/** The element type coalesce() unifies its arguments to: "string" when strings meet numbers or bools. */
function coalesceTarget(args: readonly Value[]): "string" | "other" {
  const kinds = new Set(args.filter((a) => a.kind !== "null" && a.kind !== "unknown").map((a) => typeName(a)));
  if (kinds.size <= 1) return kinds.has("string") ? "string" : "other";
  if ([...kinds].every((k) => k === "string" || k === "number" || k === "bool") && kinds.has("string")) return "string";
  return fail("all arguments must have the same type");
}

function setOperands(args: readonly Value[]): Value[][] {
  const operands = args.map((a, i) => [...toSequence(a, `argument ${i + 1}`)]);
  // Terraform unifies the element types of all the sets, so ["a"] and [1] meet as strings.
  const unified = unifyElements(operands.flat(), "the sets");
  let at = 0;
  return operands.map((items) => unified.slice(at, (at += items.length)));
}

function containsValue(items: readonly Value[], v: Value): boolean | undefined {
  let unknownSeen = false;
  for (const item of items) {
    const eq = valuesEqual(item, v);
    if (eq === true) return true;
    if (eq === undefined) unknownSeen = true;
  }
  return unknownSeen ? undefined : false;
}

const DEPRECATED_LIST = 'the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list';
const DEPRECATED_MAP = 'the "map" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map';

export const collectionFunctions: Record<string, Builtin> = {
  // A list's length is known even when its elements are not.
  length: def(1, "any", "top", (args) => {
    const v = arg(args, 0);
    switch (v.kind) {
      case "unknown":
        return derivedUnknown("length", v);
      case "string":
        return num(graphemes(v.value).length);
      case "list":
        return setLengthKnown(v) ? num(v.items.length) : unknown(`length(): ${UNKNOWN_SET_LENGTH}`);
      case "object":
        return num(v.entries.size);
      case "null":
        return fail("argument must not be null");
      default:
        return fail(`argument must be a string, a collection or a structural type, not ${aType(v)}`);
    }
  }),

  keys: def(1, "top", "top", (args) => {
    const m = toObject(arg(args, 0), "inputMap");
    return list([...m.entries.keys()].sort(compareStrings).map(str));
  }),

  values: def(1, "top", "top", (args) => {
    const m = toObject(arg(args, 0), "mapping");
    return list([...m.entries.keys()].sort(compareStrings).map((k) => m.entries.get(k) as Value));
  }),

  // The element comes back as it is (origins and its own marks); only the map's and the key's marks are added.
  lookup: def([2, 3], ["top", "known", "any"], "self", (args) => {
    const mapArg = arg(args, 0);
    const keyArg = arg(args, 1);
    const m = toObject(mapArg, "inputMap");
    const key = toStr(keyArg, "key");
    let found = m.entries.get(key);
    if (found === undefined) {
      if (args.length < 3) fail(`lookup failed to find key ${quote(key)}`);
      found = arg(args, 2);
    }
    return mapArg.sensitive === true || keyArg.sensitive === true ? markSensitive(found) : found;
  }),

  element: def(2, ["top", "known"], "top", (args) => {
    const items = toSequence(arg(args, 0), "list", "no-sets");
    const index = toInt(arg(args, 1), "index");
    if (items.length === 0) fail("cannot use element function with an empty list");
    // Indexes wrap around in both directions.
    return items[((index % items.length) + items.length) % items.length] as Value;
  }),

  index: def(2, ["top", "top"], "deep", (args) => {
    const items = toSequence(arg(args, 0), "list", "no-sets");
    if (items.length === 0) fail("cannot search an empty list");
    for (const [i, item] of items.entries()) {
      const eq = valuesEqual(item, arg(args, 1));
      if (eq === undefined) return derivedUnknown("index", firstUnknown(list([item, arg(args, 1)])) as UnknownValue);
      if (eq) return num(i);
    }
    return fail("item not found");
  }),

  contains: def(2, ["top", "top"], "deep", (args) => {
    const items = toSequence(arg(args, 0), "list");
    const found = containsValue(items, arg(args, 1));
    return found === undefined ? derivedUnknown("contains", firstUnknown(list([...items, arg(args, 1)])) as UnknownValue) : bool(found);
  }),

  // The first argument that is neither null nor "" wins, unless an argument before it is unknown.
  coalesce: def([1, Infinity], "any", "deep", (args) => {
    const target = coalesceTarget(args);
    for (const a of args) {
      if (a.kind === "unknown") return derivedUnknown("coalesce", a);
      if (a.kind === "null") continue;
      const converted = target === "string" ? toStringValue(a, "argument") : a;
      if (converted.kind === "string" && converted.value === "") continue;
      return converted;
    }
    return fail("no non-null, non-empty-string arguments");
  }),

  coalescelist: def([1, Infinity], "any", "deep", (args) => {
    for (const a of args) {
      if (a.kind !== "unknown" && a.kind !== "null") toSequence(a, "argument", "no-sets");
    }
    for (const a of args) {
      if (a.kind === "unknown") return derivedUnknown("coalescelist", a);
      if (a.kind === "list" && a.items.length > 0) return a;
    }
    return fail("no non-null arguments");
  }),

  // Unknown elements stay: they may turn out empty, but the rest of the list is known.
  compact: def(1, "top", "deep", (args) => {
    const kept: Value[] = [];
    for (const item of toSequence(arg(args, 0), "list")) {
      if (item.kind === "unknown") kept.push(item);
      else if (item.kind !== "null") {
        const s = toStringValue(item, "element");
        if (s.value !== "") kept.push(s);
      }
    }
    return list(kept);
  }),

  concat: def([1, Infinity], "top", "top", (args) =>
    list(args.flatMap((a, i) => toSequence(a, `argument ${i + 1}`, "no-sets"))),
  ),

  merge: def([0, Infinity], "top", "top", (args) => {
    const out = new Map<string, Value>();
    for (const [i, a] of args.entries()) {
      if (a.kind === "null") continue;
      for (const [k, v] of toObject(a, `argument ${i + 1}`).entries) out.set(k, v);
    }
    return object(out);
  }),

  // An unknown element is kept as one element; if it turns out to be a list it would be spliced in.
  flatten: def(1, "top", "top", (args) => {
    const out: Value[] = [];
    const nestedSensitive = flattenInto(toSequence(arg(args, 0), "list"), out);
    return nestedSensitive ? markSensitive(list(out)) : list(out);
  }),

  distinct: def(1, "known", "deep", (args) => {
    const kept: Value[] = [];
    for (const item of toSequence(arg(args, 0), "list")) if (!kept.some((k) => valuesEqual(k, item) === true)) kept.push(item);
    return list(kept);
  }),

  chunklist: def(2, ["top", "known"], "top", (args) => {
    const items = toSequence(arg(args, 0), "list");
    const size = toInt(arg(args, 1), "size");
    if (size < 0) fail("the size argument must be positive");
    if (items.length === 0) return list([]);
    if (size === 0) return list([list(items)]);
    const chunks: Value[] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(list(items.slice(i, i + size)));
    return list(chunks);
  }),

  one: def(1, "top", "deep", (args) => {
    const v = arg(args, 0);
    if (v.kind === "list" && !setLengthKnown(v)) return unknown(`one(): ${UNKNOWN_SET_LENGTH}`);
    if (v.kind !== "list" || v.items.length > 1) return fail("must be a list, set, or tuple value with either zero or one elements");
    return v.items[0] ?? NULL;
  }),

  slice: def(3, ["top", "known", "known"], "top", (args) => {
    const items = toSequence(arg(args, 0), "list", "no-sets");
    const start = toInt(arg(args, 1), "start_index");
    const end = toInt(arg(args, 2), "end_index");
    if (start < 0) fail("start index must not be less than zero");
    if (start > items.length) fail("start index must not be greater than the length of the list");
    if (end < 0) fail("end index must not be less than zero");
    if (end > items.length) fail("end index must not be greater than the length of the list");
    if (start > end) fail("start index must not be greater than end index");
    return list(items.slice(start, end));
  }),

  reverse: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind !== "list") fail(`can only reverse list or tuple values, not ${typeName(v)}`);
    return list([...toSequence(v, "list")].reverse());
  }),

  sort: def(1, "known", "deep", (args) => {
    const items = toSequence(arg(args, 0), "list").map((item, i) => {
      if (item.kind === "null") fail(`given list element ${i} is null; a null string cannot be sorted`);
      return toStringValue(item, `element ${i}`);
    });
    return list(items.sort((a, b) => compareStrings(a.value, b.value)));
  }),

  setunion: def([1, Infinity], "top", "deep", (args) => makeSet(setOperands(args).flat())),

  setintersection: def([1, Infinity], "known", "deep", (args) => {
    const [first = [], ...others] = setOperands(args);
    return makeSet(first.filter((item) => others.every((other) => containsValue(other, item) === true)));
  }),

  setsubtract: def(2, "known", "deep", (args) => {
    const [a = [], b = []] = setOperands(args);
    return makeSet(a.filter((item) => containsValue(b, item) !== true));
  }),

  setproduct: def([2, Infinity], "top", "top", (args) => {
    const operands = args.map((a, i) => {
      if (a.kind === "list" && !setLengthKnown(a)) return undefined;
      return unifyElements(toSequence(a, `argument ${i + 1}`), `argument ${i + 1}`);
    });
    if (operands.some((o) => o === undefined)) return unknown(`setproduct(): ${UNKNOWN_SET_LENGTH}`);
    const allLists = args.every((a) => a.kind === "list" && a.set !== true);
    let product: Value[][] = [[]];
    for (const items of operands as Value[][]) product = product.flatMap((prefix) => items.map((item) => [...prefix, item]));
    const tuples = product.map((t) => list(t));
    return allLists ? list(tuples) : makeSet(tuples);
  }),

  range: def([1, 3], "known", "deep", (args) => {
    const nums = args.map((a, i) => toNum(a, ["start", "limit", "step"][args.length === 1 ? 1 : i] as string));
    const [start, end] = nums.length === 1 ? [0, nums[0] as number] : [nums[0] as number, nums[1] as number];
    const step = nums[2] ?? (end < start ? -1 : 1);
    if (step === 0) fail("step must not be zero");
    if (step < 0 && end > start) fail("end must be less than start when step is negative");
    if (step > 0 && end < start) fail("end must be greater than start when step is positive");
    const out: Value[] = [];
    for (let i = 0; ; i++) {
      const n = tidy(start + i * step);
      if (step < 0 ? n <= end : n >= end) break;
      if (out.length >= 1024) fail("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step");
      out.push(num(n));
    }
    return list(out);
  }),

  zipmap: def(2, ["known", "top"], "top", (args) => {
    const keys = toSequence(arg(args, 0), "keys").map((k, i) => {
      if (k.kind === "null") fail(`keys list has null value at index ${i}`);
      return toStr(k, `keys element ${i}`);
    });
    const values = arg(args, 1);
    if (values.kind !== "list" || values.set === true) fail("values argument must be a list or tuple value");
    if (keys.length !== values.items.length) fail(`number of keys (${keys.length}) does not match number of values (${values.items.length})`);
    return object(new Map(keys.map((k, i) => [k, values.items[i] as Value])));
  }),

  transpose: def(1, "known", "deep", (args) => {
    const m = toObject(arg(args, 0), "values");
    const out = new Map<string, string[]>();
    for (const inKey of [...m.entries.keys()].sort(compareStrings)) {
      const inList = m.entries.get(inKey) as Value;
      if (inList.kind === "null") fail("input must not contain null list");
      for (const item of toSequence(inList, `values[${JSON.stringify(inKey)}]`)) {
        if (item.kind === "null") fail("input list must not contain null string");
        const outKey = toStr(item, "input list element");
        out.set(outKey, [...(out.get(outKey) ?? []), inKey].sort(compareStrings));
      }
    }
    return object(new Map([...out.keys()].sort(compareStrings).map((k) => [k, list((out.get(k) as string[]).map(str))])));
  }),

  alltrue: def(1, "top", "deep", (args) => {
    const items = toSequence(arg(args, 0), "list");
    const bools = items.map((item, i) => (item.kind === "unknown" || item.kind === "null" ? item : toBoolValue(item, `element ${i}`)));
    for (const b of bools) {
      if (b.kind === "unknown") return derivedUnknown("alltrue", b);
      if (b.kind === "null" || (b.kind === "bool" && !b.value)) return bool(false);
    }
    return bool(true);
  }),

  anytrue: def(1, "top", "deep", (args) => {
    const items = toSequence(arg(args, 0), "list");
    const bools = items.map((item, i) => (item.kind === "unknown" || item.kind === "null" ? item : toBoolValue(item, `element ${i}`)));
    let firstUnknownItem: Value | undefined;
    for (const b of bools) {
      if (b.kind === "unknown") firstUnknownItem ??= b;
      else if (b.kind === "bool" && b.value) return bool(true);
    }
    return firstUnknownItem?.kind === "unknown" ? derivedUnknown("anytrue", firstUnknownItem) : bool(false);
  }),

  matchkeys: def(3, "top", "deep", (args) => {
    const values = toSequence(arg(args, 0), "values");
    const keyItems = toSequence(arg(args, 1), "keys");
    const searchItems = toSequence(arg(args, 2), "searchset");
    if (values.length !== keyItems.length) fail("length of keys and values should be equal");
    const unified = unifyElements([...keyItems, ...searchItems], "keys and searchset");
    const keys = unified.slice(0, keyItems.length);
    const searchset = unified.slice(keyItems.length);
    if (searchset.length === 0) return list([]);
    const u = firstUnknown(list([...values, ...keys]));
    if (u !== undefined) return derivedUnknown("matchkeys", u);
    const out: Value[] = [];
    for (const [i, key] of keys.entries()) {
      const found = containsValue(searchset, key);
      if (found === undefined) return derivedUnknown("matchkeys", firstUnknown(list(searchset)) as UnknownValue);
      if (found) out.push(values[i] as Value);
    }
    return list(out);
  }),

  sum: def(1, "top", "deep", (args) => {
    const v = arg(args, 0);
    if (v.kind !== "list") fail(`argument must be list, set, or tuple, not ${typeName(v)}`);
    const items = toSequence(v, "list");
    if (items.length === 0) fail("cannot sum an empty list");
    const u = firstUnknown(v);
    if (u !== undefined) return derivedUnknown("sum", u);
    let total = 0;
    for (const item of items) {
      if (item.kind === "null") fail("argument must be list, set, or tuple of number values");
      total += toNum(item, "element");
    }
    return num(tidy(total));
  }),

  // Conversions. Converting a value to its own type gives it back unchanged, origins included.
  tostring: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind === "null") return v;
    if (v.kind === "list" || v.kind === "object") fail(`cannot convert ${typeName(v)} to string`);
    return toStringValue(v, "v");
  }),

  tonumber: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind === "null" || v.kind === "number") return v;
    if (v.kind !== "string") return fail(`cannot convert ${typeName(v)} to number`);
    const n = parseNumber(v.value);
    if (n === undefined) fail(`cannot convert ${quote(v.value)} to number; given string must be a decimal representation of a number`);
    return keepMeta(num(n), v);
  }),

  tobool: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind === "null" || v.kind === "bool") return v;
    if (v.kind !== "string") return fail(`cannot convert ${typeName(v)} to bool`);
    if (!["true", "false", "1", "0"].includes(v.value)) fail(`cannot convert ${quote(v.value)} to bool; only the strings "true" or "false" are allowed`);
    return toBoolValue(v, "v");
  }),

  tolist: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind === "null") return v;
    if (v.kind !== "list") return fail(`cannot convert ${typeName(v)} to list of any single type`);
    return convertedList(unifyElements(toSequence(v, "v"), "the list"), v);
  }),

  toset: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind === "null") return v;
    if (v.kind !== "list") return fail(`cannot convert ${typeName(v)} to set of any single type`);
    return convertedList(unifyElements(v.items, "the set"), v, true);
  }),

  tomap: def(1, "top", "top", (args) => {
    const v = arg(args, 0);
    if (v.kind === "null") return v;
    if (v.kind !== "object") return fail(`cannot convert ${typeName(v)} to map of any single type`);
    const keys = [...v.entries.keys()];
    const unified = unifyElements([...v.entries.values()], "the map");
    return keepMeta(object(new Map(keys.map((k, i) => [k, unified[i] as Value]))), v) as ObjectValue;
  }),

  list: def([0, Infinity], "any", "deep", () => fail(DEPRECATED_LIST)),
  map: def([0, Infinity], "any", "deep", () => fail(DEPRECATED_MAP)),
};
