import { createRule, type ModuleContext, type ReportInput } from "../../engine/rule.js";
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import type { Repository } from "../../model/model.js";
import { securityScope, type SecurityScope } from "../support/security-scope.js";
import { asBool, asString } from "../support/values.js";

type Severity = NonNullable<ReportInput["severity"]>;

const ebsDefaults = new WeakMap<Repository, boolean>();

/** Whether an aws_ebs_encryption_by_default that is enabled exists anywhere in the repository. */
function accountEncryptsEbs(ctx: ModuleContext): boolean {
  let cached = ebsDefaults.get(ctx.repo);
  if (cached === undefined) {
    cached = false;
    for (const module of ctx.repo.modules) {
      for (const ref of module.resources) {
        if (ref.type !== "aws_ebs_encryption_by_default") continue;
        const enabled = ctx.view(ref).value("enabled");
        if (enabled === undefined || asBool(enabled) === true) cached = true;
      }
    }
    ebsDefaults.set(ctx.repo, cached);
  }
  return cached;
}

/** Whether a value is set to something (not absent, null or ""). */
function isSet(attr: AttrView | undefined): boolean {
  if (attr === undefined) return false;
  const v = attr.value();
  return !(v.kind === "null" || (v.kind === "string" && v.value === ""));
}

/**
 * The state of an encryption flag: "on", "off" (false, or unset with a false default), "unknown",
 * or "library" (a reusable module's own default: the caller decides).
 */
function flag(scope: SecurityScope, top: TopBlockView, holder: BlockView, name: string, defaultOn = false): "on" | "off" | "unset" | "unknown" | "library" {
  const attr = holder.attr(name);
  if (attr === undefined) return defaultOn ? "on" : "unset";
  const v = attr.value();
  if (v.kind === "null") return defaultOn ? "on" : "unset";
  const b = asBool(v);
  if (b === null) return "unknown";
  if (b) return "on";
  return scope.isLibraryChoice(top, holder, attr) ? "library" : "off";
}

interface Problem {
  at: BlockView | AttrView;
  text: string;
}

/** Volumes of an instance-like resource that are not encrypted. */
function volumeProblems(scope: SecurityScope, resource: TopBlockView): Problem[] | null {
  const problems: Problem[] = [];
  const templateLike = resource.resourceType === "aws_launch_template";
  if (templateLike) {
    const mappings = resource.blocks("block_device_mappings");
    if (mappings.some((m) => m.dynamicUnknown)) return null;
    if (mappings.length === 0) {
      if (scope.absentByChoice(resource, "block_device_mappings")) return null;
      problems.push({ at: resource, text: "no block_device_mappings, so the root volume is encrypted only if the AMI's snapshot is" });
      return problems;
    }
    for (const mapping of mappings) {
      const device = asString(mapping.value("device_name")) ?? "a device";
      const [ebs] = mapping.blocks("ebs");
      if (ebs === undefined) continue;
      if (ebs.dynamicUnknown) return null;
      if (isSet(ebs.attr("snapshot_id")) || isSet(ebs.attr("kms_key_id"))) continue;
      const state = flag(scope, resource, ebs, "encrypted");
      if (state === "unknown" || state === "library") return null;
      if (state === "off") problems.push({ at: ebs.attr("encrypted") ?? ebs, text: `${device} has encrypted = false` });
      if (state === "unset") problems.push({ at: ebs, text: `${device} does not set encrypted = true` });
    }
    return problems;
  }
  const roots = resource.blocks("root_block_device");
  if (roots.some((r) => r.dynamicUnknown)) return null;
  const [root] = roots;
  if (root === undefined) {
    if (resource.blocks("launch_template").length > 0 || scope.absentByChoice(resource, "root_block_device")) return [];
    problems.push({ at: resource, text: "no root_block_device { encrypted = true }, so the root volume is encrypted only if the AMI's snapshot is" });
  } else if (!isSet(root.attr("kms_key_id"))) {
    const state = flag(scope, resource, root, "encrypted");
    if (state === "unknown" || state === "library") return null;
    if (state === "off") problems.push({ at: root.attr("encrypted") ?? root, text: "the root volume has encrypted = false" });
    if (state === "unset") problems.push({ at: root, text: "root_block_device does not set encrypted = true" });
  }
  for (const device of resource.blocks("ebs_block_device")) {
    if (device.dynamicUnknown) return null;
    if (isSet(device.attr("snapshot_id")) || isSet(device.attr("kms_key_id"))) continue;
    const state = flag(scope, resource, device, "encrypted");
    if (state === "unknown" || state === "library") return null;
    const name = asString(device.value("device_name")) ?? "an extra volume";
    if (state === "off" || state === "unset") problems.push({ at: device.attr("encrypted") ?? device, text: `${name} is not encrypted` });
  }
  return problems;
}

