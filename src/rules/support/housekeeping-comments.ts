/**
 * Finds commented-out Terraform and history comments in a file's comments.
 *
 * Comments on consecutive lines form a run. Each line of a run is classified by its shape (an
 * argument `name = value`, a block header `resource "a" "b" {`, a closing brace, prose); a stretch
 * of code-shaped lines is then parsed with the HCL parser, and only a stretch that parses as
 * arguments or blocks counts as code. Prose that introduces an example ("Example:", "e.g.",
 * "Usage") makes the code below it documentation, not dead code.
 */
import type { Attribute, Block, BodyItem, Comment, HclFile } from "../../hcl/ast.js";
import { parseHcl } from "../../hcl/parser.js";

export interface CommentLine {
  /** The comment (a `/*` comment yields one line per line of text). */
  comment: Comment;
  /** Offsets of this line's text in the file. */
  start: number;
  end: number;
  /** The text after the comment marker. */
  content: string;
}

export interface CommentedCode {
  kind: "code";
  start: number;
  end: number;
  lines: number;
  /** What the code declares: `resource "aws_security_group" "alb"`, `argument ami`. */
  items: string[];
}

export interface HistoryComment {
  kind: "history";
  start: number;
  end: number;
  text: string;
}

export type CommentFinding = CommentedCode | HistoryComment;

type LineClass = "strong" | "weak" | "close" | "prose" | "directive" | "empty";

/** Suppression and tool directives are never code. */
const DIRECTIVE = /^(tflint-ignore|tflint-|cairn:|checkov:|tfsec:|trivy:|kics|nosec|terrascan|trunk-ignore|noinspection|@|lint|prettier-ignore|shellcheck|editorconfig)/i;
const ATTRIBUTE = /^[A-Za-z_][\w-]*\s*=(?!=)\s*\S/;
const QUOTED_KEY = /^"[^"]+"\s*[=:]\s*\S/;
const BLOCK_OPEN = /^[A-Za-z_][\w-]*(\s+("[^"]*"|[A-Za-z_][\w-]*))*\s*\{\s*(\}\s*)?$/;
const LABELLED_BLOCK = /^[A-Za-z_][\w-]*(\s+"[^"]*")+\s*\{.*\}\s*$/;
const CLOSER = /^[}\])]+[\s,)]*$/;
const LIST_ITEM = /^("[^"]*"|[A-Za-z_][\w-]*(\.[\w*[\]"-]+)+|-?\d+(\.\d+)?|true|false|null)\s*,?\s*$/;
const OPENER = /^[[{(]\s*$/;
const SEPARATOR = /^[\s#=*/\-_~+.]*$/;

/** Prose right above code that shows the code is an example, not dead code. */
const DOC_INTRO =
  /\b(example|examples|e\.g\.|eg:|for instance|usage|such as|like this|like so|sample|syntax|format|looks like|would look|uncomment|template|snippet|schema|structure|shape|defaults? to|by default|optional|optionally|the following|you|your)\b|예시|예:|주석\s*해제/i;

/** An introduction that reaches code below a blank line. */
const CARRIED_INTRO = /\b(uncomment|example|examples|e\.g\.|usage|like this|like so|as follows|below)\b/i;

/** Prose that says why an argument is left out ("will fail if set here", "use X instead"). */
const REASON = /\b(will fail|fails if|not supported|unsupported|cannot|can't|can not|must not|conflicts? with|instead)\b/i;

/** Placeholder values show a documented option, not code that once ran: `"my-bucket"`, `"<account-id>"`, `"dd-mm-yyyy"`. */
const PLACEHOLDER = /"[^"]*(\b(my|your|example|sample)[-_]|xxx|<[^>"]+>|\bdd-mm|yyyy|changeme|change[-_]me|replace[-_ ]?me|\.\.\.)[^"]*"/i;

/** A trailing explanation on a commented line: `# x = true # Optional, defaults to false`. */
const TRAILING_NOTE = /\s(#|\/\/)\s*.*[A-Za-z\u00C0-\uFFFF]{2,}\W+[A-Za-z\u00C0-\uFFFF]{2,}/;

/** Comments that narrate the code's history instead of explaining it. */
const HISTORY: readonly RegExp[] = [
  /^(removed|deleted|old|changed|fixed|updated|modified|legacy|replaced|was)\s*[:!]/i,
  /\bold way\b/i,
  /\((was|previously|old)[:\s][^)]*\)/i,
  /(✅|✔️?|☑️?)\s*.*(수정|변경|삭제|제거|교체|반영|추가|fixed|changed|updated|removed|modified)/i,
  /^(수정|변경|삭제|제거)(됨|함|했|완료|\s*[:!])/,
];

/**
 * Whether prose explains the commented argument below it ("Enable auto start and stop of the RDS" above
 * `# enable_rds_auto_start_stop = true`): a documented option, as templates ship them.
 */
function describesOption(intro: string, content: string): boolean {
  const name = /^\s*([A-Za-z_][\w-]*)\s*=/.exec(content)?.[1];
  if (name === undefined || intro === "") return false;
  const prose = intro.toLowerCase();
  if (prose.includes(name.toLowerCase())) return true;
  const words = name.toLowerCase().split(/[_-]+/).filter((w) => w.length >= 3);
  const found = words.filter((w) => new RegExp(`\\b${w.replace(/s$/, "")}`).test(prose));
  return found.length >= 2 && found.length * 2 >= words.length;
}

export function isDirective(content: string): boolean {
  return DIRECTIVE.test(content.trim());
}

/** The text of a comment without its markers, one entry per line. */
function commentLines(file: HclFile, comment: Comment): CommentLine[] {
  const raw = file.text.slice(comment.start, comment.end);
  if (comment.style === "#" || comment.style === "//") {
    const marker = comment.style === "#" ? /^#+/ : /^\/\/+/;
    return [{ comment, start: comment.start, end: comment.end, content: raw.replace(marker, "").replace(/\r$/, "") }];
  }
  const out: CommentLine[] = [];
  const inner = raw.slice(2, raw.endsWith("*/") ? -2 : undefined);
  let offset = comment.start + 2;
  for (const line of inner.split("\n")) {
    out.push({ comment, start: offset, end: offset + line.length, content: line.replace(/^\s*\*(?!\/)/, "").replace(/\r$/, "") });
    offset += line.length + 1;
  }
  return out;
}

/** Whether the comment is the only thing on its line(s). */
function aloneOnLine(text: string, comment: Comment): boolean {
  const lineStart = text.lastIndexOf("\n", comment.start - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, comment.start))) return false;
  let lineEnd = text.indexOf("\n", comment.end);
  if (lineEnd < 0) lineEnd = text.length;
  return /^[ \t\r]*$/.test(text.slice(comment.end, lineEnd));
}

function lineNumber(text: string, offset: number, cache: number[]): number {
  // cache holds line start offsets
  let lo = 0;
  let hi = cache.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cache[mid] as number) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A line without the comment that ends it (`"a", # why` → `"a",`), outside string literals. */
function withoutTrailingComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "#" || (c === "/" && line[i + 1] === "/")) return line.slice(0, i);
  }
  return line;
}

