/**
 * Literal values written into a module's code that tie it to one deployment: regions, AMI ids,
 * account-specific ARNs and resource ids, CIDR ranges, instance types, sizes and fixed names.
 * Everything here reads the syntax tree, not evaluated values: the question is what the module's own
 * code spells out, whatever its callers pass.
 */
import type { Attribute, Block, Body, Expression, Node, Template } from "../../hcl/ast.js";
import { walk } from "../../hcl/walk.js";

export type LiteralKind = "region" | "zone" | "ami" | "account-arn" | "resource-id" | "cidr" | "instance-type" | "size" | "name";

export interface HardcodedLiteral {
  kind: LiteralKind;
  /** The argument path inside the block: `ingress.cidr_blocks`, `container_definitions`. */
  path: string;
  /** The attribute that holds it (for pointing at it). */
  attribute: Attribute;
  /** What to show: the value, shortened, or a description when the value should not be printed. */
  shown: string;
  /** The literal string's own range, when the value is a whole literal (inside a longer expression, say). */
  literal?: { start: number; end: number };
}

const REGION = "(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-|iso-|isob-)?(?:north|south|east|west|central|northeast|southeast|southwest|northwest)-\\d";
const REGION_WHOLE = new RegExp(`^${REGION}[a-z]?$`);
const REGION_IN_TEXT = new RegExp(`(?<![\\w-])${REGION}(?![\\w-])`);
const AMI = /(?<![\w-])ami-(?:[0-9a-f]{8}|[0-9a-f]{17})(?![\w-])/;
const ACCOUNT_ARN = /arn:aws[\w-]*:[\w-]+:[\w-]*:\d{12}:/;
const RESOURCE_ID = /(?<![\w-])(vpc|subnet|sg|igw|rtb|nat|eipalloc|eni|vol|snap|acl|pcx|tgw|tgw-attach|vpce|lt|i)-(?:[0-9a-f]{8}|[0-9a-f]{17})(?![\w-])/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6_CIDR = /^[0-9a-f:]+::?[0-9a-f:]*\/\d{1,3}$/i;
const INSTANCE_TYPE = /^(db\.|cache\.)?[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)$/;

/**
 * CIDRs that mean the same everywhere: the whole internet, the private and special-purpose ranges as
 * a whole, the instance metadata service and the VPC resolver.
 */
const CONSTANT_CIDRS = new Set([
  "0.0.0.0/0",
  "::/0",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "127.0.0.1/32",
  "169.254.0.0/16",
  "169.254.169.254/32",
  "169.254.169.253/32",
  "169.254.170.2/32",
  "224.0.0.0/4",
  "fc00::/7",
  "fd00::/8",
  "fe80::/10",
]);

const INSTANCE_TYPE_ARGUMENTS = new Set(["instance_type", "instance_class", "node_type", "instance_types", "db_instance_class", "instance_class_type"]);

/** Storage sizes, and counts of machines (where 0 and 1 are often a design choice: "a single bastion"). */
const SIZE_ARGUMENTS = new Map<string, { minimum: number }>([
  ["allocated_storage", { minimum: 0 }],
  ["max_allocated_storage", { minimum: 0 }],
  ["volume_size", { minimum: 0 }],
  ["storage_capacity", { minimum: 0 }],
  ["min_size", { minimum: 2 }],
  ["max_size", { minimum: 2 }],
  ["desired_size", { minimum: 2 }],
  ["desired_capacity", { minimum: 2 }],
  ["desired_count", { minimum: 2 }],
  ["num_cache_nodes", { minimum: 2 }],
  ["num_cache_clusters", { minimum: 2 }],
  ["number_of_nodes", { minimum: 2 }],
  ["instance_count", { minimum: 2 }],
]);

/** Resource types whose name must be unique in an account or region, and the argument holding it. */
const UNIQUE_NAMES: ReadonlyMap<string, string> = new Map([
  ["aws_lb", "name"],
  ["aws_alb", "name"],
  ["aws_elb", "name"],
  ["aws_lb_target_group", "name"],
  ["aws_alb_target_group", "name"],
  ["aws_security_group", "name"],
  ["aws_iam_role", "name"],
  ["aws_iam_policy", "name"],
  ["aws_iam_user", "name"],
  ["aws_iam_group", "name"],
  ["aws_iam_instance_profile", "name"],
  ["aws_ecs_cluster", "name"],
  ["aws_ecs_task_definition", "family"],
  ["aws_db_instance", "identifier"],
  ["aws_rds_cluster", "cluster_identifier"],
  ["aws_db_subnet_group", "name"],
  ["aws_db_parameter_group", "name"],
  ["aws_elasticache_subnet_group", "name"],
  ["aws_elasticache_cluster", "cluster_id"],
  ["aws_elasticache_replication_group", "replication_group_id"],
  ["aws_s3_bucket", "bucket"],
  ["aws_ecr_repository", "name"],
  ["aws_dynamodb_table", "name"],
  ["aws_sqs_queue", "name"],
  ["aws_sns_topic", "name"],
  ["aws_cloudwatch_log_group", "name"],
  ["aws_secretsmanager_secret", "name"],
  ["aws_ssm_parameter", "name"],
  ["aws_kms_alias", "name"],
  ["aws_autoscaling_group", "name"],
  ["aws_launch_template", "name"],
  ["aws_key_pair", "key_name"],
  ["aws_eks_cluster", "name"],
  ["aws_eks_node_group", "node_group_name"],
  ["aws_lambda_function", "function_name"],
  ["aws_codebuild_project", "name"],
  ["aws_cognito_user_pool", "name"],
]);

