import { createRule } from "../../engine/rule.js";
import type { Module } from "../../model/model.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { isReusableModule } from "../support/housekeeping-modules.js";

/** Words that show a README says how to run the code. */
const HOW_TO_RUN = [
  /\b(terraform|tofu|terragrunt|atmos)\s+(-\S+\s+)*(init|plan|apply|destroy|run-all|run|workspace|terraform)\b/i,
  /(^|`|\$\s*)\s*make\s+[a-z][\w-]*/m,
  /(^|\s|`)\.{0,2}\/[\w./-]+\.sh\b/m,
  /\b(plan|apply)s?\b[\s\S]*\b(appl(y|ies|ied)|destroy(s|ed)?)\b/i,
  /\batlantis\b/i,
  /(^|`|\$\s*)\s*(task|just)\s+[a-z][\w-]*/m,
  /\bdeploy(s|ed|ment)?\b[\s\S]{0,200}\b(pipeline|workflow|github actions|gitlab ci|circleci|jenkins|ci\/cd)\b/i,
];

/** A link to where the instructions live: a guide, a tutorial, the docs folder, a wiki or a runbook. */
const DELEGATES = /\[[^\]]*\b(guide|tutorial|getting started|quick ?start|how to use|documentation|docs|wiki|runbook|handbook|instructions)\b[^\]]*\]\([^)]+\)|\]\((?![a-z]+:)[^)\s]*\b(docs?|tutorials?|guides?|wiki|runbooks?)\b[^)]*\)|\bcompanion (repo|repository)\b/i;

/** Words that show a module README documents its use. */
const MODULE_USAGE = [/\bmodule\s+"[^"]+"\s*\{/, /\bsource\s*=\s*"/, /^#+\s*(how to use|usage|inputs|outputs|examples?)\b/im, /\|\s*name\s*\|\s*description\s*\|/i];

/**
 * A repository whose Terraform is a library of modules: apart from examples and tests, everything is a
 * reusable module, except at most the root directory (which the registry wants to hold an example).
 */
function isModuleLibrary(modules: readonly Module[]): boolean {
  // Wrappers and `_templates/` are generated around the modules; they are not what a reader deploys.
  const terraform = modules.filter((m) => m.role !== "test" && m.role !== "example" && m.dir.split("/")[0] !== "wrappers" && !m.dir.split("/").some((s) => s.startsWith("_")));
  const reusable = terraform.filter(isReusableModule);
  if (reusable.length === 0) return false;
  return terraform.every((m) => isReusableModule(m) || m.dir === ".");
}

function meaningfulLines(text: string): number {
  return text.split("\n").filter((line) => /[A-Za-z0-9\u00C0-\uFFFF]{2,}/.test(line) && !/^\s*(!\[|\[!\[|<img|<p|<\/?div|<a )/i.test(line)).length;
}

export default createRule({
  id: "docs/readme",
  principle: "housekeeping",
  severity: "warning",
  title: "No README that says how to use the repository",
  description:
    "No README at the repository root, or one that never says how to run the Terraform (init, plan, apply, destroy, or the make target or script that wraps them); for a module library, one without a usage example or inputs and outputs.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const modules = ctx.repo.modules.filter((m) => m.role !== "test");
    if (modules.length === 0) return;
    const readmes = ctx
      .files("readme")
      .filter((f) => f.dir === ".")
      .sort((a, b) => (a.path.toLowerCase() === "readme.md" ? -1 : b.path.toLowerCase() === "readme.md" ? 1 : a.path < b.path ? -1 : 1));
    const readme: OtherFile | undefined = readmes[0];
    if (readme === undefined) {
      ctx.report({
        at: { repository: true, anchor: "no-readme" },
        message: "No README at the repository root: nothing tells a newcomer what this repository deploys, what it needs, or how to plan, apply and destroy it.",
      });
      return;
    }
    const text = ctx.text(readme);
    if (text === null) return;
    const library = isModuleLibrary(modules);
    if (meaningfulLines(text) < 3) {
      ctx.report({ at: { other: readme, anchor: "empty" }, message: `${readme.path} is nearly empty: say what the repository ${library ? "provides and how to call its modules" : "deploys, what it needs, and how to plan, apply and destroy it"}.`, severity: "note" });
      return;
    }
    if (library) {
      if (MODULE_USAGE.some((p) => p.test(text)) || DELEGATES.test(text) || /\]\([^)]*\bexamples?\b[^)]*\)/i.test(text)) return;
      ctx.report({ at: { other: readme, anchor: "usage" }, message: `${readme.path} has no usage example and no inputs or outputs: show a module block that calls the module, and list its variables and outputs.`, severity: "note" });
      return;
    }
    if (HOW_TO_RUN.some((p) => p.test(text)) || DELEGATES.test(text)) return;
    ctx.report({ at: { other: readme, anchor: "how-to-run" }, message: `${readme.path} does not say how to run the Terraform: add the commands (init, plan, apply, destroy) per environment, or the make target or script that wraps them.`, severity: "note" });
  },
});
