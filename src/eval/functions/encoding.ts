/** Encoding and hashing functions: JSON, YAML, base64, URL encoding, digests, UUIDs. */

import { createHash } from "node:crypto";
import type { Value } from "../value.js";
import { fromJson, str, unknown } from "../value.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import { compareStrings, fail, notEvaluated, numberToString, quote, setOrder, toInt, toStr } from "./support.js";

/**
 * A string as Go's encoding/json writes it, which is what Terraform's jsonencode produces:
 * `<`, `>`, `&`, U+2028 and U+2029 are escaped as \u003c etc.
 */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Terraform's JSON serialization of a wholly known value: compact, object keys sorted. */
export function jsonEncode(v: Value): string {
  switch (v.kind) {
    case "string":
      return jsonString(v.value);
    case "number":
      if (!Number.isFinite(v.value)) fail("cannot serialize infinity as JSON");
      return numberToString(v.value);
    case "bool":
      return v.value ? "true" : "false";
    case "null":
      return "null";
    case "list":
      return `[${(v.set === true ? setOrder(v.items) : v.items).map(jsonEncode).join(",")}]`;
    case "object": {
      const keys = [...v.entries.keys()].sort(compareStrings);
      return `{${keys.map((k) => `${jsonString(k)}:${jsonEncode(v.entries.get(k) as Value)}`).join(",")}}`;
    }
    case "unknown":
      throw new Error("jsonEncode needs a wholly known value");
  }
}

function digest(algorithm: string, text: string, encoding: "hex" | "base64"): string {
  return createHash(algorithm).update(text, "utf8").digest(encoding);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Decode(text: string): string {
  // Go's standard decoding ignores newlines but is otherwise strict about the alphabet and padding.
  const compact = text.replace(/[\r\n]/g, "");
  if (!BASE64.test(compact) || compact.length % 4 !== 0) fail(`failed to decode base64 data ${quote(text)}`);
  const bytes = Buffer.from(compact, "base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("the result of decoding the provided string is not valid UTF-8");
  }
}

/** Go's url.QueryEscape: unreserved characters stay, spaces become "+", the rest is %XX per UTF-8 byte. */
function queryEscape(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (/^[A-Za-z0-9\-_.~]$/.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const UUID_NAMESPACES: Record<string, string> = {
  dns: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
  url: "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
  oid: "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
  x500: "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
};

/** The 16 bytes of a UUID in any form Go's uuid.Parse accepts. */
function parseUuid(text: string): Buffer | undefined {
  let s = text;
  if (/^urn:uuid:/i.test(s)) s = s.slice(9);
  else if (s.startsWith("{") && s.endsWith("}")) s = s.slice(1, -1);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) s = s.replace(/-/g, "");
  return /^[0-9a-f]{32}$/i.test(s) ? Buffer.from(s, "hex") : undefined;
}

function uuidV5(namespace: string, name: string): string {
  const ns = parseUuid(UUID_NAMESPACES[namespace] ?? namespace);
  if (ns === undefined) fail(`uuidv5() doesn't support namespace ${quote(namespace)}`);
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const hashFunction = (algorithm: string, encoding: "hex" | "base64"): Builtin =>
  def(1, "known", "deep", (args) => str(digest(algorithm, toStr(arg(args, 0), "str"), encoding)));

export const encodingFunctions: Record<string, Builtin> = {
  jsonencode: def(1, "known", "deep", (args) => str(jsonEncode(arg(args, 0)))),

  jsondecode: def(1, "known", "deep", (args) => {
    const text = toStr(arg(args, 0), "str");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return fail(`invalid JSON: ${(e as Error).message}`);
    }
    return fromJson(parsed);
  }),

  yamldecode: { ...def(1, "known", "deep", () => notEvaluated("yamldecode() is not supported: cairn has no YAML parser")), evaluated: false },
  yamlencode: { ...def(1, "known", "deep", () => notEvaluated("yamlencode() is not supported: cairn has no YAML encoder")), evaluated: false },

  base64encode: def(1, "known", "deep", (args) => str(Buffer.from(toStr(arg(args, 0), "str"), "utf8").toString("base64"))),
  base64decode: def(1, "known", "deep", (args) => str(base64Decode(toStr(arg(args, 0), "str")))),
  urlencode: def(1, "known", "deep", (args) => str(queryEscape(toStr(arg(args, 0), "str")))),

  md5: hashFunction("md5", "hex"),
  sha1: hashFunction("sha1", "hex"),
  sha256: hashFunction("sha256", "hex"),
  sha512: hashFunction("sha512", "hex"),
  base64sha256: hashFunction("sha256", "base64"),
  base64sha512: hashFunction("sha512", "base64"),

  uuidv5: def(2, "known", "deep", (args) => str(uuidV5(toStr(arg(args, 0), "namespace"), toStr(arg(args, 1), "name")))),

  // Functions whose result differs on every run.
  uuid: def(0, "known", "deep", () => unknown("changes on every run")),
  timestamp: def(0, "known", "deep", () => unknown("changes on every run")),
  bcrypt: def([1, 2], "known", "deep", (args) => {
    toStr(arg(args, 0), "str");
    if (args.length > 1) {
      const cost = toInt(arg(args, 1), "cost");
      if (cost < 4 || cost > 31) fail(`cost ${cost} is outside the allowed range (4,31)`);
    }
    return unknown("changes on every run");
  }),
  plantimestamp: def(0, "known", "deep", () => unknown("the time terraform plans")),
};