/** Arguments whose text is prose or labels, not configuration. */
const PROSE_ARGUMENTS = new Set(["description", "tags", "tags_all", "comment", "name_prefix", "alarm_description"]);

/** Arguments of a module call that are not inputs. */
const META_ARGUMENTS = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);

function isConstantCidr(cidr: string): boolean {
  return CONSTANT_CIDRS.has(cidr.toLowerCase());
}

function validIpv4Cidr(m: RegExpExecArray): boolean {
  return m.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(m[5]) <= 32;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The text of a template when it is nothing but literal text, else null. */
function wholeLiteral(template: Template): string | null {
  if (template.parts.length === 0) return "";
  if (template.parts.every((p) => p.type === "TemplateLiteral")) return template.parts.map((p) => (p.type === "TemplateLiteral" ? p.value : "")).join("");
  return null;
}

/** Literal values of one argument: whole literal strings, and the literal text of templates and heredocs. */
function literalsOf(attribute: Attribute, path: string, kinds: ReadonlySet<LiteralKind>, out: HardcodedLiteral[]): void {
  const seen = new Set<string>();
  const add = (kind: LiteralKind, shown: string, literal?: { start: number; end: number }): void => {
    if (!kinds.has(kind) || seen.has(`${kind}|${shown}`)) return;
    seen.add(`${kind}|${shown}`);
    out.push(literal === undefined ? { kind, path, attribute, shown } : { kind, path, attribute, shown, literal });
  };
  walk(attribute.expr, (node: Node, parent: Node | null) => {
    // Object keys name things; they are not values.
    if (parent?.type === "ObjectItem" && parent.key === node) return false;
    if (node.type !== "Template") return;
    const whole = wholeLiteral(node);
    if (whole !== null) {
      const value = whole.trim();
      const at = { start: node.start, end: node.end };
      if (REGION_WHOLE.test(value)) add(/\d$/.test(value) ? "region" : "zone", value, at);
      const cidr = IPV4_CIDR.exec(value);
      if ((cidr !== null && validIpv4Cidr(cidr)) || (IPV6_CIDR.test(value) && value.includes(":"))) {
        if (!isConstantCidr(value)) add("cidr", value, at);
      }
    }
    for (const part of node.parts) {
      if (part.type !== "TemplateLiteral") continue;
      const text = part.value;
      const ami = AMI.exec(text);
      if (ami !== null) add("ami", ami[0]);
      if (ACCOUNT_ARN.test(text)) add("account-arn", "an ARN of one AWS account");
      const id = RESOURCE_ID.exec(text);
      if (id !== null && ami === null) add("resource-id", id[0]);
      // Regions inside longer text: scripts and documents (heredocs), where `--region eu-west-1` hides.
      if (node.kind === "heredoc") {
        const region = REGION_IN_TEXT.exec(text);
        if (region !== null) add("region", region[0]);
        // The ECS agent's cluster must match the cluster's name, which the module should own.
        const cluster = /^\s*(?:echo\s+)?["']?ECS_CLUSTER=([A-Za-z0-9_-]+)["']?(?:\s*>>?[^\n$]*)?(?=\r?\n)/m.exec(text);
        if (cluster?.[1] !== undefined) add("name", `ECS_CLUSTER=${cluster[1]}`);
      }
    }
    return;
  });
}

function numberOf(expr: Expression): number | null {
  if (expr.type === "Literal" && typeof expr.value === "number") return expr.value;
  if (expr.type === "Template") {
    const text = wholeLiteral(expr);
    if (text !== null && /^\d+$/.test(text.trim())) return Number(text);
  }
  return null;
}

function stringOf(expr: Expression): string | null {
  return expr.type === "Template" && expr.kind === "quoted" ? wholeLiteral(expr) : null;
}

const ALL_KINDS: ReadonlySet<LiteralKind> = new Set(["region", "zone", "ami", "account-arn", "resource-id", "cidr", "instance-type", "size", "name"]);

/** Hard-coded values in the arguments (nested blocks included) of a resource or a module call. */
export function hardcodedInBlock(block: Block, resourceType: string | null, kinds: ReadonlySet<LiteralKind> = ALL_KINDS): HardcodedLiteral[] {
  const out: HardcodedLiteral[] = [];
  const nameArgument = resourceType === null ? null : (UNIQUE_NAMES.get(resourceType) ?? null);
  const visit = (body: Body, prefix: string, top: boolean): void => {
    for (const item of body.items) {
      if (item.type === "Block") {
        // `lifecycle` and provisioners' connection details are not deployment values of the module.
        if (top && (item.blockType === "lifecycle" || item.blockType === "connection")) continue;
        const name = item.blockType === "dynamic" ? (item.labels[0]?.value ?? "dynamic") : item.blockType === "content" ? "" : item.blockType;
        visit(item.body, name === "" ? prefix : `${prefix}${name}.`, false);
        continue;
      }
      if (item.type !== "Attribute") continue;
      if (PROSE_ARGUMENTS.has(item.name)) continue;
      if (resourceType === null && top && META_ARGUMENTS.has(item.name)) continue;
      const path = `${prefix}${item.name}`;
      literalsOf(item, path, kinds, out);
      if (kinds.has("instance-type") && INSTANCE_TYPE_ARGUMENTS.has(item.name)) {
        const values: string[] = [];
        walk(item.expr, (node: Node) => {
          if (node.type === "Template") {
            const text = wholeLiteral(node);
            if (text !== null && INSTANCE_TYPE.test(text)) values.push(text);
            return false;
          }
          return;
        });
        for (const value of values.slice(0, 1)) out.push({ kind: "instance-type", path, attribute: item, shown: value });
      }
      const size = SIZE_ARGUMENTS.get(item.name);
      if (kinds.has("size") && size !== undefined) {
        const n = numberOf(item.expr);
        if (n !== null && n >= size.minimum && !(size.minimum === 0 && n === 0)) out.push({ kind: "size", path, attribute: item, shown: String(n) });
      }
      if (kinds.has("name") && top && nameArgument === item.name) {
        const text = stringOf(item.expr);
        // Names that copy AWS's own naming (`AmazonEKS_CNI_IPv6_Policy`) are deliberate account-wide singletons.
        if (text !== null && text.trim() !== "" && !/^(Amazon|AWS)/.test(text)) out.push({ kind: "name", path, attribute: item, shown: shorten(text) });
      }
    }
  };
  visit(block.body, "", true);
  return out;
}

/** Hard-coded values in a `locals` entry: only the kinds that tie code to one place or account. */
export function hardcodedInLocal(attribute: Attribute, name: string): HardcodedLiteral[] {
  const out: HardcodedLiteral[] = [];
  literalsOf(attribute, `local.${name}`, new Set<LiteralKind>(["region", "zone", "ami", "account-arn", "resource-id", "cidr"]), out);
  return out;
}

const PHRASES: Record<LiteralKind, (values: string[]) => string> = {
  region: (v) => `the region ${v.join(", ")}`,
  zone: (v) => `the availability zone${v.length > 1 ? "s" : ""} ${v.join(", ")}`,
  ami: (v) => `the AMI ${v.join(", ")}`,
  "account-arn": () => "an ARN of one AWS account",
  "resource-id": (v) => `the resource id${v.length > 1 ? "s" : ""} ${v.join(", ")}`,
  cidr: (v) => `the CIDR${v.length > 1 ? "s" : ""} ${v.join(", ")}`,
  "instance-type": (v) => `the instance type${v.length > 1 ? "s" : ""} ${v.join(", ")}`,
  size: (v) => `the size${v.length > 1 ? "s" : ""} ${v.join(", ")}`,
  name: (v) => `the fixed name${v.length > 1 ? "s" : ""} ${v.map((x) => `"${x}"`).join(", ")}`,
};

/** "the region eu-west-1 (provider_region), the AMI ami-1234abcd (ami) and 2 more". */
export function describeLiterals(found: HardcodedLiteral[]): string {
  const groups = new Map<LiteralKind, { values: string[]; paths: string[] }>();
  for (const item of found) {
    const group = groups.get(item.kind) ?? { values: [], paths: [] };
    if (!group.values.includes(item.shown)) group.values.push(item.shown);
    if (!group.paths.includes(item.path)) group.paths.push(item.path);
    groups.set(item.kind, group);
  }
  const phrases = [...groups].map(([kind, g]) => {
    const values = g.values.length > 2 ? [...g.values.slice(0, 2), "…"] : g.values;
    const paths = g.paths.length > 2 ? [...g.paths.slice(0, 2), "…"] : g.paths;
    return `${PHRASES[kind](values)} (${paths.join(", ")})`;
  });
  if (phrases.length <= 1) return phrases.join("");
  const shown = phrases.length > 3 ? [...phrases.slice(0, 3), `${phrases.length - 3} more`] : phrases;
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}
