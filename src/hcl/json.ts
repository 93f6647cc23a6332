/**
 * Terraform's JSON syntax (`.tf.json` and `.tfvars.json`), read into the same tree as the native syntax.
 *
 * Two layers:
 *
 * 1. `parseJson`: a JSON parser with positions. It accepts exactly what `JSON.parse` accepts (RFC 8259),
 *    except that a leading byte-order mark is allowed as trivia and values nested more than
 *    `MAX_DEPTH` levels deep are reported instead of parsed. It never throws: every syntax error
 *    becomes a diagnostic and the parser recovers, so the values it understood are still returned.
 *
 * 2. `parseHclJson`: maps the JSON value onto an HclFile the way Terraform's JSON configuration
 *    syntax and HCL's JSON specification define it. Object properties become block types, block
 *    labels, arguments or nested blocks depending on where they are; strings in expression positions
 *    are string templates (parsed with `parseTemplate`), and the few arguments that Terraform reads
 *    as references, type expressions or literal values are mapped accordingly.
 *
 * Positions. Every node has real offsets into the text, so `printHcl(file) === text` and
 * `treeViolations(file)` is empty for any input. Nodes parsed from inside a JSON string are placed
 * through a map from the decoded string back to the source, so a node spans the source text of its
 * characters, escapes included. A JSON property name can be a label of several blocks at once
 * (`"aws_instance": {"a": {...}, "b": {...}}` declares two resources); since one span of text can only
 * belong to one node, the first block takes the shared keys and later blocks start at their own first
 * key, with the shared labels (and the block type) as zero-width spans at the block's start.
 */
import type {
  Attribute,
  Block,
  Body,
  BodyItem,
  Diagnostic,
  Expression,
  HclFile,
  InvalidItem,
  Label,
  Node,
  ObjectItem,
  Span,
  Template,
  TemplatePart,
} from "./ast.js";
import { parseExpression, parseTemplate } from "./parser.js";
import { lineOf, lineStarts } from "./positions.js";
import { childrenOf } from "./walk.js";

export interface JsonParseOptions {
  /** The file's path, kept on the tree. */
  path?: string;
  /** `config` for `.tf.json` files (the default), `vars` for `.tfvars.json` files. */
  kind?: "config" | "vars";
}

// ------------------------------------------------------------------------------------------ JSON

export type JsonValue = JsonObject | JsonArray | JsonString | JsonNumber | JsonKeyword | JsonInvalid;

export interface JsonObject extends Span {
  kind: "object";
  members: JsonMember[];
  /** Offset of the closing `}`, or -1 when the object is not closed. */
  close: number;
}

export interface JsonMember {
  key: JsonString;
  value: JsonValue;
}

export interface JsonArray extends Span {
  kind: "array";
  items: JsonValue[];
  /** Offset of the closing `]`, or -1 when the array is not closed. */
  close: number;
}

export interface JsonString extends Span {
  kind: "string";
  /** The decoded value. */
  value: string;
  /** Offset of the first character of the value (after the opening quote). */
  contentStart: number;
  /**
   * Source offset of each UTF-16 unit of `value`, plus one entry for the end of the value (the
   * closing quote); null when the string has no escapes and unit `i` is at `contentStart + i`.
   */
  map: Int32Array | null;
}

export interface JsonNumber extends Span {
  kind: "number";
  value: number;
}

export interface JsonKeyword extends Span {
  kind: "keyword";
  value: boolean | null;
}

/** Source that is not a JSON value (a syntax error has been reported for it). */
export interface JsonInvalid extends Span {
  kind: "invalid";
}

/** Deeper values are reported rather than parsed, so that nothing downstream runs out of stack. */
export const MAX_DEPTH = 500;

/**
 * Parses a JSON text. A leading U+FEFF is skipped. Returns the value (null when the text holds none)
 * and the syntax errors, in source order.
 */
