import { T } from "./tokens.js";

/**
 * The lexer turns text into a flat token stream held in typed arrays (kind, start, end), which keeps
 * memory low and scanning fast. Spaces and tabs are not tokens: they are the gaps between tokens.
 * Comments and newlines are tokens, so that the parser can decide where newlines matter.
 *
 * It follows HashiCorp's scanner (hclsyntax/scan_tokens.rl) in which sequences are tokens and which are
 * errors, with one deliberate difference: a quoted string ends at the end of its line. HCL rejects a
 * newline inside a quoted string either way, and ending the string there keeps the rest of the file
 * parseable instead of swallowing it up to the next quote.
 */
export interface TokenStream {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** How many tokens HCL always rejects (invalid characters and the like). */
  readonly invalid: number;
  readonly comments: number;
  /** Offset of a `/*` that is never closed, or -1. */
  readonly unclosedComment: number;
}

const enum Mode {
  MAIN,
  QUOTED,
  HEREDOC,
  BARE,
}

export const enum LexMode {
  CONFIG,
  TEMPLATE,
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdentContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length in UTF-16 units of the code point at `i` when it is a valid identifier start, else 0. */
function identStartLength(text: string, i: number, c: number): number {
  if (c < 128) return isAsciiIdentStart(c) ? 1 : 0;
  const cp = text.codePointAt(i) ?? 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  return ID_START.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

function identContinueLength(text: string, i: number, c: number): number {
  if (c < 128) return isAsciiIdentContinue(c) ? 1 : 0;
  const cp = text.codePointAt(i) ?? 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  return ID_CONTINUE.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Scans an identifier that starts at `i` (already known to be a start character); returns its end. */
export function scanIdentifier(text: string, i: number): number {
  const n = text.length;
  const c0 = text.charCodeAt(i);
  i += c0 < 128 ? 1 : identStartLength(text, i, c0);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (!isAsciiIdentContinue(c)) break;
      i++;
    } else {
      const len = identContinueLength(text, i, c);
      if (len === 0) break;
      i += len;
    }
  }
  return i;
}

/** Go's unicode.IsSpace, used where HCL trims heredoc marker lines. */
export function isUnicodeSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

class Builder {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  invalid = 0;
  comments = 0;

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(kind: T, start: number, end: number): void {
    if (this.count === this.kinds.length) this.grow();
    if (kind >= T.AMP) {
      if (kind <= T.APOSTROPHE || kind >= T.INVALID) this.invalid++;
    } else if (kind === T.COMMENT) this.comments++;
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  reset(): void {
    this.count = 0;
    this.invalid = 0;
    this.comments = 0;
  }

  private grow(): void {
    const size = this.kinds.length * 2 + 16;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds.subarray(0, this.count));
    const starts = new Int32Array(size);
    starts.set(this.starts.subarray(0, this.count));
    const ends = new Int32Array(size);
    ends.set(this.ends.subarray(0, this.count));
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
  }
}

interface Heredoc {
  marker: string;
  startOfLine: boolean;
}

/**
 * Token buffers are reused from one call to the next: a token stream is only valid until the next
 * call to lex(), which is all the parser needs (the tree it builds holds no reference to tokens).
 */
const scratch = new Builder(1 << 14);

/**
 * Scans `text` from offset `from` (after a byte-order mark, if any).
 * In CONFIG mode the top level is a configuration body; in TEMPLATE mode it is a bare template
 * (the contents of a templatefile() file).
 */
export function lex(text: string, from = 0, mode: LexMode = LexMode.CONFIG): TokenStream {
  const n = text.length;
  const out = scratch;
  out.reset();
  const modes: Mode[] = [mode === LexMode.TEMPLATE ? Mode.BARE : Mode.MAIN];
  const heredocs: Heredoc[] = [];
  const retBraces: number[] = [];
  let braces = 0;
  let unclosedComment = -1;
  let i = from;

  const enterSequence = (kind: T, start: number, end: number): void => {
    out.push(kind, start, end);
    braces++;
    retBraces.push(braces);
    const top = heredocs[heredocs.length - 1];
    if (top !== undefined && modes[modes.length - 1] === Mode.HEREDOC) top.startOfLine = false;
    modes.push(Mode.MAIN);
  };

  while (i < n) {
    const mode = modes[modes.length - 1];
    if (mode === Mode.MAIN) {
      const c = text.charCodeAt(i);
      // Fast paths first: spaces, identifiers and newlines are most of every file.
      if (c === 32 || c === 9) {
        i++;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d !== 32 && d !== 9) break;
          i++;
        }
        continue;
      }
      if (isAsciiIdentStart(c)) {
        const end = scanIdentifier(text, i);
        out.push(T.IDENT, i, end);
        i = end;
        continue;
      }
      switch (c) {
        case 10:
          out.push(T.NEWLINE, i, i + 1);
          i++;
          continue;
        case 13:
          if (text.charCodeAt(i + 1) === 10) {
            out.push(T.NEWLINE, i, i + 2);
            i += 2;
          } else {
            out.push(T.INVALID, i, i + 1);
            i++;
          }
          continue;
        case 34: // "
          out.push(T.OQUOTE, i, i + 1);
          modes.push(Mode.QUOTED);
          i++;
          continue;
        case 35: // #
          i = lineComment(text, i, out);
          continue;
        case 47: {
          // /
          const d = text.charCodeAt(i + 1);
          if (d === 47) {
            i = lineComment(text, i, out);
            continue;
          }
          if (d === 42) {
            const close = text.indexOf("*/", i + 2);
            if (close >= 0) {
              out.push(T.COMMENT, i, close + 2);
              i = close + 2;
              continue;
            }
            // As in HCL, an unclosed comment is not a comment: it scans as '/' '*' and the parser rejects it.
            if (unclosedComment < 0) unclosedComment = i;
          }
          out.push(T.SLASH, i, i + 1);
          i++;
          continue;
        }
        case 123: // {
          out.push(T.LBRACE, i, i + 1);
          braces++;
          i++;
          continue;
        case 125: // }
          if (retBraces.length > 0 && retBraces[retBraces.length - 1] === braces) {
            out.push(T.TEMPLATE_SEQ_END, i, i + 1);
            retBraces.pop();
            modes.pop();
          } else {
            out.push(T.RBRACE, i, i + 1);
          }
          braces--;
          i++;
          continue;
        case 126: // ~
          if (text.charCodeAt(i + 1) === 125) {
            // `~}` always ends a template sequence; a mismatched one is left for the parser to reject.
            out.push(T.TEMPLATE_SEQ_END, i, i + 2);
            if (retBraces.length > 0 && retBraces[retBraces.length - 1] === braces) {
              retBraces.pop();
              modes.pop();
            }
            braces--;
            i += 2;
          } else {
            out.push(T.TILDE, i, i + 1);
            i++;
          }
          continue;
        case 60: {
          // <
          if (text.charCodeAt(i + 1) === 60) {
            const opened = heredocOpener(text, i);
            if (opened !== null) {
              out.push(T.OHEREDOC, i, opened.end);
              heredocs.push({ marker: opened.marker, startOfLine: true });
              modes.push(Mode.HEREDOC);
              i = opened.end;
              continue;
            }
          }
          if (text.charCodeAt(i + 1) === 61) {
            out.push(T.LTE, i, i + 2);
            i += 2;
          } else {
            out.push(T.LT, i, i + 1);
            i++;
          }
          continue;
        }
        case 61: // =
          i = twoChar(text, i, out, 61, T.EQEQ, 62, T.FATARROW, T.EQUAL);
          continue;
        case 33: // !
          i = twoChar(text, i, out, 61, T.NEQ, -1, T.EOF, T.BANG);
          continue;
        case 62: // >
          i = twoChar(text, i, out, 61, T.GTE, -1, T.EOF, T.GT);
          continue;
        case 38: // &
          i = twoChar(text, i, out, 38, T.AND, -1, T.EOF, T.AMP);
          continue;
        case 124: // |
          i = twoChar(text, i, out, 124, T.OR, -1, T.EOF, T.PIPE);
          continue;
        case 58: // :
          i = twoChar(text, i, out, 58, T.DOUBLECOLON, -1, T.EOF, T.COLON);
          continue;
        case 46: // .
          if (text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
            out.push(T.ELLIPSIS, i, i + 3);
            i += 3;
          } else {
            out.push(T.DOT, i, i + 1);
            i++;
          }
          continue;
        case 91:
          out.push(T.LBRACK, i, ++i);
          continue;
        case 93:
          out.push(T.RBRACK, i, ++i);
          continue;
        case 40:
          out.push(T.LPAREN, i, ++i);
          continue;
        case 41:
          out.push(T.RPAREN, i, ++i);
          continue;
        case 44:
          out.push(T.COMMA, i, ++i);
          continue;
        case 42:
          out.push(T.STAR, i, ++i);
          continue;
        case 37:
          out.push(T.PERCENT, i, ++i);
          continue;
        case 43:
          out.push(T.PLUS, i, ++i);
          continue;
        case 45:
          out.push(T.MINUS, i, ++i);
          continue;
        case 63:
          out.push(T.QUESTION, i, ++i);
          continue;
        case 94:
          out.push(T.CARET, i, ++i);
          continue;
        case 59:
          out.push(T.SEMICOLON, i, ++i);
          continue;
        case 96:
          out.push(T.BACKTICK, i, ++i);
          continue;
        case 39:
          out.push(T.APOSTROPHE, i, ++i);
          continue;
        default:
          break;
      }
      if (isDigit(c)) {
        const end = scanNumber(text, i);
        out.push(T.NUMBER, i, end);
        i = end;
        continue;
      }
      if (c >= 128) {
        const len = identStartLength(text, i, c);
        if (len > 0) {
          const end = scanIdentifier(text, i);
          out.push(T.IDENT, i, end);
          i = end;
          continue;
        }
      }
      i = invalidCharacter(text, i, c, out);
      continue;
    }

    if (mode === Mode.QUOTED) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        out.push(T.CQUOTE, i, i + 1);
        modes.pop();
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        // The string is unterminated on this line; let the main scanner continue from the newline.
        modes.pop();
        continue;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123) {
        const end = text.charCodeAt(i + 2) === 126 ? i + 3 : i + 2;
        enterSequence(c === 36 ? T.TEMPLATE_INTERP : T.TEMPLATE_CONTROL, i, end);
        i = end;
        continue;
      }
      const end = scanQuotedLiteral(text, i);
      if (end > i) {
        out.push(T.QUOTED_LIT, i, end);
        i = end;
      } else {
        i = invalidCharacter(text, i, c, out);
      }
      continue;
    }

    // HEREDOC or BARE template content.
    const c = text.charCodeAt(i);
    if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123) {
      const end = text.charCodeAt(i + 2) === 126 ? i + 3 : i + 2;
      enterSequence(c === 36 ? T.TEMPLATE_INTERP : T.TEMPLATE_CONTROL, i, end);
      i = end;
      continue;
    }
    const lineEnd = scanTemplateLiteral(text, i);
    if (mode === Mode.BARE) {
      out.push(T.STRING_LIT, i, lineEnd);
      i = lineEnd;
      continue;
    }
    const heredoc = heredocs[heredocs.length - 1] as Heredoc;
    if (text.charCodeAt(lineEnd - 1) === 10) {
      if (heredoc.startOfLine && isMarkerLine(text, i, lineEnd, heredoc.marker)) {
        const nl = text.charCodeAt(lineEnd - 2) === 13 ? lineEnd - 2 : lineEnd - 1;
        out.push(T.CHEREDOC, i, nl);
        out.push(T.NEWLINE, nl, lineEnd);
        heredocs.pop();
        modes.pop();
        i = lineEnd;
        continue;
      }
      heredoc.startOfLine = true;
    } else {
      heredoc.startOfLine = false;
    }
    out.push(T.STRING_LIT, i, lineEnd);
    i = lineEnd;
  }

  out.push(T.EOF, n, n);
  return { kinds: out.kinds, starts: out.starts, ends: out.ends, count: out.count, invalid: out.invalid, comments: out.comments, unclosedComment };
}

