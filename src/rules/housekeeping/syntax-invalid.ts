import { createRule } from "../../engine/rule.js";

const TERRAFORM_PATH = /\.(tf|tfvars|hcl)(\.json)?$/;

export default createRule({
  id: "syntax/invalid",
  principle: "housekeeping",
  severity: "error",
  title: "Terraform cannot read this file",
  description: "A syntax error, or a Terraform file that is not UTF-8 text. Terraform stops at it; cairn audits the rest of the repository.",
  peers: { tflint: ["terraform_syntax"] },
  scope: "repository",
  check(ctx) {
    for (const file of ctx.repo.workspace.terraform) {
      let index = 0;
      for (const diagnostic of file.hcl.diagnostics) {
        if (diagnostic.severity !== "error") continue;
        ctx.report({
          at: { file, start: diagnostic.start, end: diagnostic.end, anchor: `${diagnostic.message}#${index++}` },
          message: `Syntax error: ${diagnostic.message}.`,
        });
      }
    }
    for (const skipped of ctx.repo.workspace.skipped) {
      if (!TERRAFORM_PATH.test(skipped.file)) continue;
      ctx.report({ at: { path: skipped.file, anchor: skipped.reason }, message: `Terraform cannot read ${skipped.file}: it ${skipped.reason}.` });
    }
  },
});