export function parseJson(text: string): { value: JsonValue | null; diagnostics: Diagnostic[] } {
  const parser = new JsonParser(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const value = parser.parse();
  const diagnostics = parser.diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { value, diagnostics };
}

/** The source offset of unit `i` of a string's value (`i === value.length` is the end of the value). */
function offsetIn(s: JsonString, i: number): number {
  const at = Math.max(0, Math.min(i, s.value.length));
  return s.map === null ? s.contentStart + at : (s.map[at] as number);
}

type TokenKind = "{" | "}" | "[" | "]" | ":" | "," | "string" | "number" | "keyword" | "word" | "invalid" | "eof";

interface Token extends Span {
  kind: TokenKind;
  index: number;
  /** For strings: the decoded string. */
  string: JsonString | null;
  /** For numbers and keywords: the value. */
  value: number | boolean | null;
  /** Why an invalid token is not JSON. */
  problem: string | null;
  /** A string with no closing quote on its line. */
  unterminated: boolean;
  /** An invalid token that is a single-quoted string. */
  singleQuoted: boolean;
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const NUMBER_RUN = /[-+.0-9][-+.0-9A-Za-z_]*/y;
const WORD_RUN = /[\p{L}_$][\p{L}\p{N}_$-]*/uy;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES = new Map<number, string>([
  [34, '"'],
  [92, "\\"],
  [47, "/"],
  [98, "\b"],
  [102, "\f"],
  [110, "\n"],
  [114, "\r"],
  [116, "\t"],
]);

function newToken(kind: TokenKind, start: number, end: number, index: number): Token {
  return { kind, start, end, index, string: null, value: null, problem: null, unterminated: false, singleQuoted: false };
}

/** Splits JSON text into tokens. Reports problems inside strings and comments (which it drops). */
function lexJson(text: string, from: number, diagnostics: Diagnostic[]): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  const error = (start: number, end: number, message: string): void => {
    diagnostics.push({ severity: "error", start, end, message });
  };
  const push = (kind: TokenKind, start: number, end: number): Token => {
    const token = newToken(kind, start, end, tokens.length);
    tokens.push(token);
    return token;
  };
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    switch (c) {
      case 123:
      case 125:
      case 91:
      case 93:
      case 58:
      case 44:
        push(text[i] as TokenKind, i, i + 1);
        i++;
        continue;
      case 34:
        i = lexString(text, i, tokens, error);
        continue;
      case 39: {
        // A single-quoted string, kept as one invalid token so that it costs one error.
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== 39 && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        if (j < n && text.charCodeAt(j) === 39) j++;
        const token = push("invalid", i, j);
        token.singleQuoted = true;
        token.problem = "JSON strings must be in double quotes, not single quotes";
        i = j;
        continue;
      }
      case 47: {
        const next = text.charCodeAt(i + 1);
        if (next === 47 || next === 42) {
          let end: number;
          if (next === 47) {
            end = i + 2;
            while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
          } else {
            const close = text.indexOf("*/", i + 2);
            end = close < 0 ? n : close + 2;
          }
          error(i, end, 'JSON does not allow comments; to leave a note in a block, use a "//" property instead');
          i = end;
          continue;
        }
        break;
      }
    }
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
      NUMBER_RUN.lastIndex = i;
      NUMBER_RUN.test(text);
      const end = NUMBER_RUN.lastIndex;
      const raw = text.slice(i, end);
      if (NUMBER.test(raw)) push("number", i, end).value = Number(raw);
      else push("invalid", i, end).problem = numberProblem(raw);
      i = end;
      continue;
    }
    WORD_RUN.lastIndex = i;
    if (WORD_RUN.test(text)) {
      const end = WORD_RUN.lastIndex;
      const word = text.slice(i, end);
      if (word === "true" || word === "false" || word === "null") push("keyword", i, end).value = word === "null" ? null : word === "true";
      else push("word", i, end);
      i = end;
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    push("invalid", i, i + width).problem = characterProblem(cp);
    i += width;
  }
  push("eof", n, n);
  return tokens;
}

/** Lexes the string that starts at `start` (a `"`); returns the offset after it. */
function lexString(text: string, start: number, tokens: Token[], error: (start: number, end: number, message: string) => void): number {
  const n = text.length;
  const contentStart = start + 1;
  // Most strings have no escapes and no control characters: take them as they are.
  let j = contentStart;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 34 || c === 92 || c < 0x20) break;
    j++;
  }
  if (j < n && text.charCodeAt(j) === 34) {
    const string: JsonString = { kind: "string", start, end: j + 1, value: text.slice(contentStart, j), contentStart, map: null };
    const token = newToken("string", start, j + 1, tokens.length);
    token.string = string;
    tokens.push(token);
    return j + 1;
  }

  const pieces: string[] = [];
  const offsets: number[] = [];
  let i = contentStart;
  let end: number;
  let unterminated = false;
  for (;;) {
    if (i >= n) {
      unterminated = true;
      end = n;
      break;
    }
    const c = text.charCodeAt(i);
    if (c === 34) {
      end = i + 1;
      break;
    }
    if (c === 10 || c === 13) {
      unterminated = true;
      end = i;
      break;
    }
    if (c === 92) {
      const e = text.charCodeAt(i + 1);
      const simple = ESCAPES.get(e);
      if (simple !== undefined) {
        pieces.push(simple);
        offsets.push(i);
        i += 2;
        continue;
      }
      if (e === 117) {
        const hex = text.slice(i + 2, i + 6);
        if (HEX4.test(hex)) {
          pieces.push(String.fromCharCode(parseInt(hex, 16)));
          offsets.push(i);
          i += 6;
          continue;
        }
        error(i, i + 2, "invalid escape: '\\u' must be followed by four hexadecimal digits, such as \\u00e9");
      } else if (i + 1 < n && e !== 10 && e !== 13) {
        const width = (text.codePointAt(i + 1) ?? e) > 0xffff ? 2 : 1;
        error(
          i,
          i + 1 + width,
          `invalid escape '${text.slice(i, i + 1 + width)}' in a string: write a backslash as \\\\; the escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX`,
        );
      }
      // Keep the backslash and read what follows it as ordinary characters. (A backslash at the end
      // of the line or file is not reported: the string is unterminated, which is reported below.)
      pieces.push("\\");
      offsets.push(i);
      i++;
      continue;
    }
    if (c < 0x20) {
      const named = c === 9 ? " (a tab): write \\t" : `: write \\u${c.toString(16).padStart(4, "0")}`;
      error(i, i + 1, `control character U+${c.toString(16).toUpperCase().padStart(4, "0")} must be escaped in a JSON string${named}`);
    }
    pieces.push(text[i] as string);
    offsets.push(i);
    i++;
  }
  offsets.push(unterminated ? end : end - 1);
  if (unterminated)
    error(
      start,
      Math.max(end, start + 1),
      i >= n
        ? "unterminated string: add the closing '\"' before the end of the file"
        : "unterminated string: add the closing '\"' at the end of the line (a JSON string cannot span lines; write \\n for a line break)",
    );
  const string: JsonString = { kind: "string", start, end, value: pieces.join(""), contentStart, map: Int32Array.from(offsets) };
  const token = newToken("string", start, end, tokens.length);
  token.string = string;
  token.unterminated = unterminated;
  tokens.push(token);
  return end;
}

