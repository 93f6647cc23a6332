import { createRule } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { hookChecks, joinWords, type CheckKind } from "../support/verification-checks.js";
import { hooksOf } from "../support/verification-ci.js";
import { hasTerraform, isModuleLibrary } from "../support/verification-repository.js";

const WANTED: [CheckKind, string][] = [
  ["fmt", "formatting (terraform_fmt)"],
  ["validate", "validation (terraform_validate)"],
  ["lint", "a linter (terraform_tflint)"],
  ["scan", "a security scanner (terraform_trivy or terraform_checkov)"],
  ["secrets", "private-key detection (detect-private-key or gitleaks)"],
];

export default createRule({
  id: "precommit/config",
  principle: "verification",
  severity: "warning",
  title: "No pre-commit checks",
  description:
    "No .pre-commit-config.yaml, or one without hooks for terraform fmt, validate, a linter, a security scanner and private-key detection, so mistakes and secrets reach a commit before any pipeline sees them.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (!hasTerraform(ctx.repo)) return;
    const configs = ctx.files("precommit");
    if (configs.length === 0) {
      ctx.report({
        at: { repository: true, anchor: "no-pre-commit" },
        message:
          "No .pre-commit-config.yaml: nothing checks formatting, validity, lint, security or private keys before a commit; add pre-commit with terraform_fmt, terraform_validate, terraform_tflint, terraform_trivy and detect-private-key.",
      });
      return;
    }
    // A library's variable defaults are its callers' choice; scanners judge them as if deployed.
    const library = isModuleLibrary(ctx.repo);
    let best: { file: OtherFile; missing: string[] } | null = null;
    // The configuration nearest the root that covers most.
    for (const file of [...configs].sort((a, b) => a.path.split("/").length - b.path.split("/").length)) {
      if (ctx.yaml(file) === null) {
        ctx.report({ at: { other: file, anchor: "pre-commit-unparsable" }, message: `${file.path} is not valid YAML, so pre-commit runs none of its hooks; fix the file.` });
        continue;
      }
      const found = new Set<CheckKind>();
      // Hooks that run only when asked (`stages: [manual]`) do not check commits.
      for (const hook of hooksOf(ctx, file)) if (hook.stages.length === 0 || hook.stages.some((s) => s !== "manual")) for (const c of hookChecks(hook)) found.add(c);
      const missing = WANTED.filter(([kind]) => !found.has(kind) && !(kind === "scan" && library)).map(([, words]) => words);
      if (best === null || missing.length < best.missing.length) best = { file, missing };
    }
    if (best === null || best.missing.length === 0) return;
    ctx.report({
      at: { other: best.file, anchor: "pre-commit-missing" },
      message: `${best.file.path} has no hook for ${joinWords(best.missing)}; add ${best.missing.length === 1 ? "it" : "them"} so these mistakes are caught before a commit.`,
      severity: "note",
    });
  },
});