function lineComment(text: string, i: number, out: Builder): number {
  let end = text.indexOf("\n", i);
  if (end < 0) end = text.length;
  else if (text.charCodeAt(end - 1) === 13) end--;
  out.push(T.COMMENT, i, end);
  return end;
}

function twoChar(
  text: string,
  i: number,
  out: Builder,
  second1: number,
  kind1: T,
  second2: number,
  kind2: T,
  single: T,
): number {
  const d = text.charCodeAt(i + 1);
  if (d === second1) {
    out.push(kind1, i, i + 2);
    return i + 2;
  }
  if (d === second2) {
    out.push(kind2, i, i + 2);
    return i + 2;
  }
  out.push(single, i, i + 1);
  return i + 1;
}

function invalidCharacter(text: string, i: number, c: number, out: Builder): number {
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      out.push(T.INVALID, i, i + 2);
      return i + 2;
    }
    out.push(T.BAD_UNICODE, i, i + 1);
    return i + 1;
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    out.push(T.BAD_UNICODE, i, i + 1);
    return i + 1;
  }
  out.push(T.INVALID, i, i + 1);
  return i + 1;
}

/**
 * A number is a digit followed by digits, dots and exponents (`e`, `E`, optionally signed, then a
 * digit), and never ends with a dot: `1.` is the number 1 followed by a dot. Malformed sequences such
 * as `1.2.3` are one token, rejected when the parser reads its value.
 */
