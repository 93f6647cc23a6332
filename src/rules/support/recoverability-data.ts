/**
 * What holds data, and what protects it: buckets that hold reproducible content (logs, build
 * artifacts, query results), and whether AWS Backup may cover a resource.
 */
import type { ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import type { Repository } from "../../model/model.js";
import { argumentsAt, BUCKET_SINKS, bucketName, type BucketSink } from "./buckets.js";
import { referencesIn, refersTo } from "./recoverability-model.js";
import { asList, asString } from "./values.js";

/** Words in a bucket's name, label or tags that say its content can be regenerated. */
const REPRODUCIBLE_WORDS: [RegExp, string][] = [
  [/(^|[-_. ])(logs?|logging|access[-_]?logs?|flow[-_]?logs?|[ae]lb[-_]?logs?|lb[-_]?logs?|cloudtrail|trails?|audit[-_]?logs?)([-_. ]|$)/i, "logs"],
  [/(^|[-_. ])(artifacts?|artefacts?|builds?|codepipeline|codebuild|deployments?|releases?|packages?|lambdas?|lambda[-_]?code|code|dist|cache|caches|tmp|temp|scratch|jobs?|work|spool)([-_. ]|$)/i, "build artifacts or temporary files"],
  [/(^|[-_. ])(athena|query[-_]?results?|results?|inventory|reports?|canary|canaries|synthetics|sitemaps?|exports?)([-_. ]|$)/i, "generated output"],
  [/(^|[-_. ])(frontend|static|website|www|spa)([-_. ]|$)/i, "static website content"],
];

/** Words that say a name is about data people create, whatever else it says (`web-uploads`, `db-backups`). */
const DATA_WORDS = /(^|[-_. ])(uploads?|attachments?|documents?|media|users?|backups?|data|files|images|photos|videos|submissions?|records|state|tfstate|assets?)([-_. ]|$)/i;

/** Why names (resource name, bucket or file system name, tag values) say the content can be regenerated, or null. */
export function reproducibleByName(resource: TopBlockView, names: (string | null)[]): string | null {
  const tags = resource.value("tags");
  const tagText = tags?.kind === "object" ? [...tags.entries.values()].map((v) => asString(v) ?? "").join(" ") : "";
  const texts = [...names.map((n) => n ?? ""), resource.name, tagText];
  if (texts.some((t) => DATA_WORDS.test(t))) return null;
  for (const text of texts) {
    for (const [pattern, what] of REPRODUCIBLE_WORDS) if (pattern.test(text)) return what;
  }
  return null;
}

/** Resource arguments that send logs (or other regenerable output) to a bucket. */
const LOG_TARGETS: readonly BucketSink[] = [
  ...BUCKET_SINKS,
  { type: "aws_athena_workgroup", path: ["configuration", "result_configuration", "output_location"], what: "Athena query results" },
  { type: "aws_lambda_function", path: ["s3_bucket"], what: "Lambda deployment packages" },
  { type: "aws_elastic_beanstalk_application_version", path: ["bucket"], what: "application bundles" },
  { type: "aws_s3_bucket_inventory", path: ["destination", "bucket", "bucket_arn"], what: "inventory reports" },
  { type: "aws_wafv2_web_acl_logging_configuration", path: ["log_destination_configs"], what: "WAF logs" },
  { type: "aws_networkfirewall_logging_configuration", path: ["logging_configuration", "log_destination_config", "log_destination"], what: "firewall logs" },
];

/**
 * Why a bucket's content can be regenerated (it receives logs, holds build artifacts or query
 * results, serves a static website built elsewhere), or null when it may hold data nobody can
 * recreate.
 */
export function reproducibleContent(ctx: ModuleContext, bucket: TopBlockView): string | null {
  const name = bucketName(bucket);
  const byName = reproducibleByName(bucket, [name]);
  if (byName !== null) return byName;
  const acl = asString(bucket.value("acl"));
  if (acl === "log-delivery-write") return "logs";
  if (bucket.blocks("website").length > 0) return "static website content";
  for (const other of ctx.resources()) {
    if (other.resourceType === "aws_s3_bucket_acl" && refersTo(ctx.module, other, bucket.address) && asString(other.value("acl")) === "log-delivery-write") return "logs";
    if (other.resourceType === "aws_s3_bucket_website_configuration" && refersTo(ctx.module, other, bucket.address)) return "static website content";
    for (const target of LOG_TARGETS) {
      if (other.resourceType !== target.type || other.address === bucket.address) continue;
      for (const arg of argumentsAt(other, target.path)) {
        if (refersTo(ctx.module, arg, bucket.address)) return target.what;
        const value = asString(arg.value());
        if (name !== null && value !== null && (value === name || value.includes(`:::${name}`) || value.startsWith(`s3://${name}`))) return target.what;
      }
    }
  }
  return null;
}

/**
 * Whether AWS Backup may cover a resource. A backup selection that lists the resource, selects by a
 * wildcard or by tags, or cannot be read statically counts as covering it; so does a module whose
 * source says it manages backups (its selections are not visible).
 */
export function mayBeBackedUp(ctx: ModuleContext, resource: TopBlockView, service: string): boolean {
  const info = backupInfo(ctx.repo);
  if (info.broad) return true;
  for (const selection of ctx.resources("aws_backup_selection")) {
    const listed = selection.attr("resources");
    if (listed === undefined) continue;
    const refs = referencesIn(ctx.module, { file: listed.file, start: listed.start, end: listed.end });
    if (refs.some((r) => r.address === resource.address)) return true;
    // Resources passed in (variables, locals, module outputs, data sources) may be this one.
    if (refs.some((r) => /^(var|local|module|data)\./.test(r.address))) return true;
    const items = asList(listed.value());
    if (items === null) {
      if (refs.length === 0) return true;
      continue;
    }
    for (const item of items) {
      const arn = asString(item);
      if (arn === null) continue;
      if (arn === "*" || arn.startsWith(`arn:aws:${service}:*`) || (arn.includes(`:${service}:`) && arn.endsWith("*"))) return true;
    }
  }
  return info.explicitElsewhere;
}

interface BackupInfo {
  /** Some selection (or a backup module) may select anything. */
  broad: boolean;
  /** Selections list resources by reference in other modules (a module's resource may be passed in). */
  explicitElsewhere: boolean;
}

const cache = new WeakMap<Repository, BackupInfo>();

function backupInfo(repo: Repository): BackupInfo {
  const cached = cache.get(repo);
  if (cached !== undefined) return cached;
  let broad = false;
  let explicitElsewhere = false;
  for (const module of repo.modules) {
    for (const call of module.moduleCalls) {
      if (/backup/i.test(call.source ?? "") && call.target === null) broad = true;
    }
    for (const ref of module.resources) {
      if (ref.type === "aws_organizations_policy") {
        const type = ref.block.body.items.find((i) => i.type === "Attribute" && i.name === "type");
        if (type !== undefined && /BACKUP_POLICY/.test(ref.file.text.slice(type.start, type.end))) broad = true;
      }
      if (ref.type !== "aws_backup_selection") continue;
      const body = ref.block.body.items;
      const hasTags = body.some((i) => i.type === "Block" && (i.blockType === "selection_tag" || i.blockType === "condition" || i.blockType === "dynamic"));
      const tagArgs = body.some((i) => i.type === "Attribute" && (i.name === "selection_tag" || i.name === "condition"));
      if (hasTags || tagArgs) broad = true;
      const resources = body.find((i) => i.type === "Attribute" && i.name === "resources");
      if (resources === undefined) continue;
      const text = ref.file.text.slice(resources.start, resources.end);
      // Resources passed in from elsewhere (variables, module outputs) may be anything.
      if (/\b(var|module|local|data)\./.test(text)) explicitElsewhere = true;
      if (/"\*"|:\*"/.test(text)) broad = true;
    }
  }
  const info = { broad, explicitElsewhere };
  cache.set(repo, info);
  return info;
}
