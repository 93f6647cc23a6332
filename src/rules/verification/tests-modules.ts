import { createRule } from "../../engine/rule.js";
import type { Module, Repository } from "../../model/model.js";
import { isModuleLibrary } from "../support/verification-repository.js";

/** Calls from modules that are deployed or reused (not from examples or tests). */
function realCallers(module: Module): number {
  return module.callers.filter((c) => c.ref.module.role === "root" || c.ref.module.role === "module").length;
}

function hasTestFiles(repo: Repository, module: Module): boolean {
  const testsDir = module.dir === "." ? "tests" : `${module.dir}/tests`;
  return repo.workspace.terraform.some((f) => f.kind === "tftest" && (f.dir === module.dir || f.dir === testsDir || f.dir.startsWith(`${testsDir}/`)));
}

/**
 * Modules exercised by a test or an example: those with `*.tftest.hcl` files (beside them or in their
 * tests/ folder), those an example or test module calls, and everything those modules call in turn.
 */
function exercised(repo: Repository): Set<Module> {
  const seen = new Set<Module>();
  const queue = repo.modules.filter((m) => m.role === "example" || m.role === "test" || hasTestFiles(repo, m));
  while (queue.length > 0) {
    const module = queue.pop() as Module;
    if (seen.has(module)) continue;
    seen.add(module);
    for (const call of module.moduleCalls) if (call.target !== null && !seen.has(call.target)) queue.push(call.target);
  }
  return seen;
}

export default createRule({
  id: "tests/modules",
  principle: "verification",
  severity: "warning",
  title: "Reusable module without tests or examples",
  description:
    "Reusable modules that no terraform test (*.tftest.hcl), Terratest suite or example exercises, in a repository that publishes modules (a module library, or local modules called more than once).",
  peers: {},
  scope: "repository",
  check(ctx) {
    const repo = ctx.repo;
    const library = isModuleLibrary(repo);
    // Modules others call; in a library also the published submodules under modules/ that nothing here calls.
    // Modules that only pass inputs to another module have nothing of their own to test.
    const published = (m: Module): boolean => library && m.role === "root" && m.dir.split("/").includes("modules") && m.providers.length === 0 && m.backend === null;
    const reusable = repo.modules.filter((m) => (m.role === "module" || published(m)) && (m.resources.length > 0 || m.data.length > 0));
    if (reusable.length === 0) return;
    const reused = reusable.filter((m) => realCallers(m) >= 2);
    if (!library && reused.length === 0) return;
    // Terratest suites (test/*_test.go) deploy the examples or modules they name; cairn does not read Go.
    if (repo.workspace.entries.some((e) => /(^|\/)tests?\/(.+\/)?[^/]+_test\.go$/.test(e.path))) return;
    const covered = exercised(repo);
    const untested = reusable.filter((m) => !covered.has(m)).sort((a, b) => (a.dir < b.dir ? -1 : 1));
    if (untested.length === 0) return;
    const names = untested.map((m) => m.dir);
    const list = `${names.slice(0, 5).join(", ")}${names.length > 5 ? `, and ${names.length - 5} more` : ""}`;
    const count = untested.length === 1 ? "Reusable module" : `${untested.length} reusable modules`;
    const reuse = library ? "" : ` (${reused.map((m) => `${m.dir} is called ${realCallers(m)} times`).slice(0, 2).join(", ")})`;
    ctx.report({
      at: { repository: true, anchor: "untested-modules" },
      message: `${count} ${untested.length === 1 ? "has" : "have"} no terraform test (*.tftest.hcl), Terratest or example that exercises ${untested.length === 1 ? "it" : "them"}: ${list}${reuse}; add a tests/*.tftest.hcl with a plan-mode run, or an examples/ directory that calls ${untested.length === 1 ? "it" : "each"}.`,
      severity: library ? "warning" : "note",
    });
  },
});
