import type { Comment, HclFile, Span } from "./ast.js";

/**
 * The comments attached to the block or attribute `node`: the run of comments on the lines directly
 * above it (no blank line between them and the node), plus a comment that ends the node's first line.
 * This is how `# cairn:ignore` and the peers' suppression comments find the item they apply to.
 */
export function leadingComments(file: HclFile, node: Span): Comment[] {
  const { comments, text } = file;
  let hi = lowerBound(comments, node.start);
  const out: Comment[] = [];
  let cursor = lineStartOf(text, node.start);
  // Comments on the same line before the node (`/* x */ name = 1`) also lead it.
  while (hi > 0) {
    const comment = comments[hi - 1] as Comment;
    if (comment.end > node.start) {
      hi--;
      continue;
    }
    const between = text.slice(comment.end, cursor);
    if (comment.end <= cursor) {
      // Only whitespace and at most one newline may separate the comment from what follows it.
      if (!/^[ \t]*(\r?\n)?[ \t]*$/.test(between)) break;
    } else if (!/^[ \t]*$/.test(text.slice(comment.end, node.start))) break;
    if (lineStartOf(text, comment.start) !== lineStartOf(text, comment.end) && comment.style !== "/*") break;
    out.unshift(comment);
    cursor = lineStartOf(text, comment.start);
    hi--;
    // A comment that is not alone on its line (it trails code) does not lead the next line.
    if (!/^[ \t]*$/.test(text.slice(cursor, comment.start))) {
      out.shift();
      break;
    }
  }
  const trailing = trailingComment(file, node);
  if (trailing !== null) out.push(trailing);
  return out;
}

/** A comment after the node's first token run on its first line: `name = 1 # note`. */
export function trailingComment(file: HclFile, node: Span): Comment | null {
  const { comments, text } = file;
  let lineEnd = text.indexOf("\n", node.start);
  if (lineEnd < 0) lineEnd = text.length;
  for (let i = lowerBound(comments, node.start); i < comments.length; i++) {
    const comment = comments[i] as Comment;
    if (comment.start >= lineEnd) break;
    if (comment.start >= node.start) return comment;
  }
  return null;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Index of the first comment that starts at or after `offset`. */
function lowerBound(comments: Comment[], offset: number): number {
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((comments[mid] as Comment).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
