import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";
import { MAX_FILE_BYTES, type FileSource, type ReadResult, type SkippedDirectory, type SourceEntry } from "../workspace/source.js";
import { SKIPPED_DIRECTORIES, readDirectoryOnce } from "./files.js";

interface IgnoreFile {
  /** Directory the .gitignore lives in, relative to the root ("" for the root). */
  dir: string;
  path: string;
  matcher: Ignore;
  lines: string[];
}

/**
 * The files of a directory on disk.
 *
 * Inside a git work tree, the files are those git tracks plus untracked files that .gitignore does
 * not exclude. Without git metadata (an exported tree, a CI artifact), every present file counts, and
 * .gitignore matches are recorded so rules can say "ignored, yet present".
 * Tool caches (.terraform, node_modules, .git) are never read. Symbolic links are followed, once:
 * a link back to a directory already visited is skipped.
 */
export class NodeFileSource implements FileSource {
  private entries: SourceEntry[] | null = null;
  private skipped: SkippedDirectory[] = [];

  constructor(readonly root: string) {}

  list(): readonly SourceEntry[] {
    this.entries ??= this.scan();
    return this.entries;
  }

  skippedDirectories(): readonly SkippedDirectory[] {
    this.list();
    return this.skipped;
  }

  read(path: string): ReadResult {
    const absolute = join(this.root, path);
    let bytes: Buffer;
    try {
      const size = statSync(absolute).size;
      if (size > MAX_FILE_BYTES) return { ok: false, reason: `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
      bytes = readFileSync(absolute);
    } catch (error) {
      return { ok: false, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
    }
    if (bytes.indexOf(0) >= 0) return { ok: false, reason: "is a binary file (it contains NUL bytes)" };
    try {
      return { ok: true, text: utf8.decode(bytes) };
    } catch {
      return { ok: false, reason: "is not valid UTF-8 text" };
    }
  }

  private scan(): SourceEntry[] {
    const tracked = gitTrackedFiles(this.root);
    const ignores: IgnoreFile[] = [];
    const out: SourceEntry[] = [];
    const visited = new Set<string>();
    const walk = (absoluteDir: string, dir: string): void => {
      const names = readDirectoryOnce(absoluteDir, visited);
      if (names === null) return;
      if (names.includes(".gitignore")) {
        const path = dir === "" ? ".gitignore" : `${dir}/.gitignore`;
        try {
          const text = readFileSync(join(absoluteDir, ".gitignore"), "utf8");
          ignores.push({ dir, path, matcher: ignore().add(text), lines: text.split(/\r?\n/) });
        } catch {
          // An unreadable .gitignore ignores nothing.
        }
      }
      // Real entries first, links after: a directory reached both ways is listed under its real path.
      const entries: { name: string; link: boolean }[] = [];
      for (const name of names) {
        let link = false;
        try {
          link = lstatSync(join(absoluteDir, name)).isSymbolicLink();
        } catch {
          continue;
        }
        entries.push({ name, link });
      }
      entries.sort((a, b) => Number(a.link) - Number(b.link));
      for (const { name, link } of entries) {
        const absolute = join(absoluteDir, name);
        const path = dir === "" ? name : `${dir}/${name}`;
        let stat;
        try {
          stat = link ? statSync(absolute) : lstatSync(absolute);
        } catch {
          continue;
        }
        if (stat.isDirectory()) {
          if (SKIPPED_DIRECTORIES.has(name)) {
            if (name !== ".git") this.skipped.push({ path, tracked: tracked === null ? null : tracked.dirs.has(path) });
            continue;
          }
          if (tracked !== null && !tracked.dirs.has(path) && ignoredBy(ignores, `${path}/`) !== undefined) continue;
          walk(absolute, path);
          continue;
        }
        if (!stat.isFile()) continue;
        const isTracked = tracked === null ? null : tracked.files.has(path);
        const matched = ignoredBy(ignores, path);
        if (isTracked === false && matched !== undefined) continue;
        const entry: SourceEntry = { path, size: stat.size, tracked: isTracked };
        if (matched !== undefined) entry.ignoredBy = matched;
        out.push(entry);
      }
    };
    walk(this.root, "");
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
    return out;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The .gitignore line (`path:line`) that ignores `path`, if any; later and deeper files win, as in git. */
function ignoredBy(ignores: IgnoreFile[], path: string): string | undefined {
  let result: string | undefined;
  for (const file of ignores) {
    if (file.dir !== "" && !path.startsWith(`${file.dir}/`)) continue;
    const relative = file.dir === "" ? path : path.slice(file.dir.length + 1);
    const test = file.matcher.test(relative);
    if (test.ignored) result = `${file.path}:${lineOf(file, test.rule?.pattern)}`;
    else if (test.unignored) result = undefined;
  }
  return result;
}

function lineOf(file: IgnoreFile, pattern: string | undefined): number {
  if (pattern === undefined) return 1;
  const index = file.lines.findIndex((line) => line.trim() === pattern);
  return index >= 0 ? index + 1 : 1;
}

/** Files git tracks below `root`, or null when `root` is not inside a git work tree. */
function gitTrackedFiles(root: string): { files: Set<string>; dirs: Set<string> } | null {
  if (!existsSync(join(root, ".git")) && !insideWorkTree(root)) return null;
  // Paths come out relative to `cwd`, which is what we want even when the work tree's top is above root.
  const listing = spawnSync("git", ["ls-files", "-z", "--cached"], { cwd: root, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 });
  if (listing.status !== 0 || listing.stdout === null) return null;
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const path of listing.stdout.toString("utf8").split("\u0000")) {
    if (path === "") continue;
    files.add(path);
    for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) dirs.add(path.slice(0, i));
  }
  return { files, dirs };
}

function insideWorkTree(root: string): boolean {
  const result = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root, encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() === "true";
}