function numberProblem(raw: string): string {
  const unsigned = raw.replace(/^[-+]/, "");
  if (!/[0-9]/.test(raw) && !/^(Infinity|NaN)$/.test(unsigned)) return `unexpected '${raw}'`;
  if (/^(Infinity|NaN)$/.test(unsigned)) return `'${raw}' is not a JSON number; use null or a string`;
  if (raw.startsWith("+")) return `invalid number '${raw}': a JSON number cannot start with '+'; write ${raw.slice(1)}`;
  if (/^0[xXoObB]/.test(unsigned)) return `invalid number '${raw}': JSON numbers are written in decimal`;
  if (/^0[0-9]/.test(unsigned)) return `invalid number '${raw}': JSON numbers cannot have leading zeros`;
  if (unsigned.startsWith(".")) return `invalid number '${raw}': write a digit before the decimal point, as in 0${unsigned}`;
  if (/\.(?![0-9])/.test(unsigned)) return `invalid number '${raw}': a decimal point must be followed by digits`;
  if (/[eE](?![+-]?[0-9])/.test(unsigned)) return `invalid number '${raw}': an exponent must have digits, as in 1e3`;
  return `invalid number '${raw}'`;
}

function characterProblem(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  if (cp === 0xfeff) return `unexpected byte-order mark (${hex}): it is only allowed at the very start of the file`;
  if (cp < 0x20 || cp === 0x7f || /\s/u.test(String.fromCodePoint(cp)))
    return `unexpected character ${hex}: JSON allows only spaces, tabs and newlines between values`;
  return `unexpected character '${String.fromCodePoint(cp)}'`;
}

function truncate(s: string, max = 24): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