function classify(content: string, depth: number): LineClass {
  const raw = content.trim();
  // A commented-out comment (`# # note`) is part of the code around it.
  if (raw.startsWith("#") || raw.startsWith("//")) return raw.length <= 2 ? "empty" : "weak";
  const text = withoutTrailingComment(content).trim();
  if (text === "" || SEPARATOR.test(text)) return "empty";
  if (DIRECTIVE.test(text)) return "directive";
  if (ATTRIBUTE.test(text) || BLOCK_OPEN.test(text) || LABELLED_BLOCK.test(text)) return "strong";
  if (QUOTED_KEY.test(text)) return depth > 0 ? "strong" : "weak";
  if (CLOSER.test(text)) return "close";
  if (LIST_ITEM.test(text) || OPENER.test(text)) return "weak";
  // Inside an open block, anything that is not plainly prose may be an expression's continuation.
  if (depth > 0 && !/[A-Za-z\u00C0-\uFFFF]{2,}\s+[A-Za-z\u00C0-\uFFFF]{2,}\s+[A-Za-z\u00C0-\uFFFF]{2,}/.test(text.replace(/"[^"]*"/g, '""'))) return "weak";
  return "prose";
}

/** Openers left open at the end of the text, and closers that had no opener. */
function brackets(text: string): { open: string[]; unmatched: string[] } {
  const open: string[] = [];
  const unmatched: string[] = [];
  for (const line of text.split("\n")) {
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (quoted) {
        if (c === "\\") i++;
        else if (c === '"') quoted = false;
        continue;
      }
      if (c === '"') quoted = true;
      else if (c === "#" || (c === "/" && line[i + 1] === "/")) break;
      else if (c === "{" || c === "[" || c === "(") open.push(c);
      else if (c === "}" || c === "]" || c === ")") {
        if (open.length > 0) open.pop();
        else unmatched.push(c);
      }
    }
  }
  return { open, unmatched };
}

/** Net count of `{[(` over `}])` outside string literals. */
function depthChange(content: string): number {
  let change = 0;
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "#") break;
    else if (c === "{" || c === "[" || c === "(") change++;
    else if (c === "}" || c === "]" || c === ")") change--;
  }
  return change;
}

