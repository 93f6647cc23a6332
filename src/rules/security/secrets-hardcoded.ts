import type { Attribute, Body, Expression } from "../../hcl/ast.js";
import { createRule, type RepositoryContext } from "../../engine/rule.js";
import { literalString } from "../../model/build.js";
import type { TerraformFile } from "../../workspace/workspace.js";
import { findSecretShapes, isPlaceholder, isSecretName } from "../support/secrets.js";
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";

/** Arguments that hold credentials whatever they are called. */
const CREDENTIAL_ARGUMENTS = new Set(["access_key", "secret_key", "token", "password", "master_password", "private_key"]);

function describe(name: string): string {
  return `"${name}"`;
}

/** Literal text of an expression: a plain string, or the literal parts of a template or heredoc. */
function literalTexts(expr: Expression): { text: string; start: number; end: number }[] {
  if (expr.type !== "Template") return [];
  return expr.parts.filter((p) => p.type === "TemplateLiteral").map((p) => ({ text: p.type === "TemplateLiteral" ? p.value : "", start: p.start, end: p.end }));
}

function checkBody(ctx: RepositoryContext, file: TerraformFile, body: Body, where: string, vars: boolean): void {
  for (const item of body.items) {
    if (item.type === "Block") {
      const label = item.labels.map((l) => l.value).join(".");
      if (item.blockType === "variable" && where === "") {
        checkVariable(ctx, file, item.body, label);
        continue;
      }
      let inner: string;
      if (where !== "") inner = `${where}.${item.blockType}`;
      else if (item.blockType === "resource") inner = label;
      else if (label === "") inner = item.blockType;
      else inner = `${item.blockType}.${label}`;
      checkBody(ctx, file, item.body, inner, false);
      continue;
    }
    if (item.type !== "Attribute") continue;
    checkAttribute(ctx, file, item, where, vars);
  }
}

function checkAttribute(ctx: RepositoryContext, file: TerraformFile, attribute: Attribute, where: string, vars: boolean): void {
  const literal = literalString(attribute.expr);
  const secretName = isSecretName(attribute.name) || (where.startsWith("provider") && CREDENTIAL_ARGUMENTS.has(attribute.name));
  if (secretName && literal !== null && !isPlaceholder(literal)) {
    const owner = vars ? `var.${attribute.name}` : where === "" ? attribute.name : `${where}.${attribute.name}`;
    if (where.startsWith("provider") && CREDENTIAL_ARGUMENTS.has(attribute.name)) {
      ctx.report({
        at: { file, start: attribute.start, end: attribute.end, anchor: owner },
        message: `${owner} is a literal credential in the code; deactivate the key, and let the provider use a role (assume_role, an instance profile, OIDC in CI) or the environment instead.`,
      });
      return;
    }
    const message = vars
      ? `${file.path} sets ${owner} to a literal secret; keep it out of the repository (a secret store, or TF_VAR_${attribute.name} at run time).`
      : `${owner} is a literal secret in the code; generate it (random_password) or read it from a secret store, and rotate the exposed value.`;
    ctx.report({ at: { file, start: attribute.start, end: attribute.end, anchor: `${owner}` }, message });
    return;
  }
  // Objects and maps: `environment = { DB_PASSWORD = "..." }`, `credentials = { token = "..." }`.
  if (attribute.expr.type === "Object") {
    for (const entry of attribute.expr.items) {
      const key = entry.key.type === "Variable" ? entry.key.name : literalString(entry.key);
      const value = literalString(entry.value);
      if (key !== null && value !== null && isSecretName(key) && !isPlaceholder(value)) {
        ctx.report({
          at: { file, start: entry.start, end: entry.end, anchor: `${where}.${attribute.name}.${key}` },
          message: `${where}.${attribute.name} holds a literal secret under ${describe(key)}; read it from a secret store instead.`,
        });
      }
    }
  }
  for (const part of literalTexts(attribute.expr)) {
    for (const shape of findSecretShapes(part.text)) {
      ctx.report({
        at: { file, start: part.start, end: part.end, anchor: `${where}.${attribute.name}:${shape.kind}` },
        message: `${where}.${attribute.name} contains ${shape.kind}; remove it from the code and rotate it.`,
      });
    }
  }
}

function checkVariable(ctx: RepositoryContext, file: TerraformFile, body: Body, name: string): void {
  const fallback = body.items.find((i): i is Attribute => i.type === "Attribute" && i.name === "default");
  if (fallback === undefined || !isSecretName(name)) return;
  const literal = literalString(fallback.expr);
  if (literal === null || isPlaceholder(literal)) return;
  ctx.report({
    at: { file, start: fallback.start, end: fallback.end, anchor: `var.${name}.default` },
    message: `var.${name} has a literal secret as its default; remove the default so the value must come from a secret store or TF_VAR_${name}.`,
  });
}

