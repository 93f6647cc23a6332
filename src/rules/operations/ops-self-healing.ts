import { createRule } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { instanceCount, isCallersChoice, isLibraryInstance, mayExist } from "../support/recoverability-model.js";

/** The role a label names once a position suffix is removed: `frontend_a` → frontend, `web-2` → web. */
function roleOf(label: string): string {
  return label.replace(/([_-]?(\d+|[a-f]|az\d|zone[_-]?[a-f\d]|primary|secondary|blue|green|one|two|three|left|right))$/i, "").toLowerCase();
}

/** What must be equal for two instances to be copies of one role: the image and the instance type, as written. */
function shapeOf(instance: TopBlockView): string | null {
  const ami = instance.attr("ami")?.source();
  const type = instance.attr("instance_type")?.source();
  const template = instance.blocks("launch_template")[0]?.attr("id")?.source() ?? instance.blocks("launch_template")[0]?.attr("name")?.source();
  if (template !== undefined) return `lt:${template}`;
  if (ami === undefined || type === undefined) return null;
  return `${ami}|${type}`;
}

export default createRule({
  id: "ops/self-healing",
  principle: "operations",
  severity: "warning",
  title: "Copies of one server instead of an Auto Scaling group",
  description:
    "Several aws_instance of one role, made with count or for_each or by copying the block, instead of a launch template and an Auto Scaling group: a failed instance is not replaced, and a new image means replacing them by hand.",
  peers: {},
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    if (isLibraryInstance(ctx)) return;
    const single: TopBlockView[] = [];
    for (const instance of ctx.resources("aws_instance")) {
      if (!mayExist(ctx, instance)) continue;
      const n = instanceCount(instance);
      const count = instance.value("count") ?? instance.value("for_each");
      if (n !== null && n > 1 && !isCallersChoice(ctx, count)) {
        const how = instance.has("count") ? `count = ${n}` : `for_each over ${n} keys`;
        ctx.report({
          at: instance.attr("count") ?? instance.attr("for_each") ?? instance,
          message: `${instance.address} runs ${n} copies of one server (${how}) as standalone instances: a failed one stays failed until someone re-applies; use a launch template and an Auto Scaling group.`,
          ...(count === undefined ? {} : { value: count }),
        });
        continue;
      }
      if (n === 1 && !instance.repeated) single.push(instance);
    }
    // Copied blocks: the same role name with a position suffix, the same image and instance type.
    const groups = new Map<string, TopBlockView[]>();
    for (const instance of single) {
      const shape = shapeOf(instance);
      const role = roleOf(instance.name);
      if (shape === null || role === "" || role === instance.name.toLowerCase()) continue;
      const key = `${role}|${shape}`;
      groups.set(key, [...(groups.get(key) ?? []), instance]);
    }
    for (const members of groups.values()) {
      const first = members[0];
      if (first === undefined || members.length < 2) continue;
      const names = members.map((m) => m.address);
      ctx.report({
        at: first,
        message: `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are copies of one server written out by hand: a failed one stays failed until someone re-applies; use a launch template and an Auto Scaling group across the subnets.`,
      });
    }
  },
});
