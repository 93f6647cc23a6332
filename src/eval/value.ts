/**
 * Values of the evaluator. A value is known (string, number, bool, null, list, object), or unknown
 * with the reason it cannot be known statically. Any value may be marked sensitive, and carries the
 * chain of places it came from (`origins`, nearest first), so a finding can show
 * `0.0.0.0/0 ← var.admin_cidr default at variables.tf:12`.
 *
 * Values are immutable: helpers return new values.
 */

export interface Origin {
  /** What the step is, in Terraform's words: `var.admin_cidr`, `local.cidrs`, `module.web input instance_type`. */
  label: string;
  /** POSIX path relative to the audited root. */
  file: string;
  start: number;
  end: number;
}

interface Base {
  origins?: readonly Origin[];
  sensitive?: boolean;
}

export interface StringValue extends Base {
  kind: "string";
  value: string;
}

export interface NumberValue extends Base {
  kind: "number";
  value: number;
}

export interface BoolValue extends Base {
  kind: "bool";
  value: boolean;
}

export interface NullValue extends Base {
  kind: "null";
}

/** Lists, tuples and sets. `set` marks a set (no duplicates, order not meaningful). */
export interface ListValue extends Base {
  kind: "list";
  items: readonly Value[];
  set?: boolean;
}

/** Objects and maps. Keys keep insertion order; Terraform iterates maps in key order (see `sortedEntries`). */
export interface ObjectValue extends Base {
  kind: "object";
  entries: ReadonlyMap<string, Value>;
}

export interface UnknownValue extends Base {
  kind: "unknown";
  /** Why the value cannot be known statically, as a short phrase: "computed by AWS after apply". */
  reason: string;
}

export type Value = StringValue | NumberValue | BoolValue | NullValue | ListValue | ObjectValue | UnknownValue;

export const str = (value: string): StringValue => ({ kind: "string", value });
export const num = (value: number): NumberValue => ({ kind: "number", value });
export const bool = (value: boolean): BoolValue => ({ kind: "bool", value });
export const NULL: NullValue = { kind: "null" };
export const list = (items: readonly Value[], set = false): ListValue => (set ? { kind: "list", items, set } : { kind: "list", items });
export const object = (entries: ReadonlyMap<string, Value> | Record<string, Value>): ObjectValue => ({
  kind: "object",
  entries: entries instanceof Map ? entries : new Map(Object.entries(entries)),
});
export const unknown = (reason: string): UnknownValue => ({ kind: "unknown", reason });

export function isKnown(v: Value): boolean {
  return v.kind !== "unknown";
}

/** True when the value and everything inside it is known. */
export function isWhollyKnown(v: Value): boolean {
  if (v.kind === "unknown") return false;
  if (v.kind === "list") return v.items.every(isWhollyKnown);
  if (v.kind === "object") {
    for (const item of v.entries.values()) if (!isWhollyKnown(item)) return false;
  }
  return true;
}

/** True when the value or anything inside it is sensitive. */
export function isSensitive(v: Value): boolean {
  if (v.sensitive === true) return true;
  if (v.kind === "list") return v.items.some(isSensitive);
  if (v.kind === "object") {
    for (const item of v.entries.values()) if (isSensitive(item)) return true;
  }
  return false;
}

/** The same value with one more origin step in front of its chain. */
export function withOrigin<V extends Value>(v: V, origin: Origin): V {
  const origins = v.origins === undefined ? [origin] : [origin, ...v.origins];
  return { ...v, origins };
}

export function markSensitive<V extends Value>(v: V): V {
  return v.sensitive === true ? v : { ...v, sensitive: true };
}

/** Entries sorted by key, as Terraform iterates maps and objects. */
export function sortedEntries(v: ObjectValue): [string, Value][] {
  return [...v.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Converts a plain JSON value (from jsondecode, a .tfvars.json file) into a Value. */
export function fromJson(json: unknown): Value {
  if (json === null || json === undefined) return NULL;
  if (typeof json === "string") return str(json);
  if (typeof json === "number") return num(json);
  if (typeof json === "boolean") return bool(json);
  if (Array.isArray(json)) return list(json.map(fromJson));
  return object(new Map(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)])));
}

/**
 * Converts a wholly known value to plain JSON; unknown parts become undefined. A caller that reads
 * partly known values can choose what nulls and unknown parts become.
 */
export function toJson(v: Value, holes: { null?: unknown; unknown?: unknown } = { null: null }): unknown {
  switch (v.kind) {
    case "string":
    case "number":
    case "bool":
      return v.value;
    case "null":
      return holes.null;
    case "list":
      return v.items.map((item) => toJson(item, holes));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, item] of v.entries) out[k] = toJson(item, holes);
      return out;
    }
    case "unknown":
      return holes.unknown;
  }
}

/**
 * A short rendering for messages and evidence. Sensitive values are never shown: they render as
 * `(sensitive value)`. Long values are cut.
 */
export function render(v: Value, max = 80): string {
  if (isSensitive(v)) return "(sensitive value)";
  let out: string;
  switch (v.kind) {
    case "string":
      out = JSON.stringify(v.value);
      break;
    case "number":
    case "bool":
      out = String(v.value);
      break;
    case "null":
      out = "null";
      break;
    case "unknown":
      out = `(unknown: ${v.reason})`;
      break;
    case "list":
      out = `[${v.items.map((i) => render(i, max)).join(", ")}]`;
      break;
    case "object":
      out = `{ ${[...v.entries].map(([k, i]) => `${k} = ${render(i, max)}`).join(", ")} }`;
      break;
  }
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
