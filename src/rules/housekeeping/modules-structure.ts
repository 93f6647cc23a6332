import type { EvidenceInput, Location } from "../../engine/rule.js";
import { createRule } from "../../engine/rule.js";
import type { Block } from "../../hcl/ast.js";
import type { BlockRef, Module } from "../../model/model.js";
import { fileNamed, isReusableModule } from "../support/housekeeping-modules.js";

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A provider block with nothing but `alias` (or nothing) is a legacy proxy declaration, not a configuration. */
function isProxy(block: Block): boolean {
  return block.body.items.every((item) => item.type === "Attribute" && item.name === "alias");
}

function hasRequiredProviders(module: Module): boolean {
  return module.terraformBlocks.some((t) => t.block.body.items.some((item) => item.type === "Block" && item.blockType === "required_providers"));
}

/** Where the declarations of a kind live, when not in their standard file. */
function declaredIn(refs: BlockRef[]): string[] {
  return [...new Set(refs.map((r) => baseName(r.file.path)))].sort();
}

export default createRule({
  id: "modules/structure",
  principle: "housekeeping",
  severity: "note",
  title: "Reusable module without the standard structure",
  description:
    "A reusable module without main.tf, variables.tf, outputs.tf, versions.tf (or required_providers) and README.md, or one that configures providers or a backend, which belong to root modules.",
  peers: { tflint: ["terraform_standard_module_structure"] },
  scope: "repository",
  check(ctx) {
    const readmeDirs = new Set(ctx.files("readme").map((f) => f.dir));
    for (const module of ctx.repo.modules) {
      if (!isReusableModule(module)) continue;
      const missing: string[] = [];
      const notes: string[] = [];
      if (fileNamed(module, "main.tf") === undefined && fileNamed(module, "main.tf.json") === undefined) missing.push("main.tf");
      for (const [name, refs, kind] of [
        ["variables.tf", module.variables, "variables"],
        ["outputs.tf", module.outputs, "outputs"],
      ] as const) {
        if (fileNamed(module, name) !== undefined || fileNamed(module, `${name}.json`) !== undefined) continue;
        // A module without variables (or outputs) needs no file for them.
        const where = declaredIn(refs);
        if (where.length > 0) missing.push(`${name} (its ${kind} are in ${list(where)})`);
      }
      // A module that only calls other modules uses no provider itself.
      const usesProviders = module.resources.length > 0 || module.data.length > 0 || module.providers.length > 0;
      if (usesProviders && fileNamed(module, "versions.tf") === undefined && fileNamed(module, "versions.tf.json") === undefined && !hasRequiredProviders(module)) {
        missing.push("versions.tf (no required_providers anywhere)");
      }
      if (!readmeDirs.has(module.dir)) missing.push("README.md");
      for (const name of ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]) {
        const file = fileNamed(module, name);
        if (file !== undefined && file.text.trim() === "") notes.push(`${name} is empty`);
      }
      const providers = module.providers.filter((p) => !isProxy(p.block));
      const misplaced: string[] = [];
      if (providers.length > 0) {
        const names = [...new Set(providers.map((p) => `provider "${p.type ?? p.block.labels[0]?.value ?? "?"}"`))];
        misplaced.push(`configures ${list(names)}`);
      }
      if (module.backend !== null) misplaced.push(`configures backend "${module.backend.type}"`);
      if (missing.length === 0 && notes.length === 0 && misplaced.length === 0) continue;

      const name = module.dir === "." ? "The root module" : `Module ${module.dir}`;
      const parts: string[] = [];
      if (misplaced.length > 0) parts.push(`${list(misplaced)}, which only a root module should do`);
      if (missing.length > 0) parts.push(`lacks ${list(missing)}`);
      const message =
        parts.length === 0 ? `${name} is a reusable module, but ${list(notes)}.` : `${name} ${parts.join("; ")}${notes.length > 0 ? ` (${list(notes)})` : ""}.`;

      const evidence: EvidenceInput[] = [];
      const callers = module.callers.slice(0, 2);
      for (const call of callers) evidence.push({ message: `called by module.${call.name} in ${call.ref.file.path}`, at: { file: call.ref.file, start: call.ref.block.start, end: call.ref.block.start } });
      const first = providers[0];
      let at: Location;
      if (first !== undefined) at = ctx.view(first);
      else if (module.backend !== null) at = ctx.view(module.backend.ref);
      else {
        const file = fileNamed(module, "main.tf") ?? module.files[0];
        if (file === undefined) continue;
        at = { file, start: 0, end: 0, anchor: `${module.dir}/structure` };
      }
      ctx.report({ at, message, evidence, severity: misplaced.length > 0 ? "warning" : "note" });
    }
  },
});
