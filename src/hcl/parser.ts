import type {
  Attribute,
  BinaryOperator,
  Block,
  Body,
  BodyItem,
  Comment,
  Diagnostic,
  Expression,
  ForExpr,
  HclFile,
  InvalidExpr,
  InvalidItem,
  Label,
  ObjectItem,
  Template,
  TemplateFor,
  TemplateIf,
  TemplateLiteral,
  TemplatePart,
} from "./ast.js";
import { LexMode, isUnicodeSpace, lex, type TokenStream } from "./lexer.js";
import { lineOf, lineStarts } from "./positions.js";
import { T, tokenName } from "./tokens.js";

export interface ParseOptions {
  /** The file's path, used in diagnostics and kept on the tree. */
  path?: string;
}

/**
 * Parses HCL native syntax (a `.tf`, `.tfvars` or `.hcl` file) into a lossless tree.
 * Never throws: syntax errors become diagnostics, and the tree keeps every byte of the input.
 */
export function parseHcl(text: string, options: ParseOptions = {}): HclFile {
  const bom = text.charCodeAt(0) === 0xfeff;
  const from = bom ? 1 : 0;
  const tokens = lex(text, from, LexMode.CONFIG);
  const first = new Parser(text, tokens, null);
  let body = first.parseFile(from);
  let diagnostics = first.diagnostics;
  if (diagnostics.length > 0) {
    // A missing closer makes the parser swallow the rest of the file. Parse again, this time closing
    // any open construct at the next line that starts at column 1 with a block or argument header, so
    // that what follows the error is still in the tree. A valid file never gets here.
    const barriers = findBarriers(text, tokens, body, diagnostics);
    if (barriers !== null) {
      const second = new Parser(text, tokens, barriers);
      body = second.parseFile(from);
      diagnostics = second.diagnostics;
    }
  }
  if (tokens.invalid > 0) diagnostics.push(...invalidTokenDiagnostics(text, tokens, diagnostics));
  if (tokens.unclosedComment >= 0) {
    const at = tokens.unclosedComment;
    diagnostics = diagnostics.filter((d) => d.start !== at);
    diagnostics.push({ severity: "error", message: "unterminated comment: this '/*' has no closing '*/'", start: at, end: at + 2 });
  }
  if (diagnostics.length > 1) diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    type: "File",
    path: options.path ?? "",
    text,
    bom,
    start: 0,
    end: text.length,
    body,
    comments: tokens.comments > 0 ? collectComments(text, tokens) : [],
    diagnostics,
  };
}

/** Parses a bare template, such as the contents of a file read by templatefile(). */
export function parseTemplate(text: string): { template: Template; diagnostics: Diagnostic[] } {
  const tokens = lex(text, 0, LexMode.TEMPLATE);
  const parser = new Parser(text, tokens, null);
  const template = parser.parseBareTemplate();
  const diagnostics = parser.diagnostics;
  if (tokens.invalid > 0) diagnostics.push(...invalidTokenDiagnostics(text, tokens, diagnostics));
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { template, diagnostics };
}

/** Parses one expression, as Terraform does for `-var` values and the like. */
export function parseExpression(text: string): { expr: Expression; diagnostics: Diagnostic[] } {
  const tokens = lex(text, 0, LexMode.CONFIG);
  const parser = new Parser(text, tokens, null);
  const expr = parser.parseStandaloneExpression();
  const diagnostics = parser.diagnostics;
  if (tokens.invalid > 0) diagnostics.push(...invalidTokenDiagnostics(text, tokens, diagnostics));
  return { expr, diagnostics };
}

const BINARY_OPS: Partial<Record<T, BinaryOperator>> = {
  [T.OR]: "||",
  [T.AND]: "&&",
  [T.EQEQ]: "==",
  [T.NEQ]: "!=",
  [T.LT]: "<",
  [T.GT]: ">",
  [T.LTE]: "<=",
  [T.GTE]: ">=",
  [T.PLUS]: "+",
  [T.MINUS]: "-",
  [T.STAR]: "*",
  [T.SLASH]: "/",
  [T.PERCENT]: "%",
};

/** Precedence of a binary operator token (1 = loosest), or 0 when the token is not one. */
function binaryLevel(k: T): number {
  switch (k) {
    case T.OR:
      return 1;
    case T.AND:
      return 2;
    case T.EQEQ:
    case T.NEQ:
      return 3;
    case T.LT:
    case T.GT:
    case T.LTE:
    case T.GTE:
      return 4;
    case T.PLUS:
    case T.MINUS:
      return 5;
    case T.STAR:
    case T.SLASH:
    case T.PERCENT:
      return 6;
    default:
      return 0;
  }
}

const NUMBER = /^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/;

