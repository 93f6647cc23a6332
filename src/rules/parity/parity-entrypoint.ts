import { createRule } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { commandFacts } from "../support/verification-checks.js";
import { externalCi, pipelines, recipesOfFile, taskRunnerFiles, textCommands } from "../support/verification-ci.js";
import { hasTerraform, isModuleLibrary, rootModules } from "../support/verification-repository.js";

/** Target names that run the common work: plan, apply, deploy, destroy. */
const WORK_TARGET = /^(tf-?|terraform-?|infra-?)?(plan|apply|deploy|destroy|up|provision)([-_:].*)?$/i;

/** Whether a task runner (Makefile, Taskfile, justfile) has a target for plan/apply, or one that runs them. */
function runnerHasWork(ctx: Parameters<typeof recipesOfFile>[0], file: OtherFile): boolean {
  for (const recipe of recipesOfFile(ctx, file).values()) {
    if (WORK_TARGET.test(recipe.name)) return true;
    if (recipe.lines.some((l) => facts(l.text))) return true;
  }
  return false;
}

/** A line that plans or applies, or runs whatever Terraform command it is given (a wrapper script). */
function facts(line: string): boolean {
  const f = commandFacts({ text: line, shell: true });
  return f.plan || f.apply || f.anySubcommand;
}

/** Markdown that shows the plan/apply commands (a documented sequence). */
const DOCUMENTED = /\b(terraform|tofu|terragrunt)\s+(?:-\S+\s+)*(?:run-all\s+)?(plan|apply)\b/i;

export default createRule({
  id: "parity/entrypoint",
  principle: "parity",
  severity: "warning",
  title: "No single entry point for plan and apply",
  description:
    "No Makefile, Taskfile or justfile target and no script that runs plan and apply, so every person (and CI) runs the steps their own way; commands only written in the README count as a weaker entry point.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (!hasTerraform(ctx.repo) || isModuleLibrary(ctx.repo) || rootModules(ctx.repo).length === 0) return;
    if (taskRunnerFiles(ctx).some((f) => runnerHasWork(ctx, f))) return;
    if (ctx.files("script").some((f) => textCommands(ctx.text(f) ?? "", f).some((c) => facts(c.text)))) return;
    // Terragrunt is the entry point of a repository that has terragrunt.hcl files (`terragrunt run-all plan`).
    if (ctx.repo.workspace.entries.some((e) => /(^|\/)terragrunt\.hcl$/.test(e.path))) return;
    // Plans and applies run by a pipeline (or Atlantis, Spacelift, Terraform Cloud) are the entry point.
    if (ctx.repo.modules.some((m) => m.backend?.type === "cloud" || m.backend?.type === "remote")) return;
    if (externalCi(ctx) !== null) return;
    if (pipelines(ctx).some((p) => p.file.system === "atlantis" || p.file.system === "spacelift" || p.expanded.commands.some((c) => commandFacts(c).apply))) return;
    const documented = ctx.files("readme").find((f) => DOCUMENTED.test(ctx.text(f) ?? ""));
    if (documented !== undefined) {
      ctx.report({
        at: { other: documented, anchor: "documented-only" },
        message: `The plan and apply steps exist only as commands in ${documented.path}; put them behind one entry point (Makefile targets such as \`make plan ENV=dev\` and \`make apply ENV=dev\`, or a deploy script) so everyone runs the same steps.`,
        severity: "note",
      });
      return;
    }
    ctx.report({
      at: { repository: true, anchor: "no-entrypoint" },
      message:
        "No single entry point for plan and apply: no Makefile, Taskfile or justfile target or script that runs plan or apply, and no documented commands; add one (e.g. Makefile targets `make plan ENV=dev`, `make apply ENV=dev`, `make destroy ENV=dev`).",
    });
  },
});
