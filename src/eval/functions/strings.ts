/** String functions. Lengths and offsets count grapheme clusters, as Terraform does. */

import type { Value } from "../value.js";
import { bool, list, NULL, object, str } from "../value.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import type { Match, Re2 } from "./regex.js";
import { compileRe2, findAll, findFirst, replaceAll } from "./regex.js";
import { derivedUnknown, fail, graphemes, toInt, toSequence, toStr } from "./support.js";

/**
 * Go's strings.ToUpper/ToLower map each code point on its own (simple case mapping): "ß" stays "ß"
 * where JavaScript would give "SS".
 */
function simpleUpper(ch: string): string {
  const up = ch.toUpperCase();
  return Array.from(up).length === 1 ? up : ch;
}

function simpleLower(ch: string): string {
  if (ch === "\u0130") return "i";
  const low = ch.toLowerCase();
  return Array.from(low).length === 1 ? low : ch;
}

/** Title case differs from upper case only for the four Latin digraphs (dž → ǅ, not Ǆ). */
const DIGRAPH_TITLE: Record<string, string> = {
  "\u01c4": "\u01c5",
  "\u01c5": "\u01c5",
  "\u01c6": "\u01c5",
  "\u01c7": "\u01c8",
  "\u01c8": "\u01c8",
  "\u01c9": "\u01c8",
  "\u01ca": "\u01cb",
  "\u01cb": "\u01cb",
  "\u01cc": "\u01cb",
  "\u01f1": "\u01f2",
  "\u01f2": "\u01f2",
  "\u01f3": "\u01f2",
};

/** Go's strings.Title word separators: ASCII non-alphanumerics (except _) and Unicode spaces. */
function isTitleSeparator(ch: string): boolean {
  if ((ch.codePointAt(0) as number) <= 0x7f) return !/^[0-9A-Za-z_]$/.test(ch);
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return /^\p{White_Space}$/u.test(ch);
}

function title(s: string): string {
  let out = "";
  let prev = " ";
  for (const ch of s) {
    out += isTitleSeparator(prev) ? (DIGRAPH_TITLE[ch] ?? simpleUpper(ch)) : ch;
    prev = ch;
  }
  return out;
}

