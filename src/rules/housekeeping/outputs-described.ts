import { createRule } from "../../engine/rule.js";
import { describedProblem } from "../support/housekeeping-descriptions.js";

export default createRule({
  id: "outputs/described",
  principle: "housekeeping",
  severity: "note",
  title: "Output without a description",
  description: "An output without a `description` (or with an empty one): whoever reads it from another module, a pipeline or a README has to guess what it holds.",
  peers: { tflint: ["terraform_documented_outputs"], kics: ["59312e8a-a64e-41e7-a252-618533dd1ea8"] },
  scope: "module",
  check(ctx) {
    for (const output of ctx.outputs()) {
      const problem = describedProblem(output);
      if (problem === null) continue;
      ctx.report({ at: output.attr("description") ?? output, message: `${output.address} ${problem}; say what it holds and who uses it.` });
    }
  },
});
