import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { createRule, type RepositoryContext } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { Resolver, ofType } from "../support/security-graph.js";
import { exists, securityInstance } from "../support/security-scope.js";
import { asString } from "../support/values.js";

/** Names that carry an AWS access key: env variables (also `TF_VAR_…` ones) and action inputs. */
const KEY_NAME = /(^|_)AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)$|^aws-(access-key-id|secret-access-key)$|^aws_(access_key_id|secret_access_key)$/i;
/** Commands that store a key for the AWS CLI. */
const KEY_COMMAND = /aws\s+configure\s+set\s+(aws_access_key_id|aws_secret_access_key)\b/;
/** Values used by local emulators and tests, not real keys. */
const DUMMY = /^(test|testing|dummy|fake|foo|foobar|bar|mock|local|localstack|minio\w*|none|null|x+|example|AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYEXAMPLEKEY)$/i;

const ADVICE: Record<string, string> = {
  github: "use OIDC instead (permissions id-token: write, and aws-actions/configure-aws-credentials with role-to-assume), then delete the keys",
  gitlab: "use GitLab's OIDC id_tokens with aws sts assume-role-with-web-identity instead, then delete the keys",
  circleci: "use CircleCI's OIDC token with the aws-cli orb's role_arn instead, then delete the keys",
  bitbucket: "use Bitbucket Pipelines' OIDC (oidc: true) with a role instead, then delete the keys",
};

function advice(file: OtherFile): string {
  return ADVICE[file.system ?? ""] ?? "let the CI system assume a role through OIDC instead, then delete the keys";
}

