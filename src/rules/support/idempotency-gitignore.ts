import ignore, { type Ignore } from "ignore";
import type { RepositoryContext, ModuleContext } from "../../engine/rule.js";
import type { Repository } from "../../model/model.js";

interface IgnoreFile {
  dir: string;
  path: string;
  matcher: Ignore;
  lines: string[];
}

const cache = new WeakMap<Repository, IgnoreFile[]>();

function ignoreFiles(ctx: RepositoryContext | ModuleContext): IgnoreFile[] {
  const cached = cache.get(ctx.repo);
  if (cached !== undefined) return cached;
  const out: IgnoreFile[] = [];
  for (const file of ctx.repo.other) {
    if (file.kind !== "gitignore") continue;
    const text = ctx.text(file);
    if (text === null) continue;
    out.push({ dir: file.dir === "." ? "" : file.dir, path: file.path, matcher: ignore().add(text), lines: text.split(/\r?\n/) });
  }
  // Deeper files are applied after shallower ones, as git does.
  out.sort((a, b) => a.dir.split("/").length - b.dir.split("/").length || (a.dir < b.dir ? -1 : 1));
  cache.set(ctx.repo, out);
  return out;
}

/**
 * The .gitignore line (`path:line`) that would ignore `path` (POSIX, relative to the root), whether or
 * not the file exists; undefined when no .gitignore of the repository ignores it.
 */
export function gitignoreLineFor(ctx: RepositoryContext | ModuleContext, path: string): string | undefined {
  let result: string | undefined;
  for (const file of ignoreFiles(ctx)) {
    if (file.dir !== "" && !path.startsWith(`${file.dir}/`)) continue;
    const relative = file.dir === "" ? path : path.slice(file.dir.length + 1);
    const test = file.matcher.test(relative);
    if (test.ignored) {
      const pattern = test.rule?.pattern;
      const index = pattern === undefined ? -1 : file.lines.findIndex((line) => line.trim() === pattern);
      result = `${file.path}:${index >= 0 ? index + 1 : 1}`;
    } else if (test.unignored) result = undefined;
  }
  return result;
}
