import type { SkippedFile } from "../engine/types.js";
import { parseHclJson } from "../hcl/json.js";
import { parseHcl } from "../hcl/parser.js";
import type { Environment, OtherFile, OtherKind, TerraformFile, TerraformKind, Workspace } from "./workspace.js";
import type { FileSource, SourceEntry } from "./source.js";

export interface DiscoverOptions {
  /** Glob-like path prefixes or patterns to leave out (from .cairn.yaml `ignore`). */
  ignore?: (path: string) => boolean;
  /** Called as files are read, for progress reporting. */
  onFile?: (done: number, total: number) => void;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function terraformKind(path: string): TerraformKind | null {
  const base = baseOf(path);
  if (base === ".terraform.lock.hcl") return "lock";
  if (base.endsWith(".tf")) return "tf";
  if (base.endsWith(".tf.json")) return "tf.json";
  if (base.endsWith(".tfvars")) return "tfvars";
  if (base.endsWith(".tfvars.json")) return "tfvars.json";
  if (base.endsWith(".tftest.hcl") || base.endsWith(".tftest.json")) return base.endsWith(".json") ? null : "tftest";
  return null;
}

const CI_FILES: [RegExp, string][] = [
  [/^\.github\/workflows\/[^/]+\.ya?ml$/, "github"],
  [/(^|\/)\.gitlab-ci\.ya?ml$/, "gitlab"],
  [/^\.gitlab\/.+\.ya?ml$/, "gitlab"],
  [/^\.circleci\/config\.ya?ml$/, "circleci"],
  [/(^|\/)Jenkinsfile([.-][^/]*)?$/, "jenkins"],
  [/^bitbucket-pipelines\.ya?ml$/, "bitbucket"],
  [/(^|\/)azure-pipelines[^/]*\.ya?ml$/, "azure"],
  [/^\.buildkite\/.+\.ya?ml$/, "buildkite"],
  [/^\.drone\.ya?ml$/, "drone"],
  [/^atlantis\.ya?ml$/, "atlantis"],
  [/^\.spacelift\/.+\.ya?ml$/, "spacelift"],
];

function otherKind(path: string): { kind: OtherKind; system?: string; language?: "shell" | "python" } | null {
  for (const [pattern, system] of CI_FILES) if (pattern.test(path)) return { kind: "ci", system };
  const base = baseOf(path);
  const lower = base.toLowerCase();
  if (base === ".pre-commit-config.yaml" || base === ".pre-commit-config.yml") return { kind: "precommit" };
  if (/^(docker-)?compose([.-][^/]*)?\.ya?ml$/.test(lower)) return { kind: "compose" };
  if (/^(\.?localstack[^/]*|samconfig)\.(ya?ml|toml|json)$/.test(lower)) return { kind: "localstack" };
  if (path.includes(".devcontainer/") || lower === ".devcontainer.json") return { kind: "devcontainer" };
  if (/\.ya?ml$/.test(lower)) return { kind: "yaml" };
  if (/\.(sh|bash|zsh)$/.test(lower)) return { kind: "script", language: "shell" };
  if (lower.endsWith(".py")) return { kind: "script", language: "python" };
  if (/^readme(\.(md|markdown|rst|txt|adoc))?$/.test(lower)) return { kind: "readme" };
  if (base === ".gitignore") return { kind: "gitignore" };
  if (base === ".terraform-version" || base === ".tool-versions" || base === "mise.toml" || base === ".mise.toml" || base === ".tfswitchrc" || base === ".opentofu-version")
    return { kind: "tool-versions" };
  if (base === "Makefile" || base === "makefile" || base === "GNUmakefile" || base === "Taskfile.yml" || base === "justfile") return { kind: "makefile" };
  if (/^(Dockerfile|Containerfile)([.-][^/]*)?$/.test(base) || lower.endsWith(".dockerfile")) return { kind: "dockerfile" };
  if (/\.(tftpl|tpl)$/.test(lower)) return { kind: "template" };
  if (/\.tfstate(\.backup|\.\d+\.backup)?$/.test(lower)) return { kind: "state" };
  return null;
}

const ENV_DIRS = new Set(["environments", "environment", "envs", "env", "live", "stages", "stage", "accounts", "deployments"]);
const ENV_NAMES = /^(dev|develop|development|test|testing|qa|uat|stage|staging|stg|preprod|pre-prod|prod|production|prd|sandbox|sbx|demo|perf|nonprod|non-prod|int|integration)$/i;

/** Environments: `environments/<env>/`, `envs/<env>/` and the like, or `<env>.tfvars` files. */
function detectEnvironments(terraform: TerraformFile[]): Environment[] {
  const found = new Map<string, Environment>();
  for (const file of terraform) {
    const parts = file.path.split("/");
    // parts[i] is an environments folder and parts[i + 1] a folder inside it (not the file itself).
    for (let i = 0; i + 2 < parts.length; i++) {
      if (ENV_DIRS.has((parts[i] as string).toLowerCase())) {
        const name = parts[i + 1] as string;
        const path = parts.slice(0, i + 2).join("/");
        if (!found.has(path)) found.set(path, { name, source: "directory", path });
        break;
      }
    }
    if (file.kind === "tfvars" || file.kind === "tfvars.json") {
      const base = baseOf(file.path).replace(/\.tfvars(\.json)?$/, "").replace(/\.auto$/, "");
      const inEnvDir = parts.slice(0, -1).some((p) => ENV_DIRS.has(p.toLowerCase()));
      if (ENV_NAMES.test(base) || (inEnvDir && base !== "terraform")) {
        if (!found.has(file.path)) found.set(file.path, { name: base, source: "tfvars", path: file.path });
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Reads a repository: every Terraform file (parsed), the other files the principles need, and the
 * environments. Nothing here throws on bad input: unreadable files go to `skipped` with the reason.
 */
export function discover(root: string, source: FileSource, options: DiscoverOptions = {}): Workspace {
  const entries = source.list();
  const terraform: TerraformFile[] = [];
  const other: OtherFile[] = [];
  const skipped: SkippedFile[] = [];
  const ignored = options.ignore ?? (() => false);
  const total = entries.length;
  let done = 0;
  for (const entry of entries) {
    done++;
    if (options.onFile !== undefined && (done & 255) === 0) options.onFile(done, total);
    if (ignored(entry.path)) continue;
    const kind = terraformKind(entry.path);
    if (kind !== null) {
      const read = source.read(entry.path);
      if (!read.ok) {
        skipped.push({ file: entry.path, reason: read.reason });
        continue;
      }
      const hcl =
        kind === "tf.json" || kind === "tfvars.json"
          ? parseHclJson(read.text, { path: entry.path, kind: kind === "tf.json" ? "config" : "vars" })
          : parseHcl(read.text, { path: entry.path });
      terraform.push({ path: entry.path, dir: dirOf(entry.path), kind, text: read.text, hcl, entry });
      continue;
    }
    const classified = otherKind(entry.path);
    if (classified === null) continue;
    let cache: string | null | undefined;
    const file: OtherFile = {
      path: entry.path,
      dir: dirOf(entry.path),
      kind: classified.kind,
      entry,
      text: () => {
        if (cache === undefined) {
          const read = source.read(entry.path);
          cache = read.ok ? read.text : null;
          if (!read.ok && classified.kind !== "state") skipped.push({ file: entry.path, reason: read.reason });
        }
        return cache;
      },
    };
    if (classified.system !== undefined) file.system = classified.system;
    if (classified.language !== undefined) file.language = classified.language;
    other.push(file);
  }
  options.onFile?.(total, total);
  const entriesByDir = new Map<string, SourceEntry[]>();
  const entriesByName = new Map<string, SourceEntry[]>();
  for (const entry of entries) {
    const dir = dirOf(entry.path);
    const name = baseOf(entry.path);
    const inDir = entriesByDir.get(dir);
    if (inDir === undefined) entriesByDir.set(dir, [entry]);
    else inDir.push(entry);
    const named = entriesByName.get(name);
    if (named === undefined) entriesByName.set(name, [entry]);
    else named.push(entry);
  }
  return {
    root,
    terraform,
    other,
    environments: detectEnvironments(terraform),
    skipped,
    entries,
    skippedDirectories: source.skippedDirectories(),
    entriesByDir,
    entriesByName,
  };
}

export { dirOf, baseOf };
export type { SourceEntry };
