/**
 * What CI pipelines run, as far as the repository shows it: the commands of each pipeline (comments
 * left out), followed into the Makefile, Taskfile or justfile targets and the shell scripts they call,
 * and into the pre-commit hooks when the pipeline runs pre-commit. Used by the verification rules
 * (ci/checks, ci/plan-on-change, ci/oidc) and by parity/entrypoint.
 */
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from "yaml";
import type { RepositoryContext } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { commandFacts, hookChecks } from "./verification-checks.js";

/** One command line (or one action step) of a pipeline, with where it comes from. */
export interface Command {
  text: string;
  /** Whether the line is a shell command (a `run:`/`script:` line, a recipe or script line), not another setting. */
  shell: boolean;
  /** The file the command is written in (the pipeline, a Makefile, a script, the pre-commit config). */
  file: OtherFile;
  start: number;
  end: number;
}

/** Something the pipeline hands work to that cairn cannot read: a reusable workflow, a remote include, an unreadable script. */
export interface Opaque {
  what: string;
  file: OtherFile;
}

export interface Expanded {
  commands: Command[];
  opaque: Opaque[];
}

type Ctx = Pick<RepositoryContext, "files" | "text" | "yaml" | "yamlDocuments">;

/** YAML documents of a file (several for `---` separated files), or [] when it does not parse; parsed once per audit. */
export function yamlDocuments(ctx: Pick<RepositoryContext, "yamlDocuments">, file: OtherFile): readonly Document.Parsed[] {
  return ctx.yamlDocuments(file);
}

function range(node: YamlNode | null | undefined): [number, number] {
  const r = node?.range;
  return r === undefined || r === null ? [0, 0] : [r[0], r[1]];
}

/** Value of a key of a YAML map node. */
export function mapGet(node: unknown, key: string): YamlNode | null {
  if (!isMap(node)) return null;
  for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.value ?? null;
  }
  return null;
}

/** Keys and values of a YAML map node. */
export function mapEntries(node: unknown): [string, YamlNode | null][] {
  if (!isMap(node)) return [];
  return (node.items as Pair<YamlNode, YamlNode>[]).filter((p) => isScalar(p.key)).map((p) => [String((p.key as { value: unknown }).value), p.value ?? null]);
}

export function scalarString(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === "string" || typeof node.value === "number" || typeof node.value === "boolean") ? String(node.value) : null;
}

/** Every string scalar under a node (values only, not keys), with the nearest key above it, skipping the values of `skip` keys. */
function scalars(node: YamlNode | null | undefined, skip: ReadonlySet<string>, out: { value: string; node: YamlNode; key: string | null }[], key: string | null = null): void {
  if (node === null || node === undefined) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const k = isScalar(pair.key) ? String(pair.key.value) : null;
      if (k !== null && skip.has(k)) continue;
      scalars(pair.value, skip, out, k);
    }
  } else if (isSeq(node)) {
    for (const item of node.items as YamlNode[]) scalars(item, skip, out, key);
  } else {
    const value = scalarString(node);
    if (value !== null) out.push({ value, node, key });
  }
}

/** Keys whose values are shell commands in the CI systems cairn reads. */
const COMMAND_KEYS = new Set(["run", "script", "before_script", "after_script", "command", "commands", "bash", "sh", "pwsh", "powershell", "inlineScript", "inline", "steps", "cmd", "cmds"]);

/** Splits a scalar into command lines; each keeps the scalar's span (a block scalar's lines are not located separately). */
function linesOf(value: string, node: YamlNode, file: OtherFile, shell: boolean): Command[] {
  const [start, end] = range(node);
  return value
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((text) => ({ text, shell, file, start, end }));
}

const NOT_COMMANDS = new Set(["name", "description", "if", "when", "timeout-minutes", "runs-on"]);

/**
 * The commands under a YAML node of a CI file: every string (names and conditions left out), marked as
 * shell when it sits under a `run:`/`script:` key; each GitHub step that `uses` an action as one more
 * command `uses <action> <input=value…>`; CircleCI orb commands as `orb <name>`.
 */