interface FlatPart {
  kind: "literal" | "interp" | "if" | "else" | "endif" | "for" | "endfor";
  start: number;
  end: number;
  value?: string;
  expr?: Expression;
  keyVar?: string | null;
  valueVar?: string;
}

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly last: number;
  private pos = 0;
  private includeNewlines = true;
  private readonly newlineStack: boolean[] = [];
  /** Set after an error until the parser is back on firm ground, to avoid cascades of follow-on errors. */
  private recovery = false;
  /** Counts every error, reported or suppressed, so callers can tell whether a sub-parse failed. */
  private errors = 0;
  private starts_: Int32Array | null = null;

  constructor(
    private readonly text: string,
    tokens: TokenStream,
    private readonly barriers: Uint8Array | null,
  ) {
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.last = tokens.count - 1;
  }

  // ---------------------------------------------------------------- tokens

  private peek(): number {
    const kinds = this.kinds;
    let i = this.pos;
    if (this.includeNewlines) {
      while (kinds[i] === T.COMMENT) i++;
    } else {
      for (;;) {
        const k = kinds[i];
        if (k !== T.COMMENT && k !== T.NEWLINE) break;
        i++;
      }
    }
    return i;
  }

  private peekKind(): T {
    return this.kinds[this.peek()] as T;
  }

  private read(): number {
    const i = this.peek();
    this.pos = i < this.last ? i + 1 : this.last;
    return i;
  }

  /** The next token, without skipping newlines or comments (template contents). */
  private readRaw(): number {
    const i = this.pos;
    if (i < this.last) this.pos = i + 1;
    return i;
  }

  private tokenText(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  private isKeyword(i: number, word: string): boolean {
    return this.kinds[i] === T.IDENT && this.ends[i]! - this.starts[i]! === word.length && this.text.startsWith(word, this.starts[i]);
  }

  private isBarrier(i: number): boolean {
    return this.barriers !== null && this.barriers[i] === 1;
  }

  private pushNewlines(include: boolean): void {
    this.newlineStack.push(this.includeNewlines);
    this.includeNewlines = include;
  }

  private popNewlines(): void {
    this.includeNewlines = this.newlineStack.pop() ?? true;
  }

  /** End offset of the last token consumed. */
  /** End offset of the last token consumed, not counting newlines and comments. */
  private prevEnd(): number {
    let i = this.pos - 1;
    while (i >= 0 && (this.kinds[i] === T.NEWLINE || this.kinds[i] === T.COMMENT || this.kinds[i] === T.EOF)) i--;
    return i >= 0 ? (this.ends[i] as number) : 0;
  }

  private lineOf(offset: number): number {
    if (this.starts_ === null) this.starts_ = lineStarts(this.text);
    return lineOf(this.starts_, offset);
  }

  // ---------------------------------------------------------------- diagnostics

  private error(start: number, end: number, message: string, always = false): void {
    this.errors++;
    if (this.recovery && !always) return;
    this.diagnostics.push({ severity: "error", message, start, end });
  }

  private errorAt(i: number, message: string, always = false): void {
    this.error(this.starts[i] as number, this.ends[i] as number, message, always);
  }

  private describe(i: number): string {
    const k = this.kinds[i] as T;
    if (k === T.IDENT) return `'${this.tokenText(i)}'`;
    if (k === T.NUMBER) return `the number ${this.tokenText(i)}`;
    if (k === T.OQUOTE) return "a string";
    if (k === T.OHEREDOC) return "a heredoc";
    if (k === T.INVALID) return describeCharacter(this.tokenText(i));
    return tokenName(k);
  }

  // ---------------------------------------------------------------- recovery

  /**
   * Skips to the token that closes the construct opened before the current position (`end`), counting
   * nested openers of the same kind. Returns the closing token's index, or the barrier or EOF where it
   * stopped. The closing token is consumed; a barrier is not.
   */
  private recover(end: T): number {
    this.recovery = true;
    const start = opposite(end);
    let nest = 0;
    for (;;) {
      const i = this.peek();
      if (this.isBarrier(i)) return i;
      this.read();
      let k = this.kinds[i] as T;
      if (end === T.TEMPLATE_SEQ_END && k === T.TEMPLATE_CONTROL) k = T.TEMPLATE_INTERP;
      if (k === start) nest++;
      else if (k === end) {
        if (nest < 1) return i;
        nest--;
      } else if (k === T.EOF) return i;
    }
  }

  /** Skips to the end of the current line (outside any brackets), to resume at the next body item. */
  private recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: T[] = [];
    for (;;) {
      const i = this.peek();
      if (this.isBarrier(i)) return;
      this.read();
      const k = this.kinds[i] as T;
      switch (k) {
        case T.NEWLINE:
          if (open.length === 0) return;
          break;
        case T.EOF:
          return;
        case T.LBRACE:
        case T.LBRACK:
        case T.LPAREN:
        case T.OQUOTE:
        case T.OHEREDOC:
        case T.TEMPLATE_INTERP:
        case T.TEMPLATE_CONTROL:
          open.push(k);
          break;
        case T.RBRACE:
        case T.RBRACK:
        case T.RPAREN:
        case T.CQUOTE:
        case T.CHEREDOC: {
          const opener = opposite(k);
          while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
          open.pop();
          break;
        }
        case T.TEMPLATE_SEQ_END:
          while (open.length > 0 && open[open.length - 1] !== T.TEMPLATE_INTERP && open[open.length - 1] !== T.TEMPLATE_CONTROL) open.pop();
          open.pop();
          break;
        default:
          break;
      }
    }
  }

  /** End of the last non-newline token consumed since `from`. */
  private lastContentEnd(from: number): number {
    for (let i = this.pos - 1; i >= 0; i--) {
      const s = this.starts[i] as number;
      if (s < from) break;
      const k = this.kinds[i];
      // Trailing newlines and comments are trivia, not part of what was consumed.
      if (k !== T.NEWLINE && k !== T.EOF && k !== T.COMMENT) return this.ends[i] as number;
    }
    return from;
  }

  // ---------------------------------------------------------------- structure

  parseFile(from: number): Body {
    return this.parseBody(null, from);
  }

  /**
   * A body: the top level of a file (block = null) or the inside of a block, up to its `}` (which
   * this consumes). Returns the body; `closed` on the block tells whether the `}` was found.
   */
  private parseBody(block: Block | null, bodyStart: number): Body {
    const items: BodyItem[] = [];
    let seen: Set<string> | null = null;
    let attributeCount = 0;
    const body: Body = { type: "Body", start: bodyStart, end: bodyStart, items };
    for (;;) {
      const i = this.peek();
      const k = this.kinds[i] as T;
      if (block !== null) {
        if (k === T.RBRACE) {
          this.read();
          block.closeBrace = this.starts[i] as number;
          body.end = this.starts[i] as number;
          return body;
        }
        if (this.isBarrier(i) || k === T.EOF) {
          this.error(
            this.starts[i] as number,
            this.starts[i] as number,
            `expected '}' to close block ${blockTitle(block)} opened at line ${this.lineOf(block.openBrace)}`,
            true,
          );
          const lastItem = items[items.length - 1];
          body.end = Math.max(bodyStart, lastItem === undefined ? 0 : lastItem.end, this.lastContentEnd(bodyStart));
          return body;
        }
      } else if (k === T.EOF) {
        body.end = this.text.length;
        return body;
      }
      if (k === T.NEWLINE) {
        this.read();
        continue;
      }
      if (block === null) this.recovery = false;
      const itemStart = this.starts[i] as number;
      if (k === T.IDENT) {
        const item = this.parseBodyItem(items);
        if (item !== null && item.type === "Attribute") {
          attributeCount++;
          if (attributeCount > 1) {
            if (seen === null) {
              seen = new Set();
              for (const other of items) if (other !== item && other.type === "Attribute") seen.add(other.name);
            }
            if (seen.has(item.name)) {
              const previous = items.find((other) => other.type === "Attribute" && other.name === item.name) as Attribute;
              this.error(
                item.start,
                item.nameEnd,
                `argument "${item.name}" is set twice; it was already set at line ${this.lineOf(previous.start)}`,
                true,
              );
            } else seen.add(item.name);
          }
        }
        continue;
      }
      // Anything else cannot start an item.
      if (k === T.OQUOTE) this.errorAt(i, "argument names must not be quoted; remove the quotes around the name");
      else if (k === T.RBRACE)
        this.errorAt(i, "unexpected '}': there is no block open here to close (check the braces above this line)");
      else this.errorAt(i, `expected an argument or a block, but found ${this.describe(i)}`);
      this.recoverAfterBodyItem();
      this.pushSkipped(items, itemStart);
    }
  }

  /** Parses one item and pushes it to `items`, followed by any text skipped after it. */
  private parseBodyItem(items: BodyItem[]): Attribute | Block | null {
    const ident = this.read();
    const next = this.peek();
    const k = this.kinds[next] as T;
    if (k === T.EQUAL) return this.finishAttribute(ident, false, items);
    if (k === T.OQUOTE || k === T.LBRACE || k === T.IDENT) return this.finishBlock(ident, items);
    const name = this.tokenText(ident);
    if (k === T.COLON)
      this.errorAt(next, `expected '=' after "${name}": an argument is set with '=', not ':'`);
    else
      this.errorAt(
        ident,
        `expected '=' or a block body after "${name}": to set an argument write ${name} = value; to open a block write ${name} {`,
      );
    const from = this.starts[ident] as number;
    this.recoverAfterBodyItem();
    this.pushSkipped(items, from);
    return null;
  }

  private finishAttribute(ident: number, singleLine: boolean, items: BodyItem[] | null): Attribute {
    const name = this.tokenText(ident);
    this.read(); // =
    const before = this.errors;
    const expr = this.parseExpression();
    const attribute: Attribute = {
      type: "Attribute",
      start: this.starts[ident] as number,
      end: expr.end,
      name,
      nameEnd: this.ends[ident] as number,
      expr,
    };
    if (items !== null) items.push(attribute);
    if (this.recovery && this.errors > before) {
      this.recoverAfterBodyItem();
      if (items !== null) this.pushSkipped(items, expr.end);
      return attribute;
    }
    if (!singleLine) {
      const end = this.peek();
      const k = this.kinds[end] as T;
      if (k !== T.NEWLINE && k !== T.EOF) {
        if (k === T.COMMA)
          this.errorAt(end, `unexpected ',' after argument "${name}": put each argument on its own line, without commas`);
        else if (!this.isBarrier(end)) this.errorAt(end, `expected a newline after argument "${name}", but found ${this.describe(end)}`);
        this.recoverAfterBodyItem();
        if (items !== null) this.pushSkipped(items, expr.end);
      } else this.read();
    }
    return attribute;
  }

  /** Records the source skipped since `from` as an Invalid item, so that nothing is lost from the tree. */
  private pushSkipped(items: BodyItem[], from: number): void {
    const to = this.lastContentEnd(from);
    if (to > from) items.push({ type: "Invalid", start: skipTrivia(this.text, from, to), end: to } satisfies InvalidItem);
  }

  private finishBlock(ident: number, items: BodyItem[]): Block {
    const block: Block = {
      type: "Block",
      start: this.starts[ident] as number,
      end: this.ends[ident] as number,
      blockType: this.tokenText(ident),
      typeEnd: this.ends[ident] as number,
      labels: [],
      openBrace: -1,
      closeBrace: -1,
      body: { type: "Body", start: this.ends[ident] as number, end: this.ends[ident] as number, items: [] },
    };
    for (;;) {
      const i = this.peek();
      const k = this.kinds[i] as T;
      if (k === T.LBRACE) {
        this.read();
        block.openBrace = this.starts[i] as number;
        break;
      }
      if (k === T.OQUOTE) {
        block.labels.push(this.parseLabel());
        block.end = this.prevEnd();
        continue;
      }
      if (k === T.IDENT) {
        this.read();
        block.labels.push({ type: "Label", start: this.starts[i] as number, end: this.ends[i] as number, value: this.tokenText(i), quoted: false });
        block.end = this.ends[i] as number;
        continue;
      }
      if (k === T.EQUAL)
        this.errorAt(i, `invalid block ${blockTitle(block)}: '=' sets an argument and cannot follow block labels`, true);
      else if (k === T.NEWLINE && block.labels.length === 1 && block.labels[0]?.quoted)
        this.errorAt(
          i,
          `expected '=' or '{' after ${blockTitle(block)}: to set an argument write ${block.blockType} = "${block.labels[0].value}"; a block must open its body with '{' on the same line`,
          true,
        );
      else if (k === T.NEWLINE)
        this.errorAt(i, `block ${blockTitle(block)} must open its body with '{' on the same line as its header`, true);
      else this.errorAt(i, `expected a quoted label or '{' in block ${blockTitle(block)}, but found ${this.describe(i)}`);
      block.body.start = block.body.end = block.end;
      items.push(block);
      this.recoverAfterBodyItem();
      this.pushSkipped(items, block.end);
      return block;
    }

    const openIndex = this.pos - 1;
    const k = this.peekKind();
    if (k === T.NEWLINE || k === T.EOF || k === T.RBRACE) {
      block.body = this.parseBody(block, this.ends[openIndex] as number);
    } else {
      block.body = this.parseSingleAttributeBody(block, this.ends[openIndex] as number);
    }
    block.end = block.closeBrace >= 0 ? block.closeBrace + 1 : Math.max(block.body.end, block.openBrace + 1);
    items.push(block);
    if (block.closeBrace < 0) return block;

    const eol = this.peek();
    const ek = this.kinds[eol] as T;
    if (ek === T.NEWLINE || ek === T.EOF) this.read();
    else if (!this.isBarrier(eol)) {
      this.errorAt(eol, `expected a newline after the closing '}' of block ${blockTitle(block)}, but found ${this.describe(eol)}`);
      this.recoverAfterBodyItem();
      this.pushSkipped(items, block.end);
    }
    return block;
  }

  /** `name { arg = value }` on one line. */
  private parseSingleAttributeBody(block: Block, bodyStart: number): Body {
    const body: Body = { type: "Body", start: bodyStart, end: bodyStart, items: [] };
    const ident = this.peek();
    if (this.kinds[ident] !== T.IDENT || this.kinds[this.peekAfter(ident)] !== T.EQUAL) {
      const what = this.kinds[ident] === T.IDENT ? `a nested block ("${this.tokenText(ident)}")` : this.describe(ident);
      this.errorAt(
        ident,
        `a one-line block can hold only a single argument, but block ${blockTitle(block)} holds ${what}; put the block's contents on their own lines`,
      );
      const from = this.starts[ident] as number;
      const close = this.recover(T.RBRACE);
      this.closeAfterRecovery(block, body, close, from);
      return body;
    }
    this.read();
    const attribute = this.finishAttribute(ident, true, null);
    body.items.push(attribute);
    body.end = attribute.end;
    const next = this.peek();
    const k = this.kinds[next] as T;
    if (k === T.RBRACE) {
      this.read();
      block.closeBrace = this.starts[next] as number;
      body.end = block.closeBrace;
      return body;
    }
    if (k === T.COMMA)
      this.errorAt(next, `a one-line block can hold only one argument; put the arguments of block ${blockTitle(block)} on separate lines`);
    else if (k === T.NEWLINE)
      this.errorAt(next, `a one-line block must be closed on the same line: put '}' right after the argument in block ${blockTitle(block)}`);
    else if (k === T.EOF) this.errorAt(next, `expected '}' to close block ${blockTitle(block)} opened at line ${this.lineOf(block.openBrace)}`);
    else this.errorAt(next, `expected '}' right after the argument in one-line block ${blockTitle(block)}, but found ${this.describe(next)}`);
    const from = this.starts[next] as number;
    const close = this.recover(T.RBRACE);
    this.closeAfterRecovery(block, body, close, from);
    return body;
  }

  private closeAfterRecovery(block: Block, body: Body, close: number, from: number): void {
    if (this.kinds[close] === T.RBRACE && !this.isBarrier(close)) {
      block.closeBrace = this.starts[close] as number;
      const to = this.lastContentEnd(from);
      const junkEnd = Math.min(to, block.closeBrace);
      if (junkEnd > from) body.items.push({ type: "Invalid", start: from, end: junkEnd });
      body.end = block.closeBrace;
    } else {
      const to = this.lastContentEnd(from);
      if (to > from) body.items.push({ type: "Invalid", start: from, end: to });
      body.end = Math.max(body.end, to);
    }
  }

  private peekAfter(i: number): number {
    let j = i + 1;
    while (this.kinds[j] === T.COMMENT) j++;
    return j;
  }

  private parseLabel(): Label {
    const open = this.read();
    const start = this.starts[open] as number;
    let value = "";
    for (;;) {
      const i = this.pos;
      const k = this.kinds[i] as T;
      if (k === T.CQUOTE) {
        this.readRaw();
        return { type: "Label", start, end: this.ends[i] as number, value, quoted: true };
      }
      if (k === T.QUOTED_LIT) {
        this.readRaw();
        value += this.cookQuoted(i);
        continue;
      }
      if (k === T.TEMPLATE_INTERP || k === T.TEMPLATE_CONTROL) {
        const which = k === T.TEMPLATE_INTERP ? "$" : "%";
        this.errorAt(i, `block labels cannot contain ${which}{ ... } sequences; write ${which}${which}{ for a literal ${which}{`);
        this.readRaw();
        const close = this.recover(T.TEMPLATE_SEQ_END);
        value += `${which}{ ... }`;
        if (this.kinds[close] !== T.TEMPLATE_SEQ_END) return { type: "Label", start, end: this.lastContentEnd(start), value, quoted: true };
        continue;
      }
      // A newline or the end of the file: the quote was never closed.
      this.error(start, this.starts[i] as number, "unterminated string: add the closing '\"' on the same line");
      return { type: "Label", start, end: Math.max(this.lastContentEnd(start), start + 1), value, quoted: true };
    }
  }

  // ---------------------------------------------------------------- expressions

  parseStandaloneExpression(): Expression {
    this.pushNewlines(false);
    const expr = this.parseExpression();
    const next = this.peek();
    if (this.kinds[next] !== T.EOF && !this.recovery) this.errorAt(next, `unexpected ${this.describe(next)} after the expression`);
    this.popNewlines();
    return expr;
  }

  private parseExpression(): Expression {
    const beforeCond = this.errors;
    const cond = this.parseBinary(1);
    if (this.recovery && this.errors > beforeCond) return cond;
    const q = this.peek();
    if (this.kinds[q] !== T.QUESTION) return cond;
    this.read();
    const before = this.errors;
    const then = this.parseExpression();
    if (this.recovery && this.errors > before)
      return { type: "Conditional", start: cond.start, end: then.end, cond, then, else: { type: "InvalidExpr", start: then.end, end: then.end } };
    const colon = this.peek();
    if (this.kinds[colon] !== T.COLON) {
      this.errorAt(colon, `expected ':' and the false result of the conditional (condition ? true_result : false_result), but found ${this.describe(colon)}`, true);
      return { type: "Conditional", start: cond.start, end: then.end, cond, then, else: this.invalidHere() };
    }
    this.read();
    const otherwise = this.parseExpression();
    return { type: "Conditional", start: cond.start, end: otherwise.end, cond, then, else: otherwise };
  }

  /** An empty placeholder for a missing expression, right after what has been read so far. */
  private invalidHere(): InvalidExpr {
    const at = this.prevEnd();
    return { type: "InvalidExpr", start: at, end: at };
  }

  /**
   * Binary operators by precedence climbing. Levels, loosest first: || ; && ; == != ; < > <= >= ;
   * + - ; * / %. Operators of one level associate to the left.
   */
  private parseBinary(minLevel: number): Expression {
    const before = this.errors;
    let left = this.parseTermWithTraversals();
    if (this.recovery && this.errors > before) return left;
    for (;;) {
      const k = this.peekKind();
      const level = binaryLevel(k);
      if (level < minLevel) return left;
      this.read();
      const beforeRight = this.errors;
      const right = this.parseBinary(level + 1);
      left = { type: "Binary", start: left.start, end: right.end, op: BINARY_OPS[k] as BinaryOperator, left, right };
      if (this.recovery && this.errors > beforeRight) return left;
    }
  }

  private parseTermWithTraversals(): Expression {
    return this.parseTraversals(this.parseTerm());
  }

  private parseTraversals(from: Expression): Expression {
    let ret = from;
    for (;;) {
      const i = this.peek();
      const k = this.kinds[i] as T;
      if (k === T.DOT) {
        this.read();
        const a = this.peek();
        const ak = this.kinds[a] as T;
        if (ak === T.IDENT) {
          this.read();
          ret = { type: "GetAttr", start: ret.start, end: this.ends[a] as number, object: ret, name: this.tokenText(a) };
        } else if (ak === T.NUMBER) {
          this.read();
          ret = { type: "Index", start: ret.start, end: this.ends[a] as number, object: ret, key: this.legacyIndexKey(a), legacy: true };
        } else if (ak === T.STAR) {
          this.read();
          const item: Expression = { type: "SplatItem", start: this.starts[i] as number, end: this.ends[a] as number };
          let each: Expression = item;
          while (this.peekKind() === T.DOT) {
            const dot = this.peek();
            const n = this.peekAfterNewlines(dot);
            const nk = this.kinds[n] as T;
            if (nk === T.NUMBER) {
              this.read();
              this.read();
              each = { type: "Index", start: each.start, end: this.ends[n] as number, object: each, key: this.legacyIndexKey(n), legacy: true };
              continue;
            }
            if (nk !== T.IDENT) {
              this.read();
              if (nk === T.STAR) this.errorAt(n, "a splat expression (.*) cannot contain another splat expression");
              else this.errorAt(n, `expected an attribute name after '.', but found ${this.describe(n)}`);
              this.recovery = true;
              break;
            }
            this.read();
            this.read();
            each = { type: "GetAttr", start: each.start, end: this.ends[n] as number, object: each, name: this.tokenText(n) };
          }
          ret = { type: "Splat", start: ret.start, end: each.end, object: ret, full: false, each };
        } else {
          this.errorAt(a, `expected an attribute name after '.', but found ${this.describe(a)}`);
          this.recovery = true;
          ret = { type: "InvalidExpr", start: ret.start, end: this.ends[i] as number };
        }
        continue;
      }
      if (k === T.LBRACK) {
        this.read();
        const s = this.peek();
        if (this.kinds[s] === T.STAR) {
          this.read();
          const close = this.peek();
          let end: number;
          if (this.kinds[close] === T.RBRACK) {
            this.read();
            end = this.ends[close] as number;
          } else {
            this.errorAt(close, `expected ']' right after '[*]' splat's star, but found ${this.describe(close)}`);
            end = this.closeEnd(this.recover(T.RBRACK), T.RBRACK, this.starts[i] as number, this.ends[s] as number);
          }
          const item: Expression = { type: "SplatItem", start: this.starts[i] as number, end };
          const each = this.parseTraversals(item);
          ret = { type: "Splat", start: ret.start, end: each.end, object: ret, full: true, each };
          continue;
        }
        this.pushNewlines(false);
        const before = this.errors;
        const key = this.parseExpression();
        let close: number;
        if (this.recovery && this.errors > before) close = this.recover(T.RBRACK);
        else {
          close = this.peek();
          if (this.kinds[close] !== T.RBRACK) {
            this.errorAt(close, `expected ']' to close the index opened at line ${this.lineOf(this.starts[i] as number)}, but found ${this.describe(close)}`);
            close = this.recover(T.RBRACK);
          } else this.read();
        }
        this.popNewlines();
        const end = this.kinds[close] === T.RBRACK && !this.isBarrier(close) ? (this.ends[close] as number) : Math.max(key.end, this.ends[i] as number);
        ret = { type: "Index", start: ret.start, end, object: ret, key, legacy: false };
        continue;
      }
      return ret;
    }
  }

  private peekAfterNewlines(i: number): number {
    let j = i + 1;
    const nl = this.includeNewlines;
    for (;;) {
      const k = this.kinds[j];
      if (k === T.COMMENT || (!nl && k === T.NEWLINE)) j++;
      else return j;
    }
  }

  private legacyIndexKey(i: number): Expression {
    const raw = this.tokenText(i);
    const dot = raw.indexOf(".");
    if (dot >= 0) {
      this.errorAt(i, `legacy index syntax cannot chain two indexes: write [${raw.slice(0, dot)}][${raw.slice(dot + 1)}] instead of .${raw}`, true);
      return { type: "InvalidExpr", start: this.starts[i] as number, end: this.ends[i] as number };
    }
    return this.numberLiteral(i);
  }

  private numberLiteral(i: number): Expression {
    const raw = this.tokenText(i);
    if (!NUMBER.test(raw)) {
      this.errorAt(i, `invalid number literal ${raw}`, true);
      return { type: "InvalidExpr", start: this.starts[i] as number, end: this.ends[i] as number };
    }
    return { type: "Literal", start: this.starts[i] as number, end: this.ends[i] as number, value: Number(raw) };
  }

  private parseTerm(): Expression {
    const i = this.peek();
    const k = this.kinds[i] as T;
    if (this.isBarrier(i)) {
      this.errorAt(i, `expected an expression before the next ${this.describe(i)} at the start of line ${this.lineOf(this.starts[i] as number)}`);
      this.recovery = true;
      return this.invalidHere();
    }
    switch (k) {
      case T.IDENT: {
        this.read();
        const next = this.peekKind();
        if (next === T.LPAREN || next === T.DOUBLECOLON) return this.finishCall(i);
        const start = this.starts[i] as number;
        const end = this.ends[i] as number;
        const len = end - start;
        if (len === 4 && this.text.startsWith("true", start)) return { type: "Literal", start, end, value: true };
        if (len === 5 && this.text.startsWith("false", start)) return { type: "Literal", start, end, value: false };
        if (len === 4 && this.text.startsWith("null", start)) return { type: "Literal", start, end, value: null };
        return { type: "Variable", start, end, name: this.text.slice(start, end) };
      }
      case T.OQUOTE:
      case T.OHEREDOC:
        return this.parseTemplateExpr();
      case T.NUMBER:
        this.read();
        return this.numberLiteral(i);
      case T.LPAREN: {
        this.read();
        this.pushNewlines(false);
        const before = this.errors;
        const expr = this.parseExpression();
        if (this.errors > before) {
          const close = this.recover(T.RPAREN);
          this.popNewlines();
          const end = this.kinds[close] === T.RPAREN && !this.isBarrier(close) ? (this.ends[close] as number) : Math.max(expr.end, this.ends[i] as number);
          return { type: "Parens", start: this.starts[i] as number, end, expr };
        }
        const close = this.peek();
        let end: number;
        if (this.kinds[close] !== T.RPAREN) {
          this.errorAt(close, `expected ')' to close the '(' opened at line ${this.lineOf(this.starts[i] as number)}, but found ${this.describe(close)}`);
          this.recovery = true;
          end = expr.end;
          if (this.kinds[close] !== T.EOF && !this.isBarrier(close)) {
            this.read();
            end = this.ends[close] as number;
          }
        } else {
          this.read();
          end = this.ends[close] as number;
        }
        this.popNewlines();
        return { type: "Parens", start: this.starts[i] as number, end, expr };
      }
      case T.MINUS:
      case T.BANG: {
        this.read();
        const operand = this.parseTermWithTraversals();
        return { type: "Unary", start: this.starts[i] as number, end: operand.end, op: k === T.MINUS ? "-" : "!", operand };
      }
      case T.LBRACK:
        return this.parseTuple();
      case T.LBRACE:
        return this.parseObject();
      default: {
        if (k === T.EOF) this.errorAt(i, "expected an expression, but the file ended");
        else if (k === T.NEWLINE) this.errorAt(i, "expected an expression before the end of the line (an expression can only span lines inside brackets or parentheses)");
        else this.errorAt(i, `expected an expression, but found ${this.describe(i)}`);
        this.recovery = true;
        return this.invalidHere();
      }
    }
  }

  private finishCall(nameToken: number): Expression {
    const start = this.starts[nameToken] as number;
    let name = this.tokenText(nameToken);
    let nameEnd = this.ends[nameToken] as number;
    let open = this.read();
    while (this.kinds[open] === T.DOUBLECOLON) {
      const next = this.read();
      if (this.kinds[next] !== T.IDENT) {
        this.errorAt(next, `expected a function name after '::' in ${name}::, but found ${this.describe(next)}`, true);
        this.recoverOver(T.LPAREN);
        return { type: "InvalidExpr", start, end: Math.max(this.lastContentEnd(start), nameEnd) };
      }
      name += "::" + this.tokenText(next);
      nameEnd = this.ends[next] as number;
      open = this.read();
    }
    if (this.kinds[open] !== T.LPAREN) {
      this.errorAt(open, `expected '(' after the function name ${name}, but found ${this.describe(open)}`, true);
      this.recoverOver(T.LPAREN);
      return { type: "InvalidExpr", start, end: Math.max(this.lastContentEnd(start), nameEnd) };
    }
    const args: Expression[] = [];
    let expandFinal = false;
    let end = this.ends[open] as number;
    this.pushNewlines(false);
    for (;;) {
      const t = this.peek();
      if (this.kinds[t] === T.RPAREN) {
        this.read();
        end = this.ends[t] as number;
        break;
      }
      if (this.isBarrier(t) || this.kinds[t] === T.EOF) {
        this.errorAt(t, `expected ')' to close the call to ${name}() opened at line ${this.lineOf(this.starts[open] as number)}${this.kinds[t] === T.EOF ? ", but the file ended" : ""}`);
        this.recovery = true;
        end = Math.max(end, this.lastContentEnd(start));
        break;
      }
      const before = this.errors;
      const arg = this.parseExpression();
      args.push(arg);
      end = Math.max(end, arg.end);
      if (this.recovery && this.errors > before) {
        const close = this.recover(T.RPAREN);
        end = this.closeEnd(close, T.RPAREN, start, end);
        break;
      }
      const sep = this.peek();
      const sk = this.kinds[sep] as T;
      if (sk === T.RPAREN) {
        this.read();
        end = this.ends[sep] as number;
        break;
      }
      if (sk === T.ELLIPSIS) {
        this.read();
        expandFinal = true;
        const close = this.peek();
        if (this.kinds[close] !== T.RPAREN) {
          this.errorAt(sep, `expected ')' right after '...' in the call to ${name}(): only the last argument can be expanded`);
          end = this.closeEnd(this.recover(T.RPAREN), T.RPAREN, start, this.ends[sep] as number);
        } else {
          this.read();
          end = this.ends[close] as number;
        }
        break;
      }
      if (sk !== T.COMMA) {
        if (sk === T.EOF) this.errorAt(sep, `expected ')' to close the call to ${name}() opened at line ${this.lineOf(this.starts[open] as number)}, but the file ended`);
        else if (this.isBarrier(sep)) this.errorAt(sep, `expected ')' to close the call to ${name}() opened at line ${this.lineOf(this.starts[open] as number)}`);
        else if (sk === T.RBRACE || sk === T.RBRACK)
          this.errorAt(sep, `expected ')' to close the call to ${name}() opened at line ${this.lineOf(this.starts[open] as number)}, but found ${this.describe(sep)}`);
        else this.errorAt(sep, `expected ',' or ')' after an argument of ${name}(), but found ${this.describe(sep)}`);
        end = this.closeEnd(this.recover(T.RPAREN), T.RPAREN, start, end);
        break;
      }
      this.read();
      end = this.ends[sep] as number;
    }
    this.popNewlines();
    return { type: "FunctionCall", start, end, name, nameEnd, args, expandFinal };
  }

  /** End offset after recovery stopped at `close`: the closer's end when it was found, else what was consumed. */
  private closeEnd(close: number, closer: T, start: number, fallback: number): number {
    if (this.kinds[close] === closer && !this.isBarrier(close)) return this.ends[close] as number;
    return Math.max(fallback, this.lastContentEnd(start));
  }

  private recoverOver(start: T): void {
    for (;;) {
      const i = this.peek();
      if (this.isBarrier(i)) return;
      this.read();
      const k = this.kinds[i];
      if (k === start) break;
      if (k === T.EOF) return;
    }
    this.recover(opposite(start));
  }

  private parseTuple(): Expression {
    const open = this.read();
    const start = this.starts[open] as number;
    this.pushNewlines(false);
    try {
      if (this.isKeyword(this.peek(), "for")) return this.finishFor(open, false);
      const items: Expression[] = [];
      let end = this.ends[open] as number;
      for (;;) {
        const t = this.peek();
        if (this.kinds[t] === T.RBRACK) {
          this.read();
          end = this.ends[t] as number;
          break;
        }
        if (this.isBarrier(t) || this.kinds[t] === T.EOF) {
          this.errorAt(t, `expected ']' to close the list opened at line ${this.lineOf(start)}${this.kinds[t] === T.EOF ? ", but the file ended" : ""}`);
          this.recovery = true;
          break;
        }
        const before = this.errors;
        const item = this.parseExpression();
        items.push(item);
        end = Math.max(end, item.end);
        if (this.recovery && this.errors > before) {
          end = this.closeEnd(this.recover(T.RBRACK), T.RBRACK, start, end);
          break;
        }
        const next = this.peek();
        const nk = this.kinds[next] as T;
        if (nk === T.RBRACK) {
          this.read();
          end = this.ends[next] as number;
          break;
        }
        if (nk !== T.COMMA) {
          if (nk === T.EOF) this.errorAt(next, `expected ']' to close the list opened at line ${this.lineOf(start)}, but the file ended`);
          else if (this.isBarrier(next)) this.errorAt(next, `expected ']' to close the list opened at line ${this.lineOf(start)}`);
          else if (nk === T.RBRACE || nk === T.RPAREN)
            this.errorAt(next, `expected ']' to close the list opened at line ${this.lineOf(start)}, but found ${this.describe(next)}`);
          else this.errorAt(next, `expected ',' between list items, but found ${this.describe(next)}`);
          end = this.closeEnd(this.recover(T.RBRACK), T.RBRACK, start, end);
          break;
        }
        this.read();
        end = this.ends[next] as number;
      }
      return { type: "Tuple", start, end, items };
    } finally {
      this.popNewlines();
    }
  }

  private parseObject(): Expression {
    const open = this.read();
    const start = this.starts[open] as number;
    this.pushNewlines(false);
    const isFor = this.isKeyword(this.peek(), "for");
    this.popNewlines();
    if (isFor) {
      this.pushNewlines(false);
      try {
        return this.finishFor(open, true);
      } finally {
        this.popNewlines();
      }
    }
    this.pushNewlines(true);
    const items: ObjectItem[] = [];
    let end = this.ends[open] as number;
    try {
      for (;;) {
        const t = this.peek();
        const tk = this.kinds[t] as T;
        if (tk === T.NEWLINE) {
          this.read();
          continue;
        }
        if (tk === T.RBRACE) {
          this.read();
          end = this.ends[t] as number;
          break;
        }
        if (this.isBarrier(t) || tk === T.EOF) {
          this.errorAt(t, `expected '}' to close the object opened at line ${this.lineOf(this.starts[open] as number)}${tk === T.EOF ? ", but the file ended" : ""}`);
          this.recovery = true;
          break;
        }
        const before = this.errors;
        const key = this.parseExpression();
        end = Math.max(end, key.end);
        if (this.recovery && this.errors > before) {
          end = this.closeEnd(this.recover(T.RBRACE), T.RBRACE, start, end);
          break;
        }
        const sep = this.peek();
        const sk = this.kinds[sep] as T;
        if (sk !== T.EQUAL && sk !== T.COLON) {
          if (sk === T.NEWLINE || sk === T.COMMA) this.errorAt(sep, "expected '=' and a value after the object key");
          else if (sk === T.EOF) this.errorAt(sep, `expected '}' to close the object opened at line ${this.lineOf(this.starts[open] as number)}, but the file ended`);
          else if (this.isBarrier(sep)) this.errorAt(sep, `expected '}' to close the object opened at line ${this.lineOf(this.starts[open] as number)}`);
          else if (sk === T.IDENT)
            this.errorAt(sep, `expected '=' after the object key, but found ${this.describe(sep)} (quote keys that contain spaces or dots)`);
          else this.errorAt(sep, `expected '=' after the object key, but found ${this.describe(sep)}`);
          items.push({ type: "ObjectItem", start: key.start, end: key.end, key, value: { type: "InvalidExpr", start: key.end, end: key.end } });
          end = this.closeEnd(this.recover(T.RBRACE), T.RBRACE, start, end);
          break;
        }
        this.read();
        const beforeValue = this.errors;
        const value = this.parseExpression();
        items.push({ type: "ObjectItem", start: key.start, end: value.end, key, value });
        end = Math.max(end, value.end);
        if (this.recovery && this.errors > beforeValue) {
          end = this.closeEnd(this.recover(T.RBRACE), T.RBRACE, start, end);
          break;
        }
        const next = this.peek();
        const nk = this.kinds[next] as T;
        if (nk === T.RBRACE) {
          this.read();
          end = this.ends[next] as number;
          break;
        }
        if (nk !== T.COMMA && nk !== T.NEWLINE) {
          if (nk === T.EOF) this.errorAt(next, `expected '}' to close the object opened at line ${this.lineOf(this.starts[open] as number)}, but the file ended`);
          else if (this.isBarrier(next)) this.errorAt(next, `expected '}' to close the object opened at line ${this.lineOf(this.starts[open] as number)}`);
          else this.errorAt(next, `expected a newline or ',' after the object item, but found ${this.describe(next)}`);
          end = this.closeEnd(this.recover(T.RBRACE), T.RBRACE, start, end);
          break;
        }
        this.read();
      }
    } finally {
      this.popNewlines();
    }
    return { type: "Object", start, end, items };
  }

  /** `[for ...]` or `{for ...}`; the `for` keyword is next. Newlines are already ignored. */
  private finishFor(open: number, object: boolean): Expression {
    const start = this.starts[open] as number;
    const closer = object ? T.RBRACE : T.RBRACK;
    const closeChar = object ? "}" : "]";
    this.read(); // for
    const fail = (message: string, at: number): Expression => {
      this.errorAt(at, message);
      const close = this.recover(closer);
      return { type: "InvalidExpr", start, end: this.closeEnd(close, closer, start, this.ends[open] as number) };
    };
    let t = this.peek();
    if (this.kinds[t] !== T.IDENT) return fail(`expected a variable name after 'for', but found ${this.describe(t)}`, t);
    this.read();
    let valueVar = this.tokenText(t);
    let keyVar: string | null = null;
    if (this.peekKind() === T.COMMA) {
      this.read();
      keyVar = valueVar;
      t = this.peek();
      if (this.kinds[t] !== T.IDENT) return fail(`expected a value variable name after 'for ${keyVar},', but found ${this.describe(t)}`, t);
      this.read();
      valueVar = this.tokenText(t);
    }
    t = this.peek();
    if (!this.isKeyword(t, "in")) return fail(`expected 'in' after the names in a 'for' expression, but found ${this.describe(t)}`, t);
    this.read();
    let before = this.errors;
    const collection = this.parseExpression();
    if (this.recovery && this.errors > before) {
      return { type: "InvalidExpr", start, end: this.closeEnd(this.recover(closer), closer, start, collection.end) };
    }
    t = this.peek();
    if (this.kinds[t] !== T.COLON) return fail(`expected ':' after the collection in a 'for' expression, but found ${this.describe(t)}`, t);
    this.read();
    before = this.errors;
    let value = this.parseExpression();
    let key: Expression | null = null;
    if (this.peekKind() === T.FATARROW) {
      this.read();
      key = value;
      value = this.parseExpression();
    }
    if (this.recovery && this.errors > before) {
      return { type: "InvalidExpr", start, end: this.closeEnd(this.recover(closer), closer, start, value.end) };
    }
    let group = false;
    const ellipsis = this.peek();
    if (this.kinds[ellipsis] === T.ELLIPSIS) {
      this.read();
      group = true;
    }
    let cond: Expression | null = null;
    if (this.isKeyword(this.peek(), "if")) {
      this.read();
      before = this.errors;
      cond = this.parseExpression();
      if (this.recovery && this.errors > before) {
        return { type: "InvalidExpr", start, end: this.closeEnd(this.recover(closer), closer, start, cond.end) };
      }
    }
    let end: number;
    const close = this.peek();
    if (this.kinds[close] === closer && !this.isBarrier(close)) {
      this.read();
      end = this.ends[close] as number;
    } else {
      this.errorAt(close, `expected '${closeChar}' to end the 'for' expression, but found ${this.describe(close)}`);
      end = this.closeEnd(this.recover(closer), closer, start, (cond ?? value).end);
    }
    if (!object) {
      if (key !== null) this.error(key.start, key.end, "a 'for' expression in [ ] builds a list and cannot have a key (=>); use { } to build an object", true);
      if (group) this.errorAt(ellipsis, "the grouping '...' can only be used in a 'for' expression that builds an object with { }", true);
    } else if (key === null) {
      this.error(value.start, value.end, "a 'for' expression in { } builds an object and needs a key: write key => value", true);
    }
    const expr: ForExpr = { type: "For", start, end, object, keyVar, valueVar, collection, key, value, group, cond };
    return expr;
  }

  // ---------------------------------------------------------------- templates

  private parseTemplateExpr(): Template {
    const open = this.read();
    const heredoc = this.kinds[open] === T.OHEREDOC;
    if (!heredoc) {
      // Most strings are a plain literal: build them directly.
      const k1 = this.kinds[open + 1];
      if (k1 === T.CQUOTE) {
        this.pos = open + 2;
        return { type: "Template", start: this.starts[open] as number, end: this.ends[open + 1] as number, kind: "quoted", parts: [], heredoc: null };
      }
      if (k1 === T.QUOTED_LIT && this.kinds[open + 2] === T.CQUOTE) {
        this.pos = open + 3;
        const literal: TemplateLiteral = { type: "TemplateLiteral", start: this.starts[open + 1] as number, end: this.ends[open + 1] as number, value: this.cookQuoted(open + 1) };
        return { type: "Template", start: this.starts[open] as number, end: this.ends[open + 2] as number, kind: "quoted", parts: [literal], heredoc: null };
      }
    }
    const start = this.starts[open] as number;
    let marker = "";
    let flush = false;
    if (heredoc) {
      const raw = this.tokenText(open);
      flush = raw.charCodeAt(2) === 45;
      marker = raw.slice(flush ? 3 : 2).replace(/\r?\n$/, "");
    }
    const closer = heredoc ? T.CHEREDOC : T.CQUOTE;
    const { parts, end, closed } = this.parseTemplateParts(closer);
    if (!closed) {
      if (heredoc)
        this.error(start, this.ends[open] as number, `unterminated heredoc: no line containing only "${marker}" closes the heredoc opened at line ${this.lineOf(start)}`, true);
      else
        this.error(start, Math.max(end, start + 1), "unterminated string: add the closing '\"' on the same line (use \\n or a heredoc for multi-line text)", true);
    }
    if (flush) flushHeredoc(parts);
    return {
      type: "Template",
      start,
      end: Math.max(end, this.ends[open] as number),
      kind: heredoc ? "heredoc" : "quoted",
      parts: this.structureTemplate(meld(parts)),
      heredoc: heredoc ? { marker, flush } : null,
    };
  }

  parseBareTemplate(): Template {
    const { parts, end } = this.parseTemplateParts(T.EOF);
    return { type: "Template", start: 0, end: Math.max(end, this.text.length), kind: "bare", parts: this.structureTemplate(meld(parts)), heredoc: null };
  }

  /**
   * Reads template contents up to `closer` (consumed). Strip markers are applied as in HCL: `${~`
   * trims trailing whitespace of the literal before it, `~}` the leading whitespace of the literal
   * after it.
   */
  private parseTemplateParts(closer: T): { parts: FlatPart[]; end: number; closed: boolean } {
    const parts: FlatPart[] = [];
    let trimNext = false;
    let canTrimPrevious = false;
    let end = this.starts[this.pos] as number;
    for (;;) {
      const i = this.pos;
      const k = this.kinds[i] as T;
      if (k === closer) {
        if (closer !== T.EOF) {
          this.readRaw();
          end = this.ends[i] as number;
        }
        return { parts, end, closed: true };
      }
      const trim = trimNext;
      trimNext = false;
      const canTrim = canTrimPrevious;
      canTrimPrevious = false;
      if (k === T.QUOTED_LIT || k === T.STRING_LIT) {
        this.readRaw();
        let value = k === T.QUOTED_LIT ? this.cookQuoted(i) : cookHeredoc(this.tokenText(i));
        if (trim) value = trimStartSpace(value);
        parts.push({ kind: "literal", start: this.starts[i] as number, end: this.ends[i] as number, value });
        end = this.ends[i] as number;
        canTrimPrevious = true;
        continue;
      }
      if (k === T.TEMPLATE_INTERP || k === T.TEMPLATE_CONTROL) {
        this.readRaw();
        const seqStart = this.starts[i] as number;
        if (canTrim && this.ends[i]! - seqStart === 3) {
          const previous = parts[parts.length - 1];
          if (previous !== undefined && previous.kind === "literal") previous.value = trimEndSpace(previous.value ?? "");
        }
        this.pushNewlines(false);
        const part = k === T.TEMPLATE_INTERP ? this.parseInterpolation(i) : this.parseDirective(i);
        this.popNewlines();
        if (part === null) {
          end = this.prevEnd();
          continue;
        }
        const close = this.pos - 1;
        if (this.kinds[close] === T.TEMPLATE_SEQ_END && this.ends[close]! - this.starts[close]! === 2) trimNext = true;
        part.end = Math.max(part.end, this.prevEnd());
        parts.push(part);
        end = part.end;
        continue;
      }
      // End of line or end of file before the closer.
      return { parts, end, closed: false };
    }
  }

  private parseInterpolation(open: number): FlatPart | null {
    const expr = this.parseExpression();
    const close = this.peek();
    const ck = this.kinds[close] as T;
    if (ck !== T.TEMPLATE_SEQ_END) {
      if (ck === T.EOF) this.errorAt(open, "unclosed ${ ... } sequence: add the closing '}'");
      else if (ck === T.CQUOTE || ck === T.OQUOTE || ck === T.NEWLINE) this.errorAt(open, "unclosed ${ ... } sequence: add '}' before the end of the string");
      else
        this.errorAt(
          close,
          `expected '}' to close the \${ ... } sequence, but found ${this.describe(close)}; if this is meant for another language (a shell's \${VAR:-default}), escape it as $\${`,
        );
      const end = this.recover(T.TEMPLATE_SEQ_END);
      if (this.kinds[end] !== T.TEMPLATE_SEQ_END) return { kind: "interp", start: this.starts[open] as number, end: Math.max(expr.end, this.ends[open] as number), expr };
    } else this.read();
    return { kind: "interp", start: this.starts[open] as number, end: this.prevEnd(), expr };
  }

  private parseDirective(open: number): FlatPart | null {
    const start = this.starts[open] as number;
    const kw = this.peek();
    if (this.kinds[kw] !== T.IDENT) {
      this.errorAt(kw, `expected a template directive keyword (if, for, else, endif, endfor) after '%{', but found ${this.describe(kw)}`);
      this.recover(T.TEMPLATE_SEQ_END);
      return null;
    }
    this.read();
    const word = this.tokenText(kw);
    let part: FlatPart;
    switch (word) {
      case "if": {
        const cond = this.parseExpression();
        part = { kind: "if", start, end: cond.end, expr: cond };
        break;
      }
      case "else":
      case "endif":
      case "endfor":
        part = { kind: word, start, end: this.ends[kw] as number };
        break;
      case "for": {
        let t = this.peek();
        if (this.kinds[t] !== T.IDENT) {
          this.errorAt(t, `expected a variable name after '%{ for', but found ${this.describe(t)}`);
          this.recover(T.TEMPLATE_SEQ_END);
          return null;
        }
        this.read();
        let valueVar = this.tokenText(t);
        let keyVar: string | null = null;
        if (this.peekKind() === T.COMMA) {
          this.read();
          keyVar = valueVar;
          t = this.peek();
          if (this.kinds[t] !== T.IDENT) {
            this.errorAt(t, `expected a value variable name after '%{ for ${keyVar},', but found ${this.describe(t)}`);
            this.recover(T.TEMPLATE_SEQ_END);
            return null;
          }
          this.read();
          valueVar = this.tokenText(t);
        }
        t = this.peek();
        if (!this.isKeyword(t, "in")) {
          this.errorAt(t, `expected 'in' after the names in '%{ for', but found ${this.describe(t)}`);
          this.recover(T.TEMPLATE_SEQ_END);
          return null;
        }
        this.read();
        const collection = this.parseExpression();
        part = { kind: "for", start, end: collection.end, expr: collection, keyVar, valueVar };
        break;
      }
      default:
        this.errorAt(kw, `'${word}' is not a template directive; use if, for, else, endif or endfor`);
        this.recover(T.TEMPLATE_SEQ_END);
        return null;
    }
    const close = this.peek();
    if (this.kinds[close] !== T.TEMPLATE_SEQ_END) {
      this.errorAt(close, `expected '}' to close the %{ ${word} } directive, but found ${this.describe(close)}`);
      this.recover(T.TEMPLATE_SEQ_END);
    } else this.read();
    part.end = this.prevEnd();
    return part;
  }

  /** Turns the flat list of literals, interpolations and directives into nested if/for parts. */
  private structureTemplate(flat: FlatPart[]): TemplatePart[] {
    let index = 0;
    const parseSequence = (until: ReadonlySet<string>): { parts: TemplatePart[]; stop: FlatPart | null } => {
      const parts: TemplatePart[] = [];
      while (index < flat.length) {
        const part = flat[index] as FlatPart;
        if (until.has(part.kind)) {
          index++;
          return { parts, stop: part };
        }
        index++;
        switch (part.kind) {
          case "literal":
            parts.push({ type: "TemplateLiteral", start: part.start, end: part.end, value: part.value ?? "" } satisfies TemplateLiteral);
            break;
          case "interp":
            parts.push({ type: "TemplateInterpolation", start: part.start, end: part.end, expr: part.expr as Expression });
            break;
          case "if": {
            const then = parseSequence(DIRECTIVE_ENDS);
            let otherwise: TemplatePart[] | null = null;
            let stop = then.stop;
            if (stop !== null && stop.kind === "else") {
              const rest = parseSequence(DIRECTIVE_ENDS);
              otherwise = rest.parts;
              stop = rest.stop;
            }
            if (stop === null) this.error(part.start, part.end, "this %{ if } directive has no matching %{ endif }", true);
            else if (stop.kind !== "endif") this.error(stop.start, stop.end, `unexpected %{ ${stop.kind} }: expected the %{ endif } for the %{ if } at line ${this.lineOf(part.start)}`, true);
            const node: TemplateIf = { type: "TemplateIf", start: part.start, end: stop?.end ?? lastEnd(then.parts, otherwise, part.end), cond: part.expr as Expression, then: then.parts, else: otherwise };
            parts.push(node);
            break;
          }
          case "for": {
            const body = parseSequence(DIRECTIVE_ENDS);
            const stop = body.stop;
            if (stop === null) this.error(part.start, part.end, "this %{ for } directive has no matching %{ endfor }", true);
            else if (stop.kind !== "endfor") this.error(stop.start, stop.end, `unexpected %{ ${stop.kind} }: expected the %{ endfor } for the %{ for } at line ${this.lineOf(part.start)}`, true);
            const node: TemplateFor = {
              type: "TemplateFor",
              start: part.start,
              end: stop?.end ?? lastEnd(body.parts, null, part.end),
              keyVar: part.keyVar ?? null,
              valueVar: part.valueVar ?? "",
              collection: part.expr as Expression,
              body: body.parts,
            };
            parts.push(node);
            break;
          }
          default:
            this.error(part.start, part.end, `unexpected %{ ${part.kind} }: there is no open %{ ${part.kind === "endfor" ? "for" : "if"} } for it`, true);
            break;
        }
      }
      return { parts, stop: null };
    };
    const result = parseSequence(NO_ENDS).parts;
    return result;
  }

  /** Processes escapes in a quoted literal; invalid escapes are errors. */
  private cookQuoted(i: number): string {
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    const text = this.text;
    let fast = true;
    for (let j = start; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 92 || ((c === 36 || c === 37) && text.charCodeAt(j + 1) === c)) {
        fast = false;
        break;
      }
    }
    if (fast) return text.slice(start, end);
    let out = "";
    let j = start;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === 92) {
        const d = text.charCodeAt(j + 1);
        if (j + 1 >= end) {
          this.error(j, j + 1, "a backslash must be followed by an escape character (\\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN)", true);
          j++;
          continue;
        }
        switch (d) {
          case 110:
            out += "\n";
            j += 2;
            continue;
          case 114:
            out += "\r";
            j += 2;
            continue;
          case 116:
            out += "\t";
            j += 2;
            continue;
          case 34:
            out += '"';
            j += 2;
            continue;
          case 92:
            out += "\\";
            j += 2;
            continue;
          case 117:
          case 85: {
            const digits = d === 117 ? 4 : 8;
            const hex = text.slice(j + 2, j + 2 + digits);
            if (j + 2 + digits > end || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) {
              this.error(j, Math.min(end, j + 2 + digits), `\\${String.fromCharCode(d)} must be followed by ${digits} hexadecimal digits`, true);
              j += 2;
              continue;
            }
            const cp = parseInt(hex, 16);
            if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
              this.error(j, j + 2 + digits, `\\${String.fromCharCode(d)}${hex} is not a valid Unicode character`, true);
              j += 2 + digits;
              continue;
            }
            out += String.fromCodePoint(cp);
            j += 2 + digits;
            continue;
          }
          default: {
            const cp = text.codePointAt(j + 1) ?? d;
            const ch = String.fromCodePoint(cp);
            this.error(j, j + 1 + ch.length, `invalid escape sequence \\${ch}: write \\\\ for a backslash`, true);
            out += ch;
            j += 1 + ch.length;
            continue;
          }
        }
      }
      if ((c === 36 || c === 37) && text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === 123 && j + 2 < end) {
        out += String.fromCharCode(c) + "{";
        j += 3;
        continue;
      }
      out += text[j];
      j++;
    }
    return out;
  }
}

