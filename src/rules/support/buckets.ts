/**
 * What the code says about S3 buckets, shared by the rules that ask what a bucket holds: its name,
 * and the resource arguments that send logs or artifacts to it.
 */
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import type { Repository } from "../../model/model.js";
import { asString } from "./values.js";

/** A resource argument (the last element of the path, in nested blocks before it) that names a bucket. */
export interface BucketSink {
  type: string;
  path: string[];
  what: string;
}

/** Resource arguments that send logs, snapshots or pipeline artifacts to a bucket. */
export const BUCKET_SINKS: readonly BucketSink[] = [
  { type: "aws_s3_bucket_logging", path: ["target_bucket"], what: "S3 access logs" },
  { type: "aws_s3_bucket", path: ["logging", "target_bucket"], what: "S3 access logs" },
  { type: "aws_lb", path: ["access_logs", "bucket"], what: "load balancer access logs" },
  { type: "aws_alb", path: ["access_logs", "bucket"], what: "load balancer access logs" },
  { type: "aws_lb", path: ["connection_logs", "bucket"], what: "load balancer connection logs" },
  { type: "aws_elb", path: ["access_logs", "bucket"], what: "load balancer access logs" },
  { type: "aws_cloudtrail", path: ["s3_bucket_name"], what: "CloudTrail logs" },
  { type: "aws_flow_log", path: ["log_destination"], what: "VPC flow logs" },
  { type: "aws_cloudfront_distribution", path: ["logging_config", "bucket"], what: "CloudFront access logs" },
  { type: "aws_config_delivery_channel", path: ["s3_bucket_name"], what: "AWS Config snapshots" },
  { type: "aws_codepipeline", path: ["artifact_store", "location"], what: "pipeline artifacts" },
];

/** The argument at a path of a resource, for every instance of the nested blocks on the way. */
export function argumentsAt(resource: TopBlockView, path: readonly string[]): AttrView[] {
  let blocks: BlockView[] = [resource];
  for (const name of path.slice(0, -1)) blocks = blocks.flatMap((b) => b.blocks(name));
  const last = path[path.length - 1] as string;
  return blocks.flatMap((b) => {
    const a = b.attr(last);
    return a === undefined ? [] : [a];
  });
}

/** The name a bucket will have, when known. */
export function bucketName(bucket: TopBlockView): string | null {
  return asString(bucket.value("bucket")) ?? asString(bucket.value("bucket_prefix"));
}

/**
 * Whether some module of the repository has a resource of this type (`aws_s3_bucket_versioning`, …)
 * for a bucket it gets from elsewhere: a variable, a local, a module output or a data source.
 */
export function configuresPassedInBucket(repo: Repository, type: string): boolean {
  return repo.modules.some((m) =>
    m.resources.some((r) => {
      if (r.type !== type) return false;
      const target = r.block.body.items.find((i) => i.type === "Attribute" && i.name === "bucket");
      return target !== undefined && /\b(var|module|local|data)\./.test(r.file.text.slice(target.start, target.end));
    }),
  );
}
