import { createRule } from "../../engine/rule.js";
import { tagKeys } from "../support/tags.js";

export default createRule({
  id: "tags/default-tags",
  principle: "housekeeping",
  severity: "warning",
  title: "AWS provider without default tags",
  description:
    "An aws provider configuration without default_tags, or whose default_tags lack required keys. Default tags tag every resource the provider creates, in one place.",
  peers: { tflint: ["aws_provider_missing_default_tags"] },
  scope: "module",
  roles: ["root"],
  check(ctx) {
    const required = ctx.config.requiredTags;
    for (const provider of ctx.providers("aws")) {
      const name = provider.has("alias") ? `provider "aws" (alias ${provider.attr("alias")?.source()})` : 'provider "aws"';
      const block = provider.blocks("default_tags")[0];
      if (block === undefined) {
        ctx.report({ at: provider, message: `${name} in ${ctx.module.dir === "." ? "the root module" : ctx.module.dir} has no default_tags; add default_tags { tags = { ${required.map((k) => `${k} = ...`).join(", ")} } }.` });
        continue;
      }
      const keys = tagKeys(block.value("tags"));
      if (keys === null) continue;
      const missing = required.filter((k) => !keys.includes(k));
      if (missing.length > 0) ctx.report({ at: block.attr("tags") ?? block, message: `default_tags of ${name} lacks ${missing.join(", ")}.` });
    }
  },
});
