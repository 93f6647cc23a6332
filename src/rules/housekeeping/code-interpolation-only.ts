import { createRule } from "../../engine/rule.js";
import type { Expression, Node, Template } from "../../hcl/ast.js";
import { walk } from "../../hcl/walk.js";
import type { TerraformFile } from "../../workspace/workspace.js";

/** Expressions that bind tighter than any operator: putting them in place of the template needs no parentheses. */
const PRIMARY = new Set<Expression["type"]>(["Variable", "GetAttr", "Index", "Splat", "FunctionCall", "Parens", "Tuple", "Object", "Literal", "Template"]);

interface Wrapped {
  template: Template;
  inner: Expression;
  /** The template is an object key, where a bare traversal would read as a literal name. */
  objectKey: boolean;
  /** The template is the whole value of an argument or object item. */
  whole: boolean;
}

/**
 * Quoted templates whose only part is one interpolation: `"${var.x}"`. HCL returns the inner value
 * unchanged for such a template (no conversion to string), so replacing it with the inner expression
 * does not change what Terraform sees.
 */
export function interpolationOnly(file: TerraformFile): Wrapped[] {
  const out: Wrapped[] = [];
  walk(file.hcl, (node: Node, parent: Node | null) => {
    if (node.type !== "Template" || node.kind !== "quoted" || node.parts.length !== 1) return;
    const part = node.parts[0];
    if (part?.type !== "TemplateInterpolation") return;
    const objectKey = parent?.type === "ObjectItem" && parent.key === node;
    const whole = parent?.type === "Attribute" || (parent?.type === "ObjectItem" && parent.value === node);
    out.push({ template: node, inner: part.expr, objectKey, whole });
    // A template inside the interpolation is reported on its own when it is one too.
  });
  return out;
}

export default createRule({
  id: "code/interpolation-only",
  principle: "housekeeping",
  severity: "note",
  title: "Interpolation-only string",
  description:
    'A string that holds nothing but one interpolation, "${var.x}", is Terraform 0.11 syntax; since 0.12 the expression is written directly: var.x. cairn fixes it safely.',
  peers: { tflint: ["terraform_deprecated_interpolation"] },
  fix: "safe",
  scope: "repository",
  check(ctx) {
    for (const module of ctx.repo.modules) {
      // Test fixtures are often deliberately old or odd syntax.
      if (module.role === "test") continue;
      // In .tf.json files every expression is a string template: "${...}" is the only way to write one.
      for (const file of module.files) {
        if (file.kind !== "tf") continue;
        const seen = new Map<string, number>();
        for (const found of interpolationOnly(file)) {
          const source = file.text.slice(found.inner.start, found.inner.end).trim();
          if (source === "" || found.inner.type === "InvalidExpr") continue;
          const needsParens = found.objectKey || (!found.whole && !PRIMARY.has(found.inner.type));
          const text = needsParens ? `(${source})` : source;
          const flat = source.replace(/\s+/g, " ");
          const long = flat.length > 60;
          const shown = long ? `${flat.slice(0, 57)}...` : flat;
          // Identical strings in one file are told apart by their order, so that none is taken for a duplicate.
          const nth = seen.get(source) ?? 0;
          seen.set(source, nth + 1);
          ctx.report({
            at: { file, start: found.template.start, end: found.template.end, anchor: `${source}#${nth}` },
            message: long
              ? `"\${${shown}}" wraps a single expression in a string; write the expression without the quotes and \${ }.`
              : `"\${${shown}}" wraps a single expression in a string; write ${needsParens ? `(${shown})` : shown} instead.`,
            fix: {
              tier: "safe",
              description: long ? "Write the expression without the quotes and ${ }." : `Replace "\${${shown}}" with ${text}.`,
              edits: [{ file: file.path, start: found.template.start, end: found.template.end, text }],
            },
          });
        }
      }
    }
  },
});
