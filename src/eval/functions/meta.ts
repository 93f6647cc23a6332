/**
 * Functions about values rather than on them: try, can, sensitivity, templatestring, and the
 * Terraform functions cairn recognises but does not evaluate offline.
 */

import type { Value } from "../value.js";
import { bool, markSensitive } from "../value.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import { derivedUnknown, ERROR_PREFIX, fail, firstError, firstUnknown, notEvaluated, toObject, toStr } from "./support.js";

function withoutSensitive(v: Value): Value {
  if (v.sensitive !== true) return v;
  const copy = { ...v };
  delete copy.sensitive;
  return copy;
}

const notOffline = (name: string, arity: number | readonly [number, number], why: string): Builtin => ({
  ...def(arity, "known", "deep", () => notEvaluated(`${name}() ${why}`)),
  evaluated: false,
});

export const metaFunctions: Record<string, Builtin> = {
  /**
   * try and can take unevaluated expressions in Terraform: the evaluator should special-case them,
   * evaluating each argument and catching its errors. These versions work on values the evaluator
   * already has, where an error is an "error: …" unknown. As in Terraform, a value that is not
   * wholly known could still fail later, so it makes the result unknown rather than being skipped.
   */
  try: def([1, Infinity], "any", "self", (args) => {
    let error: Value | undefined;
    for (const a of args) {
      const e = firstError(a);
      if (e !== undefined) {
        error ??= e;
        continue;
      }
      const u = firstUnknown(a);
      return u === undefined ? a : derivedUnknown("try", u);
    }
    const reason = error?.kind === "unknown" ? error.reason.slice(ERROR_PREFIX.length) : "";
    return fail(`no expression succeeded; the first failed with: ${reason}`);
  }),

  can: def(1, "any", "self", (args) => {
    const a = arg(args, 0);
    if (firstError(a) !== undefined) return bool(false);
    const u = firstUnknown(a);
    return u === undefined ? bool(true) : derivedUnknown("can", u);
  }),

  sensitive: def(1, "any", "self", (args) => markSensitive(arg(args, 0))),

  // As in Terraform, only the value's own mark goes; sensitive values nested inside stay marked.
  nonsensitive: def(1, "any", "self", (args) => withoutSensitive(arg(args, 0))),

  issensitive: def(1, "any", "self", (args) => {
    const a = arg(args, 0);
    if (a.sensitive === true) return bool(true);
    return a.kind === "unknown" ? derivedUnknown("issensitive", a) : bool(false);
  }),

  // cairn has no ephemeral values, so there is nothing to replace with null.
  ephemeralasnull: def(1, "any", "self", (args) => arg(args, 0)),

  // The evaluator passes the referenced template text; it checks that the argument is a reference.
  templatestring: def(2, ["known", "top"], "deep", (args, ctx) => {
    const text = toStr(arg(args, 0), "template");
    const vars = arg(args, 1);
    if (vars.kind !== "object") fail("invalid vars value: must be a map");
    return ctx.renderTemplate(text, toObject(vars, "vars").entries, "<templatestring argument>");
  }),

  base64gzip: notOffline("base64gzip", 1, "depends on Go's gzip encoder byte for byte, which cairn does not reproduce"),
  textencodebase64: notOffline("textencodebase64", 2, "needs character encodings cairn does not have"),
  textdecodebase64: notOffline("textdecodebase64", 2, "needs character encodings cairn does not have"),
  csvdecode: notOffline("csvdecode", 1, "is not evaluated offline"),
  formatdate: notOffline("formatdate", 2, "is not evaluated offline"),
  timeadd: notOffline("timeadd", 2, "is not evaluated offline"),
  timecmp: notOffline("timecmp", 2, "is not evaluated offline"),
  rsadecrypt: notOffline("rsadecrypt", 2, "needs a private key, which cairn does not use"),
  convert: notOffline("convert", 2, "takes a type constraint, which only the evaluator can read"),
};
