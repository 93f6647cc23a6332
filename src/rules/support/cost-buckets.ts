/**
 * What an S3 bucket is for, as far as the code says: logs, build artifacts or backups, from its name,
 * label and tags, or from the resources that send logs or artifacts to it.
 */
import type { ModuleContext } from "../../engine/rule.js";
import type { AttrView, TopBlockView } from "../../engine/views.js";
import type { Value } from "../../eval/value.js";
import type { Module } from "../../model/model.js";
import { argumentsAt, BUCKET_SINKS, bucketName, type BucketSink } from "./buckets.js";
import { asList, asString } from "./values.js";

/**
 * Words in a bucket's name, label or tags that say what it holds. Not "snapshots": a snapshot
 * repository (Elasticsearch, OpenSearch) is managed by its engine, and expiring objects under it breaks
 * it. Not "build" alone: `frontend-build` is often the site itself.
 */
const PURPOSES: [RegExp, string][] = [
  [/(^|[-_. /])(logs?|logging|access[-_]?logs?|flow[-_]?logs?|[ae]?lb[-_]?logs?|cloudtrail|trails?|audit[-_]?logs?)([-_. /]|$)/i, "logs"],
  [/(^|[-_. /])(artifacts?|artefacts?|builds|codepipeline|codebuild)([-_. /]|$)/i, "build artifacts"],
  [/(^|[-_. /])(backups?)([-_. /]|$)/i, "backups"],
];

/** Names of buckets whose objects must be kept: Terraform state. */
const KEEP = /(^|[-_. ])(tf[-_]?state|terraform[-_]?state|state)([-_. ]|$)/i;

/** Tags that describe a bucket's content (the Name tag and the like). */
const DESCRIBING_TAGS = /^(name|purpose|type|usage|role|content|contents|data|class|description)$/i;

/** Resource arguments that send logs or artifacts to a bucket. */
const SINKS: readonly BucketSink[] = [
  ...BUCKET_SINKS,
  { type: "aws_globalaccelerator_accelerator", path: ["attributes", "flow_logs_s3_bucket"], what: "flow logs" },
  { type: "aws_msk_cluster", path: ["logging_info", "broker_logs", "s3", "bucket"], what: "Kafka broker logs" },
];

/** Whether an argument's expression refers to an address (`aws_s3_bucket.logs.id`). */
export function refersTo(module: Module, attr: AttrView, address: string): boolean {
  return module.references.some((r) => r.file === attr.file && r.node.start >= attr.start && r.node.end <= attr.end && r.address === address);
}

/** Whether a known argument value names the bucket (its name, an ARN or an s3:// URL of it). */
function namesBucket(value: Value, name: string): boolean {
  const values = asList(value) ?? [];
  return values.some((v) => {
    const s = asString(v);
    return s !== null && (s === name || s === `arn:aws:s3:::${name}` || s.startsWith(`arn:aws:s3:::${name}/`) || s === `s3://${name}` || s.startsWith(`s3://${name}/`));
  });
}

export interface Purpose {
  what: string;
  /** How cairn knows: "its name", "aws_lb.web sends load balancer access logs to it". */
  because: string;
  /** The value the purpose was read from, when it was a name (for the caller's-choice test). */
  value?: Value;
}

/** What a bucket holds, or null when nothing says it holds logs, artifacts or backups (or it holds Terraform state). */
export function bucketPurpose(ctx: ModuleContext, bucket: TopBlockView): Purpose | null {
  const name = bucketName(bucket);
  if (name !== null && KEEP.test(name)) return null;
  // A bucket that serves a website holds what visitors load, whatever its name says.
  if (bucket.blocks("website").length > 0) return null;
  for (const site of ctx.resources("aws_s3_bucket_website_configuration")) {
    const target = site.attr("bucket");
    if (target !== undefined && refersTo(ctx.module, target, bucket.address)) return null;
  }
  for (const sink of SINKS) {
    for (const resource of ctx.resources(sink.type)) {
      for (const attr of argumentsAt(resource, sink.path)) {
        if (refersTo(ctx.module, attr, bucket.address) || (name !== null && namesBucket(attr.value(), name))) {
          if (resource.address === bucket.address) continue;
          return { what: sink.what, because: `${resource.address} sends ${sink.what} to it` };
        }
      }
    }
  }
  const nameValue = bucket.value("bucket") ?? bucket.value("bucket_prefix");
  const tags = bucket.value("tags");
  const tagValues = tags?.kind === "object" ? [...tags.entries].filter(([k]) => DESCRIBING_TAGS.test(k)).map(([, v]) => asString(v) ?? "") : [];
  for (const [pattern, what] of PURPOSES) {
    if (name !== null && pattern.test(name)) return { what, because: "its name", ...(nameValue === undefined ? {} : { value: nameValue }) };
    if (pattern.test(bucket.name)) return { what, because: "its name" };
    if (tagValues.some((t) => pattern.test(t) && !KEEP.test(t))) return { what, because: "its tags" };
  }
  return null;
}
