/**
 * Filesystem and path functions. Files are read through the evaluator's context, which only reads
 * inside the audited repository; paths outside it (absolute, or under ~) depend on the machine that
 * runs Terraform, so their results are unknown.
 */

import type { FunctionContext } from "../functions.js";
import type { Value } from "../value.js";
import { bool, str, unknown } from "../value.js";
import type { Builtin } from "./registry.js";
import { arg, def } from "./registry.js";
import { fail, notEvaluated, quote, toObject, toStr } from "./support.js";

const MACHINE_DEPENDENT = "depends on the machine running terraform";

/** Go's path.Clean for slash-separated paths. */
function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else {
      out.push(part);
    }
  }
  const joined = (rooted ? "/" : "") + out.join("/");
  return joined === "" ? "." : joined;
}

/** Go's filepath.Dir. */
function dirname(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf("/") + 1));
}

/** Go's filepath.Base. */
function basename(p: string): string {
  if (p === "") return ".";
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** True when the path leaves the configuration: absolute, or under a home directory. */
function outsideConfiguration(p: string): boolean {
  return p.startsWith("/") || p.startsWith("~");
}

const MISSING_FILE =
  "this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource";

function readFile(ctx: FunctionContext, fn: string, path: string): string | Value {
  if (outsideConfiguration(path)) return unknown(`${fn}(): reads ${quote(path)}, which ${MACHINE_DEPENDENT}`);
  const text = ctx.readFile(path);
  if (text === null) fail(`no file exists at ${quote(path)}; ${MISSING_FILE}`);
  return text;
}

// Template variables must be valid HCL identifiers.
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

const bytesNotEvaluated = (name: string): Builtin => ({
  ...def(1, "known", "deep", () => notEvaluated(`${name}() reads a file's bytes, which cairn does not evaluate`)),
  evaluated: false,
});

export const filesystemFunctions: Record<string, Builtin> = {
  file: def(1, "known", "deep", (args, ctx) => {
    const text = readFile(ctx, "file", toStr(arg(args, 0), "path"));
    return typeof text === "string" ? str(text) : text;
  }),

  fileexists: def(1, "known", "deep", (args, ctx) => {
    const path = toStr(arg(args, 0), "path");
    if (path.startsWith("~") && path.length > 1 && path[1] !== "/") fail("failed to expand ~: cannot expand user-specific home dir");
    if (outsideConfiguration(path)) return unknown(`fileexists(): ${quote(path)} ${MACHINE_DEPENDENT}`);
    return bool(ctx.readFile(path) !== null);
  }),

  // The evaluator renders the template: it alone can evaluate template expressions.
  templatefile: def(2, ["known", "top"], "deep", (args, ctx) => {
    const path = toStr(arg(args, 0), "path");
    const vars = arg(args, 1);
    if (vars.kind !== "object") fail("invalid vars value: must be a map");
    const entries = toObject(vars, "vars").entries;
    for (const name of entries.keys()) {
      if (!IDENTIFIER.test(name)) {
        fail(`invalid template variable name ${quote(name)}: must start with a letter, followed by zero or more letters, digits, and underscores`);
      }
    }
    const text = readFile(ctx, "templatefile", path);
    return typeof text === "string" ? ctx.renderTemplate(text, entries, path) : text;
  }),

  fileset: { ...def(2, "known", "deep", () => notEvaluated("fileset() lists directories, which cairn does not evaluate")), evaluated: false },
  filebase64: bytesNotEvaluated("filebase64"),
  filemd5: bytesNotEvaluated("filemd5"),
  filesha1: bytesNotEvaluated("filesha1"),
  filesha256: bytesNotEvaluated("filesha256"),
  filesha512: bytesNotEvaluated("filesha512"),
  filebase64sha256: bytesNotEvaluated("filebase64sha256"),
  filebase64sha512: bytesNotEvaluated("filebase64sha512"),

  basename: def(1, "known", "deep", (args) => str(basename(toStr(arg(args, 0), "path")))),
  dirname: def(1, "known", "deep", (args) => str(dirname(toStr(arg(args, 0), "path")))),

  // A relative path becomes absolute against the directory terraform runs in.
  abspath: def(1, "known", "deep", (args) => {
    const path = toStr(arg(args, 0), "path");
    return path.startsWith("/") ? str(cleanPath(path)) : unknown(`abspath(): ${MACHINE_DEPENDENT}`);
  }),

  pathexpand: def(1, "known", "deep", (args) => {
    const path = toStr(arg(args, 0), "path");
    if (!path.startsWith("~")) return str(path);
    if (path.length > 1 && path[1] !== "/" && path[1] !== "\\") fail("cannot expand user-specific home dir");
    return unknown(`pathexpand(): ${MACHINE_DEPENDENT}`);
  }),
};
