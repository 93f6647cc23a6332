import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { BlockView, TopBlockView } from "../../engine/views.js";
import type { ModuleInstance } from "../../eval/evaluator.js";
import type { Block, Node } from "../../hcl/ast.js";
import { blocksOf } from "../../model/build.js";
import type { BlockRef } from "../../model/model.js";
import { dependsOnVariables, referencesIn } from "../support/housekeeping-references.js";
import { rootOf, tagKeys } from "../support/tags.js";
import { asBool, asList, asString } from "../support/values.js";

/** Resource types that launch instances from a launch template. */
const LAUNCHERS = ["aws_autoscaling_group", "aws_eks_node_group", "aws_spot_fleet_request", "aws_ec2_fleet", "aws_instance"];

export default createRule({
  id: "tags/propagation",
  principle: "housekeeping",
  severity: "warning",
  title: "Tags that do not reach launched instances and volumes",
  description:
    "Autoscaling groups whose instances get no tags, or not the required ones, and launch templates without tag_specifications for instances and volumes. The provider's default_tags do not reach what an autoscaling group launches.",
  peers: { checkov: ["CKV_AWS_153"], tflint: ["aws_resource_missing_tags"] },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    // A module used several times is judged over all its uses at once, and reported once.
    const instances = ctx.evaluator.instancesOf(ctx.module);
    if (instances[0] !== ctx.instance) return;
    const required = ctx.config.requiredTags;
    const templates = ctx.module.resources.filter((r) => r.type === "aws_launch_template");
    const users = launchersOf(ctx);

    for (const ref of ctx.module.resources.filter((r) => r.type === "aws_autoscaling_group")) {
      const seen = instances.map((instance) => instanceTags(ctx, instance, ctx.view(ref, instance), templates));
      const known = seen.filter((s): s is string[] => s !== null);
      const problems: string[] = [];
      const group = ctx.view(ref, ctx.instance);
      const template = launchTemplateOf(group, templates);
      if (known.length === seen.length && known.length > 0) {
        const missing = required.filter((k) => known.every((keys) => !keys.includes(k)));
        const present = unique(known[0] ?? []);
        const same = known.every((keys) => sameSet(unique(keys), present));
        const source = template === undefined || template === null ? "" : ` (from its tags and ${template.address}'s tag_specifications)`;
        if (known.every((keys) => keys.length === 0)) problems.push(`launches instances with no tags${template === undefined || template === null ? "" : ", neither propagated nor from its launch template"}: default tags do not reach them`);
        else if (missing.length > 0) problems.push(same ? `gives its instances only ${present.join(", ")}${source}, not ${missing.join(", ")}` : `does not give its instances ${missing.join(", ")}${source}`);
      }
      const configuration = launchConfigurationOf(group);
      if (configuration !== null) problems.push(`uses ${configuration}, which cannot carry tag_specifications, so the instances' volumes stay untagged`);
      if (problems.length === 0) continue;
      const fix =
        configuration !== null
          ? "move to a launch template with tag_specifications for instance and volume"
          : template === undefined
            ? "add tag blocks with propagate_at_launch = true for the required keys"
            : "add the keys as tag blocks with propagate_at_launch = true or to the launch template's tag_specifications";
      ctx.report({ at: group, message: `${group.address} ${problems.join("; it also ")}; ${fix}.` });
    }

    for (const ref of templates) {
      const launchedBy = users.get(ref.address) ?? [];
      // Instances created by aws_instance take its own tags and volume_tags (and the default tags).
      if (launchedBy.length > 0 && launchedBy.every((t) => t === "aws_instance")) continue;
      const specs = instances.map((instance) => tagSpecifications(ctx, instance, ctx.view(ref, instance)));
      if (specs.some((s) => s === null)) continue;
      const lacks = (type: string): boolean => specs.every((s) => s !== null && !s.has(type));
      const missing: string[] = [];
      // Instances of an autoscaling group are reported with the group, which can propagate tags itself.
      if (lacks("instance") && !launchedBy.includes("aws_autoscaling_group")) missing.push("instance");
      if (lacks("volume")) missing.push("volume");
      if (missing.length === 0) continue;
      const template = ctx.view(ref, ctx.instance);
      const what = missing.length === 2 ? "the instances launched from it and their volumes" : missing[0] === "volume" ? "the EBS volumes of the instances launched from it" : "the instances launched from it";
      ctx.report({
        at: template.blocks("tag_specifications")[0] ?? template,
        message: `${template.address} has no tag_specifications for ${missing.join(" or ")}, so ${what} stay untagged (default tags do not reach them); add tag_specifications with resource_type = ${missing.map((m) => `"${m}"`).join(" and ")}.`,
      });
    }
  },
});

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

/** Which resource types launch instances from each of the module's launch templates. */
function launchersOf(ctx: ModuleContext): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const launcher of ctx.module.resources) {
    if (!LAUNCHERS.includes(launcher.type ?? "")) continue;
    for (const ref of referencesIn(launcher.block.body)) {
      if (!ref.address.startsWith("aws_launch_template.")) continue;
      const list = users.get(ref.address) ?? [];
      if (!list.includes(launcher.type ?? "")) list.push(launcher.type ?? "");
      users.set(ref.address, list);
    }
  }
  return users;
}

