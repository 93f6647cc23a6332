/**
 * A light reading of shell and Python scripts for the operations rules: logical lines without
 * comments and heredoc bodies, the shell a script runs in, its strict-mode settings, and loops.
 * It is not a shell parser; it reads what scripts in infrastructure repositories commonly contain.
 */
import type { Location, RepositoryContext } from "../../engine/rule.js";
import { AttrView } from "../../engine/views.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { roleOf } from "../../model/build.js";
import { USER_DATA_ARGUMENTS, scriptOf, type ScriptText } from "./scripts.js";

export interface ShellLine {
  /** The command text, comments removed, continuation lines joined. */
  text: string;
  /** 1-based line number of the first physical line. */
  line: number;
  /** Offset of the first physical line in the script text. */
  offset: number;
}

/** Removes a trailing `# comment` that is not inside quotes, `$#`, `${#…}` or a word (`a#b`). */
export function stripComment(line: string): string {
  let single = false;
  let double = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\" && !single) {
      i++;
      continue;
    }
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
    else if (c === "#" && !single && !double) {
      const prev = i === 0 ? " " : (line[i - 1] as string);
      if (/\s|;|\(|\)|&|\|/.test(prev)) return line.slice(0, i);
    }
  }
  return line;
}

/**
 * The logical lines of a shell script: comments removed, `\`-continued lines joined, heredoc bodies
 * left out (they are data, not commands).
 */
export function shellLines(text: string): ShellLine[] {
  const physical = text.split("\n");
  const out: ShellLine[] = [];
  let offset = 0;
  let heredoc: { marker: string; strip: boolean } | null = null;
  let pending: ShellLine | null = null;
  for (let i = 0; i < physical.length; i++) {
    const raw = (physical[i] as string).replace(/\r$/, "");
    const start = offset;
    offset += (physical[i] as string).length + 1;
    if (heredoc !== null) {
      const candidate = heredoc.strip ? raw.replace(/^\t+/, "") : raw;
      if (candidate.trim() === heredoc.marker) heredoc = null;
      continue;
    }
    if (i === 0 && raw.startsWith("#!")) continue;
    const code = stripComment(raw);
    if (pending !== null) {
      pending.text += ` ${code.trim()}`;
    } else {
      pending = { text: code.trim(), line: i + 1, offset: start };
    }
    if (/\\$/.test(code) && !/\\\\$/.test(code)) {
      pending.text = pending.text.replace(/\\$/, "");
      continue;
    }
    const done: ShellLine = pending;
    pending = null;
    const marker = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(done.text);
    if (marker !== null) heredoc = { marker: marker[3] as string, strip: marker[1] === "-" };
    if (done.text !== "") out.push(done);
  }
  if (pending !== null && pending.text !== "") out.push(pending);
  return out;
}

export type ShellKind = "bash" | "sh" | "zsh" | "ksh";

/** The shell from the shebang (`#!/bin/bash`, `#!/usr/bin/env bash`), or null when there is none. */
export function shellOf(text: string): { shell: ShellKind; flags: string } | null {
  const first = /^#!\s*(\S+)(?:\s+(\S+))?(?:\s+(.*))?/.exec(text);
  if (first === null) return null;
  let program = first[1] as string;
  let rest = [first[2], first[3]].filter((x) => x !== undefined).join(" ");
  if (program.endsWith("/env")) {
    const parts = rest.split(/\s+/).filter((p) => p !== "" && p !== "-S");
    program = parts[0] ?? "";
    rest = parts.slice(1).join(" ");
  }
  const name = program.slice(program.lastIndexOf("/") + 1);
  if (name === "bash") return { shell: "bash", flags: rest };
  if (name === "sh" || name === "dash" || name === "ash" || name === "busybox") return { shell: "sh", flags: rest };
  if (name === "zsh") return { shell: "zsh", flags: rest };
  if (name === "ksh" || name === "mksh") return { shell: "ksh", flags: rest };
  return null;
}

export interface StrictMode {
  errexit: boolean;
  nounset: boolean;
  pipefail: boolean;
}