/** Where a CI file hands an AWS key to a job: the first place, and how many there are. */
function yamlKeys(ctx: RepositoryContext, file: OtherFile): { start: number; end: number; name: string; count: number } | null {
  const doc = ctx.yaml(file);
  if (doc === null) return null;
  let first: { start: number; end: number; name: string } | null = null;
  let count = 0;
  const visit = (node: YamlNode | null | undefined): void => {
    if (node === null || node === undefined) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : null;
        const value = pair.value;
        if (key !== null && KEY_NAME.test(key) && isScalar(value) && value.range !== undefined && value.range !== null) {
          const text = String(value.value ?? "").trim();
          if (text !== "" && !DUMMY.test(text.replace(/^["']|["']$/g, ""))) {
            count++;
            first ??= { start: value.range[0], end: value.range[1], name: key };
          }
          continue;
        }
        visit(value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items as YamlNode[]) {
        // `- AWS_ACCESS_KEY_ID=$KEY` in an environment list.
        if (isScalar(item) && typeof item.value === "string" && item.range !== undefined && item.range !== null) {
          const m = /^([A-Za-z_][A-Za-z0-9_-]*)=(.*)$/.exec(item.value);
          if (m !== null && KEY_NAME.test(m[1] as string) && (m[2] as string).trim() !== "" && !DUMMY.test((m[2] as string).trim())) {
            count++;
            first ??= { start: item.range[0], end: item.range[1], name: m[1] as string };
            continue;
          }
        }
        visit(item);
      }
    } else if (isScalar(node) && typeof node.value === "string" && node.range !== undefined && node.range !== null) {
      const m = KEY_COMMAND.exec(node.value);
      if (m !== null) {
        count++;
        first ??= { start: node.range[0], end: node.range[1], name: m[1] as string };
      }
    }
  };
  visit(doc.contents as YamlNode | null);
  const found = first as { start: number; end: number; name: string } | null;
  return found === null ? null : { ...found, count };
}

/** Jenkinsfiles and other text pipelines: AWS credential bindings and key variables. */
function textKeys(text: string): { start: number; end: number; name: string; count: number } | null {
  const pattern = /AmazonWebServicesCredentialsBinding|\b(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY)\s*=\s*credentials\(|aws\s+configure\s+set\s+aws_(access_key_id|secret_access_key)\b/g;
  const matches = [...text.matchAll(pattern)];
  const [first] = matches;
  if (first === undefined || first.index === undefined) return null;
  return { start: first.index, end: first.index + first[0].length, name: first[1] ?? first[0].split(/\s/)[0] ?? "AWS credentials", count: matches.length };
}

function checkCi(ctx: RepositoryContext): void {
  for (const file of ctx.files("ci")) {
    let found: ReturnType<typeof textKeys>;
    if (/\.ya?ml$/i.test(file.path)) found = yamlKeys(ctx, file);
    else {
      const text = ctx.text(file);
      found = text === null ? null : textKeys(text);
    }
    if (found === null) continue;
    const more = found.count > 1 ? `, in ${found.count} places` : "";
    // A pipeline that already signs in through OIDC and still hands a key on: the key is not for the
    // pipeline, but for what it deploys (a TF_VAR_ becomes a Terraform variable, often an app setting).
    const oidc = /\bid-token:\s*write\b|\brole-to-assume:|\bid_tokens:|\boidc:\s*true\b/.test(ctx.text(file) ?? "");
    const message = !oidc
      ? `${file.path} gives its jobs a static AWS access key (${found.name}${more}); ${advice(file)}.`
      : /^TF_VAR_/i.test(found.name)
        ? `${file.path} signs in through OIDC but still passes a static AWS access key to Terraform (${found.name}${more}), so a long-lived key ends up in what Terraform deploys; give that workload an IAM role (an instance profile or an ECS task role) instead, then delete the keys.`
        : `${file.path} signs in through OIDC but still gives its jobs a static AWS access key (${found.name}${more}); remove it and let the role do the work, then delete the keys.`;
    ctx.report({ at: { other: file, start: found.start, end: found.end, anchor: "aws-static-keys" }, message });
  }
}

function checkAccessKeys(ctx: RepositoryContext): void {
  const resolver = new Resolver(ctx.evaluator);
  for (const module of ctx.repo.modules) {
    const refs = module.resources.filter((r) => r.type === "aws_iam_access_key");
    if (refs.length === 0) continue;
    for (const instance of ctx.evaluator.instancesOf(module)) {
      const chosen = securityInstance({ module, instance, evaluator: ctx.evaluator });
      if (chosen === null) continue;
      for (const ref of refs) {
        const view = ctx.view(ref, chosen);
        // The finding is about the key existing: stay silent when that is unknown.
        if (!exists(view) || view.value("count")?.kind === "unknown" || view.value("for_each")?.kind === "unknown") continue;
        if (asString(view.value("status"))?.toLowerCase() === "inactive") continue;
        const [user] = ofType(resolver.attr(view.attr("user")), "aws_iam_user");
        const whose = user === undefined ? "" : ` for ${user.ref.address}`;
        const smtp = module.references.some((r) => r.address === ref.address && r.path[0] === "ses_smtp_password_v4");
        if (smtp) {
          ctx.report({
            at: view,
            severity: "note",
            message: `${ref.address} creates a long-lived access key${whose} to derive SES SMTP credentials, which cannot come from a role; keep it in a secret store, never in outputs, and rotate it on a schedule.`,
          });
          continue;
        }
        ctx.report({
          at: view,
          message: `${ref.address} creates a long-lived access key${whose}, whose secret also lands in the Terraform state; give the workload a role instead (an instance profile, IRSA or ECS task role, or OIDC for CI).`,
        });
      }
    }
  }
}

export default createRule({
  id: "secrets/long-lived-credentials",
  principle: "security",
  severity: "warning",
  title: "Long-lived AWS access keys",
  description:
    "aws_iam_access_key resources, and CI pipelines (GitHub Actions, GitLab CI, CircleCI, Bitbucket, Jenkins, …) that authenticate to AWS with stored access keys instead of assuming a role through OIDC.",
  peers: {},
  scope: "repository",
  check(ctx) {
    checkAccessKeys(ctx);
    checkCi(ctx);
  },
});