class JsonParser {
  readonly diagnostics: Diagnostic[] = [];
  private readonly tokens: Token[];
  private pos = 0;
  /** End of the last token read. */
  private lastEnd: number;
  /** The containers open at the current position, innermost last. */
  private readonly open: ("{" | "[")[] = [];
  /** How many more tokens `resolveMismatch` may look at, so that recovery stays linear in practice. */
  private lookahead = 1_000_000;
  private tooDeepReported = false;
  private unclosedReported = false;
  private lines: Int32Array | null = null;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.tokens = lexJson(text, from, this.diagnostics);
    this.lastEnd = from;
  }

  parse(): JsonValue | null {
    const first = this.peek();
    if (first.kind === "eof") {
      this.error(first.start, first.end, "the file is empty: it must hold a JSON value, such as an object {}");
      return null;
    }
    const value = this.value(0);
    const rest = this.peek();
    // Leftovers after an error are usually its consequence; report them only in an otherwise valid text.
    if (rest.kind !== "eof" && this.diagnostics.length === 0)
      this.report(rest, `unexpected ${this.describe(rest)} after the end of the JSON value: a file holds a single value`);
    return value;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") {
      this.pos++;
      this.lastEnd = token.end;
    }
    return token;
  }

  private line(offset: number): number {
    if (this.lines === null) this.lines = lineStarts(this.text);
    return lineOf(this.lines, offset);
  }

  private error(start: number, end: number, message: string): void {
    this.diagnostics.push({ severity: "error", start, end, message });
  }

  /**
   * Reports a structural error at a token, unless the token follows an unterminated string: that
   * string has its own error, and whatever comes after it is usually a consequence.
   */
  private report(token: Token, message: string): void {
    if (this.tokens[token.index - 1]?.unterminated === true) return;
    this.error(token.start, Math.max(token.end, token.start + (token.kind === "eof" ? 0 : 1)), message);
  }

  private describe(token: Token): string {
    const raw = this.text.slice(token.start, token.end);
    switch (token.kind) {
      case "eof":
        return "the end of the file";
      case "string":
        return `the string ${JSON.stringify(truncate(token.string?.value ?? ""))}`;
      case "number":
        return `the number ${truncate(raw)}`;
      case "invalid": {
        const cp = raw.codePointAt(0) ?? 0;
        return raw.length <= 2 && (cp < 0x20 || /\s/u.test(raw)) ? `U+${cp.toString(16).toUpperCase().padStart(4, "0")}` : `'${truncate(raw)}'`;
      }
      default:
        return `'${truncate(raw)}'`;
    }
  }

  /** Skips a malformed stretch up to the next `,` or closer at this level, without reporting anything. */
  private skipQuietly(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof") return;
      if (depth === 0 && (t.kind === "," || t.kind === "}" || t.kind === "]")) return;
      if (t.kind === "{" || t.kind === "[") depth++;
      else if (t.kind === "}" || t.kind === "]") depth--;
      this.next();
    }
  }

  private startsValue(t: Token): boolean {
    return t.kind === "{" || t.kind === "[" || t.kind === "string" || t.kind === "number" || t.kind === "keyword" || t.kind === "word";
  }

  /** Parses a value; returns null, without consuming anything, when no value starts here. */
  private value(depth: number): JsonValue | null {
    const t = this.peek();
    switch (t.kind) {
      case "{":
      case "[":
        if (depth >= MAX_DEPTH) return this.tooDeep();
        return t.kind === "{" ? this.object(depth) : this.array(depth);
      case "string":
        this.next();
        return t.string as JsonString;
      case "number":
        this.next();
        return { kind: "number", start: t.start, end: t.end, value: t.value as number };
      case "keyword":
        this.next();
        return { kind: "keyword", start: t.start, end: t.end, value: t.value as boolean | null };
      case "word":
      case "invalid": {
        this.next();
        this.report(t, t.kind === "word" ? this.wordProblem(t) : (t.problem ?? `unexpected ${this.describe(t)}`));
        // Swallow the rest of a malformed value (`aws_instance.web`) so it costs a single error.
        this.skipQuietly();
        return { kind: "invalid", start: t.start, end: Math.max(t.end, this.lastEnd) };
      }
      default:
        this.report(t, `expected a JSON value (an object, array, string, number, true, false or null), but found ${this.describe(t)}`);
        return null;
    }
  }

  private wordProblem(t: Token): string {
    const word = this.text.slice(t.start, t.end);
    const lower = word.toLowerCase();
    if (lower === "true" || lower === "false" || lower === "null") return `JSON keywords are lowercase: write ${lower} instead of ${word}`;
    if (word === "NaN" || word === "Infinity" || word === "undefined") return `'${word}' is not a JSON value; use null or a number`;
    return `'${truncate(word)}' is not a JSON value: write text in double quotes, as in "${truncate(word)}"`;
  }

  private tooDeep(): JsonInvalid {
    const open = this.next();
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.report(open, `this value is nested more than ${MAX_DEPTH} levels deep, which cairn does not read`);
    }
    let depth = 1;
    while (depth > 0 && this.peek().kind !== "eof") {
      const t = this.next();
      if (t.kind === "{" || t.kind === "[") depth++;
      else if (t.kind === "}" || t.kind === "]") depth--;
    }
    return { kind: "invalid", start: open.start, end: this.lastEnd };
  }

  /**
   * What a closer of the wrong kind (`]` in an object, `}` in an array) most likely means:
   * - "close": a typo for the current container's own closer;
   * - "parent": the current container lacks its closer and the token closes an enclosing container;
   * - "skip": a stray closer.
   * Each reading is tried against the rest of the text, and the one that leaves the fewest unmatched
   * brackets wins.
   */
  private resolveMismatch(t: Token): "close" | "parent" | "skip" {
    const want = t.kind === "}" ? "{" : "[";
    const outer = this.open.lastIndexOf(want, this.open.length - 2);
    const remaining = this.tokens.length - t.index;
    if (this.lookahead < remaining * 3) return outer >= 0 ? "parent" : "skip";
    this.lookahead -= remaining * 3;
    const options: ["parent" | "close" | "skip", ("{" | "[")[]][] = [];
    if (outer >= 0) options.push(["parent", this.open.slice(0, outer)]);
    options.push(["close", this.open.slice(0, -1)], ["skip", this.open.slice()]);
    let best = options[0] as ["parent" | "close" | "skip", ("{" | "[")[]];
    let fewest = Infinity;
    for (const option of options) {
      const unmatched = this.unmatchedAfter(t.index + 1, option[1]);
      if (unmatched < fewest) {
        fewest = unmatched;
        best = option;
      }
    }
    return best[0];
  }

  /** Brackets left unmatched from token `from` to the end, given the containers open before it. */
  private unmatchedAfter(from: number, stack: ("{" | "[")[]): number {
    let unmatched = 0;
    for (let i = from; i < this.tokens.length; i++) {
      const k = (this.tokens[i] as Token).kind;
      if (k === "{" || k === "[") stack.push(k);
      else if (k === "}" || k === "]") {
        if (stack[stack.length - 1] === (k === "}" ? "{" : "[")) stack.pop();
        else unmatched++;
      }
    }
    return unmatched + stack.length;
  }

  /** Reports a container that the text ends inside; only the innermost, as the rest follows from it. */
  private reportUnclosed(t: Token, message: string): void {
    if (this.unclosedReported) return;
    this.unclosedReported = true;
    this.report(t, message);
  }

  private object(depth: number): JsonObject {
    const open = this.next();
    const object: JsonObject = { kind: "object", start: open.start, end: open.end, members: [], close: -1 };
    this.open.push("{");
    let expectMember = true;
    let comma: Token | null = null;
    let memberStart = open.start;
    for (;;) {
      const t = this.peek();
      if (t.kind === "}") {
        if (comma !== null) this.report(comma, "trailing comma: remove the ',' after the last member of the object (JSON does not allow it)");
        this.next();
        object.close = t.start;
        break;
      }
      if (t.kind === "eof") {
        this.reportUnclosed(t, `expected '}' to close the object opened at line ${this.line(open.start)}, but found the end of the file`);
        break;
      }
      if (t.kind === "]") {
        const action = this.resolveMismatch(t);
        if (action === "skip") {
          this.report(t, `unexpected ']' in the object opened at line ${this.line(open.start)}: remove it, or check the brackets before it`);
          this.next();
          continue;
        }
        this.report(t, `expected '}' to close the object opened at line ${this.line(open.start)}, but found ']'`);
        // A typo for '}' ends this object (which still has no proper closer).
        if (action === "close") this.next();
        break;
      }
      if (t.kind === ",") {
        if (expectMember)
          this.report(t, comma === null ? "unexpected ',' at the start of the object: remove it" : "unexpected ',': there is no member between these commas; remove one");
        else {
          comma = t;
          expectMember = true;
        }
        this.next();
        continue;
      }
      if (!expectMember) {
        this.report(t, `expected ',' or '}' after the object member at line ${this.line(memberStart)}, but found ${this.describe(t)}`);
        // A string is most likely the next member with the comma missing: read it as one.
        if (t.kind !== "string") {
          this.skipQuietly();
          continue;
        }
      }
      comma = null;
      expectMember = false;
      memberStart = t.start;
      const member = this.member(depth);
      if (member !== null) object.members.push(member);
    }
    this.open.pop();
    object.end = object.close >= 0 ? object.close + 1 : this.lastEnd;
    return object;
  }

  private member(depth: number): JsonMember | null {
    const t = this.peek();
    let key: JsonString;
    if (t.kind === "string") {
      this.next();
      key = t.string as JsonString;
    } else if ((t.kind === "word" || t.kind === "keyword" || t.kind === "number" || t.singleQuoted) && this.peek(1).kind === ":") {
      // `{name: 1}` or `{'name': 1}`: report it, and take the name as meant.
      this.next();
      const quoted = t.singleQuoted;
      const contentStart = quoted ? t.start + 1 : t.start;
      const contentEnd = quoted && t.end - t.start > 1 && this.text.charCodeAt(t.end - 1) === 39 ? t.end - 1 : t.end;
      key = { kind: "string", start: t.start, end: t.end, value: this.text.slice(contentStart, contentEnd), contentStart, map: null };
      this.report(t, `property names must be in double quotes: write ${JSON.stringify(key.value)}`);
    } else {
      this.report(t, `expected a property name in double quotes, but found ${this.describe(t)}`);
      this.skipQuietly();
      return null;
    }
    const colon = this.peek();
    const name = JSON.stringify(truncate(key.value));
    if (colon.kind === ":") this.next();
    else if (colon.kind === "invalid" && this.text.slice(colon.start, colon.end) === "=") {
      this.report(colon, `expected ':' after the property name ${name}: JSON separates names from values with ':', not '='`);
      this.next();
    } else if (this.startsValue(colon)) this.report(colon, `expected ':' after the property name ${name}, but found ${this.describe(colon)}`);
    else {
      this.report(colon, `expected ':' and a value after the property name ${name}, but found ${this.describe(colon)}`);
      if (colon.kind !== "," && colon.kind !== "}" && colon.kind !== "]") this.skipQuietly();
      return null;
    }
    const value = this.value(depth + 1);
    return value === null ? null : { key, value };
  }

  private array(depth: number): JsonArray {
    const open = this.next();
    const array: JsonArray = { kind: "array", start: open.start, end: open.end, items: [], close: -1 };
    this.open.push("[");
    let expectItem = true;
    let comma: Token | null = null;
    let itemStart = open.start;
    for (;;) {
      const t = this.peek();
      if (t.kind === "]") {
        if (comma !== null) this.report(comma, "trailing comma: remove the ',' after the last element of the array (JSON does not allow it)");
        this.next();
        array.close = t.start;
        break;
      }
      if (t.kind === "eof") {
        this.reportUnclosed(t, `expected ']' to close the array opened at line ${this.line(open.start)}, but found the end of the file`);
        break;
      }
      if (t.kind === "}") {
        const action = this.resolveMismatch(t);
        if (action === "skip") {
          this.report(t, `unexpected '}' in the array opened at line ${this.line(open.start)}: remove it, or check the brackets before it`);
          this.next();
          continue;
        }
        this.report(t, `expected ']' to close the array opened at line ${this.line(open.start)}, but found '}'`);
        // A typo for ']' ends this array (which still has no proper closer).
        if (action === "close") this.next();
        break;
      }
      if (t.kind === ",") {
        if (expectItem)
          this.report(
            t,
            comma === null ? "unexpected ',' at the start of the array: remove it" : "unexpected ',': there is no value between these commas; remove one or add the value",
          );
        else {
          comma = t;
          expectItem = true;
        }
        this.next();
        continue;
      }
      if (!expectItem) {
        this.report(t, `expected ',' or ']' after the array element at line ${this.line(itemStart)}, but found ${this.describe(t)}`);
        // A value is most likely the next element with the comma missing: read it as one.
        if (!this.startsValue(t)) {
          this.skipQuietly();
          continue;
        }
      }
      comma = null;
      expectItem = false;
      itemStart = t.start;
      const item = this.value(depth + 1);
      if (item === null) this.skipQuietly();
      else array.items.push(item);
    }
    this.open.pop();
    array.end = array.close >= 0 ? array.close + 1 : this.lastEnd;
    return array;
  }
}