const NO_ENDS: ReadonlySet<string> = new Set();
/** Directives that end the body of an open %{ if } or %{ for }. */
const DIRECTIVE_ENDS: ReadonlySet<string> = new Set(["else", "endif", "endfor"]);

function lastEnd(a: TemplatePart[], b: TemplatePart[] | null, fallback: number): number {
  const list = b !== null && b.length > 0 ? b : a;
  const last = list[list.length - 1];
  return last !== undefined ? Math.max(last.end, fallback) : fallback;
}

function opposite(k: T): T {
  switch (k) {
    case T.LBRACE:
      return T.RBRACE;
    case T.LBRACK:
      return T.RBRACK;
    case T.LPAREN:
      return T.RPAREN;
    case T.OQUOTE:
      return T.CQUOTE;
    case T.OHEREDOC:
      return T.CHEREDOC;
    case T.RBRACE:
      return T.LBRACE;
    case T.RBRACK:
      return T.LBRACK;
    case T.RPAREN:
      return T.LPAREN;
    case T.CQUOTE:
      return T.OQUOTE;
    case T.CHEREDOC:
      return T.OHEREDOC;
    case T.TEMPLATE_CONTROL:
    case T.TEMPLATE_INTERP:
      return T.TEMPLATE_SEQ_END;
    case T.TEMPLATE_SEQ_END:
      return T.TEMPLATE_INTERP;
    default:
      return T.EOF;
  }
}

