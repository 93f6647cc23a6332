import { createRule } from "../../engine/rule.js";
import { describedProblem } from "../support/housekeeping-descriptions.js";

export default createRule({
  id: "variables/described",
  principle: "housekeeping",
  severity: "note",
  title: "Variable without a description",
  description: "A variable without a `description` (or with an empty one): callers, `terraform plan` prompts and generated READMEs have nothing to say about it.",
  peers: { tflint: ["terraform_documented_variables"], kics: ["2a153952-2544-4687-bcc9-cc8fea814a9b"] },
  scope: "module",
  check(ctx) {
    for (const variable of ctx.variables()) {
      const problem = describedProblem(variable);
      if (problem === null) continue;
      ctx.report({ at: variable.attr("description") ?? variable, message: `${variable.address} ${problem}; say what it is for and what values it accepts.` });
    }
  },
});