// ------------------------------------------------------------------------------ Terraform mapping

/**
 * How strings are read in an argument's value:
 * - `template`: a string template (`"${var.x}-suffix"`), the general rule;
 * - `literal`: the string as it is, for settings Terraform reads without evaluation;
 * - `expression`: the string holds an expression, for arguments that take references, keywords or
 *   type expressions (`"provider": "aws.west"`, `"type": "list(string)"`). Object keys stay literal.
 */
type StringMode = "template" | "literal" | "expression";

interface BlockSchema {
  /** How many levels of object nesting give the block's labels. */
  labels: number;
  /** What a label is called, for messages. */
  labelName?: string;
  /** Nested block types. */
  blocks?: ReadonlyMap<string, BlockSchema>;
  /** Every property of the body is an argument: the block has no nested blocks. */
  attributesOnly?: boolean;
  /** Arguments whose value is never a block (maps, meta-arguments), with how their strings are read. */
  attributes?: ReadonlyMap<string, StringMode>;
  /** Strings in the whole block are literal, as Terraform does not evaluate them. */
  literal?: boolean;
}

/** The nested blocks of provider schemas, which cairn does not have: no labels, generic contents. */
const GENERIC: BlockSchema = { labels: 0 };

const DYNAMIC: BlockSchema = {
  labels: 1,
  labelName: "block type",
  blocks: new Map([["content", GENERIC]]),
  attributes: new Map<string, StringMode>([
    ["for_each", "template"],
    ["iterator", "expression"],
    ["labels", "template"],
  ]),
};

const CONNECTION: BlockSchema = { labels: 0, attributes: new Map<string, StringMode>([["type", "literal"]]) };

const PROVISIONER: BlockSchema = {
  labels: 1,
  labelName: "provisioner type",
  blocks: new Map([["connection", CONNECTION]]),
  attributes: new Map<string, StringMode>([
    ["when", "expression"],
    ["on_failure", "expression"],
  ]),
};

const LIFECYCLE: BlockSchema = {
  labels: 0,
  blocks: new Map([
    [
      "action_trigger",
      {
        labels: 0,
        attributes: new Map<string, StringMode>([
          ["events", "expression"],
          ["actions", "expression"],
        ]),
      },
    ],
  ]),
  attributes: new Map<string, StringMode>([
    ["ignore_changes", "expression"],
    ["replace_triggered_by", "expression"],
  ]),
};

