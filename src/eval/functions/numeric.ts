/** Numeric functions. */

import { num } from "../value.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import { fail, quote, toInt, toNum, toStr, typeName } from "./support.js";

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Go's big.Int SetString for a base from 2 to 62: optional sign, no prefix, no underscores. */
function parseInteger(text: string, base: number): number | undefined {
  const m = /^([+-]?)(.+)$/s.exec(text);
  if (m === null) return undefined;
  let value = 0n;
  for (const ch of m[2] as string) {
    // Up to base 36 letters are case-insensitive; above it lowercase come before uppercase.
    const digit = base <= 36 ? DIGITS.indexOf(ch.toLowerCase()) : DIGITS.indexOf(ch);
    if (digit < 0 || digit >= base) return undefined;
    value = value * BigInt(base) + BigInt(digit);
  }
  return Number(m[1] === "-" ? -value : value);
}

const unary = (f: (n: number) => number): Builtin => def(1, "known", "deep", (args) => num(f(toNum(arg(args, 0), "num"))));

export const numericFunctions: Record<string, Builtin> = {
  abs: unary(Math.abs),
  ceil: unary(Math.ceil),
  floor: unary(Math.floor),

  signum: def(1, "known", "deep", (args) => num(Math.sign(toInt(arg(args, 0), "num")) || 0)),

  // Terraform computes log and pow on float64, as cairn does, so their results agree digit for digit.
  log: def(2, "known", "deep", (args) => {
    const result = Math.log(toNum(arg(args, 0), "num")) / Math.log(toNum(arg(args, 1), "base"));
    if (Number.isNaN(result)) fail("result is not a number");
    return num(result);
  }),

  pow: def(2, "known", "deep", (args) => {
    const result = Math.pow(toNum(arg(args, 0), "num"), toNum(arg(args, 1), "power"));
    if (Number.isNaN(result)) fail("result is not a number");
    return num(result);
  }),

  min: def([0, Infinity], "known", "deep", (args) => {
    if (args.length === 0) fail("must pass at least one number");
    return num(Math.min(...args.map((a, i) => toNum(a, `argument ${i + 1}`))));
  }),

  max: def([0, Infinity], "known", "deep", (args) => {
    if (args.length === 0) fail("must pass at least one number");
    return num(Math.max(...args.map((a, i) => toNum(a, `argument ${i + 1}`))));
  }),

  parseint: def(2, "known", "deep", (args) => {
    const text = arg(args, 0);
    if (text.kind !== "string") fail(`first argument must be a string, not ${typeName(text)}`);
    const base = toInt(arg(args, 1), "base");
    if (base < 2 || base > 62) fail("base must be a whole number between 2 and 62 inclusive");
    const n = parseInteger(toStr(text, "number"), base);
    if (n === undefined) fail(`cannot parse ${quote(text.value)} as a base ${base} integer`);
    return num(n);
  }),
};