function yamlSecrets(ctx: RepositoryContext): void {
  for (const kind of ["compose", "ci", "yaml", "devcontainer", "localstack"] as const) {
    for (const file of ctx.files(kind)) {
      // Parse only YAML with a secret-looking key or value; most manifests have neither.
      const text = ctx.text(file) ?? "";
      if (!SECRET_KEY_LINE.test(text) && findSecretShapes(text).length === 0) continue;
      const visit = (node: YamlNode | null | undefined, key: string | null): void => {
        if (node === null || node === undefined) return;
        if (isMap(node)) {
          for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
            const k = isScalar(pair.key) ? String(pair.key.value) : null;
            visit(pair.value, k);
          }
        } else if (isSeq(node)) {
          for (const item of node.items as YamlNode[]) {
            // `- DB_PASSWORD=secret` in a compose environment list.
            if (isScalar(item) && typeof item.value === "string") {
              const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(item.value);
              if (m !== null && isSecretName(m[1] as string) && !isPlaceholder(m[2] as string) && item.range !== undefined && item.range !== null) {
                ctx.report({ at: { other: file, start: item.range[0], end: item.range[1], anchor: `${m[1]}` }, message: `${file.path} sets ${m[1]} to a literal secret; pass it from the environment or a secrets file that is not committed.`, severity: kind === "compose" ? "warning" : "error" });
                continue;
              }
            }
            visit(item, null);
          }
        } else if (isScalar(node) && typeof node.value === "string" && node.range !== undefined && node.range !== null) {
          const value = node.value;
          if (key !== null && isSecretName(key) && !isPlaceholder(value) && !/^\$\{?\{?/.test(value)) {
            ctx.report({ at: { other: file, start: node.range[0], end: node.range[1], anchor: key }, message: `${file.path} sets ${key} to a literal secret; pass it from the environment or a secret store.`, severity: kind === "compose" ? "warning" : "error" });
            return;
          }
          for (const shape of findSecretShapes(value)) {
            ctx.report({ at: { other: file, start: node.range[0], end: node.range[1], anchor: `${key ?? ""}:${shape.kind}` }, message: `${file.path} contains ${shape.kind}${key === null ? "" : ` in ${key}`}; remove it and rotate it.` });
          }
        }
      };
      for (const doc of ctx.yamlDocuments(file)) visit(doc.contents as YamlNode | null, null);
    }
  }
}

/** A line whose key or `NAME=` entry has a secret word in it (the name test proper comes after parsing). */
const SECRET_KEY_LINE = /^[\s-]*["']?[\w.-]*(pass|pwd|secret|token|key|credential|webhook|auth)[\w.-]*["']?\s*[:=]/im;

function textSecrets(ctx: RepositoryContext): void {
  for (const kind of ["script", "template", "dockerfile", "makefile", "devcontainer"] as const) {
    for (const file of ctx.files(kind)) {
      const text = ctx.text(file);
      if (text === null) continue;
      for (const shape of findSecretShapes(text)) {
        ctx.report({ at: { other: file, start: shape.start, end: shape.end, anchor: `${shape.kind}@${text.slice(0, shape.start).split("\n").length}` }, message: `${file.path} contains ${shape.kind}; remove it from the repository and rotate it.` });
      }
    }
  }
}

export default createRule({
  id: "secrets/hardcoded",
  principle: "security",
  severity: "error",
  title: "Secret written into the repository",
  description:
    "Literal passwords, keys, tokens, webhook URLs and private keys in .tf, .tfvars, variable defaults, user data, scripts and compose files, and provider access keys. The finding names the place, never the value.",
  peers: {
    checkov: ["CKV_AWS_41", "CKV_AWS_45", "CKV_AWS_46", "CKV_SECRET_2", "CKV_SECRET_6"],
    trivy: ["AVD-AWS-0029", "AVD-AWS-0129"],
    tflint: [],
    kics: ["487f4be7-3fd9-4506-a07a-eae252180c08"],
  },
  scope: "repository",
  check(ctx) {
    for (const file of ctx.repo.workspace.terraform) {
      if (file.kind === "lock" || file.kind === "tftest") continue;
      const vars = file.kind === "tfvars" || file.kind === "tfvars.json";
      checkBody(ctx, file, file.hcl.body, "", vars);
    }
    yamlSecrets(ctx);
    textSecrets(ctx);
  },
});