const META_ARGUMENTS = new Map<string, StringMode>([
  ["count", "template"],
  ["for_each", "template"],
  ["depends_on", "expression"],
  ["provider", "expression"],
]);

const RESOURCE: BlockSchema = {
  labels: 2,
  labelName: "type and name",
  blocks: new Map([
    ["lifecycle", LIFECYCLE],
    ["provisioner", PROVISIONER],
    ["connection", CONNECTION],
  ]),
  attributes: META_ARGUMENTS,
};

const TERRAFORM: BlockSchema = {
  labels: 0,
  literal: true,
  blocks: new Map<string, BlockSchema>([
    ["backend", { labels: 1, labelName: "backend type" }],
    ["cloud", GENERIC],
    ["required_providers", { labels: 0, attributesOnly: true }],
    ["provider_meta", { labels: 1, labelName: "provider name", attributesOnly: true }],
  ]),
};

const ROOT: BlockSchema = {
  labels: 0,
  blocks: new Map<string, BlockSchema>([
    ["terraform", TERRAFORM],
    ["resource", RESOURCE],
    ["data", RESOURCE],
    ["ephemeral", RESOURCE],
    ["action", { labels: 2, labelName: "type and name", attributes: META_ARGUMENTS }],
    [
      "module",
      {
        labels: 1,
        labelName: "name",
        attributesOnly: true,
        attributes: new Map<string, StringMode>([
          ["source", "literal"],
          ["version", "literal"],
          ["providers", "expression"],
          ["depends_on", "expression"],
        ]),
      },
    ],
    [
      "variable",
      {
        labels: 1,
        labelName: "name",
        attributes: new Map<string, StringMode>([
          ["type", "expression"],
          ["default", "literal"],
          ["description", "literal"],
          ["sensitive", "literal"],
          ["nullable", "literal"],
          ["ephemeral", "literal"],
        ]),
      },
    ],
    [
      "output",
      {
        labels: 1,
        labelName: "name",
        attributes: new Map<string, StringMode>([
          ["value", "template"],
          ["description", "literal"],
          ["sensitive", "literal"],
          ["ephemeral", "literal"],
          ["depends_on", "expression"],
        ]),
      },
    ],
    [
      "provider",
      {
        labels: 1,
        labelName: "provider name",
        attributes: new Map<string, StringMode>([
          ["alias", "literal"],
          ["version", "literal"],
        ]),
      },
    ],
    ["locals", { labels: 0, attributesOnly: true }],
    [
      "moved",
      {
        labels: 0,
        attributesOnly: true,
        attributes: new Map<string, StringMode>([
          ["from", "expression"],
          ["to", "expression"],
        ]),
      },
    ],
    [
      "import",
      {
        labels: 0,
        attributesOnly: true,
        attributes: new Map<string, StringMode>([
          ["to", "expression"],
          ["provider", "expression"],
        ]),
      },
    ],
    [
      "removed",
      {
        labels: 0,
        blocks: new Map([
          ["lifecycle", LIFECYCLE],
          ["provisioner", PROVISIONER],
          ["connection", CONNECTION],
        ]),
        attributes: new Map<string, StringMode>([["from", "expression"]]),
      },
    ],
    ["check", { labels: 1, labelName: "name", blocks: new Map([["data", RESOURCE]]) }],
  ]),
};

/** `.tfvars.json`: every property is a variable's value, read literally (Terraform does not evaluate it). */
const VARS: BlockSchema = { labels: 0, attributesOnly: true, literal: true };

/**
 * Arguments that commonly take a map or object value. Without provider schemas, a property whose
 * value is an object would otherwise be read as a nested block.
 */
const MAP_ARGUMENTS = new Set([
  "tags",
  "tags_all",
  "labels",
  "annotations",
  "variables",
  "environment_variables",
  "triggers",
  "triggers_replace",
  "inputs",
  "values",
  "assume_role_policy",
  "policy",
  "container_definitions",
  "for_each",
]);

/**
 * Names that are a map argument in some resources and a block in others (`environment` of
 * aws_lambda_function is a block holding `variables`): a map unless a property value is an object or
 * an array, which only the block form has.
 */
const MAP_UNLESS_NESTED = new Set(["environment", "parameters"]);

/** HCL identifiers; a block body's property names are always identifiers, a map's need not be. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

function objectsOf(value: JsonValue): JsonObject[] | null {
  if (value.kind === "object") return [value];
  if (value.kind === "array" && value.items.length > 0 && value.items.every((item) => item.kind === "object")) return value.items as JsonObject[];
  return null;
}

/** Whether an unknown property in a block body is a nested block (rather than an argument). */
function isBlockShaped(name: string, value: JsonValue): boolean {
  if (MAP_ARGUMENTS.has(name)) return false;
  const objects = objectsOf(value);
  if (objects === null) return false;
  if (!objects.every((o) => o.members.every((m) => m.key.value === "//" || IDENTIFIER.test(m.key.value)))) return false;
  if (MAP_UNLESS_NESTED.has(name)) return objects.some((o) => o.members.some((m) => m.value.kind === "object" || m.value.kind === "array"));
  return true;
}

function describeValue(value: JsonValue): string {
  switch (value.kind) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "keyword":
      return value.value === null ? "null" : "a boolean";
    case "invalid":
      return "an invalid value";
  }
}

/** Items being added to one body: where the next item may start, and the arguments seen so far. */
interface Sink {
  items: BodyItem[];
  floor: number;
  seen: Map<string, Attribute>;
}

function cursorOf(sink: Sink): number {
  const last = sink.items[sink.items.length - 1];
  return last === undefined ? sink.floor : last.end;
}

