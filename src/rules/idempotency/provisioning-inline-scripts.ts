import { createRule, type RepositoryContext } from "../../engine/rule.js";
import type { Attribute, Body, Expression, Template } from "../../hcl/ast.js";
import { childrenOf } from "../../hcl/walk.js";
import type { TerraformFile } from "../../workspace/workspace.js";

/** A script longer than this many non-blank lines belongs in its own file. */
const DEFAULT_MAX_LINES = 15;

/** Argument names that hold scripts: user data, provisioner commands, startup scripts. */
const SCRIPT_ARGUMENT = /^(user_?data(_base64)?|custom_data|metadata_startup_script|startup_script|command|inline|script|scripts|bootstrap(_script)?|init_script|cloud_?init|boot_script|userdata_script)$/i;

interface Found {
  template: Template;
  lines: number;
  kind: "shell script" | "cloud-init document";
}

function nonBlankLines(text: string): number {
  return text.split("\n").filter((l) => l.trim() !== "").length;
}

function textOf(template: Template): string {
  return template.parts.map((p) => (p.type === "TemplateLiteral" ? p.value : "${…}")).join("");
}

/** Heredocs inside an expression (also inside base64encode(), lists and conditionals). */
function heredocs(expr: Expression): Template[] {
  const out: Template[] = [];
  const visit = (node: Expression): void => {
    if (node.type === "Template" && node.kind === "heredoc") {
      out.push(node);
      return;
    }
    for (const child of childrenOf(node)) visit(child as Expression);
  };
  visit(expr);
  return out;
}

function classify(name: string, template: Template): Found["kind"] | null {
  const text = textOf(template).trimStart();
  if (text.startsWith("#!")) return "shell script";
  if (!SCRIPT_ARGUMENT.test(name)) return null;
  if (text.startsWith("{") || text.startsWith("[") || text.startsWith("<")) return null;
  if (text.startsWith("#cloud-config")) return "cloud-init document";
  return "shell script";
}

function checkAttribute(ctx: RepositoryContext, file: TerraformFile, attribute: Attribute, owner: string, max: number): void {
  // `inline = ["cmd", "cmd", …]`: a script written as a list of commands.
  if (attribute.name === "inline" && attribute.expr.type === "Tuple" && attribute.expr.items.length > max) {
    const count = attribute.expr.items.length;
    ctx.report({
      at: { file, start: attribute.start, end: attribute.end, anchor: `${owner}.inline` },
      message: `${owner} inline is a ${count}-command script written inside ${file.path}; move it to a script file (scripts/x.sh) and run that, so shellcheck and editors can read it.`,
      severity: "note",
    });
    return;
  }
  for (const template of heredocs(attribute.expr)) {
    const kind = classify(attribute.name, template);
    if (kind === null) continue;
    const lines = nonBlankLines(textOf(template));
    if (lines <= max) continue;
    const stem = (owner.split(" ")[0] ?? "").split(".").pop()?.replace(/[^A-Za-z0-9_-]/g, "") || "script";
    const subject = owner === `local.${attribute.name}` ? owner : `${owner} ${attribute.name}`;
    const target = kind === "shell script" ? `scripts/${stem}.sh.tftpl` : `templates/${stem}.yaml.tftpl`;
    ctx.report({
      at: { file, start: template.start, end: template.end, anchor: `${owner}.${attribute.name}` },
      message: `${subject} is a ${lines}-line ${kind} written inside ${file.path}; move it to ${target} and render it with templatefile("\${path.module}/${target}", { ... }), where shellcheck and editors can read it.`,
    });
    return;
  }
}

function walk(ctx: RepositoryContext, file: TerraformFile, body: Body, owner: string, max: number): void {
  for (const item of body.items) {
    if (item.type === "Attribute") {
      if (owner !== "") checkAttribute(ctx, file, item, owner, max);
      continue;
    }
    if (item.type !== "Block") continue;
    const labels = item.labels.map((l) => l.value);
    if (owner === "" && item.blockType === "locals") {
      for (const entry of item.body.items) if (entry.type === "Attribute") checkAttribute(ctx, file, entry, `local.${entry.name}`, max);
      continue;
    }
    let inner: string;
    if (owner !== "") inner = item.blockType === "provisioner" ? `${owner} provisioner "${labels[0] ?? ""}"` : owner;
    else if (item.blockType === "resource") inner = labels.join(".");
    else if (item.blockType === "data") inner = `data.${labels.join(".")}`;
    else if (item.blockType === "module") inner = `module.${labels[0] ?? ""}`;
    else inner = [item.blockType, ...labels].join(".");
    walk(ctx, file, item.body, inner, max);
  }
}

export default createRule({
  id: "provisioning/inline-scripts",
  principle: "idempotency",
  severity: "warning",
  title: "Long shell script written inside a .tf file",
  description:
    "A heredoc of more than 15 non-blank lines of shell (user data, provisioner commands, startup scripts) inside a .tf file, where no shell linter or editor support reaches it. The limit is the rule option maxLines.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const option = Number(ctx.options.maxLines);
    const max = Number.isInteger(option) && option > 0 ? option : DEFAULT_MAX_LINES;
    for (const module of ctx.repo.modules) {
      // Examples and test fixtures are scaffolding, not what the repository deploys.
      if (module.role === "test" || module.role === "example") continue;
      for (const file of module.files) {
        if (file.kind !== "tf") continue;
        walk(ctx, file, file.hcl.body, "", max);
      }
    }
  },
});
