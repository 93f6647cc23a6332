import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { callerDecides } from "../support/cost-aws.js";
import { bucketName, configuresPassedInBucket } from "../support/buckets.js";
import { bucketPurpose, refersTo } from "../support/cost-buckets.js";
import { asNumber, asString } from "../support/values.js";

/**
 * Lifecycle configurations of this module for a bucket: "yes", "no", or "unknown" when a lifecycle
 * configuration's bucket cannot be resolved (it may be this one).
 */
function lifecycleOf(ctx: ModuleContext, bucket: TopBlockView): "yes" | "no" | "unknown" {
  if (bucket.blocks("lifecycle_rule").length > 0) return "yes";
  const name = bucketName(bucket);
  let unknown = false;
  for (const config of ctx.resources("aws_s3_bucket_lifecycle_configuration")) {
    const target = config.attr("bucket");
    if (target === undefined) continue;
    if (refersTo(ctx.module, target, bucket.address)) return "yes";
    const value = asString(target.value());
    if (value === null) {
      // A bucket of another resource of this module is not this one; anything else may be.
      if (!ctx.module.references.some((r) => r.file === target.file && r.node.start >= target.start && r.node.end <= target.end && r.address.startsWith("aws_s3_bucket."))) unknown = true;
      continue;
    }
    if (name !== null && value === name) return "yes";
  }
  return unknown ? "unknown" : "no";
}

export default createRule({
  id: "cost/s3-lifecycle",
  principle: "cost",
  severity: "warning",
  title: "Log or artifact bucket without lifecycle rules",
  description:
    "An S3 bucket that receives logs, build artifacts or backups (by its name, tags, or the resources that write to it) has no lifecycle rules, so objects pile up and are billed forever.",
  peers: { checkov: ["CKV2_AWS_61"] },
  scope: "module",
  // Examples show a module's use; their buckets live only as long as the example.
  roles: ["root", "module"],
  check(ctx) {
    for (const bucket of ctx.resources("aws_s3_bucket")) {
      const count = bucket.value("count");
      if (count !== undefined && asNumber(count) === 0) continue;
      const purpose = bucketPurpose(ctx, bucket);
      if (purpose === null) continue;
      // A name that comes from a library's variable default says what the caller chose, not what the module does.
      if (purpose.value !== undefined && callerDecides(ctx, purpose.value)) continue;
      const lifecycle = lifecycleOf(ctx, bucket);
      if (lifecycle !== "no") continue;
      if (ctx.module.role === "module" && configuresPassedInBucket(ctx.repo, "aws_s3_bucket_lifecycle_configuration")) continue;
      const name = bucketName(bucket);
      const label = name === null ? bucket.address : `${bucket.address} (bucket "${name}")`;
      const holds = purpose.because === "its name" || purpose.because === "its tags" ? `holds ${purpose.what} (by ${purpose.because})` : `receives ${purpose.what} (${purpose.because})`;
      ctx.report({
        at: bucket,
        message: `${label} ${holds} but has no lifecycle rules, so they pile up and are billed forever; add an aws_s3_bucket_lifecycle_configuration that expires them or moves them to a cheaper storage class.`,
      });
    }
  },
});
