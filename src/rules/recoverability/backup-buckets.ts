import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import type { Value } from "../../eval/value.js";
import { bucketName, configuresPassedInBucket } from "../support/buckets.js";
import { reproducibleContent } from "../support/recoverability-data.js";
import { isCallersChoice, isLibraryInstance, mayExist, refersTo } from "../support/recoverability-model.js";
import { asBool, asString } from "../support/values.js";

/** An expression's source without spaces and without a wrapping `"${…}"`, to compare two expressions. */
function expressionText(attr: AttrView): string {
  const text = attr.source().replace(/\s+/g, "");
  const m = /^"\$\{([^"]*)\}"$/.exec(text);
  return m?.[1] ?? text;
}

/**
 * The aws_s3_bucket_versioning resources of this module that configure a bucket: by reference, by
 * the bucket's name, or by the same expression as the bucket's name (`bucket = var.name` in both).
 */
function versioningOf(ctx: ModuleContext, bucket: TopBlockView): TopBlockView[] {
  const name = bucketName(bucket);
  const nameAttr = bucket.attr("bucket");
  const nameText = nameAttr === undefined || !/\b(var|local|module|data)\./.test(nameAttr.source()) ? null : expressionText(nameAttr);
  return ctx.resources("aws_s3_bucket_versioning").filter((v) => {
    const target = v.attr("bucket");
    if (target === undefined) return false;
    if (refersTo(ctx.module, target, bucket.address)) return true;
    if (nameText !== null && expressionText(target) === nameText) return true;
    return name !== null && asString(target.value()) === name;
  });
}

export default createRule({
  id: "backup/buckets",
  principle: "recoverability",
  severity: "warning",
  title: "Bucket holding data without versioning",
  description:
    "S3 buckets that may hold data nobody can recreate (not logs, build artifacts or query results) without versioning, so an overwrite or a delete is permanent.",
  peers: {
    checkov: ["CKV_AWS_21"],
    trivy: ["AVD-AWS-0090"],
    kics: ["568a4d22-3517-44a6-a7ad-6a7eed88722c"],
  },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    const library = isLibraryInstance(ctx);
    for (const bucket of ctx.resources("aws_s3_bucket")) {
      if (!mayExist(ctx, bucket)) continue;
      // Object Lock and replication both require (and switch on) versioning.
      if (asBool(bucket.value("object_lock_enabled")) === true || bucket.blocks("object_lock_configuration").length > 0) continue;
      if (bucket.blocks("replication_configuration").length > 0) continue;
      const inline = bucket.blocks("versioning")[0];
      const resources = versioningOf(ctx, bucket);
      if (inline !== undefined || resources.length > 0) {
        const off = offSetting(ctx, inline, resources);
        if (off === null) continue;
        if (reproducibleContent(ctx, bucket) !== null) continue;
        ctx.report({
          at: off.at,
          message: `${bucket.address}${nameText(bucket)} has versioning ${off.state}: an overwrite or a delete loses the object for good; enable versioning.`,
          value: off.value,
        });
        continue;
      }
      if (library) continue;
      if (ctx.module.role === "module" && configuresPassedInBucket(ctx.repo, "aws_s3_bucket_versioning")) continue;
      if (reproducibleContent(ctx, bucket) !== null) continue;
      ctx.report({
        at: bucket,
        message: `${bucket.address}${nameText(bucket)} has no versioning: an overwrite or a delete loses the object for good; add aws_s3_bucket_versioning with status = "Enabled" (or mark the bucket as holding reproducible content).`,
      });
    }
  },
});

function nameText(bucket: TopBlockView): string {
  const name = asString(bucket.value("bucket"));
  return name === null ? "" : ` (bucket "${name}")`;
}

type Off = { at: AttrView | TopBlockView | BlockView; state: string; value: Value };

/** Where versioning is explicitly off, or null when it is on, unknown or the caller's choice. */
function offSetting(ctx: ModuleContext, inline: BlockView | undefined, resources: TopBlockView[]): Off | null {
  let off: Off | null = null;
  if (inline !== undefined && !inline.dynamicUnknown) {
    const enabled = inline.attr("enabled");
    const value = enabled?.value();
    if (asBool(value) === true) return null;
    if (enabled === undefined || value === undefined || asBool(value) === null || isCallersChoice(ctx, value)) return null;
    off = { at: enabled, state: "disabled", value };
  }
  for (const resource of resources) {
    if (!mayExist(ctx, resource)) continue;
    for (const block of resource.blocks("versioning_configuration")) {
      if (block.dynamicUnknown) return null;
      const status = block.attr("status");
      const value = status?.value();
      const text = asString(value);
      if (status === undefined || value === undefined || text === null || isCallersChoice(ctx, value)) return null;
      if (text === "Enabled") return null;
      off = { at: status, state: text.toLowerCase(), value };
    }
  }
  return off;
}