/** `resource "aws_instance" "web"`, as a person would name the block. */
function blockTitle(block: Block): string {
  let title = block.blockType;
  for (const label of block.labels) title += ` "${label.value}"`;
  return title;
}

function cookHeredoc(raw: string): string {
  if (raw.indexOf("${") < 0 && raw.indexOf("%{") < 0) return raw;
  return raw.replace(/([$%])\1\{/g, "$1{");
}

function trimStartSpace(s: string): string {
  let i = 0;
  while (i < s.length && isUnicodeSpace(s.charCodeAt(i))) i++;
  return s.slice(i);
}

function trimEndSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isUnicodeSpace(s.charCodeAt(i - 1))) i--;
  return s.slice(0, i);
}

function skipTrivia(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) i++;
    else break;
  }
  return i;
}

/**
 * `<<-` heredocs: remove the smallest indentation shared by every line from all lines (HCL's
 * flushHeredocTemplateParts). Lines that are blank do not count; a line starting with an
 * interpolation has no indentation.
 */
function flushHeredoc(parts: FlatPart[]): void {
  let min = Infinity;
  let newline = true;
  const adjust: FlatPart[] = [];
  for (const part of parts) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (part.kind === "literal") {
        const value = part.value ?? "";
        const trimmed = trimStartSpace(value);
        if (trimmed.length === 0 && value.endsWith("\n")) spaces = Infinity;
        else {
          spaces = countClusters(value.slice(0, value.length - trimmed.length));
          adjust.push(part);
        }
      }
      if (spaces < min) min = spaces;
    }
    if (part.kind === "literal" && (part.value ?? "").endsWith("\n")) newline = true;
  }
  if (!Number.isFinite(min) || min === 0) return;
  for (const part of adjust) {
    const value = part.value ?? "";
    let cut = 0;
    for (let n = 0; n < min && cut < value.length; n++) {
      if (value.charCodeAt(cut) === 13 && value.charCodeAt(cut + 1) === 10) cut += 2;
      else cut += value.codePointAt(cut)! > 0xffff ? 2 : 1;
    }
    part.value = value.slice(cut);
  }
}