function checkEbs(scope: SecurityScope): void {
  if (accountEncryptsEbs(scope.ctx)) return;
  for (const volume of scope.resources("aws_ebs_volume")) {
    if (isSet(volume.attr("snapshot_id")) || isSet(volume.attr("kms_key_id"))) continue;
    const state = flag(scope, volume, volume, "encrypted");
    if (state !== "off" && state !== "unset") continue;
    scope.ctx.report({
      at: volume.attr("encrypted") ?? volume,
      message: `${volume.address} is not encrypted (${state === "off" ? "encrypted = false" : "encrypted is not set"}); set encrypted = true, or turn on aws_ebs_encryption_by_default for the account.`,
    });
  }
  for (const resource of scope.resources(["aws_instance", "aws_spot_instance_request", "aws_launch_template", "aws_launch_configuration"])) {
    const problems = volumeProblems(scope, resource);
    if (problems === null || problems.length === 0) continue;
    const at = problems.length === 1 ? (problems[0] as Problem).at : resource;
    scope.ctx.report({
      at,
      message: `${resource.address} leaves EBS volumes unencrypted: ${problems.map((p) => p.text).join("; ")}; set encrypted = true, or turn on aws_ebs_encryption_by_default for the account.`,
    });
  }
}

interface StoreCheck {
  types: readonly string[];
  /** The flag, and whether its unset value means encrypted. */
  flag: string;
  defaultOn?: (resource: TopBlockView) => boolean;
  /** The resource takes its encryption from elsewhere (a source database, a snapshot, a cluster), or is always encrypted. */
  inherits?: (resource: TopBlockView) => boolean;
  /** Nested block that holds the flag. */
  block?: string;
  severity: Severity;
  what: string;
  fix: string;
}

const STORES: readonly StoreCheck[] = [
  {
    types: ["aws_db_instance"],
    flag: "storage_encrypted",
    inherits: (r) =>
      isSet(r.attr("replicate_source_db")) ||
      isSet(r.attr("cluster_identifier")) ||
      /^aurora/.test(asString(r.value("engine")) ?? "") ||
      ((isSet(r.attr("snapshot_identifier")) || r.blocks("restore_to_point_in_time").length > 0 || r.blocks("s3_import").length > 0) && !r.has("storage_encrypted")),
    severity: "error",
    what: "the database's storage",
    fix: "set storage_encrypted = true (an existing database is encrypted by restoring an encrypted copy of a snapshot)",
  },
  {
    types: ["aws_rds_cluster"],
    flag: "storage_encrypted",
    // Aurora Serverless v1 clusters are always encrypted, whatever storage_encrypted says.
    inherits: (r) =>
      asString(r.value("engine_mode")) === "serverless" ||
      (["replication_source_identifier", "snapshot_identifier", "global_cluster_identifier", "source_region"].some((a) => isSet(r.attr(a))) && !r.has("storage_encrypted")),
    severity: "error",
    what: "the cluster's storage",
    fix: "set storage_encrypted = true (an existing cluster is encrypted by restoring an encrypted copy of a snapshot)",
  },
  {
    types: ["aws_docdb_cluster", "aws_neptune_cluster"],
    flag: "storage_encrypted",
    inherits: (r) => ["snapshot_identifier", "replication_source_identifier", "global_cluster_identifier"].some((a) => isSet(r.attr(a))) && !r.has("storage_encrypted"),
    severity: "error",
    what: "the cluster's storage",
    fix: "set storage_encrypted = true",
  },
  {
    types: ["aws_efs_file_system"],
    flag: "encrypted",
    severity: "error",
    what: "the file system",
    fix: "set encrypted = true (an existing file system has to be copied to a new, encrypted one)",
  },
  {
    types: ["aws_elasticache_replication_group"],
    flag: "at_rest_encryption_enabled",
    defaultOn: (r) => asString(r.value("engine")) === "valkey",
    inherits: (r) => isSet(r.attr("global_replication_group_id")),
    severity: "error",
    what: "the cache's data and backups",
    fix: "set at_rest_encryption_enabled = true (this replaces the replication group)",
  },
  {
    types: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
    flag: "enabled",
    block: "encrypt_at_rest",
    severity: "error",
    what: "the domain's indices",
    fix: "add encrypt_at_rest { enabled = true }",
  },
];

