import type { Location } from "../../engine/rule.js";
import { createRule } from "../../engine/rule.js";
import type { BlockRef } from "../../model/model.js";
import type { TerraformFile } from "../../workspace/workspace.js";
import { isReusableModule } from "../support/housekeeping-modules.js";
import { describeLiterals, hardcodedInBlock, hardcodedInLocal, type HardcodedLiteral, type LiteralKind } from "../support/housekeeping-literals.js";

/** Kinds that say where or in which account the module runs; the rest (names, sizes, types) are advice. */
const PLACE_BOUND: ReadonlySet<LiteralKind> = new Set(["region", "zone", "ami", "account-arn", "resource-id", "cidr"]);

/** Inputs of a called module: names are the called module's business, and sizes and types are reported as for resources. */
const CALL_KINDS: ReadonlySet<LiteralKind> = new Set(["region", "zone", "ami", "account-arn", "resource-id", "cidr", "instance-type", "size"]);

export default createRule({
  id: "modules/hardcoded-values",
  principle: "housekeeping",
  severity: "warning",
  title: "Reusable module with hard-coded deployment values",
  description:
    "Regions, AMI ids, account-specific ARNs and resource ids, CIDR ranges, instance types, sizes and fixed names written into a reusable module, where a variable with a sensible default belongs.",
  peers: {},
  scope: "repository",
  check(ctx) {
    for (const module of ctx.repo.modules) {
      if (!isReusableModule(module)) continue;
      const report = (label: string, found: HardcodedLiteral[], file: TerraformFile, block: Location): void => {
        if (found.length === 0) return;
        const placeBound = found.some((f) => PLACE_BOUND.has(f.kind));
        const attributes = [...new Set(found.map((f) => f.attribute))];
        const first = attributes[0];
        // One value: point at the literal itself (it may sit deep inside a jsonencode()); one argument: at it; several: at the block.
        const only = found.length === 1 ? found[0]?.literal : undefined;
        const at: Location =
          attributes.length === 1 && first !== undefined
            ? { file, start: (only ?? first).start, end: (only ?? first).end, anchor: `${label}/hardcoded` }
            : block;
        const plural = found.length > 1;
        ctx.report({
          at,
          message: `${label} hard-codes ${describeLiterals(found)} in a reusable module; take ${plural ? "them" : "it"} from ${plural ? "variables" : "a variable"} with a sensible default.`,
          severity: placeBound ? "warning" : "note",
        });
      };
      // Fixed names are one problem of the whole module (it can exist once per account and region): one finding lists them.
      const named: { ref: BlockRef; literal: HardcodedLiteral }[] = [];
      for (const ref of module.resources) {
        const found = hardcodedInBlock(ref.block, ref.type ?? "");
        for (const literal of found) if (literal.kind === "name") named.push({ ref, literal });
        report(
          ref.address,
          found.filter((f) => f.kind !== "name"),
          ref.file,
          ctx.view(ref),
        );
      }
      const [firstNamed] = named;
      if (firstNamed !== undefined) {
        const shown = named.slice(0, 3).map((n) => `${n.ref.address} "${n.literal.shown}"`);
        const more = named.length > 3 ? `, and ${named.length - 3} more` : "";
        const attribute = firstNamed.literal.attribute;
        ctx.report({
          at: { file: firstNamed.ref.file, start: attribute.start, end: attribute.end, anchor: `${module.dir}/fixed-names` },
          message: `${module.dir === "." ? "The module" : `Module ${module.dir}`} gives ${named.length === 1 ? "a resource a fixed name" : `${named.length} resources fixed names`} (${shown.join(", ")}${more}), so it can be deployed only once per account and region; build names from a variable such as a name prefix.`,
          severity: "note",
        });
      }
      for (const call of module.moduleCalls) report(call.ref.address, hardcodedInBlock(call.ref.block, null, CALL_KINDS), call.ref.file, ctx.view(call.ref));
      for (const local of module.locals) {
        const file = local.block.file;
        report(`local.${local.name}`, hardcodedInLocal(local.attribute, local.name), file, { file, start: local.attribute.start, end: local.attribute.end, anchor: `local.${local.name}/hardcoded` });
      }
    }
  },
});