/** The `set` options a script turns on (anywhere at the top level), and the shebang's flags. */
export function strictMode(text: string, lines: ShellLine[]): StrictMode {
  const mode: StrictMode = { errexit: false, nounset: false, pipefail: false };
  const flags = shellOf(text)?.flags ?? "";
  const apply = (letters: string): void => {
    if (letters.includes("e")) mode.errexit = true;
    if (letters.includes("u")) mode.nounset = true;
  };
  for (const flag of flags.split(/\s+/)) if (/^-[a-zA-Z]+$/.test(flag)) apply(flag.slice(1));
  if (/-o\s+pipefail/.test(flags)) mode.pipefail = true;
  for (const { text: line } of lines) {
    for (const segment of line.split(/;|&&/)) {
      const m = /^\s*(?:builtin\s+)?set\s+(.*)$/.exec(segment);
      if (m === null) continue;
      const args = (m[1] as string).split(/\s+/);
      for (let i = 0; i < args.length; i++) {
        const arg = args[i] as string;
        if (/^-[a-zA-Z]+$/.test(arg)) {
          apply(arg.slice(1));
          if (arg.includes("o") && args[i + 1] !== undefined) {
            const option = args[i + 1] as string;
            if (option === "pipefail") mode.pipefail = true;
            if (option === "errexit") mode.errexit = true;
            if (option === "nounset") mode.nounset = true;
            i++;
          }
        }
      }
    }
  }
  return mode;
}

/** Whether a command line has a pipe (`a | b`, not `a || b`) outside quotes. */
export function hasPipe(line: string): boolean {
  // Pipes inside process substitution (`exec > >(tee log | logger)`) do not decide any exit status.
  const unquoted = line.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, "''").replace(/[<>]\([^()]*\)/g, "x");
  return /(^|[^|])\|([^|]|$)/.test(unquoted.replace(/\|&/g, "|"));
}

