import type { BlockView } from "../../engine/views.js";

/**
 * What is wrong with a variable's or output's description: "has no description", "has an empty
 * description", or null when it has one (or one that cannot be read statically, which is not a finding).
 */
export function describedProblem(block: BlockView): string | null {
  const attr = block.attr("description");
  if (attr === undefined) return "has no description";
  const value = attr.value();
  if (value.kind === "null") return "has no description";
  if (value.kind === "string" && value.value.trim() === "") return "has an empty description";
  return null;
}
