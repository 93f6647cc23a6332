import { createRule } from "../../engine/rule.js";

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
    // A directory with only variables or outputs is not something anyone runs.
    if (ctx.module.resources.length === 0 && ctx.module.moduleCalls.length === 0) return;
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
