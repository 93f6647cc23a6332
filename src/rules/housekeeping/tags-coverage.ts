import { createRule } from "../../engine/rule.js";
import { TAGGABLE_AWS_RESOURCES } from "../support/aws-taggable.js";
import { isLibraryInstance, mayExist } from "../support/recoverability-model.js";
import { defaultTagsFor, rootProvidersOf, tagKeys } from "../support/tags.js";

export default createRule({
  id: "tags/coverage",
  principle: "housekeeping",
  severity: "warning",
  title: "Resource without the required tags",
  description:
    "A taggable AWS resource that neither inherits the required tag keys from the provider's default_tags nor sets them itself (default keys: Project, Environment, ManagedBy, Owner; configurable).",
  peers: { tflint: ["aws_resource_missing_tags"] },
  scope: "module",
  check(ctx) {
    const required = ctx.config.requiredTags;
    if (required.length === 0) return;
    // Seen through an example, a test or a library nobody here deploys, the tags are the caller's to set.
    if (isLibraryInstance(ctx)) return;
    const providers = rootProvidersOf(ctx);
    for (const resource of ctx.resources()) {
      // A resource switched off in this instance (count = 0, `create = false`) has nothing to tag.
      if (!TAGGABLE_AWS_RESOURCES.has(resource.resourceType) || !mayExist(ctx, resource)) continue;
      const inherited = defaultTagsFor(ctx, resource, providers);
      if (inherited.keys === null) continue;
      const own = tagKeys(resource.value("tags"));
      if (own === null) continue;
      const present = new Set([...inherited.keys, ...own]);
      const missing = required.filter((key) => !present.has(key));
      if (missing.length === 0) continue;
      const message =
        present.size === 0
          ? `${resource.address} has no tags; it needs ${required.join(", ")} (set them once in the provider's default_tags).`
          : missing.length === required.length
            ? `${resource.address} has none of the required tags ${required.join(", ")}${own.length > 0 ? ` (only ${own.join(", ")})` : ""}.`
            : `${resource.address} lacks the tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}.`;
      ctx.report({ at: resource.attr("tags") ?? resource, message });
    }
  },
});