function checkStores(scope: SecurityScope): void {
  for (const check of STORES) {
    for (const resource of scope.resources(check.types)) {
      if (check.inherits?.(resource) === true) continue;
      let holder: BlockView = resource;
      if (check.block !== undefined) {
        const blocks = resource.blocks(check.block);
        if (blocks.some((b) => b.dynamicUnknown)) continue;
        const [first] = blocks;
        if (first !== undefined) holder = first;
        else if (scope.absentByChoice(resource, check.block)) continue;
      }
      if (check.types[0] !== "aws_opensearch_domain" && isSet(resource.attr("kms_key_id"))) continue;
      const state = flag(scope, resource, holder, check.flag, check.defaultOn?.(resource) ?? false);
      if (state !== "off" && state !== "unset") continue;
      const setting =
        holder === resource
          ? state === "off"
            ? `${check.flag} = false`
            : `${check.flag} is not set and defaults to false`
          : state === "off"
            ? `${check.block} { ${check.flag} = false }`
            : check.block !== undefined && resource.blocks(check.block).length === 0
              ? `there is no ${check.block} block`
              : `${check.block} does not set ${check.flag}`;
      scope.ctx.report({
        at: holder.attr(check.flag) ?? holder,
        severity: check.severity,
        message: `${resource.address} does not encrypt ${check.what} at rest (${setting}); ${check.fix}.`,
      });
    }
  }
  for (const cluster of scope.resources("aws_redshift_cluster")) {
    if (isSet(cluster.attr("kms_key_id"))) continue;
    if (flag(scope, cluster, cluster, "encrypted", true) !== "off") continue;
    scope.ctx.report({
      at: cluster.attr("encrypted") ?? cluster,
      severity: "error",
      message: `${cluster.address} turns encryption off (encrypted = false); set encrypted = true.`,
    });
  }
}

function checkMessaging(scope: SecurityScope): void {
  for (const topic of scope.resources("aws_sns_topic")) {
    const key = topic.attr("kms_master_key_id");
    if (key !== undefined && (isSet(key) || scope.isLibraryChoice(topic, topic, key))) continue;
    scope.ctx.report({
      at: key ?? topic,
      severity: "note",
      message: `${topic.address} stores messages unencrypted until they are delivered (no kms_master_key_id); set kms_master_key_id (alias/aws/sns, or a customer key when CloudWatch alarms or other AWS services publish to it).`,
    });
  }
  for (const queue of scope.resources("aws_sqs_queue")) {
    if (isSet(queue.attr("kms_master_key_id"))) continue;
    const state = flag(scope, queue, queue, "sqs_managed_sse_enabled", true);
    if (state !== "off") continue;
    scope.ctx.report({
      at: queue.attr("sqs_managed_sse_enabled") ?? queue,
      message: `${queue.address} turns server-side encryption off (sqs_managed_sse_enabled = false and no kms_master_key_id); remove the setting or set it to true.`,
    });
  }
}

export default createRule({
  id: "encryption/at-rest",
  principle: "security",
  severity: "warning",
  title: "Data stored unencrypted",
  description:
    "EBS volumes (standalone, instance and launch template disks), RDS and Aurora, DocumentDB, Neptune, EFS, ElastiCache, OpenSearch and Redshift without encryption at rest, SNS topics without a KMS key, and SQS queues with encryption turned off.",
  peers: {
    checkov: ["CKV_AWS_3", "CKV_AWS_8", "CKV_AWS_16", "CKV_AWS_96", "CKV_AWS_74", "CKV_AWS_44", "CKV_AWS_42", "CKV_AWS_29", "CKV_AWS_5", "CKV_AWS_64", "CKV_AWS_26", "CKV_AWS_27"],
    trivy: ["AVD-AWS-0026", "AVD-AWS-0008", "AVD-AWS-0131", "AVD-AWS-0080", "AVD-AWS-0079", "AVD-AWS-0021", "AVD-AWS-0076", "AVD-AWS-0037", "AVD-AWS-0045", "AVD-AWS-0048", "AVD-AWS-0095", "AVD-AWS-0096"],
    kics: [
      "cc997676-481b-4e93-aa81-d19f8c5e9b12",
      "1f624961-9a18-4387-91c8-3856e1974b6f",
      "08bd0760-8752-44e1-9779-7bb369b2b4e4",
      "3199c26c-7871-4cb3-99c2-10a59244ce7f",
      "656880aa-1388-488f-a6d4-8f73c23149b2",
      "1a690d1d-0ae7-49fa-b2db-b75ae0dd1d3e",
      "bc1f9009-84a0-490f-ae09-3e0ea6d74ad6",
      "98d59056-f745-4ef5-8613-32bca8d40b7e",
      "48207659-729f-4b5c-9402-f884257d794f",
      "76976de7-c7b1-4f64-a94f-90c1345914c2",
      "24e16922-4330-4e9d-be8a-caa90299466a",
      "cfdcabb0-fc06-427c-865b-c59f13e898ce",
      "28545147-2fc6-42d5-a1f9-cf226658e591",
      "6e8849c1-3aa7-40e3-9063-b85ee300f29f",
    ],
  },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    const scope = securityScope(ctx);
    if (scope === null) return;
    checkEbs(scope);
    checkStores(scope);
    checkMessaging(scope);
  },
});
