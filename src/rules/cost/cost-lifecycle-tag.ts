import { createRule } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { TAGGABLE_AWS_RESOURCES } from "../support/aws-taggable.js";
import { environmentOf } from "../support/environment.js";
import { defaultTagsFor, rootOf, rootProvidersOf, tagKeys } from "../support/tags.js";
import { isDeployedRoot } from "../support/verification-repository.js";

/** Tag keys that tell a cleanup job whether a resource may go: Lifecycle, TTL, ExpiresOn, DeleteAfter… */
const LIFECYCLE_KEY = /^(lifecycle|ttl|expir(y|es|ation)([-_ ]?(date|on|at))?|delete[-_ ]?after|auto[-_ ]?delete|cleanup)$/i;

export default createRule({
  id: "cost/lifecycle-tag",
  principle: "cost",
  severity: "note",
  title: "Non-production resources without a lifecycle tag",
  description:
    "Resources of a non-production environment that carry no lifecycle marker (Lifecycle = temporary or persistent), so a cleanup job cannot tell what may be deleted. Reported once per module instance.",
  peers: {},
  scope: "module",
  // Only what is deployed: examples and tests are not environments.
  roles: ["root", "module"],
  check(ctx) {
    if (environmentOf(ctx) !== "non-prod") return;
    const root = rootOf(ctx.instance).module;
    // Only what is applied: a root with state, variable files or a provider configuration (not an uncalled module whose variable defaults name an environment).
    if (root.role !== "root" || !(isDeployedRoot(ctx.repo, root) || root.providers.length > 0)) return;
    const providers = rootProvidersOf(ctx);
    const lacking: TopBlockView[] = [];
    for (const resource of ctx.resources()) {
      if (!TAGGABLE_AWS_RESOURCES.has(resource.resourceType)) continue;
      const inherited = defaultTagsFor(ctx, resource, providers);
      const own = tagKeys(resource.value("tags"));
      // Unknown tags may hold the marker.
      if (inherited.keys === null || own === null) continue;
      if ([...inherited.keys, ...own].some((k) => LIFECYCLE_KEY.test(k))) continue;
      lacking.push(resource);
    }
    const first = lacking[0];
    if (first === undefined) return;
    const where = ctx.instance.path.length === 0 ? (root.dir === "." ? "the root module" : root.dir) : `${ctx.instance.path.join(".")} in ${root.dir === "." ? "the root module" : root.dir}`;
    const count = lacking.length === 1 ? `${first.address} in ${where}` : `${lacking.length} resources in ${where} (e.g. ${first.address})`;
    // In a root module the fix is one line in the provider's default_tags; point there when there is one.
    const provider = ctx.instance.path.length === 0 ? ctx.providers("aws")[0] : undefined;
    ctx.report({
      at: provider ?? first,
      message: `${count} ${lacking.length === 1 ? "has" : "have"} no Lifecycle tag in this non-production environment; add Lifecycle = "temporary" or "persistent" (once, in the provider's default_tags) so cleanup jobs can tell what may be deleted.`,
    });
  },
});
