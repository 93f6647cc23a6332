import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { createRule, type ModuleContext, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView, BlockView } from "../../engine/views.js";
import type { Value } from "../../eval/value.js";
import { roleOf } from "../../model/build.js";
import { instanceContexts, isCallersChoice, isLibraryInstance, mayExist } from "../support/recoverability-model.js";
import { asList, asString } from "../support/values.js";

interface IdKind {
  /** What the id points at, for messages: `an Elastic IP allocation`. */
  what: string;
  pattern: RegExp;
}

/** Literal ids of objects that hold state or were made by hand, by the argument names that carry them. */
const ARGUMENTS: ReadonlyMap<string, IdKind> = new Map([
  ["snapshot_identifier", { what: "a database snapshot", pattern: /^(?!\$)[A-Za-z0-9:._/-]+$/ }],
  ["snapshot_id", { what: "an EBS snapshot", pattern: /^snap-[0-9a-f]{8,}$/ }],
  ["allocation_id", { what: "an Elastic IP allocation", pattern: /^eipalloc-[0-9a-f]{8,}$/ }],
  ["certificate_arn", { what: "a certificate", pattern: /^arn:aws[\w-]*:(acm|iam):[^:]*:\d{12}:(certificate|server-certificate)\// }],
  ["acm_certificate_arn", { what: "a certificate", pattern: /^arn:aws[\w-]*:acm:[^:]*:\d{12}:certificate\// }],
  ["ssl_certificate_id", { what: "a certificate", pattern: /^arn:aws[\w-]*:(acm|iam):[^:]*:\d{12}:(certificate|server-certificate)\// }],
  ["zone_id", { what: "a hosted zone", pattern: /^Z[A-Z0-9]{8,32}$/ }],
  ["hosted_zone_id", { what: "a hosted zone", pattern: /^Z[A-Z0-9]{8,32}$/ }],
  ["kms_key_id", { what: "a KMS key", pattern: /^(arn:aws[\w-]*:kms:[^:]*:\d{12}:key\/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ }],
  ["kms_key_arn", { what: "a KMS key", pattern: /^arn:aws[\w-]*:kms:[^:]*:\d{12}:key\// }],
  ["kms_master_key_id", { what: "a KMS key", pattern: /^(arn:aws[\w-]*:kms:[^:]*:\d{12}:key\/)?[0-9a-f]{8}-[0-9a-f]{4}-/ }],
  ["vpc_id", { what: "a VPC", pattern: /^vpc-[0-9a-f]{8,}$/ }],
  ["subnet_id", { what: "a subnet", pattern: /^subnet-[0-9a-f]{8,}$/ }],
  ["subnet_ids", { what: "a subnet", pattern: /^subnet-[0-9a-f]{8,}$/ }],
  ["vpc_security_group_ids", { what: "a security group", pattern: /^sg-[0-9a-f]{8,}$/ }],
  ["security_group_ids", { what: "a security group", pattern: /^sg-[0-9a-f]{8,}$/ }],
  ["security_groups", { what: "a security group", pattern: /^sg-[0-9a-f]{8,}$/ }],
  ["role_arn", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["execution_role_arn", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["task_role_arn", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["iam_role_arn", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["service_role", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["service_role_arn", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["role", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["secret_arn", { what: "a secret", pattern: /^arn:aws[\w-]*:secretsmanager:/ }],
]);

/** Blocks whose arguments name AWS-owned constants, not objects of an account (alias targets' canonical zones). */
const CONSTANT_BLOCKS = new Set(["alias", "assume_role", "assume_role_with_web_identity"]);

/** Roles AWS creates by itself when a service is first used, in every account. */
const AWS_CREATED_ROLE = /:role\/(aws-service-role\/|service-role\/AWS|AWSServiceRole|OrganizationAccountAccessRole|aws-reserved\/)/;

interface Names {
  roles: Set<string>;
  kmsAliases: Set<string>;
  snapshots: Set<string>;
}

function namesCreated(contexts: ModuleContext[]): Names {
  const names: Names = { roles: new Set(), kmsAliases: new Set(), snapshots: new Set() };
  for (const mctx of contexts) {
    for (const r of mctx.resources(["aws_iam_role", "aws_kms_alias", "aws_db_snapshot", "aws_db_cluster_snapshot", "aws_db_snapshot_copy"])) {
      const name = asString(r.value("name")) ?? asString(r.value("db_snapshot_identifier")) ?? asString(r.value("db_cluster_snapshot_identifier")) ?? asString(r.value("target_db_snapshot_identifier"));
      if (name === null) continue;
      if (r.resourceType === "aws_iam_role") names.roles.add(name);
      else if (r.resourceType === "aws_kms_alias") names.kmsAliases.add(name);
      else names.snapshots.add(name);
    }
  }
  return names;
}

/** Whether a value is written in the code (a literal, a local, a module argument, a default), not configured in a variables file. */
function writtenInCode(value: Value): boolean {
  return !(value.origins ?? []).some((o) => / set in /.test(o.label));
}

function external(kind: IdKind, text: string, names: Names): boolean {
  if (!kind.pattern.test(text)) return false;
  if (kind.what === "an IAM role") {
    if (AWS_CREATED_ROLE.test(text)) return false;
    return !names.roles.has(text.slice(text.lastIndexOf("/") + 1));
  }
  if (kind.what === "a database snapshot") {
    const id = text.startsWith("arn:") ? text.slice(text.lastIndexOf(":") + 1) : text;
    return !names.snapshots.has(id) && !names.snapshots.has(text);
  }
  return true;
}

function advice(what: string): string {
  switch (what) {
    case "a database snapshot":
      return "in a new account or region, or once the snapshot is deleted, the database cannot be rebuilt (and changing the value replaces it); document the snapshot as an input of the restore, or look it up with a data source";
    case "an IAM role":
      return "a new account has no such role; create the role here, or look it up by name";
    default:
      return `a new account or region has no such ${what.replace(/^an? /, "")}; create it here, or look it up (by name or tag) with a data source`;
  }
}

function checkArguments(mctx: ModuleContext, view: BlockView, owner: string, names: Names, seen: Set<string>): void {
  for (const attr of view.attrs()) {
    const kind = ARGUMENTS.get(attr.name);
    if (kind === undefined) continue;
    checkValue(mctx, attr, owner, kind, names, seen);
  }
  for (const block of view.blocks()) {
    if (CONSTANT_BLOCKS.has(block.type) || block.dynamicUnknown) continue;
    checkArguments(mctx, block, owner, names, seen);
  }
}

function checkValue(mctx: ModuleContext, attr: AttrView, owner: string, kind: IdKind, names: Names, seen: Set<string>): void {
  const value = attr.value();
  if (isCallersChoice(mctx, value) || !writtenInCode(value)) return;
  const items = value.kind === "list" ? asList(value) ?? [] : [value];
  for (const item of items) {
    const text = asString(item);
    if (text === null || !external(kind, text, names)) continue;
    // One finding per id: the same literal passed into a module is reported where it is first written.
    if (seen.has(text)) return;
    seen.add(text);
    mctx.report({
      at: attr,
      message: `${owner} ${attr.name} is the id of ${kind.what} ("${text}") that this repository does not create: ${advice(kind.what)}.`,
      value: item.origins === undefined ? value : item,
    });
    return;
  }
}

const ANNOTATIONS: ReadonlyMap<string, IdKind> = new Map([
  ["eks.amazonaws.com/role-arn", { what: "an IAM role", pattern: /^arn:aws[\w-]*:iam::\d{12}:role\// }],
  ["service.beta.kubernetes.io/aws-load-balancer-ssl-cert", { what: "a certificate", pattern: /^arn:aws[\w-]*:(acm|iam):[^:]*:\d{12}:/ }],
  ["alb.ingress.kubernetes.io/certificate-arn", { what: "a certificate", pattern: /^arn:aws[\w-]*:(acm|iam):[^:]*:\d{12}:/ }],
]);

/** Kubernetes annotations that name AWS objects by ARN (IRSA roles, load balancer certificates). */
function checkManifests(ctx: RepositoryContext, names: Names, seen: Set<string>): void {
  for (const file of ctx.files("yaml")) {
    const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
    if (roleOf(dir) === "test") continue;
    const text = ctx.text(file);
    if (text === null || !/eks\.amazonaws\.com\/role-arn|aws-load-balancer-ssl-cert|certificate-arn/.test(text) || /\{\{/.test(text)) continue;
    for (const doc of ctx.yamlDocuments(file)) {
      const visit = (node: YamlNode | null | undefined): void => {
        if (isMap(node)) {
          for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
            const key = isScalar(pair.key) ? String(pair.key.value) : "";
            const kind = ANNOTATIONS.get(key);
            const value = pair.value;
            if (kind !== undefined && isScalar(value) && typeof value.value === "string" && value.range !== undefined && value.range !== null) {
              const arn = value.value.split(",")[0]?.trim() ?? "";
              if (external(kind, arn, names) && !seen.has(arn)) {
                seen.add(arn);
                ctx.report({
                  at: { other: file, start: value.range[0], end: value.range[1], anchor: `${key}:${arn}` },
                  message: `${file.path} names ${kind.what} by ARN ("${arn}") in ${key}, and no Terraform here creates it: ${advice(kind.what)}.`,
                });
              }
            }
            visit(value);
          }
        } else if (isSeq(node)) {
          for (const item of node.items as YamlNode[]) visit(item);
        }
      };
      visit(doc.contents as YamlNode | null);
    }
  }
}

export default createRule({
  id: "recoverability/external-dependencies",
  principle: "recoverability",
  severity: "warning",
  title: "Depends on something this repository does not create",
  description:
    "Hard-coded ids of snapshots, Elastic IPs, certificates, hosted zones, KMS keys, IAM roles, VPCs, subnets and security groups that no code here creates: after a rebuild in a new account or region they do not exist.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const contexts = instanceContexts(ctx).filter((m) => m.module.role !== "test" && !isLibraryInstance(m));
    const names = namesCreated(contexts);
    const seen = new Set<string>();
    for (const mctx of contexts) {
      for (const resource of mctx.resources()) {
        if (!mayExist(mctx, resource)) continue;
        checkArguments(mctx, resource, resource.address, names, seen);
      }
      for (const call of mctx.moduleCalls()) checkArguments(mctx, call, call.address, names, seen);
    }
    checkManifests(ctx, names, seen);
  },
});