function countClusters(spaces: string): number {
  let n = 0;
  for (let i = 0; i < spaces.length; i++) {
    if (spaces.charCodeAt(i) === 13 && spaces.charCodeAt(i + 1) === 10) i++;
    n++;
  }
  return n;
}

function meld(parts: FlatPart[]): FlatPart[] {
  const out: FlatPart[] = [];
  for (const part of parts) {
    const previous = out[out.length - 1];
    if (part.kind === "literal" && previous !== undefined && previous.kind === "literal") {
      previous.value = (previous.value ?? "") + (part.value ?? "");
      previous.end = part.end;
    } else out.push(part);
  }
  return out;
}

function collectComments(text: string, tokens: TokenStream): Comment[] {
  const comments: Comment[] = [];
  const { kinds, starts, ends, count } = tokens;
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== T.COMMENT) continue;
    const start = starts[i] as number;
    const c = text.charCodeAt(start);
    const style = c === 35 ? "#" : text.charCodeAt(start + 1) === 47 ? "//" : "/*";
    comments.push({ type: "Comment", start, end: ends[i] as number, style });
  }
  return comments;
}

const INVALID_MESSAGES: Partial<Record<T, string>> = {
  [T.AMP]: "'&' is not an operator in HCL; use && for a logical AND",
  [T.PIPE]: "'|' is not an operator in HCL; use || for a logical OR",
  [T.TILDE]: "'~' is only valid right after '${' or '%{', or right before '}', in a template",
  [T.CARET]: "'^' is not an operator in HCL",
  [T.SEMICOLON]: "';' is not valid in HCL: separate arguments and blocks with newlines, and list items with commas",
  [T.BACKTICK]: "'`' is not valid in HCL: use a heredoc (<<EOT) for multi-line strings",
  [T.APOSTROPHE]: "single quotes are not valid in HCL: use double quotes (\") for strings",
  [T.BAD_UNICODE]: "the file is not valid UTF-8 text",
};

