import type { HclFile, Node } from "./ast.js";
import { childrenOf } from "./walk.js";

/**
 * Structural checks of a tree, used by tests and the corpus checker: every node's range lies inside
 * its parent's, siblings are in source order and do not overlap, and nothing has a negative length.
 * Returns a description of each violation (empty when the tree is sound).
 */
export function treeViolations(file: HclFile): string[] {
  const problems: string[] = [];
  const visit = (node: Node, path: string): void => {
    if (node.end < node.start) problems.push(`${path}: ${node.type} ends (${node.end}) before it starts (${node.start})`);
    let at = node.start;
    for (const child of childrenOf(node)) {
      const where = `${path}/${child.type}`;
      if (child.start < at) problems.push(`${where}: starts at ${child.start}, before ${at} (overlap or out of order)`);
      if (child.end > node.end) problems.push(`${where}: ends at ${child.end}, after its parent's end ${node.end}`);
      visit(child, where);
      at = Math.max(at, child.end);
    }
  };
  visit(file, "File");
  if (file.body.end !== file.text.length) problems.push(`File/Body: ends at ${file.body.end}, not at the end of the text (${file.text.length})`);
  return problems;
}
