import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { createRule } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { pipelines, yamlDocuments } from "../support/verification-ci.js";
import { hasTerraform } from "../support/verification-repository.js";

/** Settings that hand an access key id to the AWS CLI, SDKs or an action. */
const KEY_SETTING = /^(?:AWS_ACCESS_KEY_ID|aws-access-key-id|aws_access_key_id|access-key-id|access_key_id)$/i;
/** A value taken from the CI system's stored secrets or variables, not written in the file. */
const STORED = /\$\{\{\s*(?:secrets|vars|env)\.|^\$\{?[A-Za-z_]|^\$\(|credentials\(/;
/** Shell lines that configure a stored key. */
const SHELL_KEY = /(?:\bexport\s+AWS_ACCESS_KEY_ID=|\baws\s+configure\s+set\s+aws_access_key_id\s+)(\S+)/;

interface StoredKey {
  /** How the key reaches the pipeline: "secrets.AWS_ACCESS_KEY_ID". */
  source: string;
  start: number;
  end: number;
}

function sourceOf(value: string): string {
  const github = /\$\{\{\s*((?:secrets|vars|env)\.[\w-]+)\s*\}\}/.exec(value);
  if (github !== null) return github[1] as string;
  const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(value);
  if (variable !== null) return `$${variable[1]}`;
  return "a stored credential";
}

function findInYaml(node: YamlNode | null | undefined, out: StoredKey[]): void {
  if (node === null || node === undefined) return;
  if (isMap(node)) {
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const value = isScalar(pair.value) && typeof pair.value.value === "string" ? pair.value.value : null;
      if (KEY_SETTING.test(key) && value !== null && STORED.test(value.trim())) {
        const r = pair.value?.range ?? pair.key?.range;
        if (r !== undefined && r !== null) out.push({ source: sourceOf(value), start: r[0], end: r[1] });
        continue;
      }
      if (value !== null) {
        const shell = SHELL_KEY.exec(value);
        if (shell !== null && STORED.test(shell[1] as string)) {
          const r = pair.value?.range;
          if (r !== undefined && r !== null) out.push({ source: sourceOf(shell[1] as string), start: r[0], end: r[1] });
        }
      }
      findInYaml(pair.value, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items as YamlNode[]) {
      // `- AWS_ACCESS_KEY_ID=$KEY` in a list of variables.
      if (isScalar(item) && typeof item.value === "string") {
        const m = /^\s*(?:export\s+)?AWS_ACCESS_KEY_ID=(.+)$/.exec(item.value) ?? SHELL_KEY.exec(item.value);
        if (m !== null && STORED.test((m[1] as string).trim()) && item.range !== undefined && item.range !== null) {
          out.push({ source: sourceOf(m[1] as string), start: item.range[0], end: item.range[1] });
          continue;
        }
      }
      findInYaml(item, out);
    }
  }
}

/** Jenkins: the AWS credentials binding, `withAWS(credentials: …)`, or `AWS_ACCESS_KEY_ID = credentials('…')`. */
function findInJenkinsfile(text: string): StoredKey[] {
  const out: StoredKey[] = [];
  const pattern = /AmazonWebServicesCredentialsBinding|withAWS\s*\(\s*credentials\s*:|AWS_ACCESS_KEY_ID\s*=\s*credentials\(|aws\s+configure\s+set\s+aws_access_key_id/g;
  for (const m of text.matchAll(pattern)) {
    const before = text.slice(0, m.index);
    const line = before.slice(before.lastIndexOf("\n") + 1);
    if (/^\s*\/\//.test(line)) continue;
    out.push({ source: "a Jenkins credential", start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

function advice(file: OtherFile): string {
  switch (file.system) {
    case "github":
      return "use OIDC instead: aws-actions/configure-aws-credentials with role-to-assume and `permissions: id-token: write`, then delete the stored key";
    case "gitlab":
      return "use GitLab's OIDC id_tokens to assume a role (aws sts assume-role-with-web-identity), then delete the stored key";
    case "bitbucket":
      return "use Bitbucket's OIDC (`oidc: true` and a role to assume), then delete the stored key";
    case "circleci":
      return "use CircleCI's OIDC token to assume a role (the aws-cli orb's role_arn), then delete the stored key";
    default:
      return "use the CI system's OIDC support (or an instance role for self-hosted runners) to assume a role, then delete the stored key";
  }
}

export default createRule({
  id: "ci/oidc",
  principle: "verification",
  severity: "warning",
  title: "Terraform pipeline signs in with stored AWS keys",
  description:
    "A pipeline that runs the Terraform authenticates to AWS with an access key kept in the CI system's secrets, instead of assuming a role through OIDC with short-lived credentials.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (!hasTerraform(ctx.repo)) return;
    for (const pipeline of pipelines(ctx)) {
      if (!pipeline.terraform) continue;
      const file = pipeline.file;
      const found: StoredKey[] = [];
      if (/\.ya?ml$/i.test(file.path)) for (const doc of yamlDocuments(ctx, file)) findInYaml(doc.contents as YamlNode, found);
      else found.push(...findInJenkinsfile(ctx.text(file) ?? ""));
      const first = found[0];
      if (first === undefined) continue;
      ctx.report({
        at: { other: file, start: first.start, end: first.end, anchor: "stored-aws-key" },
        message: `The Terraform pipeline ${file.path} signs in to AWS with a long-lived access key (${first.source}); ${advice(file)}.`,
      });
    }
  },
});
