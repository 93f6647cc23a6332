import { createRule } from "../../engine/rule.js";
import { checksRun, joinWords, usesTofu, type CheckKind } from "../support/verification-checks.js";
import { externalCi, pipelines, precommitHooksRun } from "../support/verification-ci.js";
import { hasTerraform, isModuleLibrary } from "../support/verification-repository.js";

export default createRule({
  id: "ci/checks",
  principle: "verification",
  severity: "warning",
  title: "Pipeline skips a standard check",
  description:
    "A CI pipeline works on the Terraform but does not run all of fmt -check, validate, a linter (TFLint) and a security scanner, directly, through pre-commit, or through the Makefile targets and scripts it calls.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (!hasTerraform(ctx.repo)) return;
    const all = pipelines(ctx);
    const terraform = all.filter((p) => p.terraform);
    const first = terraform[0];
    // No pipeline on the Terraform is ci/pipeline's finding.
    if (first === undefined) return;
    const commands = all.flatMap((p) => p.expanded.commands);
    const hooks = precommitHooksRun(ctx, commands) ?? [];
    const { found, fmtWithoutCheck } = checksRun(commands, hooks);
    // Atlantis and Spacelift plan every change, and a plan validates the configuration first.
    if (all.some((p) => p.file.system === "atlantis" || p.file.system === "spacelift")) found.add("validate");
    // A library's variable defaults are its callers' choice; scanners judge them as if deployed.
    const library = isModuleLibrary(ctx.repo);
    const tool = usesTofu(commands) ? "tofu" : "terraform";
    const wanted: [CheckKind, string][] = [
      ["fmt", fmtWithoutCheck ? `${tool} fmt -check (fmt runs without -check, so it never fails)` : `${tool} fmt -check`],
      ["validate", `${tool} validate`],
      ["lint", "a linter (TFLint)"],
      ["scan", "a security scanner (cairn, checkov or Trivy)"],
    ];
    const missing = wanted.filter(([kind]) => !found.has(kind) && !(kind === "scan" && library)).map(([, words]) => words);
    if (missing.length === 0) return;
    const opaque = [...new Set(terraform.flatMap((p) => p.expanded.opaque.map((o) => o.what)))];
    const names = terraform.map((p) => p.file.path);
    const where = `${names.slice(0, 2).join(", ")}${names.length > 2 ? ", …" : ""}`;
    const external = externalCi(ctx);
    if (external !== null) opaque.push(`${external} (named in the README)`);
    const unseen = opaque.length === 0 ? "" : ` (cairn cannot see inside ${joinWords(opaque.slice(0, 2))}${opaque.length > 2 ? " and more" : ""}, which may run them)`;
    ctx.report({
      at: { other: first.file, anchor: "ci-checks" },
      message: `The Terraform pipeline (${where}) does not run ${joinWords(missing)}${unseen}; add ${missing.length === 1 ? "it" : "them"} so a pull request fails on these mistakes.`,
      severity: opaque.length > 0 ? "note" : "warning",
    });
  },
});
