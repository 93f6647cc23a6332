import type { Span } from "./ast.js";

/**
 * Positions in a text.
 *
 * - `offset`: index in the JavaScript string (UTF-16 code units), what `text.slice()` takes.
 * - `byte`: the same point as a UTF-8 byte offset into the file on disk.
 * - `line`: 1-based.
 * - `column`: 1-based, counted in UTF-16 code units from the start of the line; a tab counts as one
 *   column. This is SARIF's default column kind (`utf16CodeUnits`) and what editors speaking LSP use.
 *   For ASCII lines it is simply the character count.
 */
export interface Position {
  line: number;
  column: number;
  offset: number;
  byte: number;
}

export interface Range {
  start: Position;
  end: Position;
}

const lineStartCache = new WeakMap<object, Int32Array>();

/** Offsets at which each line starts. Computed once per text owner and cached. */
export function lineStarts(text: string, owner?: object): Int32Array {
  if (owner !== undefined) {
    const cached = lineStartCache.get(owner);
    if (cached !== undefined) return cached;
  }
  let count = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  const starts = new Int32Array(count);
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[line++] = i + 1;
  if (owner !== undefined) lineStartCache.set(owner, starts);
  return starts;
}

/** The 1-based line that contains `offset`. */
export function lineOf(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** UTF-8 length of `text.slice(from, to)`. */
export function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[^\x00-\x7f]/.test(text);
}

const asciiCache = new WeakMap<object, boolean>();

export function positionAt(text: string, offset: number, owner?: object): Position {
  const starts = lineStarts(text, owner);
  const line = lineOf(starts, offset);
  const lineStart = starts[line - 1] as number;
  let ascii: boolean | undefined = owner === undefined ? undefined : asciiCache.get(owner);
  if (ascii === undefined) {
    ascii = isAscii(text);
    if (owner !== undefined) asciiCache.set(owner, ascii);
  }
  return {
    line,
    column: offset - lineStart + 1,
    offset,
    byte: ascii ? offset : utf8Length(text, 0, offset),
  };
}

/** Line, column and byte positions of a node or span of `file`. */
export function rangeOf(file: { text: string }, span: Span): Range {
  return {
    start: positionAt(file.text, span.start, file),
    end: positionAt(file.text, span.end, file),
  };
}
