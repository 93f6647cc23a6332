/**
 * Where a workspace's files come from. The engine never touches the disk: it reads through a
 * FileSource, which is the disk (NodeFileSource, in src/host) or a map in memory (MemorySource, for
 * tests and for library users who already hold the files).
 */

export interface SourceEntry {
  /** POSIX path relative to the root. */
  path: string;
  size: number;
  /**
   * Whether git tracks the file: true or false inside a git work tree, null when the root has no git
   * metadata (an exported tree, where every present file is taken to be part of the repository).
   */
  tracked: boolean | null;
  /** The .gitignore line that matches the file, if any (`path:line`). */
  ignoredBy?: string;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** A tool directory the source did not descend into (`.terraform/`, `node_modules/`). */
export interface SkippedDirectory {
  path: string;
  /** Whether git tracks files inside it; null without git metadata. */
  tracked: boolean | null;
}

export interface FileSource {
  /** Every file worth reading, sorted by path. */
  list(): readonly SourceEntry[];
  read(path: string): ReadResult;
  /** Tool directories that were present but not read, so rules can tell whether caches were committed. */
  skippedDirectories(): readonly SkippedDirectory[];
}

/** Files larger than this are reported and skipped. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A FileSource over a map of path → content. Paths are POSIX and relative. */
export class MemorySource implements FileSource {
  private readonly entries: SourceEntry[];
  private readonly allEntries: SourceEntry[];

  constructor(
    private readonly files: Readonly<Record<string, string>>,
    options: { tracked?: boolean | null } = {},
  ) {
    const tracked = options.tracked === undefined ? null : options.tracked;
    this.allEntries = Object.keys(files)
      .sort()
      .map((path) => ({ path, size: Buffer.byteLength(files[path] as string), tracked }));
    // Like the disk source, never read inside tool caches.
    this.entries = this.allEntries.filter((e) => !/(^|\/)(\.terraform|node_modules|\.terragrunt-cache|\.git)\//.test(e.path));
  }

  list(): readonly SourceEntry[] {
    return this.entries;
  }

  skippedDirectories(): readonly SkippedDirectory[] {
    const dirs = new Map<string, SkippedDirectory>();
    for (const entry of this.allEntries) {
      const match = /^(.*?(?:^|\/)(?:\.terraform|node_modules|\.terragrunt-cache))\//.exec(entry.path);
      if (match !== null && !dirs.has(match[1] as string)) dirs.set(match[1] as string, { path: match[1] as string, tracked: entry.tracked });
    }
    return [...dirs.values()];
  }

  read(path: string): ReadResult {
    const text = this.files[path];
    if (text === undefined) return { ok: false, reason: "does not exist" };
    if (text.includes("\u0000")) return { ok: false, reason: "is a binary file (it contains NUL bytes)" };
    return { ok: true, text };
  }
}
