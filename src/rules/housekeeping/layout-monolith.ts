import type { EvidenceInput } from "../../engine/rule.js";
import { createRule } from "../../engine/rule.js";
import type { BlockRef } from "../../model/model.js";
import { CONCERN_TITLES, concernOf, type Concern } from "../support/housekeeping-concerns.js";
import { fileNamed, isReusableModule } from "../support/housekeeping-modules.js";

/** Defaults: a root module is a monolith from this many resource blocks of this many concerns, calling no module. */
const MIN_RESOURCES = 20;
const MIN_CONCERNS = 4;
/** From here on, the finding is a warning. */
const LARGE_RESOURCES = 50;

function option(options: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

export default createRule({
  id: "layout/monolith",
  principle: "housekeeping",
  severity: "note",
  title: "Root module holding every concern",
  description:
    "One root module with many resources of unrelated concerns (network, security, IAM, compute, data, edge, monitoring) that calls no modules: one state, one blast radius, nothing reusable.",
  peers: {},
  scope: "module",
  roles: ["root"],
  check(ctx) {
    const module = ctx.module;
    if (isReusableModule(module) || module.moduleCalls.length > 0) return;
    const minResources = option(ctx.options, "minResources", MIN_RESOURCES);
    const minConcerns = option(ctx.options, "minConcerns", MIN_CONCERNS);
    if (module.resources.length < minResources) return;
    const byConcern = new Map<Concern, BlockRef[]>();
    for (const ref of module.resources) {
      const concern = concernOf(ref.type ?? "");
      if (concern === null) continue;
      const list = byConcern.get(concern) ?? [];
      list.push(ref);
      byConcern.set(concern, list);
    }
    if (byConcern.size < minConcerns) return;
    // The monolith smell is the network foundation living with the workloads on it (different
    // lifecycles, one state); a service stack of load balancer, tasks, roles and alarms is one concern.
    const workloads = (["compute", "data", "edge"] as const).filter((c) => byConcern.has(c));
    if (!byConcern.has("network") || workloads.length < 2) return;
    const ordered = [...byConcern].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    const counts = ordered.map(([concern, refs]) => `${CONCERN_TITLES[concern]} ${refs.length}`).join(", ");
    const where = module.dir === "." ? "The root module" : `Root module ${module.dir}`;
    const message = `${where} holds ${module.resources.length} resources of ${byConcern.size} concerns (${counts}) and calls no modules; split it into modules by concern, each with its own variables and outputs.`;
    const evidence: EvidenceInput[] = ordered.map(([concern, refs]) => {
      const first = refs[0] as BlockRef;
      return { message: `${CONCERN_TITLES[concern]}: ${refs.length} resource${refs.length === 1 ? "" : "s"}, e.g. ${first.address}`, at: ctx.view(first) };
    });
    const file = fileNamed(module, "main.tf") ?? module.resources[0]?.file ?? module.files[0];
    if (file === undefined) return;
    const severity = module.resources.length >= option(ctx.options, "warnAt", LARGE_RESOURCES) ? "warning" : "note";
    ctx.report({ at: { file, start: 0, end: 0, anchor: `${module.dir}/monolith` }, message, evidence, severity });
  },
});