/** Tokens HCL always rejects, whatever the parser made of them (HCL's checkInvalidTokens). */
function invalidTokenDiagnostics(text: string, tokens: TokenStream, existing: Diagnostic[]): Diagnostic[] {
  const reported = new Set(existing.map((d) => d.start));
  const out: Diagnostic[] = [];
  const { kinds, starts, ends, count } = tokens;
  for (let i = 0; i < count; i++) {
    const k = kinds[i] as T;
    if (k !== T.INVALID && INVALID_MESSAGES[k] === undefined) continue;
    const start = starts[i] as number;
    if (reported.has(start)) continue;
    const message = INVALID_MESSAGES[k] ?? `${describeCharacter(text.slice(start, ends[i]))} is not used in HCL`;
    out.push({ severity: "error", message, start, end: ends[i] as number });
  }
  return out;
}

function describeCharacter(ch: string): string {
  if (ch === "\r") return "a carriage return (\\r) without a following newline (save the file with LF or CRLF line endings)";
  if (ch === "\u201c" || ch === "\u201d") return `a curly quote (${ch}); use a straight quote (")`;
  if (ch === "\u2018" || ch === "\u2019") return `a curly quote (${ch}); use a straight double quote (")`;
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, "0");
  if (cp < 32 || cp === 127) return `the control character U+${hex}`;
  if (cp === 0xa0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200b) || cp === 0xfeff) return `the invisible space character U+${hex}`;
  return `the character '${ch}' (U+${hex})`;
}

