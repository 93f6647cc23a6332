import { createRule, type ModuleContext } from "../../engine/rule.js";
import { render, type Value } from "../../eval/value.js";
import type { Attribute, Expression } from "../../hcl/ast.js";
import type { BlockView, TopBlockView } from "../../engine/views.js";
import type { Evaluator } from "../../eval/evaluator.js";
import type { Repository } from "../../model/model.js";
import type { Resolver } from "../support/security-graph.js";
import { securityCheck } from "../support/security-network.js";
import type { SecurityScope } from "../support/security-scope.js";
import { asList, asString } from "../support/values.js";

const COMPUTE = ["aws_instance", "aws_spot_instance_request", "aws_launch_template", "aws_launch_configuration"];
const FIX = 'set metadata_options { http_tokens = "required" }';

const accountDefaults = new WeakMap<Repository, boolean>();

/** Whether an aws_ec2_instance_metadata_defaults anywhere in the repository requires tokens. */
function accountRequiresTokens(ctx: ModuleContext): boolean {
  let cached = accountDefaults.get(ctx.repo);
  if (cached === undefined) {
    cached = false;
    for (const module of ctx.repo.modules) {
      for (const ref of module.resources) {
        if (ref.type === "aws_ec2_instance_metadata_defaults" && asString(ctx.view(ref).value("http_tokens")) === "required") cached = true;
      }
    }
    accountDefaults.set(ctx.repo, cached);
  }
  return cached;
}

/** Whether the image is Amazon Linux 2023, whose AMIs require IMDSv2 by default (ImdsSupport v2.0). */
function imageRequiresTokens(scope: SecurityScope, resolver: Resolver, resource: TopBlockView): boolean {
  const attr = resource.attr("ami") ?? resource.attr("image_id");
  if (attr === undefined) return false;
  const literal = asString(attr.value());
  if (literal !== null) return false;
  for (const loc of resolver.attr(attr).blocks) {
    if (loc.ref.kind !== "data") continue;
    const view = scope.view(loc.ref, loc.instance);
    const texts: string[] = [];
    if (loc.ref.type === "aws_ami") {
      const regex = asString(view.value("name_regex"));
      if (regex !== null) texts.push(regex);
      for (const filter of view.blocks("filter")) {
        if (asString(filter.value("name")) !== "name") continue;
        for (const v of asList(filter.value("values")) ?? []) {
          const s = asString(v);
          if (s !== null) texts.push(s);
        }
      }
    } else if (loc.ref.type === "aws_ssm_parameter") {
      const name = asString(view.value("name"));
      if (name !== null) texts.push(name);
    }
    if (texts.length > 0 && texts.every((t) => /al2023/i.test(t))) return true;
  }
  return false;
}

/** The for_each of `dynamic "name"` (expression and value), when the block is written that way. */
function dynamicForEach(evaluator: Evaluator, view: BlockView, name: string): { expr: Expression; value: Value } | undefined {
  for (const item of view.body.items) {
    if (item.type !== "Block" || item.blockType !== "dynamic" || item.labels[0]?.value !== name) continue;
    const forEach = item.body.items.find((i): i is Attribute => i.type === "Attribute" && i.name === "for_each");
    return forEach === undefined ? undefined : { expr: forEach.expr, value: evaluator.evaluate(forEach.expr, view.scope) };
  }
  return undefined;
}

export default createRule({
  id: "compute/imdsv2",
  principle: "security",
  severity: "warning",
  title: "Instance metadata reachable without a token (IMDSv1)",
  description:
    'aws_instance, aws_launch_template and aws_launch_configuration without metadata_options { http_tokens = "required" }: IMDSv1 lets any SSRF bug read the instance role\'s credentials.',
  peers: {
    checkov: ["CKV_AWS_79"],
    trivy: ["AVD-AWS-0028", "AVD-AWS-0130"],
    kics: ["c306ac53-ee5b-41d3-86a9-0fd2722b4e67"],
  },
  ...securityCheck((scope, resolver) => {
    const ctx = scope.ctx;
    const accountDefault = (): boolean => accountRequiresTokens(ctx);
    for (const resource of scope.resources(COMPUTE)) {
      // An instance launched from a launch template takes its metadata options from the template.
      if (resource.resourceType === "aws_instance" && resource.blocks("launch_template").length > 0 && resource.blocks("metadata_options").length === 0) continue;
      const [options, ...more] = resource.blocks("metadata_options");
      if (options !== undefined) {
        if (options.dynamicUnknown || more.length > 0) continue;
        const endpoint = options.value("http_endpoint");
        if (asString(endpoint) === "disabled") continue;
        const tokensAttr = options.attr("http_tokens");
        if (tokensAttr === undefined) {
          if (scope.isLibraryChoice(resource, options, undefined)) continue;
          if (accountDefault() || imageRequiresTokens(scope, resolver, resource)) continue;
          ctx.report({ at: options, message: `${resource.address} has metadata_options without http_tokens, so IMDSv1 stays enabled; ${FIX}.` });
          continue;
        }
        const tokens = tokensAttr.value();
        if (asString(tokens) !== "optional" || scope.isLibraryChoice(resource, options, tokensAttr)) continue;
        ctx.report({ at: tokensAttr, message: `${resource.address} sets http_tokens = ${render(tokens)}, so IMDSv1 stays enabled; ${FIX}.`, value: tokens });
        continue;
      }
      const forEach = dynamicForEach(ctx.evaluator, resource, "metadata_options");
      if (forEach !== undefined && (forEach.value.kind === "unknown" || scope.readsLibraryDefault(forEach.expr))) continue;
      if (accountDefault() || imageRequiresTokens(scope, resolver, resource)) continue;
      ctx.report({
        at: resource,
        message: `${resource.address} has no metadata_options, so its instances accept IMDSv1 requests without a token; ${FIX}.`,
      });
    }
  }),
});