const DECLARATION = /^(export\s+|readonly\s+|declare\s+(-\w+\s+)?|local\s+)?[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?=|^(alias|source|\.|shopt|umask|set)\s|^(export|readonly)\s+[A-Za-z_]/;
const FUNCTION_START = /^(function\s+[A-Za-z_][\w:-]*(\s*\(\))?|[A-Za-z_][\w:-]*\s*\(\))\s*\{?\s*$/;

/**
 * Whether the script is meant to be sourced (a library of functions or variables), not executed:
 * outside its functions there are only assignments, exports and `source` lines. Strict mode in such a
 * file would change the shell of whoever sources it.
 */
export function isSourcedLibrary(path: string, text: string, lines: ShellLine[]): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (shellOf(text) === null && /(^|[-_.])(env|vars|variables|config|common|lib|library|functions|helpers|utils|aliases|profile|rc|settings|defaults)([-_.]|$)/.test(base)) return true;
  let depth = 0;
  let functions = 0;
  for (const { text: line } of lines) {
    if (depth === 0) {
      if (FUNCTION_START.test(line)) {
        functions++;
        if (line.endsWith("{")) depth++;
        continue;
      }
      if (line === "{") {
        depth++;
        continue;
      }
      if (!DECLARATION.test(line)) return false;
      continue;
    }
    depth += (line.match(/(^|\s)\{(\s|$)|\{\s*$/g) ?? []).length;
    depth -= (line.match(/(^|;\s*|\s)\}(\s|;|$)|^\}/g) ?? []).length;
    if (depth < 0) depth = 0;
  }
  return functions > 0 || lines.every((l) => DECLARATION.test(l.text));
}

/** The name of the shell function each line is in (null at the top level), by brace depth. */
export function enclosingFunctions(lines: ShellLine[]): (string | null)[] {
  const out: (string | null)[] = [];
  let depth = 0;
  let current: string | null = null;
  for (const { text: line } of lines) {
    if (depth === 0 && FUNCTION_START.test(line)) {
      current = /^(?:function\s+)?([A-Za-z_][\w:-]*)/.exec(line)?.[1] ?? null;
      out.push(current);
      if (line.endsWith("{")) depth++;
      continue;
    }
    out.push(depth > 0 || (line === "{" && current !== null) ? current : null);
    depth += (line.match(/(^|\s)\{(\s|$)|\{\s*$/g) ?? []).length;
    depth -= (line.match(/(^|;\s*|\s)\}(\s|;|$)|^\}/g) ?? []).length;
    if (depth <= 0) {
      depth = 0;
      if (!line.endsWith("{")) current = null;
    }
  }
  return out;
}

/** Commands of a line, split on `;`, `&&`, `||` and `|` outside quotes (roughly). */
export function commandsOf(line: string): string[] {
  return line
    .replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (m) => m.replace(/[;&|]/g, " "))
    .split(/;|&&|\|\||\|/)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

/** The program a command runs, past environment assignments, `sudo`, `exec`, `time`, `nohup`, `env`. */
export function programOf(command: string): { program: string; args: string[] } {
  const words = command.replace(/^[({!\s]+/, "").split(/\s+/).filter((w) => w !== "");
  let i = 0;
  while (i < words.length) {
    const w = words[i] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || ["sudo", "exec", "time", "nohup", "env", "command", "builtin", "then", "do", "else", "-E"].includes(w)) i++;
    else if (w.startsWith("-") && i > 0 && words[i - 1] === "sudo") i++;
    else break;
  }
  const program = (words[i] ?? "").replace(/^["']|["']$/g, "");
  return { program: program.slice(program.lastIndexOf("/") + 1), args: words.slice(i + 1) };
}

/** The lines of a text, each with the offset where it starts. */
export function linesWithOffsets(text: string): { lines: string[]; offsets: number[] } {
  const lines = text.split("\n");
  let offset = 0;
  const offsets = lines.map((l) => {
    const at = offset;
    offset += l.length + 1;
    return at;
  });
  return { lines, offsets };
}

/** 1-based line of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A script the operations rules read: a shell or Python file, or a boot script of an instance. */
export interface ScriptSource {
  /** The path shown in messages (the file, or the .tf file holding an inline script). */
  path: string;
  text: string;
  language: "shell" | "python";
  /** The repository file, when the script is one. */
  file: OtherFile | null;
  /** The boot script as cairn found it through a resource argument (user data, a provisioner). */
  embedded: ScriptText | null;
  /** `aws_instance.web user_data`, for scripts found through Terraform. */
  owner: string | null;
}

function isTestPath(path: string): boolean {
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
  return roleOf(dir) === "test";
}

/**
 * Every script of the repository: shell and Python files (outside test fixtures), templates that
 * start with a shell shebang, and user data and `local-exec` heredocs written inside `.tf` files.
 * A template read by user data is listed once, as its file.
 */
export function repositoryScripts(ctx: RepositoryContext): ScriptSource[] {
  const out: ScriptSource[] = [];
  const seen = new Set<string>();
  for (const file of ctx.files("script")) {
    if (isTestPath(file.path)) continue;
    const text = ctx.text(file);
    if (text === null) continue;
    seen.add(file.path);
    out.push({ path: file.path, text, language: file.language ?? "shell", file, embedded: null, owner: null });
  }
  for (const file of ctx.files("template")) {
    if (isTestPath(file.path)) continue;
    const text = ctx.text(file);
    if (text === null || shellOf(text) === null) continue;
    seen.add(file.path);
    out.push({ path: file.path, text, language: "shell", file, embedded: null, owner: null });
  }
  for (const module of ctx.modules()) {
    if (module.module.role === "test") continue;
    for (const resource of module.resources()) {
      const attrs = [...(USER_DATA_ARGUMENTS.get(resource.resourceType) ?? []).map((n) => resource.attr(n))];
      for (const provisioner of resource.blocks("provisioner")) {
        if (provisioner.labels[0] === "local-exec") attrs.push(provisioner.attr("command"));
      }
      for (const attr of attrs) {
        if (attr === undefined) continue;
        const script = scriptOf(module, attr);
        if (script === null) continue;
        if (!script.inline) {
          const path = "other" in script.at ? script.at.other.path : script.path;
          if (seen.has(path)) continue;
          seen.add(path);
          const file = "other" in script.at ? script.at.other : null;
          if (file === null) continue;
          out.push({ path, text: script.text, language: "shell", file, embedded: script, owner: `${resource.address} ${attr.name}` });
          continue;
        }
        const key = `${attr.file.path}:${attr.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ path: attr.file.path, text: script.text, language: "shell", file: null, embedded: script, owner: `${resource.address} ${attr.name}` });
      }
    }
  }
  return out;
}

/** Whether a boot script is cloud-config, MIME multipart or PowerShell rather than a shell script. */
export function isNotShell(text: string): boolean {
  const head = text.trimStart().slice(0, 200);
  return /^(#cloud-config|#cloud-boothook|Content-Type: multipart|MIME-Version|<powershell>|<script>|#ps1|\{|---)/i.test(head);
}

/** Where to point a finding about `length` characters at `offset` of a script. */
export function scriptLocation(src: ScriptSource, offset: number, length: number, anchor: string): Location {
  if (src.file !== null) return { other: src.file, start: offset, end: offset + length, anchor };
  const embedded = src.embedded;
  if (embedded !== null && embedded.at instanceof AttrView) {
    if (embedded.offset !== null) return { file: embedded.at.file, start: embedded.offset + offset, end: embedded.offset + offset + length, anchor };
    return embedded.at;
  }
  return embedded?.at ?? { repository: true, anchor };
}

/** "userdata.sh" or "the user_data of aws_instance.web": how a message names a script. */
export function scriptName(src: ScriptSource): string {
  if (src.file !== null || src.owner === null) return src.path;
  const [address, argument] = src.owner.split(" ");
  return `the ${argument ?? "script"} of ${address ?? src.owner}`;
}

/** "deploy.sh line 12", or just the script's name when it is written inside a .tf file (the finding points at the line). */
export function scriptLine(src: ScriptSource, line: number): string {
  return src.file !== null ? `${src.path} line ${line}` : scriptName(src);
}