function describeItem(item: BodyItem): string | null {
  if (item.type === "Block") return describeBlock(item);
  if (item.type === "Attribute") return `argument ${(item as Attribute).name}`;
  return null;
}

function describeBlock(block: Block): string {
  const labels = block.labels.map((l) => `"${l.value}"`).join(" ");
  return labels === "" ? `${block.blockType} block` : `${block.blockType} ${labels}`;
}

/**
 * Parses commented text as HCL; returns what it declares, or null when it is not convincingly code.
 * Unbalanced braces (a block's opening line commented out but not its end, or the reverse) are
 * balanced first.
 */
export function parseCommentedCode(text: string): string[] | null {
  const { open, unmatched } = brackets(text);
  // Closers without an opener: the block's header was not commented out with it. Only braces can be
  // balanced by wrapping; a stray `]` or `)` means this is not a piece of code that stands alone.
  if (unmatched.some((c) => c !== "}")) return null;
  const lowest = -unmatched.length;
  const prefix = "x {\n".repeat(-lowest);
  const closers: Record<string, string> = { "{": "}", "[": "]", "(": ")" };
  const suffix = open
    .reverse()
    .map((c) => `\n${closers[c] ?? ""}`)
    .join("");
  const parsed = parseHcl(`${prefix}${text}${suffix}\n`);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return null;
  // Inside the wrappers, then whatever follows each wrapper at its level.
  let items: BodyItem[] = parsed.body.items;
  for (let i = 0; i < -lowest; i++) {
    const index = items.findIndex((item) => item.type === "Block");
    const wrapper = items[index] as Block | undefined;
    items = wrapper === undefined ? [] : [...wrapper.body.items, ...items.slice(index + 1)];
  }
  if (items.length === 0 || items.some((item) => item.type === "Invalid")) return null;
  if (items.length === 1 && items[0]?.type === "Attribute") {
    // A lone `word = word` is as likely prose ("result = success") as code.
    const attribute = items[0];
    if (!/^[a-z_][a-z0-9_-]*$/.test(attribute.name)) return null;
    if (attribute.expr.type === "Variable" && !["true", "false", "null"].includes(attribute.expr.name)) return null;
  }
  if (items.length === 1 && items[0]?.type === "Block" && items[0].body.items.length === 0 && items[0].labels.length === 0) return null;
  const described: string[] = [];
  for (const item of items) {
    const d = describeItem(item);
    if (d !== null) described.push(d);
  }
  return described;
}

interface Run {
  lines: CommentLine[];
  /** The prose lines at the end of the run (an introduction to what follows). */
  trailingProse?: string[];
}

/** Full-line comments on consecutive lines (a `/*` comment forms its own run). */
function runsOf(file: HclFile): { runs: Run[]; trailing: CommentLine[] } {
  const text = file.text;
  const runs: Run[] = [];
  const trailing: CommentLine[] = [];
  let current: Run | null = null;
  let lastEnd = -1;
  for (const comment of file.comments) {
    if (!aloneOnLine(text, comment)) {
      trailing.push(...commentLines(file, comment));
      current = null;
      continue;
    }
    if (comment.style === "/*") {
      runs.push({ lines: commentLines(file, comment) });
      current = null;
      continue;
    }
    const between = lastEnd < 0 ? null : text.slice(lastEnd, comment.start);
    const consecutive = current !== null && between !== null && /^[ \t\r]*\n[ \t]*$/.test(between);
    if (!consecutive || current === null) {
      current = { lines: [] };
      runs.push(current);
    }
    current.lines.push(...commentLines(file, comment));
    lastEnd = comment.end;
  }
  return { runs, trailing };
}

interface Segment {
  lines: CommentLine[];
  /** Whether the segment reaches the first / last line of its run. */
  atRunStart: boolean;
  atRunEnd: boolean;
  depth: number;
  documented: boolean;
}