/** Go's strings.Trim: removes leading and trailing code points found in the cutset. */
function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start] as string)) start++;
  while (end > start && cut.has(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join("");
}

/** cty's substr, ported step by step so its edge cases (negative offsets, zero lengths) agree. */
function substr(s: string, offset: number, length: number): string {
  const clusters = graphemes(s);
  if (offset < 0) offset += clusters.length;
  else if (length === 0) return "";
  let sub = clusters;
  if (offset > 0) {
    let i = 0;
    let pos = 0;
    while (i < sub.length) {
      i++;
      pos++;
      if (pos === offset) break;
      if (i >= clusters.length) return "";
    }
    sub = sub.slice(i);
  }
  if (length < 0) return sub.join("");
  let i = 0;
  let pos = 0;
  while (i < sub.length) {
    i++;
    pos++;
    if (pos === length) break;
  }
  return sub.slice(0, i).join("");
}

/** Go's strings.Split; an empty separator splits between code points. */
function split(sep: string, s: string): string[] {
  if (sep === "") return Array.from(s);
  return s.split(sep);
}

/** Go's strings.Replace with n = -1; an empty old string inserts between code points. */
function replaceLiteral(s: string, old: string, replacement: string): string {
  if (old === "") return s === "" ? replacement : replacement + Array.from(s).join(replacement) + replacement;
  return s.split(old).join(replacement);
}

/** The shape regex() gives a match: a string, a list of groups, or an object of named groups. */
function checkGroupShape(re: Re2): "string" | "list" | "object" {
  if (re.groups.length === 0) return "string";
  const named = re.groups.filter((g) => g !== undefined).length;
  if (named === 0) return "list";
  if (named === re.groups.length) return "object";
  return fail("invalid regexp pattern: cannot mix both named and unnamed capture groups");
}

function matchValue(re: Re2, shape: "string" | "list" | "object", m: Match): Value {
  const group = (i: number): Value => {
    const text = m.groups[i];
    return text === undefined ? NULL : str(text);
  };
  if (shape === "string") return str(m.groups[0] ?? "");
  if (shape === "list") return list(re.groups.map((_g, i) => group(i + 1)));
  return object(new Map(re.groups.map((name, i) => [name as string, group(i + 1)])));
}

const stringMap = (f: (s: string) => string): Builtin => def(1, "known", "deep", (args) => str(f(toStr(arg(args, 0), "str"))));

export const stringFunctions: Record<string, Builtin> = {
  upper: stringMap((s) => Array.from(s, simpleUpper).join("")),
  lower: stringMap((s) => Array.from(s, simpleLower).join("")),
  title: stringMap(title),
  // Go's TrimSpace trims Unicode White_Space, which includes U+0085 but not U+FEFF.
  trimspace: stringMap((s) => s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "")),
  chomp: stringMap((s) => s.replace(/(?:\r\n?|\n)*$/, "")),
  strrev: stringMap((s) => graphemes(s).reverse().join("")),

  trim: def(2, "known", "deep", (args) => str(trimCutset(toStr(arg(args, 0), "str"), toStr(arg(args, 1), "cutset")))),
  trimprefix: def(2, "known", "deep", (args) => {
    const s = toStr(arg(args, 0), "str");
    const prefix = toStr(arg(args, 1), "prefix");
    return str(s.startsWith(prefix) ? s.slice(prefix.length) : s);
  }),
  trimsuffix: def(2, "known", "deep", (args) => {
    const s = toStr(arg(args, 0), "str");
    const suffix = toStr(arg(args, 1), "suffix");
    return str(suffix !== "" && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s);
  }),

  indent: def(2, "known", "deep", (args) => {
    const spaces = toInt(arg(args, 0), "spaces");
    if (spaces < 0) fail("spaces must not be negative");
    return str(toStr(arg(args, 1), "str").replaceAll("\n", `\n${" ".repeat(spaces)}`));
  }),

  substr: def(3, "known", "deep", (args) =>
    str(substr(toStr(arg(args, 0), "str"), toInt(arg(args, 1), "offset"), toInt(arg(args, 2), "length"))),
  ),

  // An empty prefix is known to match even an unknown string.
  startswith: def(2, ["any", "known"], "deep", (args) => {
    const s = arg(args, 0);
    const prefix = toStr(arg(args, 1), "prefix");
    if (s.kind === "unknown") return prefix === "" ? bool(true) : derivedUnknown("startswith", s);
    return bool(toStr(s, "str").startsWith(prefix));
  }),
  endswith: def(2, "known", "deep", (args) => bool(toStr(arg(args, 0), "str").endsWith(toStr(arg(args, 1), "suffix")))),
  strcontains: def(2, "known", "deep", (args) => bool(toStr(arg(args, 0), "str").includes(toStr(arg(args, 1), "substr")))),

  split: def(2, "known", "deep", (args) => list(split(toStr(arg(args, 0), "separator"), toStr(arg(args, 1), "str")).map(str))),

  join: def([1, Infinity], "known", "deep", (args) => {
    const sep = toStr(arg(args, 0), "separator");
    const lists = args.slice(1);
    if (lists.length === 0) fail("at least one list is required");
    const parts: string[] = [];
    for (const [li, l] of lists.entries()) {
      for (const [ei, item] of toSequence(l, "lists").entries()) {
        if (item.kind === "null") fail(lists.length > 1 ? `element ${ei} of list ${li + 1} is null; cannot concatenate null values` : `element ${ei} is null; cannot concatenate null values`);
        parts.push(toStr(item, `element ${ei}`));
      }
    }
    return str(parts.join(sep));
  }),

  replace: def(3, "known", "deep", (args) => {
    const s = toStr(arg(args, 0), "str");
    const substring = toStr(arg(args, 1), "substr");
    const replacement = toStr(arg(args, 2), "replace");
    // A substring written between slashes is a regular expression.
    if (substring.length > 1 && substring.startsWith("/") && substring.endsWith("/")) {
      return str(replaceAll(compileRe2(substring.slice(1, -1)), s, replacement));
    }
    return str(replaceLiteral(s, substring, replacement));
  }),

  regex: def(2, "known", "deep", (args) => {
    const re = compileRe2(toStr(arg(args, 0), "pattern"));
    const shape = checkGroupShape(re);
    const m = findFirst(re, toStr(arg(args, 1), "string"));
    if (m === undefined) fail("pattern did not match any part of the given string");
    return matchValue(re, shape, m);
  }),

  regexall: def(2, "known", "deep", (args) => {
    const re = compileRe2(toStr(arg(args, 0), "pattern"));
    const shape = checkGroupShape(re);
    return list(findAll(re, toStr(arg(args, 1), "string")).map((m) => matchValue(re, shape, m)));
  }),
};
