import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Directories never worth reading: tool caches and dependencies. */
export const SKIPPED_DIRECTORIES = new Set([".git", ".terraform", "node_modules", ".terragrunt-cache", ".cairn-cache"]);

export interface FoundFile {
  /** POSIX path relative to the root. */
  path: string;
  absolute: string;
  size: number;
}

/**
 * The sorted names in a directory, or null when it cannot be read or its real path is already in
 * `visited` (a symbolic link back to a directory seen before: a loop or a second way in).
 */
export function readDirectoryOnce(dir: string, visited: Set<string>): string[] | null {
  try {
    const real = realpathSync(dir);
    if (visited.has(real)) return null;
    visited.add(real);
    return readdirSync(dir).sort();
  } catch {
    return null;
  }
}

/**
 * Lists the files below `root`, sorted, skipping tool caches. Symbolic links are followed once:
 * a link to a directory already visited (a loop) is skipped.
 */
export function listFiles(root: string, accept: (path: string) => boolean = () => true): FoundFile[] {
  const out: FoundFile[] = [];
  const visited = new Set<string>();
  const walk = (dir: string): void => {
    const names = readDirectoryOnce(dir, visited);
    if (names === null) return;
    for (const name of names) {
      const absolute = join(dir, name);
      let stat;
      try {
        stat = lstatSync(absolute);
        if (stat.isSymbolicLink()) stat = statSync(absolute);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(absolute);
      } else if (stat.isFile()) {
        const path = relative(root, absolute).split(sep).join("/");
        if (accept(path)) out.push({ path, absolute, size: stat.size });
      }
    }
  };
  const stat = statSync(root);
  if (stat.isFile()) {
    out.push({ path: root.split(sep).pop() ?? root, absolute: root, size: stat.size });
    return out;
  }
  walk(root);
  return out;
}

export type TextResult = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads a file as UTF-8 text; says why when it is not text. */
export function readText(absolute: string): TextResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    return { ok: false, reason: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if (bytes.indexOf(0) >= 0) return { ok: false, reason: "is a binary file (it contains NUL bytes)" };
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: "is not valid UTF-8 text; save it as UTF-8" };
  }
}