function scanNumber(text: string, i: number): number {
  const n = text.length;
  let end = i + 1;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isDigit(c)) {
      j++;
      end = j;
    } else if (c === 46) {
      j++;
    } else if (c === 101 || c === 69) {
      let k = j + 1;
      const s = text.charCodeAt(k);
      if (s === 43 || s === 45) k++;
      if (!isDigit(text.charCodeAt(k))) break;
      j = k + 1;
      end = j;
    } else {
      break;
    }
  }
  return end;
}

/** `<<EOT\n` or `<<-EOT\n` (or with `\r\n`) at `i`; null when the sequence is not a heredoc opener. */
function heredocOpener(text: string, i: number): { marker: string; end: number } | null {
  let j = i + 2;
  if (text.charCodeAt(j) === 45) j++;
  const c = text.charCodeAt(j);
  if (identStartLength(text, j, c) === 0) return null;
  const identEnd = scanIdentifier(text, j);
  let k = identEnd;
  if (text.charCodeAt(k) === 13) k++;
  if (text.charCodeAt(k) !== 10) return null;
  return { marker: text.slice(j, identEnd), end: k + 1 };
}

function isMarkerLine(text: string, start: number, end: number, marker: string): boolean {
  let a = start;
  let b = end;
  while (a < b && isUnicodeSpace(text.charCodeAt(a))) a++;
  while (b > a && isUnicodeSpace(text.charCodeAt(b - 1))) b--;
  return b - a === marker.length && text.startsWith(marker, a);
}

/**
 * Literal text in a quoted template: everything up to the closing quote, the end of the line, or a
 * `${`/`%{` that starts a sequence. `$${` and `%%{` are escapes and stay literal; a backslash takes the
 * next character with it (whether the escape is valid is decided by the parser).
 */
function scanQuotedLiteral(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 10 || c === 13) break;
    if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (i + 1 >= n || d === 10 || d === 13) {
        i++;
        break;
      }
      i += d >= 0xd800 && d <= 0xdbff ? 3 : 2;
      continue;
    }
    if (c === 36 || c === 37) {
      const d = text.charCodeAt(i + 1);
      if (d === 123) break;
      if (d === c && text.charCodeAt(i + 2) === 123) {
        i += 3;
        continue;
      }
    }
    i++;
  }
  return i;
}

/**
 * Literal text in a heredoc or bare template: up to and including the next newline, or up to a
 * `${`/`%{` that starts a sequence, or the end of the text.
 */
function scanTemplateLiteral(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 36 || c === 37) {
      const d = text.charCodeAt(i + 1);
      if (d === 123) return i;
      if (d === c && text.charCodeAt(i + 2) === 123) {
        i += 3;
        continue;
      }
    }
    i++;
  }
  return i;
}
