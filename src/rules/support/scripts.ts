import type { Expression, TemplatePart } from "../../hcl/ast.js";
import { rootDir } from "../../eval/evaluator.js";
import type { Location, ModuleContext } from "../../engine/rule.js";
import type { AttrView } from "../../engine/views.js";
import { traversalOf } from "../../model/traversal.js";
import { asString } from "./values.js";

/** The text of a script (user data, a provisioner command, a templated file) as far as it is known. */
export interface ScriptText {
  /** The script, with `${…}` in place of interpolations whose values are not literal. */
  text: string;
  /** Where to point a finding: the argument for inline scripts, the file for templates. */
  at: Location;
  /** POSIX path of the file holding the text. */
  path: string;
  /** True when the text is written inside the .tf file (a heredoc or string). */
  inline: boolean;
  /** Offset of `text[0]` in the file, when the text is a contiguous part of it (templates read whole). */
  offset: number | null;
}

function templateText(parts: TemplatePart[]): string {
  let out = "";
  for (const part of parts) {
    switch (part.type) {
      case "TemplateLiteral":
        out += part.value;
        break;
      case "TemplateInterpolation":
        out += "${…}";
        break;
      case "TemplateIf":
        out += templateText(part.then) + templateText(part.else ?? []);
        break;
      case "TemplateFor":
        out += templateText(part.body);
        break;
    }
  }
  return out;
}

const WRAPPERS = new Set(["base64encode", "base64gzip", "trimspace", "chomp", "indent", "replace", "join", "format", "textencodebase64"]);

/**
 * The script an argument holds: a heredoc or string, a templatefile()/file() it reads (wrapped in
 * base64encode() or not), a local that holds one, or the `template` of a template_file data source.
 * Null when it cannot be found statically.
 */
export function scriptOf(ctx: ModuleContext, attr: AttrView, depth = 0): ScriptText | null {
  return scriptOfExpression(ctx, attr.expr, attr, attr.file.path, depth);
}

function scriptOfExpression(ctx: ModuleContext, expr: Expression, attr: AttrView, path: string, depth: number): ScriptText | null {
  if (depth > 4) return null;
  if (expr.type === "Template") {
    const first = expr.parts[0];
    const offset = expr.parts.length === 1 && first?.type === "TemplateLiteral" && expr.kind === "heredoc" && !expr.heredoc?.flush ? first.start : null;
    return { text: templateText(expr.parts), at: attr, path, inline: true, offset };
  }
  if (expr.type === "Parens") return scriptOfExpression(ctx, expr.expr, attr, path, depth);
  if (expr.type === "FunctionCall") {
    if (expr.name === "templatefile" || expr.name === "file") {
      const arg = expr.args[0];
      if (arg === undefined) return null;
      const relative = asString(ctx.evaluator.evaluate(arg, attr.scope));
      if (relative === null) return null;
      const root = rootDir(ctx.instance);
      const text = ctx.evaluator.readModuleFile(root, relative);
      if (text === null) return null;
      const resolved = normalizeJoin(root, relative);
      const other = ctx.repo.other.find((f) => f.path === resolved);
      return { text, at: other !== undefined ? { other, start: 0, end: 0, anchor: resolved } : attr, path: other?.path ?? attr.file.path, inline: false, offset: other !== undefined ? 0 : null };
    }
    if (WRAPPERS.has(expr.name)) {
      for (const arg of expr.args) {
        const found = scriptOfExpression(ctx, arg, attr, path, depth + 1);
        if (found !== null) return found;
      }
    }
    return null;
  }
  const t = traversalOf(expr);
  if (t === null) return null;
  const first = t.steps[0];
  if (t.root === "local" && first?.kind === "attr") {
    const local = ctx.module.localByName.get(first.name);
    if (local === undefined) return null;
    return scriptOfExpression(ctx, local.attribute.expr, attr, path, depth + 1);
  }
  const second = t.steps[1];
  if (t.root === "data" && first?.kind === "attr" && second?.kind === "attr" && first.name === "template_file") {
    const ref = ctx.module.byAddress.get(`data.template_file.${second.name}`);
    const template = ref === undefined ? undefined : ctx.view(ref, ctx.instance).attr("template");
    return template === undefined ? null : scriptOf(ctx, template, depth + 1);
  }
  return null;
}

function normalizeJoin(dir: string, path: string): string {
  const out: string[] = [];
  for (const part of `${dir === "." ? "" : `${dir}/`}${path}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** The arguments that hold boot scripts, by resource type. */
export const USER_DATA_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ["aws_instance", ["user_data", "user_data_base64"]],
  ["aws_launch_template", ["user_data"]],
  ["aws_launch_configuration", ["user_data", "user_data_base64"]],
  ["aws_spot_instance_request", ["user_data"]],
]);