function segmentsOf(run: Run, before: string[], nearby: string[]): Segment[] {
  const out: Segment[] = [];
  let depth = 0;
  let current: { lines: CommentLine[]; first: number; lastCode: number; documented: boolean } | null = null;
  /** Prose lines seen since the last segment, nearest last. */
  let prose: string[] = [...before];
  /** Index after the last line that ended a segment or was prose. */
  let free = 0;
  const close = (next: LineClass | null): void => {
    if (current === null) return;
    const lines = current.lines.slice(0, current.lastCode + 1);
    // A single argument followed by prose is a sentence that starts like code ("x = 25 leaves room for ...").
    // So is a single argument that carries its own explanation (`# sensitive = false # no secret here`),
    // and code whose every line explains itself like a template's documented options.
    const code = lines.filter((l) => classify(l.content, 1) === "strong");
    const notes = code.filter((l) => TRAILING_NOTE.test(l.content));
    const sentence =
      (code.length === 1 && next === "prose" && current.lastCode === current.lines.length - 1) ||
      (code.length > 0 && notes.length === code.length) ||
      code.some((l) => /\s(#|\/\/)/.test(l.content) && DOC_INTRO.test(l.content.replace(/^.*?\s(#|\/\/)/, ""))) ||
      // Placeholders mark a template's documented option (one or two arguments), not a whole block.
      (code.length <= 2 && code.every((l) => ATTRIBUTE.test(l.content.trim())) && lines.some((l) => PLACEHOLDER.test(l.content)));
    out.push({ lines, atRunStart: current.first === 0, atRunEnd: current.first + lines.length === run.lines.length, depth, documented: current.documented || sentence });
    free = current.first + current.lastCode + 1;
    current = null;
    depth = 0;
  };
  let fenced = false;
  run.lines.forEach((line, index) => {
    const trimmed = line.content.trim();
    // Markdown code fences in a comment hold documentation examples.
    if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
      close("prose");
      fenced = !fenced;
      prose = [];
      free = index + 1;
      return;
    }
    if (fenced) {
      free = index + 1;
      return;
    }
    const kind = classify(line.content, depth);
    if (current === null) {
      if (kind === "strong" || kind === "close") {
        // Commented-out comments and blank comment lines right above belong to the code.
        let first = index;
        while (first > free) {
          const above = (run.lines[first - 1] as CommentLine).content.trim();
          if (above === "" || above.startsWith("#") || above.startsWith("//")) first--;
          else break;
        }
        while (first < index && (run.lines[first] as CommentLine).content.trim() === "") first++;
        const intro = prose.slice(-3).join(" ").replace(/\b[a-z]+:\/\/\S+/gi, "");
        current = { lines: run.lines.slice(first, index + 1), first, lastCode: index - first, documented: DOC_INTRO.test(intro) || REASON.test(intro) || describesOption(first === 0 ? [...nearby, ...prose].slice(-6).join(" ") : intro, line.content) };
        prose = [];
        depth = Math.max(0, depthChange(line.content));
      } else if (kind === "prose") {
        prose.push(line.content);
        free = index + 1;
      } else if (kind === "directive") {
        prose = [];
        free = index + 1;
      }
      return;
    }
    if (kind === "prose" || kind === "directive") {
      close(kind);
      prose = kind === "prose" ? [line.content] : [];
      free = index + 1;
      return;
    }
    current.lines.push(line);
    if (kind === "strong" || kind === "close" || (kind === "weak" && depth > 0)) current.lastCode = current.lines.length - 1;
    depth += depthChange(line.content);
  });
  close(null);
  run.trailingProse = prose;
  // A /* */ comment that is mostly prose is documentation, and its code is an illustration.
  const first = run.lines[0];
  if (first !== undefined && first.comment.style === "/*") {
    const proseLines = run.lines.filter((l) => classify(l.content, 0) === "prose").length;
    const codeLines = out.reduce((n, segment) => n + segment.lines.length, 0);
    if (proseLines >= codeLines) for (const segment of out) segment.documented = true;
  }
  return out;
}

function joinContent(lines: CommentLine[]): string {
  return lines.map((l) => l.content).join("\n");
}

/** Commented-out code and history comments of a file. */
export function commentFindings(file: HclFile): CommentFinding[] {
  const text = file.text;
  const { runs, trailing } = runsOf(file);
  const out: CommentFinding[] = [];
  const covered: Array<[number, number]> = [];

  // Segments of code, with adjacent ones (separated by blank lines only) merged.
  const groups: { segments: Segment[] }[] = [];
  let previousRun: Run | null = null;
  for (const run of runs) {
    // Prose that ends the run just above (blank lines between) introduces this one.
    const adjacent = previousRun !== null && /^\s*$/.test(text.slice((previousRun.lines[previousRun.lines.length - 1] as CommentLine).comment.end, (run.lines[0] as CommentLine).comment.start));
    // Only an explicit introduction carries across a blank line ("uncomment below:").
    const carried = adjacent && previousRun !== null ? (previousRun.trailingProse ?? []) : [];
    const before = carried.some((line) => CARRIED_INTRO.test(line)) ? carried : [];
    const nearby = carried;
    previousRun = run;
    for (const segment of segmentsOf(run, before, nearby)) {
      const previous = groups[groups.length - 1];
      const last = previous?.segments[previous.segments.length - 1];
      if (previous !== undefined && last !== undefined && last.atRunEnd && segment.atRunStart && !segment.documented) {
        const lastLine = last.lines[last.lines.length - 1] as CommentLine;
        // Only blank lines may lie between them. The rest of a documented block is documented too.
        if (/^\s*$/.test(text.slice(lastLine.end, spanOf(segment.lines).start)) && (!last.documented || last.depth > 0)) {
          if (last.documented) segment.documented = true;
          previous.segments.push(segment);
          continue;
        }
      }
      groups.push({ segments: [segment] });
    }
  }
  for (const group of groups) {
    if (group.segments.some((s) => s.documented)) continue;
    const lines = group.segments.flatMap((s) => s.lines);
    let items = parseCommentedCode(joinContent(lines));
    if (items === null && group.segments.length > 1) {
      // Merged segments may not parse together; keep each that parses on its own.
      for (const segment of group.segments) {
        const own = parseCommentedCode(joinContent(segment.lines));
        if (own !== null && !typeSketch(file, (segment.lines[0] as CommentLine).start, own)) pushCode(file, out, covered, segment.lines, own);
      }
      continue;
    }
    if (items === null) continue;
    items = items.length === 0 ? ["code"] : items;
    if (typeSketch(file, (lines[0] as CommentLine).start, items)) continue;
    pushCode(file, out, covered, lines, items);
  }

  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  // History comments: full-line runs (outside code already reported) and trailing comments.
  const history: CommentLine[] = [];
  for (const run of runs) for (const line of run.lines) if (!covered.some(([s, e]) => line.start >= s && line.end <= e)) history.push(line);
  history.push(...trailing);
  history.sort((a, b) => a.start - b.start);
  let previous: HistoryComment | null = null;
  let previousLine = -1;
  for (const line of history) {
    const content = line.content.trim();
    if (!HISTORY.some((pattern) => pattern.test(content))) continue;
    const number = lineNumber(text, line.start, starts);
    if (previous !== null && number === previousLine + 1 && aloneOnLine(text, line.comment)) {
      previous.end = line.end;
      previousLine = number;
      continue;
    }
    previous = { kind: "history", start: line.comment.style === "/*" ? line.start : line.comment.start, end: line.end, text: content };
    previousLine = number;
    out.push(previous);
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * A commented `type = object({...})` inside a variable block documents the shape a loosely typed
 * variable (`type = any`) expects; it is documentation, not dead code.
 */
function typeSketch(file: HclFile, offset: number, items: string[]): boolean {
  if (!items.every((item) => item === "argument type")) return false;
  const enclosing = file.body.items.find((item) => item.start <= offset && offset < item.end);
  return enclosing?.type === "Block" && enclosing.blockType === "variable";
}

/**
 * The span of comment lines: whole `#` comments, and a whole `/*` comment when its other lines are
 * blank.
 */
function spanOf(lines: CommentLine[], file?: HclFile): { start: number; end: number } {
  const first = lines[0] as CommentLine;
  const last = lines[lines.length - 1] as CommentLine;
  let start = first.start <= first.comment.start + 2 ? first.comment.start : first.start;
  let end = last.end >= last.comment.end - 2 ? last.comment.end : last.end;
  if (file !== undefined && first.comment.style === "/*" && first.comment === last.comment) {
    const comment = first.comment;
    const before = file.text.slice(comment.start + 2, first.start);
    const after = file.text.slice(last.end, comment.end - 2);
    if (/^[\s*]*$/.test(before)) start = comment.start;
    if (/^[\s*]*$/.test(after)) end = comment.end;
  }
  return { start, end };
}

function pushCode(file: HclFile, out: CommentFinding[], covered: Array<[number, number]>, lines: CommentLine[], items: string[]): void {
  const span = spanOf(lines, file);
  covered.push([span.start, span.end]);
  out.push({ kind: "code", start: span.start, end: span.end, lines: lines.length, items });
}
