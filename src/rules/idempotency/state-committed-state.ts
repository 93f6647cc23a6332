import { ignoreMatcher } from "../../engine/config.js";
import { createRule, type RepositoryContext } from "../../engine/rule.js";
import { gitignoreLineFor } from "../support/idempotency-gitignore.js";

/** State files and their backups: `terraform.tfstate`, `x.tfstate.backup`, `terraform.tfstate.1589913043.backup`. */
const STATE_FILE = /\.tfstate(\.backup|\.\d+\.backup)?$/i;
/** Saved plans hold a copy of the state and the planned values, secrets included. */
const PLAN_FILE = /\.tfplan$/i;
/** Tool caches that hold downloaded providers and modules and, with local state, a copy of the backend settings. */
const CACHE_DIRECTORY = /(^|\/)(\.terraform|\.terragrunt-cache)$/;
/**
 * Directories of test suites (`testdata`, `fixtures`, `tests/`): their state files are inputs to
 * tests, written by hand, not state of real infrastructure. A `test` environment directory is not
 * one of them.
 */
const FIXTURE_SEGMENT = /(^|\/)(testdata|test-fixtures|fixtures|tests|testing)\//;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A state file that parses and lists no resources. Its contents are read only for this, never shown. */
function isEmptyState(ctx: RepositoryContext, path: string): boolean {
  const file = ctx.files("state").find((f) => f.path === path);
  const text = file === undefined ? null : ctx.text(file);
  if (text === null || text.length > 1_000_000) return false;
  try {
    const parsed = JSON.parse(text) as { resources?: unknown; modules?: { resources?: object }[] };
    // Format 4 lists resources at the top; format 3 lists them per module.
    if (Array.isArray(parsed.resources)) return parsed.resources.length === 0;
    if (Array.isArray(parsed.modules)) return parsed.modules.every((m) => m.resources === undefined || Object.keys(m.resources).length === 0);
    return false;
  } catch {
    return false;
  }
}

export default createRule({
  id: "state/committed-state",
  principle: "idempotency",
  severity: "error",
  title: "Terraform state committed to the repository",
  description:
    "*.tfstate and *.tfstate.backup files, saved plans (*.tfplan) and .terraform/ directories in the repository. State holds every secret of the resources in plain text, and a committed copy goes stale the moment someone applies.",
  peers: {},
  scope: "repository",
  check(ctx) {
    // The source lists every file; paths the configuration ignores are left out like everywhere else.
    const ignoredByConfig = ignoreMatcher(ctx.config.ignore);
    for (const entry of ctx.repo.workspace.entries) {
      if (ignoredByConfig(entry.path)) continue;
      const name = baseName(entry.path);
      const state = STATE_FILE.test(name);
      if (!state && !PLAN_FILE.test(name)) continue;
      if (FIXTURE_SEGMENT.test(entry.path)) continue;
      const what = state ? (/backup$/i.test(name) ? "a state backup" : "a state file") : "a saved plan (it holds a copy of the state)";
      // The contents are never read: they hold secrets.
      const at = { path: entry.path, anchor: entry.path };
      if (entry.tracked === false) {
        // Present in the work tree, not committed, and not ignored either: the next `git add -A` commits it.
        ctx.report({
          at,
          message: `${entry.path} is ${what} that git does not track yet but no .gitignore excludes; add *.tfstate, *.tfstate.* and *.tfplan to .gitignore before someone commits it.`,
          severity: "note",
        });
        continue;
      }
      const ignored = entry.ignoredBy ?? gitignoreLineFor(ctx, entry.path);
      // Whether the state records no resource (an init or a destroy left it): then nothing needs rotating.
      const empty = entry.size === 0 || (state && isEmptyState(ctx, entry.path));
      const fix = `remove it with git rm --cached, keep state in a remote backend${empty ? "" : ", and rotate the secrets it holds"}`;
      // Without git metadata (an exported tree) every present file is part of the repository.
      const where = entry.tracked === true ? "committed to the repository" : "in the repository";
      const message =
        ignored !== undefined
          ? `${entry.path} is ${what} ${where} although ${ignored} ignores it (an ignore rule does not untrack a file already committed); ${fix}.`
          : `${entry.path} is ${what} ${where}; ignore *.tfstate* and *.tfplan in .gitignore, ${fix}.`;
      ctx.report({ at, message: empty && entry.size > 0 ? message.replace(`${what} ${where}`, `${what} (with no resources in it yet) ${where}`) : message, severity: empty ? "warning" : "error" });
    }
    for (const directory of ctx.repo.workspace.skippedDirectories) {
      if (!CACHE_DIRECTORY.test(directory.path) || directory.tracked === false || ignoredByConfig(`${directory.path}/`)) continue;
      if (FIXTURE_SEGMENT.test(`${directory.path}/`)) continue;
      const ignored = gitignoreLineFor(ctx, `${directory.path}/`);
      const name = baseName(directory.path);
      const because = ignored !== undefined ? ` although ${ignored} ignores it (ignore rules do not untrack committed files)` : "";
      ctx.report({
        at: { path: directory.path, anchor: `${directory.path}/` },
        message: `${directory.path}/ is in the repository${because}: ${name} is a local cache of providers, modules and backend settings that terraform init recreates; remove it with git rm -r --cached and ignore ${name}/.`,
        severity: "warning",
      });
    }
  },
});
