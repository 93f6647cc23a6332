import type { Value } from "../../eval/value.js";

/** The string, when the value is a known string. */
export function asString(v: Value | undefined): string | null {
  return v !== undefined && v.kind === "string" ? v.value : null;
}

/** The number, when the value is a known number or a string holding one. */
export function asNumber(v: Value | undefined): number | null {
  if (v === undefined) return null;
  if (v.kind === "number") return v.value;
  if (v.kind === "string" && /^-?\d+(\.\d+)?$/.test(v.value.trim())) return Number(v.value);
  return null;
}

/** true/false when known (Terraform converts "true"/"false" strings), else null. */
export function asBool(v: Value | undefined): boolean | null {
  if (v === undefined) return null;
  if (v.kind === "bool") return v.value;
  if (v.kind === "string" && (v.value === "true" || v.value === "false")) return v.value === "true";
  return null;
}

/** The elements of a known list (a single non-list value counts as one element); null when unknown. */
export function asList(v: Value | undefined): readonly Value[] | null {
  if (v === undefined) return null;
  if (v.kind === "list") {
    // An item written inside the list (`["0.0.0.0/0"]` passed to a module) came from wherever the list
    // did: it inherits the list's origins, so a finding about it can say where it was set.
    const origins = v.origins;
    if (origins === undefined || v.items.every((item) => item.origins !== undefined)) return v.items;
    return v.items.map((item) => (item.origins === undefined ? { ...item, origins } : item));
  }
  if (v.kind === "unknown") return null;
  if (v.kind === "null") return [];
  return [v];
}

/** The keys of a known object or map, or null. */
export function keysOf(v: Value | undefined): string[] | null {
  return v !== undefined && v.kind === "object" ? [...v.entries.keys()] : null;
}

/** Whether the value is known and null (an argument explicitly set to null counts as unset). */
export function isNull(v: Value | undefined): boolean {
  return v !== undefined && v.kind === "null";
}

/**
 * Whether a value only reflects a reusable module's own variable default, seen with nobody calling
 * the module. Such a default is the caller's choice to make, so rules about safety settings do not
 * report it as a problem of the module.
 */
export function isLibraryDefault(ctx: { instance: { path: string[]; call: unknown }; module: { role: string } }, v: Value | undefined): boolean {
  if (v === undefined || ctx.module.role !== "module" || ctx.instance.call !== null) return false;
  return (v.origins ?? []).some((o) => o.label.startsWith("var.") && o.label.endsWith(" default"));
}

/** Whether a value came from a variable that has no value here (unknown because the caller decides). */
export function isUnknown(v: Value | undefined): boolean {
  return v !== undefined && v.kind === "unknown";
}
