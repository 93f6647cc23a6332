import { createRule, type RepositoryContext } from "../../engine/rule.js";
import type { Attribute, Body, Expression, Node } from "../../hcl/ast.js";
import { childrenOf } from "../../hcl/walk.js";
import type { Module } from "../../model/model.js";
import type { TerraformFile } from "../../workspace/workspace.js";

/** AWS resource id prefixes, and what they name. */
const ID_KINDS: Record<string, string> = {
  ami: "AMI id",
  vpc: "VPC id",
  subnet: "subnet id",
  sg: "security group id",
  eipalloc: "Elastic IP allocation id",
  igw: "internet gateway id",
  nat: "NAT gateway id",
  rtb: "route table id",
  eni: "network interface id",
  i: "instance id",
  vol: "volume id",
  snap: "snapshot id",
  tgw: "transit gateway id",
  pcx: "VPC peering id",
  vpce: "VPC endpoint id",
  lt: "launch template id",
  fs: "EFS file system id",
};
const RESOURCE_ID = new RegExp(`(?<![A-Za-z0-9_-])(${Object.keys(ID_KINDS).join("|")})-([0-9a-f]{17}|[0-9a-f]{8})(?![A-Za-z0-9_-])`, "g");
/** An ARN with a 12-digit account: `arn:aws:acm:eu-west-1:123456789012:certificate/…`. */
const ACCOUNT_ARN = /\barn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:([a-z0-9-]+):[a-z0-9-]*:(\d{12}):([A-Za-z-]*)/g;
/** A private ECR registry: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app`. */
const ECR_REGISTRY = /\b(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/g;
/** A bare account id in an argument about accounts. */
const BARE_ACCOUNT = /^\d{12}$/;
const ACCOUNT_ARGUMENT = /account(_id|_ids)?$|^owner_id$|^source_account$/;

/** Arguments whose text is prose or labels, not a reference to a thing. */
const SKIPPED_ARGUMENTS = new Set(["description", "tags", "tags_all", "comment", "source", "version", "name", "name_prefix"]);
/** Data sources that build documents rather than look things up: their literals are written into resources. */
const BUILDER_DATA = new Set(["aws_iam_policy_document"]);

interface Hit {
  /** What was found, with its article: `the AMI id "ami-0abc…"` (resource ids are shown; account ids never). */
  kind: string;
  argument: string;
  start: number;
  end: number;
}

function literalTexts(expr: Expression): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const visit = (node: Node): void => {
    if (node.type === "TemplateLiteral") {
      out.push({ text: node.value, start: node.start, end: node.end });
      return;
    }
    // Object keys are names, not values.
    if (node.type === "ObjectItem") {
      visit(node.value);
      return;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(expr);
  return out;
}

/** How an ARN of a service is named in messages (with its article: "an SNS", "a KMS"). */
const SERVICE_NAMES: Record<string, string> = {
  acm: "a certificate ARN",
  kms: "a KMS key ARN",
  sns: "an SNS topic ARN",
  sqs: "an SQS queue ARN",
  ssm: "an SSM parameter ARN",
  secretsmanager: "a Secrets Manager ARN",
  lambda: "a Lambda ARN",
  logs: "a log group ARN",
  es: "an Elasticsearch ARN",
  ses: "an SES ARN",
  rds: "an RDS ARN",
  ecr: "an ECR ARN",
  ecs: "an ECS ARN",
  ec2: "an EC2 ARN",
  sts: "an STS ARN",
  dynamodb: "a DynamoDB ARN",
  elasticloadbalancing: "a load balancer ARN",
  events: "an EventBridge ARN",
  states: "a Step Functions ARN",
  cloudfront: "a CloudFront ARN",
  route53: "a Route 53 ARN",
};

function serviceName(service: string, resourceType: string): string {
  if (service === "iam") return resourceType === "root" ? "an account principal ARN" : "an IAM ARN";
  return SERVICE_NAMES[service] ?? `an ARN of ${service}`;
}

/**
 * Documentation placeholders: one repeated character (`000000000000`), four-digit groups
 * (`111122223333`, AWS's own example), or a run of consecutive digits or hex digits
 * (`123456789012`, `012345678901`, `ami-12345678`, `ami-0123456789abcdef0`, `i-1234567890abcdef0`).
 */
function isPlaceholder(value: string): boolean {
  if (/^(.)\1+$/.test(value)) return true;
  if (/^(.)\1{3}(.)\2{3}(.)\3{3}$/.test(value)) return true;
  if (value === "deadbeef" || "1234567890abcdef0".includes(value)) return true;
  return "0123456789abcdef0123456789abcdef".includes(value) || "0123456789012345678901234".includes(value);
}

function hitsIn(attribute: Attribute): Hit[] {
  const hits: Hit[] = [];
  if (SKIPPED_ARGUMENTS.has(attribute.name)) return hits;
  for (const part of literalTexts(attribute.expr)) {
    for (const m of part.text.matchAll(RESOURCE_ID)) {
      if (isPlaceholder(m[2] as string)) continue;
      const kind = ID_KINDS[m[1] as string] as string;
      hits.push({ kind: `the ${kind} "${m[0]}"`, argument: attribute.name, start: attribute.start, end: attribute.end });
    }
    for (const m of part.text.matchAll(ACCOUNT_ARN)) {
      if (isPlaceholder(m[2] as string)) continue;
      hits.push({ kind: `${serviceName(m[1] as string, m[3] as string)} with a literal account id`, argument: attribute.name, start: attribute.start, end: attribute.end });
    }
    for (const m of part.text.matchAll(ECR_REGISTRY)) {
      if (isPlaceholder(m[1] as string)) continue;
      hits.push({ kind: "an ECR registry with a literal account id", argument: attribute.name, start: attribute.start, end: attribute.end });
    }
    const bare = part.text.trim();
    if (ACCOUNT_ARGUMENT.test(attribute.name) && BARE_ACCOUNT.test(bare) && !isPlaceholder(bare)) {
      hits.push({ kind: "an account id", argument: attribute.name, start: attribute.start, end: attribute.end });
    }
  }
  return hits;
}

function hitsInBody(body: Body): Hit[] {
  const hits: Hit[] = [];
  for (const item of body.items) {
    if (item.type === "Attribute") hits.push(...hitsIn(item));
    else if (item.type === "Block") {
      // Provisioner connections and lifecycle settings are not infrastructure references.
      if (item.blockType === "lifecycle" || item.blockType === "connection") continue;
      hits.push(...hitsInBody(item.body));
    }
  }
  return hits;
}

function summarize(hits: readonly Hit[]): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const text = `${hit.kind} (${hit.argument})`;
    const key = text;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(text);
  }
  const shown = parts.slice(0, 3);
  const rest = parts.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

function report(ctx: RepositoryContext, file: TerraformFile, owner: string, hits: readonly Hit[], module: Module): void {
  const first = hits[0];
  if (first === undefined) return;
  const fix = module.role === "module" ? "take it as a variable" : "look it up with a data source or pass it in as a variable";
  ctx.report({
    at: { file, start: first.start, end: first.end, anchor: `${owner}/${first.argument}` },
    message: `${owner} hard-codes ${summarize(hits)}, which ties the code to one account and region; ${fix}.`,
  });
}

export default createRule({
  id: "config/hardcoded-ids",
  principle: "idempotency",
  severity: "warning",
  title: "Hard-coded AMI, network or account ids",
  description:
    "Literal AMI ids, VPC, subnet, security group and Elastic IP ids, and ARNs or ECR registries with an account id, written into resources, module calls and locals. The code then works in one account and region only, and breaks when that thing is replaced.",
  peers: {},
  scope: "repository",
  check(ctx) {
    for (const module of ctx.repo.modules) {
      if (module.role === "test") continue;
      for (const ref of module.blocks) {
        const body = ref.block.body;
        if (ref.kind === "resource" || (ref.kind === "data" && BUILDER_DATA.has(ref.type ?? ""))) {
          report(ctx, ref.file, ref.address, hitsInBody(body), module);
        } else if (ref.kind === "module") {
          report(ctx, ref.file, ref.address, hitsInBody(body), module);
        } else if (ref.kind === "locals") {
          for (const item of body.items) {
            if (item.type !== "Attribute" || !module.referenced.has(`local.${item.name}`)) continue;
            report(ctx, ref.file, `local.${item.name}`, hitsIn(item), module);
          }
        }
      }
    }
  },
});