/**
 * Parses a `.tf.json` (kind "config", the default) or `.tfvars.json` (kind "vars") file into the tree
 * that `parseHcl` gives for the equivalent native syntax. Never throws: syntax errors, and values of
 * the wrong shape for Terraform, become diagnostics; the tree keeps every byte of the input.
 */
export function parseHclJson(text: string, options: JsonParseOptions = {}): HclFile {
  const bom = text.charCodeAt(0) === 0xfeff;
  const from = bom ? 1 : 0;
  const { value, diagnostics } = parseJson(text);
  const kind = options.kind ?? "config";
  const mapper = new Mapper(text, diagnostics);
  const body: Body = { type: "Body", start: from, end: text.length, items: [] };
  if (value !== null) {
    if (value.kind === "object") mapper.fill({ items: body.items, floor: from, seen: new Map() }, value, kind === "vars" ? VARS : ROOT, false);
    else {
      if (value.kind !== "invalid")
        mapper.error(value, `the root of a ${kind === "vars" ? ".tfvars.json" : ".tf.json"} file must be a JSON object, but it is ${describeValue(value)}`);
      body.items.push({ type: "Invalid", start: value.start, end: value.end } satisfies InvalidItem);
    }
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { type: "File", path: options.path ?? "", text, bom, start: 0, end: text.length, body, comments: [], diagnostics };
}

class Mapper {
  private lines: Int32Array | null = null;

  constructor(
    private readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  error(span: Span, message: string): void {
    this.diagnostics.push({ severity: "error", start: span.start, end: Math.max(span.end, span.start), message });
  }

  private line(offset: number): number {
    if (this.lines === null) this.lines = lineStarts(this.text);
    return lineOf(this.lines, offset);
  }

  /** Adds the contents of a block body (an object) to `sink`. */
  fill(sink: Sink, object: JsonObject, schema: BlockSchema, literal: boolean): void {
    const inLiteral = literal || schema.literal === true;
    for (const member of object.members) {
      const name = member.key.value;
      // "//" properties are comments in bodies; their text stays in the tree as trivia.
      if (name === "//") continue;
      const listed = schema.attributes?.get(name);
      if (schema.attributesOnly !== true && listed === undefined) {
        const nested = schema.blocks?.get(name) ?? (name === "dynamic" ? DYNAMIC : undefined);
        if (nested !== undefined) {
          this.blocks(sink, member.key, member.value, nested, inLiteral);
          continue;
        }
        if (isBlockShaped(name, member.value)) {
          this.blocks(sink, member.key, member.value, GENERIC, inLiteral);
          continue;
        }
      }
      this.attribute(sink, member, listed ?? (inLiteral ? "literal" : "template"));
    }
  }

  private attribute(sink: Sink, member: JsonMember, mode: StringMode): void {
    const { key, value } = member;
    const attribute: Attribute = {
      type: "Attribute",
      start: key.start,
      end: value.end,
      name: key.value,
      nameEnd: key.end,
      expr: this.expression(value, mode),
    };
    const previous = sink.seen.get(attribute.name);
    if (previous !== undefined)
      this.error(
        { start: key.start, end: key.end },
        `argument ${JSON.stringify(attribute.name)} is set twice; it was already set at line ${this.line(previous.start)}`,
      );
    else sink.seen.set(attribute.name, attribute);
    sink.items.push(attribute);
  }

  /** Adds the blocks that property `typeKey` declares: its value holds the labels, then the bodies. */
  private blocks(sink: Sink, typeKey: JsonString, value: JsonValue, schema: BlockSchema, literal: boolean): void {
    const type = typeKey.value;
    const labelName = schema.labelName ?? "label";
    const path: JsonString[] = [typeKey];
    const visit = (v: JsonValue, depth: number): void => {
      if (depth < schema.labels) {
        const notLabels = (item: JsonValue): string | null =>
          item.kind === "invalid" ? null : `expected an object whose property names are the ${labelName} of "${type}" blocks, but found ${describeValue(item)}`;
        const visitMembers = (members: JsonMember[]): void => {
          for (const member of members) {
            path.push(member.key);
            visit(member.value, depth + 1);
            path.pop();
          }
        };
        let labelled = false;
        if (v.kind === "object") {
          labelled = v.members.length > 0;
          visitMembers(v.members);
        } else if (v.kind === "array") {
          // Arrays of objects at a label level list the labelled blocks in order; handled in source order.
          let wrong = false;
          for (const item of v.items) {
            if (item.kind === "object") {
              labelled ||= item.members.length > 0;
              visitMembers(item.members);
            } else {
              wrong = true;
              this.invalid(sink, path, item, notLabels(item));
            }
          }
          if (wrong) return;
        } else if (!(v.kind === "keyword" && v.value === null)) {
          this.invalid(sink, path, v, notLabels(v));
          return;
        }
        if (!labelled) this.error(v.kind === "keyword" ? v : { start: v.start, end: v.start + 1 }, `a "${type}" block needs its ${labelName}: add a property named after it here`);
        return;
      }
      if (v.kind === "object") this.block(sink, path, v, schema, literal);
      else if (v.kind === "array") {
        for (const item of v.items) {
          if (item.kind === "object") this.block(sink, path, item, schema, literal);
          else if (!(item.kind === "keyword" && item.value === null))
            this.invalid(sink, path, item, `expected an object holding the body of a "${type}" block, but found ${describeValue(item)}`);
        }
      } else if (!(v.kind === "keyword" && v.value === null))
        this.invalid(sink, path, v, v.kind === "invalid" ? null : `expected an object (or an array of objects) holding the body of the "${type}" block, but found ${describeValue(v)}`);
    };
    visit(value, 0);
  }

  /** Where the next item of `sink` starts: at the first key of its path that no earlier item took. */
  private claim(sink: Sink, path: JsonString[], fallback: number): number {
    const cursor = cursorOf(sink);
    for (const key of path) if (key.start >= cursor) return key.start;
    return fallback;
  }

  private block(sink: Sink, path: JsonString[], object: JsonObject, schema: BlockSchema, literal: boolean): void {
    const typeKey = path[0] as JsonString;
    const start = this.claim(sink, path, object.start);
    const labels: Label[] = path.slice(1).map((key) =>
      key.start >= start
        ? { type: "Label", start: key.start, end: key.end, value: key.value, quoted: true }
        : { type: "Label", start, end: start, value: key.value, quoted: true },
    );
    const body: Body = { type: "Body", start: object.start + 1, end: object.close >= 0 ? object.close : object.end, items: [] };
    const block: Block = {
      type: "Block",
      start,
      end: object.end,
      blockType: typeKey.value,
      typeEnd: typeKey.start >= start ? typeKey.end : start,
      labels,
      openBrace: object.start,
      closeBrace: object.close,
      body,
    };
    sink.items.push(block);
    this.fill({ items: body.items, floor: body.start, seen: new Map() }, object, schema, literal);
  }

  /** Keeps a value of the wrong shape in the tree as an Invalid item, reporting `message` if given. */
  private invalid(sink: Sink, path: JsonString[], value: JsonValue, message: string | null): void {
    if (message !== null) this.error(value, message);
    sink.items.push({ type: "Invalid", start: this.claim(sink, path, value.start), end: value.end });
  }

  private expression(value: JsonValue, mode: StringMode): Expression {
    switch (value.kind) {
      case "string":
        if (mode === "literal") return literalTemplate(value);
        return mode === "expression" ? this.parsedExpression(value) : this.template(value);
      case "number":
      case "keyword":
        return { type: "Literal", start: value.start, end: value.end, value: value.value };
      case "array":
        return { type: "Tuple", start: value.start, end: value.end, items: value.items.map((item) => this.expression(item, mode)) };
      case "object":
        return {
          type: "Object",
          start: value.start,
          end: value.end,
          items: value.members.map(
            (member): ObjectItem => ({
              type: "ObjectItem",
              start: member.key.start,
              end: member.value.end,
              // HCL reads object keys as templates too, in the one place where it reads templates at all.
              key: mode === "template" ? this.template(member.key) : literalTemplate(member.key),
              value: this.expression(member.value, mode),
            }),
          ),
        };
      case "invalid":
        return { type: "InvalidExpr", start: value.start, end: value.end };
    }
  }

  /** A string in an expression position: a string template. */
  private template(s: JsonString): Template {
    if (s.value.indexOf("${") < 0 && s.value.indexOf("%{") < 0) return literalTemplate(s);
    const { template, diagnostics } = parseTemplate(s.value);
    for (const part of template.parts) relocate(part, s);
    const result: Template = { type: "Template", start: s.start, end: s.end, kind: "quoted", parts: template.parts, heredoc: null };
    for (const d of diagnostics)
      this.diagnostics.push({
        severity: d.severity,
        start: offsetIn(s, d.start),
        end: Math.max(offsetIn(s, d.end), offsetIn(s, d.start)),
        message: this.inString(d.message, s),
      });
    return isSound(result) ? result : literalTemplate(s);
  }

  /**
   * Rewrites a message from parsing a string's value, which speaks of the value as a whole file: its
   * end is the end of the string, and its lines (from `\n` escapes) are all on the string's own line.
   */
  private inString(message: string, s: JsonString): string {
    return message
      .replace(/\bat line \d+/g, `at line ${this.line(s.start)}`)
      .replace(/\bthe file ended\b/g, "the string ended")
      .replace(/\bend of file\b/g, "the end of the string");
  }

  /**
   * A string that holds an expression: a reference (`"aws.west"`), keyword (`"all"`) or type
   * expression. One that does not parse is read as a template instead, which is also what it is in
   * every other position.
   */
  private parsedExpression(s: JsonString): Expression {
    if (s.value.trim() === "") return this.template(s);
    const { expr, diagnostics } = parseExpression(s.value);
    if (diagnostics.length > 0) return this.template(s);
    relocate(expr, s);
    return expr.start >= s.start && expr.end <= s.end && isSound(expr) ? expr : this.template(s);
  }
}

/** A string taken as it is: a quoted template with one literal part (none for an empty string). */
function literalTemplate(s: JsonString): Template {
  const parts: TemplatePart[] =
    s.value === "" ? [] : [{ type: "TemplateLiteral", start: offsetIn(s, 0), end: offsetIn(s, s.value.length), value: s.value }];
  return { type: "Template", start: s.start, end: s.end, kind: "quoted", parts, heredoc: null };
}

/**
 * Whether the nodes below `node` nest inside it in source order. Trees from the native parser always
 * do; this guards the round trip of JSON files against a sub-parse that one day would not.
 */
function isSound(node: Node): boolean {
  let at = node.start;
  for (const child of childrenOf(node)) {
    if (child.start < at || child.end > node.end || child.end < child.start || !isSound(child)) return false;
    at = child.end;
  }
  return true;
}

/**
 * Moves a node parsed from a string's decoded value, and everything below it, to the source offsets
 * of that value. The map is strictly increasing, so nesting and order are kept.
 */
function relocate(root: Node, s: JsonString): void {
  const seen = new Set<Node>();
  const visit = (node: Node): void => {
    if (seen.has(node)) return;
    seen.add(node);
    node.start = offsetIn(s, node.start);
    node.end = offsetIn(s, node.end);
    if (node.type === "FunctionCall") node.nameEnd = offsetIn(s, node.nameEnd);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(root);
}