/**
 * Tokens that begin a line at column 1 with a block or argument header (`name "label" {`, `name =`)
 * after the top-level item that holds the first error. In the second parse, any open construct closes
 * there.
 */
function findBarriers(text: string, tokens: TokenStream, body: Body, diagnostics: Diagnostic[]): Uint8Array | null {
  const firstError = diagnostics.reduce((min, d) => Math.min(min, d.start), Infinity);
  let from = 0;
  for (const item of body.items) {
    if (item.start <= firstError) from = item.start;
    else break;
  }
  const { kinds, starts, count } = tokens;
  const barriers = new Uint8Array(count);
  let any = false;
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== T.IDENT) continue;
    const s = starts[i] as number;
    if (s <= from) continue;
    const before = s === 0 ? 10 : text.charCodeAt(s - 1);
    if (before !== 10 && !(s === 1 && before === 0xfeff)) continue;
    if (!looksLikeHeader(tokens, i)) continue;
    barriers[i] = 1;
    any = true;
  }
  return any ? barriers : null;
}

function looksLikeHeader(tokens: TokenStream, i: number): boolean {
  const { kinds, count } = tokens;
  let j = i + 1;
  if (kinds[j] === T.EQUAL) return kinds[j + 1] !== T.EQUAL;
  for (; j < count; j++) {
    const k = kinds[j];
    if (k === T.LBRACE) return true;
    if (k === T.IDENT) continue;
    if (k === T.OQUOTE) {
      j++;
      while (j < count && kinds[j] === T.QUOTED_LIT) j++;
      if (kinds[j] !== T.CQUOTE) return false;
      continue;
    }
    return false;
  }
  return false;
}
