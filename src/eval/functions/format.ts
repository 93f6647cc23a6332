/**
 * format and formatlist, following cty's format scanner: `%[flags][width][.precision][[n]]verb`.
 * %v %s %q pad by grapheme clusters with cty's own rules; the number verbs follow Go's fmt for
 * big.Int and big.Float operands, as cty hands them to Go's Sprintf.
 */

import type { Value } from "../value.js";
import { list, str, unknown } from "../value.js";
import { jsonEncode, jsonString } from "./encoding.js";
import type { GoFlags } from "./numbers.js";
import { formatGoFloat, goFormatFloat, goFormatInteger } from "./numbers.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import { derivedUnknown, fail, firstUnknown, FunctionError, graphemes, toBoolValue, toNum, toSequence, toStr } from "./support.js";

interface Verb extends GoFlags {
  raw: string;
  offset: number;
  argNum: number;
  mode: string;
}

/** Formats `format` with fully known arguments. */
function formatString(format: string, args: readonly Value[]): string {
  let out = "";
  let nextArg = 1;
  let highest = 0;
  const chars = Array.from(format);
  let offset = 0;
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i] as string;
    if (ch !== "%") {
      out += ch;
      offset += ch.length;
      i++;
      continue;
    }
    if (chars[i + 1] === "%") {
      out += "%";
      offset += 2;
      i += 2;
      continue;
    }
    const start = i;
    const verb: Verb = { raw: "", offset, argNum: nextArg, mode: "", plus: false, minus: false, space: false, zero: false, sharp: false };
    i++;
    for (;;) {
      const f = chars[i];
      if (f === "0") verb.zero = true;
      else if (f === "#") verb.sharp = true;
      else if (f === "-") verb.minus = true;
      else if (f === "+") verb.plus = true;
      else if (f === " ") verb.space = true;
      else break;
      i++;
    }
    const digits = (): string => {
      let d = "";
      while (/^[0-9]$/.test(chars[i] ?? "")) d += chars[i++];
      return d;
    };
    if (/^[1-9]$/.test(chars[i] ?? "")) verb.width = Number(digits());
    if (chars[i] === ".") {
      i++;
      verb.prec = Number(digits() || "0");
    }
    if (chars[i] === "[") {
      i++;
      const n = digits();
      if (n === "" || n.startsWith("0") || chars[i] !== "]") fail(`invalid argument index in format string at offset ${offset}`);
      i++;
      verb.argNum = Number(n);
    }
    const mode = chars[i];
    if (mode === undefined) fail(`invalid format string starting at offset ${offset}: missing verb`);
    if (!/^[A-Za-z]$/.test(mode)) fail(`unrecognized format character ${JSON.stringify(mode)} at offset ${offset + chars.slice(start, i).join("").length}`);
    i++;
    verb.mode = mode;
    verb.raw = chars.slice(start, i).join("");
    offset += verb.raw.length;
    highest = Math.max(highest, verb.argNum);
    out += formatVerb(verb, args);
    nextArg = verb.argNum + 1;
  }
  if (highest < args.length) {
    fail(highest === 0 ? "too many arguments; no verbs in format string" : `too many arguments; only ${highest} used by format string`);
  }
  return out;
}

function formatVerb(verb: Verb, args: readonly Value[]): string {
  const value = args[verb.argNum - 1];
  if (value === undefined) {
    fail(`not enough arguments for ${JSON.stringify(verb.raw)} at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`);
  }
  if (verb.mode !== "v" && value.kind === "null") fail(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: null value cannot be formatted`);
  const what = `the value for ${JSON.stringify(verb.raw)} at ${verb.offset}`;
  switch (verb.mode) {
    case "v":
      if (!verb.sharp && value.kind === "string") return padWidth(verb, value.value);
      if (!verb.sharp && value.kind === "number") return padWidth(verb, formatGoFloat(value.value, "g", -1));
      return padWidth(verb, jsonEncode(value));
    case "t":
      // cty ignores width and flags for %t.
      return toBoolValue(value, what).value ? "true" : "false";
    case "b":
    case "d":
    case "o":
    case "x":
    case "X": {
      const n = toNum(value, what);
      if (!Number.isInteger(n)) fail(`unsupported value for ${JSON.stringify(verb.raw)} at ${verb.offset}: an integer is required`);
      return goFormatInteger(BigInt(n), verb.mode, verb);
    }
    case "e":
    case "E":
    case "f":
    case "g":
    case "G":
      return goFormatFloat(toNum(value, what), verb.mode, verb);
    case "s":
    case "q": {
      let text = toStr(value, what);
      // Precision limits the characters taken from the string (cty ignores a precision of zero).
      if (verb.prec !== undefined && verb.prec > 0) text = graphemes(text).slice(0, verb.prec).join("");
      return padWidth(verb, verb.mode === "q" ? jsonString(text) : text);
    }
    default:
      return fail(`unsupported format verb ${JSON.stringify(verb.mode)} in ${JSON.stringify(verb.raw)} at offset ${verb.offset}`);
  }
}

/** cty's padding for %v %s %q: width in grapheme clusters, "0" flag pads with zeros, "-" pads on the right. */
function padWidth(verb: Verb, text: string): string {
  if (verb.width === undefined) return text;
  const missing = verb.width - graphemes(text).length;
  if (missing <= 0) return text;
  const pad = (verb.zero ? "0" : " ").repeat(missing);
  return verb.minus ? text + pad : pad + text;
}

export const formatFunctions: Record<string, Builtin> = {
  format: def([1, Infinity], ["known", "any"], "deep", (args) => {
    const format = toStr(arg(args, 0), "format");
    const rest = args.slice(1);
    for (const a of rest) {
      const u = firstUnknown(a);
      if (u !== undefined) return derivedUnknown("format", u);
    }
    return str(formatString(format, rest));
  }),

  formatlist: def([1, Infinity], ["known", "any"], "deep", (args) => {
    const format = toStr(arg(args, 0), "format");
    const rest = args.slice(1);
    let length: number | undefined;
    let lengthFrom = 0;
    for (const [i, a] of rest.entries()) {
      if (a.kind === "unknown") return derivedUnknown("formatlist", a);
      if (a.kind !== "list") continue;
      if (a.set === true && a.items.some((item) => firstUnknown(item) !== undefined)) return unknown("formatlist(): the length of a set with unknown elements is unknown");
      if (length === undefined) {
        length = a.items.length;
        lengthFrom = i + 1;
      } else if (a.items.length !== length) {
        fail(`argument ${i + 1} has length ${a.items.length}, which is inconsistent with argument ${lengthFrom} of length ${length}`);
      }
    }
    const sequences = rest.map((a) => (a.kind === "list" ? toSequence(a, "argument") : undefined));
    const results: Value[] = [];
    for (let n = 0; n < (length ?? 1); n++) {
      const callArgs = rest.map((a, i) => sequences[i]?.[n] ?? a);
      const u = callArgs.map(firstUnknown).find((x) => x !== undefined);
      if (u !== undefined) {
        results.push(derivedUnknown("formatlist", u));
        continue;
      }
      try {
        results.push(str(formatString(format, callArgs)));
      } catch (e) {
        if (e instanceof FunctionError) fail(`error on format iteration ${n}: ${e.message}`);
        throw e;
      }
    }
    return list(results);
  }),
};
