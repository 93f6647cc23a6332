import type { ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import type { ModuleInstance } from "../../eval/evaluator.js";
import type { Value } from "../../eval/value.js";
import { asString } from "./values.js";

/** Keys of a known tags map; null when the map (or a key) is unknown. */
export function tagKeys(value: Value | undefined): string[] | null {
  if (value === undefined || value.kind === "null") return [];
  if (value.kind !== "object") return null;
  return [...value.entries.keys()];
}

/** The root instance at the top of an instance's call chain. */
export function rootOf(instance: ModuleInstance): ModuleInstance {
  let current = instance;
  while (current.parent !== null) current = current.parent;
  return current;
}

export interface DefaultTags {
  /** Keys of default_tags; null when they cannot be known. */
  keys: string[] | null;
  provider: TopBlockView | null;
}

/**
 * The default tags a resource inherits: from the aws provider it uses (its `provider` argument, else the
 * default aws provider) in the root module of its call chain. Unknown (keys null) when the module is
 * evaluated on its own and nothing says which provider configuration it gets.
 */
export function defaultTagsFor(ctx: ModuleContext, resource: TopBlockView, rootProviders: TopBlockView[] | null): DefaultTags {
  if (rootProviders === null) return { keys: null, provider: null };
  const alias = resource.attr("provider")?.source().split(".")[1] ?? null;
  const provider = rootProviders.find((p) => p.labels[0] === "aws" && (alias === null ? !p.has("alias") : asString(p.value("alias")) === alias)) ?? null;
  if (provider === null) return { keys: [], provider: null };
  const block = provider.blocks("default_tags")[0];
  if (block === undefined) return { keys: [], provider };
  return { keys: tagKeys(block.value("tags")), provider };
}

/**
 * The aws providers that configure this instance's resources: those of the root module it is called
 * from. Null for a module evaluated on its own (a library module nobody here calls), where the caller
 * decides.
 */
export function rootProvidersOf(ctx: ModuleContext): TopBlockView[] | null {
  const root = rootOf(ctx.instance);
  if (root === ctx.instance && ctx.module.role !== "root" && ctx.module.role !== "example") return null;
  return root.module.providers.filter((p) => p.type === "aws").map((p) => ctx.view(p, root));
}