/**
 * Whether a reusable module leaves an expression to its caller: the value depends on the module's
 * variables, and no root module of the repository (only an example, or nobody) decides it.
 */
function callerDecides(ctx: ModuleContext, instance: ModuleInstance, node: Node): boolean {
  if (ctx.module.role !== "module") return false;
  if (instance.call !== null && rootOf(instance).module.role === "root") return false;
  return dependsOnVariables(ctx.module, node);
}

function dynamicBlocks(body: Block["body"], label: string): Block[] {
  return blocksOf(body, "dynamic").filter((d) => d.labels[0]?.value === label);
}

/** The tag keys an autoscaling group's instances get in one module instance; null when they cannot be known. */
function instanceTags(ctx: ModuleContext, instance: ModuleInstance, group: TopBlockView, templates: BlockRef[]): string[] | null {
  const propagated = propagatedKeys(ctx, instance, group);
  if (propagated === null) return null;
  const template = launchTemplateOf(group, templates);
  if (template === undefined) return propagated;
  if (template === null) return null;
  const specs = tagSpecifications(ctx, instance, ctx.view(template, instance));
  if (specs === null) return null;
  const fromTemplate = specs.get("instance");
  if (fromTemplate === null) return null;
  return [...propagated, ...(fromTemplate ?? [])];
}

/** The tag keys an autoscaling group propagates to its instances; null when they cannot be known. */
function propagatedKeys(ctx: ModuleContext, instance: ModuleInstance, group: TopBlockView): string[] | null {
  for (const dynamic of dynamicBlocks(group.body, "tag")) if (callerDecides(ctx, instance, dynamic)) return null;
  const keys: string[] = [];
  for (const tag of group.blocks("tag")) {
    if (tag.dynamicUnknown) return null;
    const propagate = asBool(tag.value("propagate_at_launch"));
    if (propagate === null) return null;
    if (!propagate) continue;
    const key = asString(tag.value("key"));
    if (key === null) return null;
    keys.push(key);
  }
  // The older `tags = [{ key, value, propagate_at_launch }]` list.
  const list = group.attr("tags");
  if (list !== undefined) {
    if (callerDecides(ctx, instance, list.expr)) return null;
    const items = asList(list.value());
    if (items === null) return null;
    for (const item of items) {
      if (item.kind !== "object") return null;
      const propagate = asBool(item.entries.get("propagate_at_launch"));
      const key = asString(item.entries.get("key"));
      if (propagate === null || key === null) return null;
      if (propagate) keys.push(key);
    }
  }
  return keys;
}

/**
 * The launch template an autoscaling group launches from: the template when it is one of this
 * module's, null when it is given some other way (a variable, a data source), undefined when the
 * group uses no launch template.
 */
function launchTemplateOf(group: TopBlockView, templates: BlockRef[]): BlockRef | null | undefined {
  const blocks: BlockView[] = [...group.blocks("launch_template")];
  for (const policy of group.blocks("mixed_instances_policy")) for (const lt of policy.blocks("launch_template")) blocks.push(...lt.blocks("launch_template_specification"));
  if (blocks.length === 0) return undefined;
  for (const block of blocks) {
    for (const ref of referencesIn(block.block.body)) {
      const template = templates.find((t) => t.address === ref.address);
      if (template !== undefined) return template;
    }
  }
  return null;
}

/** The launch configuration an autoscaling group uses, named for the message; null when it uses none. */
function launchConfigurationOf(group: TopBlockView): string | null {
  const attr = group.attr("launch_configuration");
  if (attr === undefined) return null;
  const ref = referencesIn(attr.expr).find((r) => r.address.startsWith("aws_launch_configuration."));
  if (ref !== undefined) return ref.address;
  const value = asString(attr.value());
  return value !== null && value !== "" ? `the launch configuration "${value}"` : null;
}

/**
 * The tag keys of a launch template's tag_specifications by resource type (null keys: unknown); null
 * when the specifications themselves cannot be known (an unknown dynamic block, or one its caller decides).
 */
function tagSpecifications(ctx: ModuleContext, instance: ModuleInstance, template: TopBlockView): Map<string, string[] | null> | null {
  for (const dynamic of dynamicBlocks(template.body, "tag_specifications")) if (callerDecides(ctx, instance, dynamic)) return null;
  const out = new Map<string, string[] | null>();
  for (const spec of template.blocks("tag_specifications")) {
    if (spec.dynamicUnknown) return null;
    const type = asString(spec.value("resource_type"));
    if (type === null) return null;
    const keys = tagKeys(spec.value("tags"));
    const previous = out.has(type) ? (out.get(type) ?? null) : [];
    out.set(type, keys === null || previous === null ? null : [...previous, ...keys]);
  }
  return out;
}