export function nodeCommands(node: unknown, file: OtherFile): Command[] {
  const out: Command[] = [];
  const found: { value: string; node: YamlNode; key: string | null }[] = [];
  scalars(node as YamlNode, NOT_COMMANDS, found);
  // Bitbucket, Drone and Atlantis list bare commands under `script`/`commands`/`steps`.
  for (const { value, node: n, key } of found) out.push(...linesOf(value, n, file, key !== null && COMMAND_KEYS.has(key)));
  const visit = (n: unknown): void => {
    if (isMap(n)) {
      const uses = scalarString(mapGet(n, "uses"));
      if (file.system === "github" && uses !== null && mapGet(n, "steps") === null && mapGet(n, "jobs") === null) {
        const inputs = mapEntries(mapGet(n, "with"))
          .map(([k, v]) => `${k}=${scalarString(v) ?? ""}`)
          .join(" ");
        const [start, end] = range(n as YamlNode);
        // A reusable workflow (`uses: org/repo/.github/workflows/x.yml@v1`) is a call, not an action step.
        const kind = /\.ya?ml(@|$)/.test(uses) ? "workflow" : "uses";
        out.push({ text: `${kind} ${uses} ${inputs}`.trim(), shell: false, file, start, end });
      }
      for (const pair of n.items as Pair<YamlNode, YamlNode>[]) {
        const key = scalarString(pair.key);
        // CircleCI orb commands and jobs: `terraform/plan: {…}`.
        if (file.system === "circleci" && key !== null && /^[\w-]+\/[\w-]+$/.test(key)) out.push({ text: `orb ${key}`, shell: false, file, start: range(pair.key)[0], end: range(pair.key)[1] });
        visit(pair.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) {
        const value = scalarString(item);
        if (file.system === "circleci" && value !== null && /^[\w-]+\/[\w-]+$/.test(value)) out.push({ text: `orb ${value}`, shell: false, file, start: range(item as YamlNode)[0], end: range(item as YamlNode)[1] });
        visit(item);
      }
    }
  };
  visit(node);
  return out;
}

/** What a CI file hands work to that cairn cannot read: remote reusable workflows, GitLab remote includes. */
export function opaqueCalls(doc: Document.Parsed, file: OtherFile): Opaque[] {
  const opaque: Opaque[] = [];
  if (file.system === "github") {
    for (const [jobName, job] of mapEntries(mapGet(doc.contents, "jobs"))) {
      const reusable = scalarString(mapGet(job, "uses"));
      if (reusable !== null && !reusable.startsWith("./")) opaque.push({ what: `the reusable workflow ${reusable} (job ${jobName})`, file });
    }
  }
  if (file.system === "gitlab") {
    const include = mapGet(doc.contents, "include");
    const items = isSeq(include) ? (include.items as YamlNode[]) : include === null ? [] : [include];
    for (const item of items) {
      for (const key of ["template", "remote", "project", "component"]) {
        const value = scalarString(mapGet(item, key));
        if (value !== null) opaque.push({ what: `the included ${key} ${value}`, file });
      }
    }
  }
  return opaque;
}

/** The commands a CI file runs (see nodeCommands); for a Jenkinsfile, its lines without comments. */
export function pipelineCommands(ctx: Ctx, file: OtherFile): Expanded {
  if (file.system === "jenkins" || !/\.ya?ml$/i.test(file.path)) {
    const text = ctx.text(file);
    return { commands: text === null ? [] : jenkinsCommands(stripComments(text), file), opaque: [] };
  }
  const commands: Command[] = [];
  const opaque: Opaque[] = [];
  for (const doc of yamlDocuments(ctx, file)) {
    commands.push(...nodeCommands(doc.contents, file));
    opaque.push(...opaqueCalls(doc, file));
    if (file.system === "gitlab") commands.push(...gitlabLocalIncludes(ctx, doc, file));
  }
  return { commands, opaque };
}

/** GitLab `include: local:` files (or bare paths), which may have any name. */
function gitlabLocalIncludes(ctx: Ctx, doc: Document.Parsed, file: OtherFile): Command[] {
  const include = mapGet(doc.contents, "include");
  const items = isSeq(include) ? (include.items as YamlNode[]) : include === null ? [] : [include];
  const out: Command[] = [];
  for (const item of items) {
    const path = scalarString(mapGet(item, "local")) ?? scalarString(item);
    if (path === null || /^https?:/.test(path)) continue;
    const target = [...ctx.files("yaml"), ...ctx.files("ci")].find((f) => f.path === path.replace(/^\.?\//, "") && f.path !== file.path);
    if (target === undefined || target.kind === "ci") continue;
    for (const included of yamlDocuments(ctx, target)) out.push(...nodeCommands(included.contents, { ...target, system: "gitlab" }));
  }
  return out;
}

/** The steps of a local composite action (`uses: ./.github/actions/x`), read from its action.yml. */
function localActionCommands(ctx: Ctx, path: string): Command[] | null {
  const dir = path.replace(/^\.\//, "").replace(/\/$/, "");
  const file = ctx.files("yaml").find((f) => f.path === `${dir}/action.yml` || f.path === `${dir}/action.yaml`);
  if (file === undefined) return null;
  const as: OtherFile = { ...file, system: "github" };
  return yamlDocuments(ctx, file).flatMap((doc) => nodeCommands(mapGet(doc.contents, "runs"), as));
}

/** The shell commands of a Jenkinsfile: the strings given to `sh`, `bat` and `powershell` steps. */
function jenkinsCommands(text: string, file: OtherFile): Command[] {
  const out: Command[] = [];
  for (const m of text.matchAll(/\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?('''|"""|'|")([\s\S]*?)\1/g)) {
    const body = m[2] as string;
    const start = (m.index ?? 0) + m[0].indexOf(body);
    for (const line of textCommands(body, file)) out.push({ ...line, start: start + line.start, end: start + line.end });
  }
  return out;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/(^|[^:"'])\/\/.*$/gm, "$1");
}

/** Lines of a text file as commands, with their offsets; shell comments and blank lines left out. */
export function textCommands(text: string, file: OtherFile): Command[] {
  const out: Command[] = [];
  let offset = 0;
  let pending = "";
  let pendingStart = 0;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    const start = pending === "" ? offset : pendingStart;
    offset += line.length + 1;
    if (trimmed.startsWith("#") && pending === "") continue;
    // A line ending in a backslash continues on the next one.
    if (trimmed.endsWith("\\")) {
      if (pending === "") pendingStart = start;
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const whole = pending + trimmed;
    pending = "";
    if (whole !== "") out.push({ text: whole, shell: true, file, start, end: offset - 1 });
  }
  return out;
}

/** A recipe of a Makefile, justfile or Taskfile: its prerequisites and its command lines. */
export interface Recipe {
  name: string;
  deps: string[];
  lines: Command[];
}

/** Targets of a Makefile or justfile: `name: deps` followed by indented command lines. */
export function recipesOf(text: string, file: OtherFile): Map<string, Recipe> {
  const recipes = new Map<string, Recipe>();
  const just = /(^|\/)justfile$/i.test(file.path);
  let current: Recipe[] = [];
  let offset = 0;
  let continued = "";
  for (const raw of text.split("\n")) {
    const start = offset;
    offset += raw.length + 1;
    const indented = /^[\t]/.test(raw) || (just && /^ +\S/.test(raw));
    if (indented && current.length > 0) {
      const line = continued + raw.trim();
      if (line.endsWith("\\")) {
        continued = `${line.slice(0, -1)} `;
        continue;
      }
      continued = "";
      if (line !== "" && !line.startsWith("#")) for (const r of current) r.lines.push({ text: line.replace(/^[@-]+/, ""), shell: true, file, start, end: start + raw.length });
      continue;
    }
    if (raw.trim() === "" || raw.trim().startsWith("#")) continue;
    current = [];
    const header = /^([^:=#\t][^:=#]*?)\s*::?(?!=)\s*([^=]*)$/.exec(raw);
    if (header === null) continue;
    const deps = (header[2] ?? "").replace(/#.*$/, "").trim().split(/\s+/).filter((d) => d !== "" && !d.startsWith("|"));
    let names = (header[1] ?? "").trim().split(/\s+/);
    // justfile: `name arg='x':`, `@name:`; only the first word names the recipe.
    if (just) names = [(names[0] ?? "").replace(/^@/, "")];
    for (const name of names) {
      if (name === "" || name.startsWith(".") || name.includes("%") || name.includes("$")) continue;
      const recipe: Recipe = { name, deps, lines: [] };
      recipes.set(name, recipe);
      current.push(recipe);
    }
  }
  return recipes;
}

/** Tasks of a Taskfile.yml: `tasks: { name: { cmds: [...], deps: [...] } }`. */
export function tasksOf(ctx: Pick<RepositoryContext, "yaml">, file: OtherFile): Map<string, Recipe> {
  const recipes = new Map<string, Recipe>();
  const doc = ctx.yaml(file);
  if (doc === null) return recipes;
  for (const [name, task] of mapEntries(mapGet(doc.contents, "tasks"))) {
    const recipe: Recipe = { name, deps: [], lines: [] };
    const cmds = isSeq(task) ? task : mapGet(task, "cmds");
    const items = isSeq(cmds) ? (cmds.items as YamlNode[]) : scalarString(task) !== null ? [task as YamlNode] : [];
    for (const item of items) {
      const text = scalarString(item) ?? scalarString(mapGet(item, "cmd"));
      const sub = scalarString(mapGet(item, "task"));
      if (sub !== null) recipe.deps.push(sub);
      if (text !== null && item !== null) recipe.lines.push(...linesOf(text, item, file, true));
    }
    const deps = mapGet(task, "deps");
    if (isSeq(deps)) for (const d of deps.items as YamlNode[]) recipe.deps.push(scalarString(d) ?? scalarString(mapGet(d, "task")) ?? "");
    recipes.set(name, recipe);
  }
  return recipes;
}

/**
 * Makefiles, justfiles and Taskfiles. Discovery classifies Taskfile.yml as YAML (the `.yml` test comes
 * first), so Taskfiles are also looked for among the YAML files.
 */
export function taskRunnerFiles(ctx: Pick<RepositoryContext, "files">): OtherFile[] {
  return [...ctx.files("makefile"), ...ctx.files("yaml").filter((f) => /(^|\/)Taskfile\.ya?ml$/.test(f.path))];
}

/** Recipes of the task-runner files (Makefile, justfile, Taskfile.yml) in a directory. */
export function runnerFiles(ctx: Ctx, dir: string): { make: OtherFile | null; just: OtherFile | null; task: OtherFile | null } {
  const here = taskRunnerFiles(ctx).filter((f) => f.dir === dir);
  const base = (f: OtherFile): string => f.path.slice(f.path.lastIndexOf("/") + 1);
  return {
    make: here.find((f) => /^(GNUmakefile|makefile|Makefile)$/.test(base(f))) ?? null,
    just: here.find((f) => /^justfile$/i.test(base(f))) ?? null,
    task: here.find((f) => /^Taskfile\.ya?ml$/.test(base(f))) ?? null,
  };
}

export function recipesOfFile(ctx: Ctx, file: OtherFile): Map<string, Recipe> {
  if (/Taskfile\.ya?ml$/.test(file.path)) return tasksOf(ctx, file);
  const text = ctx.text(file);
  return text === null ? new Map() : recipesOf(text, file);
}

/** The commands of a recipe and of every recipe it depends on or calls with `make x` / `$(MAKE) x` / `task x` / `just x`. */
export function recipeCommands(ctx: Ctx, file: OtherFile, names: string[], seen = new Set<string>()): Command[] {
  const recipes = recipesOfFile(ctx, file);
  const out: Command[] = [];
  const visit = (name: string, depth: number): void => {
    if (depth > 8 || seen.has(`${file.path}:${name}`)) return;
    seen.add(`${file.path}:${name}`);
    const recipe = recipes.get(name);
    if (recipe === undefined) return;
    for (const dep of recipe.deps) visit(dep, depth + 1);
    for (const line of recipe.lines) {
      out.push(line);
      for (const m of line.text.matchAll(/(?:\$\(MAKE\)|\$\{MAKE\}|\bmake|\btask|\bjust)\s+((?:[\w.-]+\s*)+)/g)) {
        for (const target of (m[1] ?? "").split(/\s+/)) if (target !== "" && !target.startsWith("-") && !target.includes("=")) visit(target, depth + 1);
      }
    }
  };
  for (const name of names) visit(name, 0);
  return out;
}

/** The first target of a Makefile (what `make` alone runs). */
function defaultTarget(ctx: Ctx, file: OtherFile): string | null {
  const text = ctx.text(file);
  if (text === null) return null;
  const goal = /^\.DEFAULT_GOAL\s*:?=\s*(\S+)/m.exec(text);
  if (goal !== null) return goal[1] ?? null;
  const first = recipesOf(text, file).keys().next();
  return first.done === true ? null : first.value;
}

const SCRIPT_PATH = /(?:^|[\s;&|("'=])((?:\.{1,2}\/)?(?:[\w.-]+\/)*[\w.-]+\.(?:sh|bash|py))\b/g;
/** A local program run as a command (at the start of a command, or given to a shell), not a directory given to cd. */
const UNREADABLE_LOCAL = /(?:^|[;&|]\s*|\b(?:bash|sh|zsh|source|exec)\s+)((?:\.\/|bin\/|scripts?\/|tools\/|hack\/|ci\/|\.ci\/|\.github\/scripts\/)[\w./-]+)/g;

/**
 * Follows commands into what they call: Makefile/justfile/Taskfile targets (`make plan`, `task lint`),
 * local scripts (`./scripts/ci.sh`, `bash bin/check.sh`), recursively up to a depth. Calls cairn
 * cannot read (a script without a known extension, a missing Makefile) are listed as opaque.
 */
export function expand(ctx: Ctx, start: Expanded, depth = 3): Expanded {
  const commands = [...start.commands];
  const opaque = [...start.opaque];
  const seenScripts = new Set<string>();
  const seenRecipes = new Set<string>();
  const scripts = ctx.files("script");
  let frontier = start.commands;
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: Command[] = [];
    for (const command of frontier) {
      const local = /^uses\s+(\.\/\S+)/.exec(command.text);
      if (local !== null && !seenScripts.has(local[1] as string)) {
        seenScripts.add(local[1] as string);
        const steps = localActionCommands(ctx, local[1] as string);
        if (steps === null) opaque.push({ what: `the local action ${local[1] as string}`, file: command.file });
        else next.push(...steps);
      }
      if (!command.shell) continue;
      const text = command.text;
      // make [-C dir] [targets]; task x; just x
      for (const m of text.matchAll(/(?:^|[;&|(]\s*)(make|task|just)((?:\s+(?:-C\s+\S+|-f\s+\S+|-[\w-]+(?:=\S+)?|[\w.-]+(?:=\S*)?))*)/g)) {
        const tool = m[1] as "make" | "task" | "just";
        const args = (m[2] ?? "").trim().split(/\s+/).filter((a) => a !== "");
        let dir = ".";
        const targets: string[] = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i] as string;
          if ((a === "-C" || a === "-d" || a === "--dir") && i + 1 < args.length) {
            dir = (args[++i] as string).replace(/^\.\//, "").replace(/\/$/, "") || ".";
          } else if (a.startsWith("-") || a.includes("=")) {
            continue;
          } else targets.push(a);
        }
        const runners = runnerFiles(ctx, dir);
        const file = tool === "make" ? runners.make : tool === "task" ? runners.task : runners.just;
        if (file === null) {
          if (tool === "make") opaque.push({ what: `make ${targets.join(" ")}`.trim(), file: command.file });
          continue;
        }
        const names = targets.length > 0 ? targets : tool === "make" ? [defaultTarget(ctx, file) ?? ""] : ["default"];
        const found = recipeCommands(ctx, file, names, seenRecipes);
        next.push(...found);
      }
      for (const m of text.matchAll(SCRIPT_PATH)) {
        const path = (m[1] as string).replace(/^\.\//, "");
        const script = scripts.find((s) => s.path === path || s.path.endsWith(`/${path.replace(/^(\.\.\/)+/, "")}`));
        if (script === undefined || seenScripts.has(script.path)) continue;
        seenScripts.add(script.path);
        const body = ctx.text(script);
        if (body !== null) next.push(...textCommands(body, script));
      }
      for (const m of text.matchAll(UNREADABLE_LOCAL)) {
        const path = (m[1] as string).replace(/^\.\//, "");
        if (/\.(sh|bash|py|ya?ml|json|tf|tfvars|hcl|txt|md|zip|tar|gz|out|plan|tfplan)$/.test(path) || path.endsWith("/")) continue;
        if (scripts.some((s) => s.path === path)) continue;
        opaque.push({ what: path, file: command.file });
      }
    }
    commands.push(...next);
    frontier = next;
  }
  return { commands, opaque };
}

export interface Pipeline {
  file: OtherFile;
  /** The pipeline's own commands and what they call. */
  expanded: Expanded;
  /** Whether it works on Terraform. */
  terraform: boolean;
}

/** Every CI file, with its commands followed into task runners and scripts. */
export function pipelines(ctx: Ctx): Pipeline[] {
  return ctx.files("ci").map((file) => {
    const expanded = expand(ctx, pipelineCommands(ctx, file));
    const hooks = precommitHooksRun(ctx, expanded.commands) ?? [];
    const terraform =
      file.system === "atlantis" ||
      file.system === "spacelift" ||
      expanded.commands.some((c) => commandFacts(c).terraform) ||
      hooks.some((h) => [...hookChecks(h)].some((c) => c !== "secrets"));
    return { file, expanded, terraform };
  });
}

/** A hook of a pre-commit configuration. */
export interface Hook {
  id: string;
  /** The command a local hook runs (`entry`), if given. */
  entry: string | null;
  file: OtherFile;
  start: number;
  end: number;
  stages: string[];
}

/** The hooks of a .pre-commit-config.yaml. */
export function hooksOf(ctx: Pick<RepositoryContext, "yaml">, file: OtherFile): Hook[] {
  const doc = ctx.yaml(file);
  if (doc === null) return [];
  const out: Hook[] = [];
  const repos = mapGet(doc.contents, "repos");
  if (!isSeq(repos)) return out;
  for (const repo of repos.items as YamlNode[]) {
    const hooks = mapGet(repo, "hooks");
    if (!isSeq(hooks)) continue;
    for (const hook of hooks.items as YamlNode[]) {
      const id = scalarString(mapGet(hook, "id"));
      if (id === null) continue;
      const entry = scalarString(mapGet(hook, "entry"));
      const stagesNode = mapGet(hook, "stages");
      const stages = isSeq(stagesNode) ? (stagesNode.items as YamlNode[]).map((s) => scalarString(s) ?? "") : [];
      const [start, end] = range(hook);
      out.push({ id, entry, file, start, end, stages });
    }
  }
  return out;
}

/**
 * The hooks a pipeline runs through pre-commit: all of them for `pre-commit run --all-files` or a
 * pre-commit action, only the named ones for `pre-commit run <hook>`. Null when pre-commit does not run.
 */
export function precommitHooksRun(ctx: Ctx, commands: readonly Command[]): Hook[] | null {
  const configs = ctx.files("precommit");
  if (configs.length === 0) return null;
  const all = configs.flatMap((c) => hooksOf(ctx, c)).filter((h) => h.stages.length === 0 || h.stages.some((s) => !/^manual$/.test(s)));
  let runs = false;
  const named = new Set<string>();
  let everything = false;
  for (const command of commands) {
    const run = /\bpre-commit\s+run\b(.*)$/.exec(command.text);
    const action = /^uses\s+(\S*pre-commit\S*)\s*(.*)$/.exec(command.text);
    if (run === null && action === null) continue;
    runs = true;
    const args = run !== null ? (run[1] ?? "") : (/(?:^|\s)(?:extra_args|args)=(.*)$/.exec(action?.[2] ?? "")?.[1] ?? "");
    const first = args.trim().split(/\s+/)[0] ?? "";
    if (first === "" || first.startsWith("-") || first.startsWith("$")) everything = true;
    else named.add(first.replace(/^['"]|['"]$/g, ""));
  }
  if (!runs) return null;
  return everything ? all : all.filter((h) => named.has(h.id));
}

const EXTERNAL_CI = /\b(concourse|teamcity|codebuild|codepipeline|cloud build|tekton|harness|terraform cloud|terraform enterprise|hcp terraform|spacelift|env0|atlantis|scalr|digger|terrateam)\b/i;

/** A CI service the top-level README says runs the Terraform, configured outside this repository (Concourse, Terraform Cloud, …). */
export function externalCi(ctx: Pick<RepositoryContext, "files" | "text">): string | null {
  const readme = ctx.files("readme").find((f) => f.dir === ".");
  if (readme === undefined) return null;
  const match = EXTERNAL_CI.exec(ctx.text(readme) ?? "");
  return match === null ? null : (match[1] as string);
}
