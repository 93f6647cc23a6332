import type { Span } from "../hcl/ast.js";
import { lineStarts, lineOf } from "../hcl/positions.js";

/**
 * The lines around a span, numbered, with a caret line under the span's first line:
 *
 *     3 |   ingress {
 *   > 4 |     cidr_blocks = ["0.0.0.0/0"]
 *       |                   ^^^^^^^^^^^^^
 */
export function codeFrame(text: string, span: Span, owner?: object, context = 1): string {
  const starts = lineStarts(text, owner);
  const first = lineOf(starts, span.start);
  const last = Math.min(starts.length, lineOf(starts, Math.max(span.start, span.end - 1)));
  const from = Math.max(1, first - context);
  // A text that ends with a newline has an empty "line" after it; never show that one as context.
  const lastLine = text.endsWith("\n") && starts.length > 1 ? starts.length - 1 : starts.length;
  const to = Math.max(first, Math.min(lastLine, Math.max(first, Math.min(last, first + 4)) + context));
  const width = String(to).length;
  const lineText = (n: number): string => {
    const s = starts[n - 1] as number;
    const e = n < starts.length ? (starts[n] as number) : text.length;
    return text.slice(s, e).replace(/\r?\n$/, "").replace(/\t/g, " ");
  };
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const marker = n >= first && n <= last ? ">" : " ";
    const content = lineText(n);
    out.push(`${marker} ${String(n).padStart(width)} | ${content}`.trimEnd());
    if (n === first) {
      const col = span.start - (starts[n - 1] as number);
      const endOnLine = Math.min(span.end, (starts[n - 1] as number) + content.length);
      const length = Math.max(1, endOnLine - span.start);
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(col)}${"^".repeat(length)}`);
    }
  }
  return out.join("\n");
}
