import { createRule } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import type { Node } from "../../hcl/ast.js";
import { childrenOf } from "../../hcl/walk.js";
import type { Module } from "../../model/model.js";
import { isSnakeCase, toSnakeCase, typeRepetition } from "../support/housekeeping-names.js";
import { referencesIn } from "../support/housekeeping-references.js";

/** What else a rename takes, by kind of block. */
const RENAME = {
  resource: " and add a moved block, so Terraform does not replace it",
  "module call": " and add a moved block, so Terraform does not replace what it creates",
  "data source": "",
  variable: ", in the callers and variable files that set it too",
  output: ", where it is read too",
} as const;

/**
 * Object keys set from the variable of the same name anywhere in the module (`{ portMappings =
 * var.portMappings }`): such variables mirror the field names of the API the module builds.
 */
function mirroredKeys(module: Module): Set<string> {
  const out = new Set<string>();
  const feeds = (value: Node, key: string): boolean => {
    const seen = new Set<string>();
    const walk = (node: Node): boolean =>
      referencesIn(node).some((r) => {
        if (r.address === `var.${key}`) return true;
        if (!r.address.startsWith("local.") || seen.has(r.address)) return false;
        seen.add(r.address);
        const local = module.localByName.get(r.address.slice("local.".length));
        return local !== undefined && walk(local.attribute.expr);
      });
    return walk(value);
  };
  const visit = (node: Node): void => {
    const key = node.type === "ObjectItem" && node.key.type === "Variable" ? node.key.name : node.type === "Attribute" ? node.name : null;
    if (key !== null && !isSnakeCase(key) && !out.has(key)) {
      const value = node.type === "ObjectItem" ? node.value : node.type === "Attribute" ? node.expr : null;
      if (value !== null && feeds(value, key)) out.add(key);
    }
    for (const child of childrenOf(node)) visit(child);
  };
  for (const file of module.files) visit(file.hcl);
  return out;
}

const mirroredCache = new WeakMap<Module, Set<string>>();

export default createRule({
  id: "naming/identifiers",
  principle: "housekeeping",
  severity: "warning",
  title: "Identifier not in snake_case, or label that repeats its type",
  description:
    "Resource, data source and module labels, variables and outputs that are not snake_case (hyphens, camelCase), and resource labels that repeat their own type (`aws_s3_bucket.s3_bucket`, `aws_eip.nat_eip`) instead of naming a purpose.",
  peers: { tflint: ["terraform_naming_convention"], kics: ["1e434b25-8763-4b00-a5ca-ca03b7abbb66"] },
  scope: "module",
  check(ctx) {
    const variables = new Set(ctx.module.variables.map((v) => v.name ?? ""));
    // Walking the whole module is only needed when a camelCase variable shows up.
    let mirrored: Set<string> | undefined;
    const isMirrored = (name: string): boolean => {
      mirrored ??= mirroredCache.get(ctx.module) ?? mirroredKeys(ctx.module);
      mirroredCache.set(ctx.module, mirrored);
      return mirrored.has(name);
    };
    const named = (block: TopBlockView, kind: keyof typeof RENAME): void => {
      const name = block.name;
      if (name === "" || isSnakeCase(name)) return;
      // A camelCase variable that feeds the API field of the same name (`portMappings = var.portMappings`) follows that API.
      if (kind === "variable" && !name.includes("-") && isMirrored(name)) return;
      const problem = /-/.test(name) ? "hyphens" : /[A-Z]/.test(name) ? "capitals" : "characters other than a-z, 0-9 and _";
      const repeat = kind === "resource" ? typeRepetition(block.resourceType, name) : null;
      const also = repeat === null ? "" : `, and it repeats its type (${repeat.word})`;
      ctx.report({ at: block, message: `${block.address} is not snake_case (${problem})${also}; rename it to ${toSnakeCase(name)}${RENAME[kind]}.` });
    };
    for (const resource of ctx.resources()) {
      if (!isSnakeCase(resource.name)) {
        named(resource, "resource");
        continue;
      }
      // A label that mirrors one of the module's variables (`ingress_rules`) follows the module's interface.
      if (variables.has(resource.name)) continue;
      const repeat = typeRepetition(resource.resourceType, resource.name);
      if (repeat === null) continue;
      const suggestion = repeat.rest === null ? "name it for its purpose (or `this` when it is the module's only one)" : `${resource.resourceType}.${repeat.rest} says the same`;
      const what = repeat.kind === "type" ? `repeats its type's word "${repeat.word}"` : `repeats its type as "${repeat.word}"`;
      ctx.report({ at: resource, severity: "note", message: `${resource.address} ${what} in its label; ${suggestion}.` });
    }
    for (const data of ctx.dataSources()) named(data, "data source");
    for (const call of ctx.moduleCalls()) named(call, "module call");
    for (const variable of ctx.variables()) named(variable, "variable");
    for (const output of ctx.outputs()) named(output, "output");
  },
});
