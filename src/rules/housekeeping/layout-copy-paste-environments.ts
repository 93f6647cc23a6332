import type { EvidenceInput } from "../../engine/rule.js";
import { createRule } from "../../engine/rule.js";
import type { Body } from "../../hcl/ast.js";
import type { BlockRef, Module } from "../../model/model.js";
import { isReusableModule } from "../support/housekeeping-modules.js";

const ENV_NAME = /^(dev|develop|development|test|testing|qa|uat|stage|staging|stg|preprod|pre-prod|prod|production|prd|sandbox|sbx|demo|perf|nonprod|non-prod|int|integration)$/i;
const ENV_FOLDERS = new Set(["environments", "environment", "envs", "env", "live", "stages", "stage", "accounts", "deployments"]);

/** Defaults: report when environments share this many resource definitions, making up this share of them. */
const MIN_SHARED = 3;
const MIN_SHARE = 0.5;

function looksLikeEnvironment(name: string): boolean {
  return ENV_NAME.test(name) || name.split(/[-_.]/).some((token) => ENV_NAME.test(token));
}

interface Placement {
  env: string;
  /** The module's directory with the environment's segment replaced: modules with the same key are copies. */
  key: string;
}

/** Where a root module sits among environments: `envs/dev/network` is environment dev of `envs/*\/network`. */
function placementOf(module: Module, envDirs: ReadonlySet<string>): Placement | null {
  const segments = module.dir.split("/");
  for (let i = 0; i < segments.length; i++) {
    const prefix = segments.slice(0, i + 1).join("/");
    const segment = segments[i] as string;
    const parent = i > 0 ? (segments[i - 1] as string).toLowerCase() : "";
    if (envDirs.has(prefix) || ENV_FOLDERS.has(parent) || ENV_NAME.test(segment)) {
      const key = [...segments.slice(0, i), "*", ...segments.slice(i + 1)].join("/");
      return { env: segment, key };
    }
  }
  return null;
}

/** The shape of a block: its argument names and nested blocks, recursively, without values. */
function shapeOf(body: Body, prefix = "", out: Set<string> = new Set()): Set<string> {
  for (const item of body.items) {
    if (item.type === "Attribute") out.add(`${prefix}${item.name}`);
    else if (item.type === "Block") {
      const name = `${prefix}${item.blockType}${item.labels.map((l) => `[${l.value}]`).join("")}`;
      out.add(`${name}{}`);
      shapeOf(item.body, `${name}.`, out);
    }
  }
  return out;
}

function similar(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 && b.size === 0) return true;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both) >= 0.6;
}

interface EnvRoot {
  module: Module;
  env: string;
  shapes: Map<string, { ref: BlockRef; shape: Set<string> }>;
}

export default createRule({
  id: "layout/copy-paste-environments",
  principle: "housekeeping",
  severity: "warning",
  title: "Environments that copy each other's resources",
  description:
    "Environment directories (envs/dev, envs/prod) that repeat the same resource definitions instead of calling shared modules with different variables, so every change has to be made, and kept in step, several times.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const minShared = typeof ctx.options.minShared === "number" ? ctx.options.minShared : MIN_SHARED;
    const minShare = typeof ctx.options.minShare === "number" ? ctx.options.minShare : MIN_SHARE;
    const envDirs = new Set(ctx.repo.workspace.environments.filter((e) => e.source === "directory").map((e) => e.path));
    const groups = new Map<string, EnvRoot[]>();
    for (const module of ctx.repo.modules) {
      if (module.role !== "root" || isReusableModule(module) || module.resources.length === 0) continue;
      const placement = placementOf(module, envDirs);
      if (placement === null) continue;
      const shapes = new Map<string, { ref: BlockRef; shape: Set<string> }>();
      for (const ref of module.resources) shapes.set(ref.address, { ref, shape: shapeOf(ref.block.body) });
      const group = groups.get(placement.key) ?? [];
      group.push({ module, env: placement.env, shapes });
      groups.set(placement.key, group);
    }
    for (const [, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // One environment cannot copy another; directories that are not named like environments are components.
      const envs = members.filter((m) => looksLikeEnvironment(m.env));
      if (new Set(envs.map((m) => m.env)).size < 2) continue;
      let total = 0;
      const duplicated = new Map<string, EnvRoot[]>();
      for (const member of envs) {
        total += member.shapes.size;
        for (const [address, { shape }] of member.shapes) {
          const copies = envs.filter((other) => other !== member && other.env !== member.env && (() => {
            const theirs = other.shapes.get(address);
            return theirs !== undefined && similar(shape, theirs.shape);
          })());
          if (copies.length > 0) duplicated.set(address, [member, ...copies].sort((a, b) => (a.module.dir < b.module.dir ? -1 : 1)));
        }
      }
      if (duplicated.size < minShared) continue;
      const duplicatedBlocks = [...duplicated.values()].reduce((n, copies) => n + copies.length, 0);
      if (duplicatedBlocks / total < minShare) continue;
      const names = [...new Set(envs.map((m) => m.env))].sort();
      const dirs = [...new Set(envs.map((m) => m.module.dir))].sort();
      const addresses = [...duplicated.keys()].sort();
      const listed = addresses.slice(0, 3).join(", ") + (addresses.length > 3 ? `, and ${addresses.length - 3} more` : "");
      const target = envs.find((m) => m.module.dir === dirs[dirs.length - 1]) ?? (envs[0] as EnvRoot);
      const firstAddress = addresses.find((a) => target.shapes.has(a)) ?? (addresses[0] as string);
      const at = target.shapes.get(firstAddress)?.ref;
      if (at === undefined) continue;
      const evidence: EvidenceInput[] = (duplicated.get(firstAddress) ?? [])
        .filter((m) => m !== target)
        .map((m) => ({ message: `the same ${firstAddress} in ${m.module.dir}`, at: ctx.view(m.shapes.get(firstAddress)?.ref ?? at) }));
      ctx.report({
        at: ctx.view(at),
        message: `Environments ${names.join(", ")} (${dirs.join(", ")}) repeat ${addresses.length} resource definition${addresses.length === 1 ? "" : "s"} (${listed}) instead of calling one shared module with different variables.`,
        evidence,
      });
    }
  },
});
