import { createRule } from "../../engine/rule.js";
import type { Value } from "../../eval/value.js";

export default createRule({
  id: "variables/typed",
  principle: "housekeeping",
  severity: "warning",
  title: "Variable without a type",
  description: "A variable without `type`: Terraform then accepts any value, and a wrong one fails late, far from where it was set.",
  peers: { tflint: ["terraform_typed_variables"], kics: ["fc5109bf-01fd-49fb-8bde-4492b543c34a"] },
  scope: "module",
  check(ctx) {
    for (const variable of ctx.variables()) {
      if (variable.has("type")) continue;
      const fallback = variable.attr("default");
      const suggested = fallback === undefined ? null : typeOf(fallback.value());
      const hint = suggested === null ? "add a type (string, number, bool, list(string), map(string), object({...}))" : `add type = ${suggested}, which its default suggests`;
      ctx.report({ at: variable, message: `${variable.address} has no type; ${hint}.` });
    }
  },
});

/** The type a literal default suggests, when it is plain enough to say. */
function typeOf(v: Value): string | null {
  switch (v.kind) {
    case "string":
      // Old code writes booleans and numbers as strings ("true", "3"); suggest what they mean.
      if (v.value === "true" || v.value === "false") return "bool";
      return v.kind;
    case "number":
    case "bool":
      return v.kind;
    case "list": {
      const inner = common(v.items);
      return inner === null ? null : `list(${inner})`;
    }
    case "object": {
      const inner = common([...v.entries.values()]);
      return inner === null ? null : `map(${inner})`;
    }
    default:
      return null;
  }
}

function common(items: readonly Value[]): string | null {
  const kinds = new Set(items.map((i) => i.kind));
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  return kind === "string" || kind === "number" || kind === "bool" ? kind : null;
}
