import { createRule } from "../../engine/rule.js";
import { isRunRoot, rootName } from "../support/idempotency-roots.js";

export default createRule({
  id: "versions/terraform",
  principle: "idempotency",
  severity: "warning",
  title: "Root module without required_version",
  description:
    "A root module whose terraform block has no required_version, so any Terraform release runs it, and a newer one can upgrade the state format for everyone.",
  peers: { tflint: ["terraform_required_version"] },
  scope: "module",
  roles: ["root", "example"],
  check(ctx) {
    const module = ctx.module;
    if (module.role === "example") {
      if (module.resources.length === 0 && module.moduleCalls.length === 0) return;
    } else if (!isRunRoot(module)) return;
    const terraform = ctx.terraformBlocks();
    if (terraform.some((block) => block.has("required_version"))) return;
    const example = module.role === "example";
    const name = example ? `Example ${module.dir}` : rootName(module);
    const message = `${name} has no required_version, so it runs with whatever Terraform is installed; add required_version = ">= 1.x, < 2.0" to its terraform block.`;
    const severity = example ? "note" : undefined;
    const first = terraform[0];
    if (first !== undefined) {
      ctx.report(severity === undefined ? { at: first, message } : { at: first, message, severity });
      return;
    }
    const file = module.files.find((f) => /(^|\/)(versions|terraform|main)\.tf$/.test(f.path)) ?? module.files[0];
    if (file === undefined) return;
    const at = { file, start: 0, end: 0, anchor: `${module.dir}/required_version` };
    ctx.report(severity === undefined ? { at, message } : { at, message, severity });
  },
});
