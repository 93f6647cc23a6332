import type { HclFile, Node } from "./ast.js";
import { childrenOf } from "./walk.js";

/**
 * Prints a tree back to text. Each node prints as its children, in order, joined by the source text
 * between them (its punctuation, whitespace and comments); the file node also prints the text before
 * and after its body, so `printHcl(parseHcl(text)) === text` for any input.
 */
export function printHcl(file: HclFile): string {
  const out: string[] = [];
  printNode(file, file.text, out);
  return out.join("");
}

function printNode(node: Node, text: string, out: string[]): void {
  let at = node.start;
  for (const child of childrenOf(node)) {
    if (child.end < child.start || child.start < at) {
      // Malformed tree: never lose text, print the rest of this node from source.
      break;
    }
    if (child.start > at) out.push(text.slice(at, child.start));
    printNode(child, text, out);
    at = child.end;
  }
  if (node.end > at) out.push(text.slice(at, node.end));
}
