import { createRule } from "../../engine/rule.js";
import { backendGenerated } from "../support/idempotency-backends.js";
import { isRunRoot } from "../support/idempotency-roots.js";

export default createRule({
  id: "state/remote-backend",
  principle: "idempotency",
  severity: "error",
  title: "Root module keeps its state on a laptop",
  description:
    "A root module without a backend keeps terraform.tfstate on the disk of whoever ran apply: no sharing, no locking, no encryption, and secrets in plain text on a laptop.",
  peers: { tflint: ["terraform_standard_module_structure"] },
  scope: "module",
  roles: ["root"],
  check(ctx) {
    if (ctx.module.backend !== null) return;
    // Not run from here: directories with only variables or outputs, modules nobody in the repository
    // calls, wrappers and library components without provider configuration, snippets (mixins).
    if (!isRunRoot(ctx.module)) return;
    // terragrunt, atmos and similar tools write the backend at run time.
    if (backendGenerated(ctx, ctx.module)) return;
    const terraform = ctx.terraformBlocks()[0];
    const where = ctx.module.dir === "." ? "The root module" : `Root module ${ctx.module.dir}`;
    const message = `${where} has no backend, so its state is local: configure a remote backend (s3, gcs, azurerm, remote or cloud).`;
    if (terraform !== undefined) ctx.report({ at: terraform, message });
    else {
      const first = ctx.module.files[0];
      if (first !== undefined) ctx.report({ at: { file: first, start: 0, end: 0, anchor: `${ctx.module.dir}/backend` }, message });
    }
  },
});
