/**
 * Terraform's regular expressions are Go's RE2 syntax. This module translates an RE2 pattern to an
 * equivalent JavaScript RegExp (always with the `u` flag, so `.` and classes work on code points as
 * RE2 works on runes) and reproduces Go's match iteration and `$1`/`${name}` expansion, which differ
 * from JavaScript's in the details.
 *
 * Patterns RE2 rejects (backreferences, lookaround, bad escapes) are Terraform errors. The few RE2
 * features JavaScript cannot express (flags changed in the middle of a pattern, ungreedy mode,
 * negated POSIX classes inside a larger class) make the result unknown rather than wrong.
 */

import { fail, notEvaluated, quote } from "./support.js";

export interface Re2 {
  /** Global and unicode; callers set lastIndex. */
  readonly regexp: RegExp;
  /** Names of the capture groups in order; undefined for an unnamed group. */
  readonly groups: readonly (string | undefined)[];
}

const cache = new Map<string, Re2>();

export function compileRe2(pattern: string): Re2 {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const t = new Translator(pattern).run();
  let regexp: RegExp;
  try {
    regexp = new RegExp(t.source, `g${t.flags}u`);
  } catch (e) {
    return fail(`invalid regular expression ${quote(pattern)}: ${(e as Error).message}`);
  }
  const compiled = { regexp, groups: t.groups };
  if (cache.size > 500) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

const GENERAL_CATEGORIES = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);

/** RE2's POSIX classes as JavaScript class contents. */
const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\u{0}-\\u{7f}",
  blank: "\\t ",
  cntrl: "\\u{0}-\\u{1f}\\u{7f}",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

// RE2's \s is ASCII whitespace only; JavaScript's also matches \v and Unicode spaces.
const RE2_SPACE = "\\t\\n\\f\\r ";

const SYNTAX_CHARS = new Set("^$\\.*+?()[]{}|/");

type ClassAtom = { cp: number } | { js: string };

class Translator {
  private readonly c: string[];
  private i = 0;
  private out = "";
  private flags = "";
  private readonly groups: (string | undefined)[] = [];
  /** Output offsets where the open groups start. */
  private readonly open: number[] = [];
  /** Where the last repeatable item starts in the output, or -1 when a repetition would have no operand. */
  private atomStart = -1;
  /** The last item is an assertion, which JavaScript only repeats inside a group. */
  private atomIsAssertion = false;
  private lastWasRepeat = false;

  constructor(private readonly pattern: string) {
    this.c = Array.from(pattern);
  }

  run(): { source: string; flags: string; groups: (string | undefined)[] } {
    this.leadingFlags();
    while (this.i < this.c.length) this.step();
    if (this.open.length > 0) fail(`invalid regular expression ${quote(this.pattern)}: missing closing )`);
    return { source: this.out, flags: this.flags, groups: this.groups };
  }

  private error(what: string): never {
    return fail(`invalid regular expression ${quote(this.pattern)}: ${what}`);
  }

  private unsupported(what: string): never {
    return notEvaluated(`the regular expression ${quote(this.pattern)} uses ${what}, which cairn cannot evaluate`);
  }

  /** `(?i)`, `(?s)`, `(?m)` at the very start apply to the whole pattern and become RegExp flags. */
  private leadingFlags(): void {
    for (;;) {
      const m = /^\(\?([imsU-]+)\)/.exec(this.c.slice(this.i, this.i + 12).join(""));
      if (m === null) return;
      let clear = false;
      const flags = new Set(this.flags);
      for (const f of m[1] as string) {
        if (f === "-") {
          if (clear) this.error("invalid or unsupported Perl syntax");
          clear = true;
        } else if (f === "U") {
          if (!clear) this.unsupported("ungreedy mode (?U)");
        } else if (clear) {
          flags.delete(f);
        } else {
          flags.add(f);
        }
      }
      this.flags = [...flags].sort().join("");
      this.i += (m[0] as string).length;
    }
  }

  private peek(offset = 0): string | undefined {
    return this.c[this.i + offset];
  }

  private atom(js: string, assertion = false): void {
    this.atomStart = this.out.length;
    this.atomIsAssertion = assertion;
    this.lastWasRepeat = false;
    this.out += js;
  }

  private step(): void {
    const ch = this.peek() as string;
    switch (ch) {
      case "(":
        this.group();
        return;
      case ")": {
        const start = this.open.pop();
        if (start === undefined) this.error("unexpected )");
        this.i++;
        this.out += ")";
        this.atomStart = start;
        this.atomIsAssertion = false;
        this.lastWasRepeat = false;
        return;
      }
      case "|":
        this.i++;
        this.out += "|";
        this.atomStart = -1;
        this.lastWasRepeat = false;
        return;
      case "*":
      case "+":
      case "?":
        this.i++;
        this.repeat(ch);
        return;
      case "{": {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.c.slice(this.i, this.i + 16).join(""));
        if (m === null) {
          this.i++;
          this.atom("\\{");
          return;
        }
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === "" ? undefined : Number(m[3]);
        if (min > 1000 || (max !== undefined && (max > 1000 || max < min))) this.error(`invalid repeat count ${m[0]}`);
        this.i += (m[0] as string).length;
        this.repeat(m[0] as string);
        return;
      }
      case "[":
        this.charClass();
        return;
      case "\\":
        this.i++;
        this.escape();
        return;
      case ".":
        this.i++;
        this.atom(".");
        return;
      case "^":
      case "$":
        this.i++;
        this.atom(ch, true);
        return;
      default:
        this.i++;
        this.atom(literal(ch.codePointAt(0) as number, false));
    }
  }

  private repeat(op: string): void {
    if (this.lastWasRepeat) this.error(`invalid nested repetition operator ${op}`);
    if (this.atomStart < 0) this.error(`missing argument to repetition operator ${op}`);
    if (this.atomIsAssertion) {
      this.out = `${this.out.slice(0, this.atomStart)}(?:${this.out.slice(this.atomStart)})`;
      this.atomIsAssertion = false;
    }
    this.out += op;
    if (this.peek() === "?") {
      this.i++;
      this.out += "?";
    }
    this.lastWasRepeat = true;
  }

  private group(): void {
    this.i++;
    const start = this.out.length;
    if (this.peek() !== "?") {
      this.groups.push(undefined);
      this.open.push(start);
      this.out += "(";
      this.atomStart = -1;
      this.lastWasRepeat = false;
      return;
    }
    const rest = this.c.slice(this.i, this.i + 40).join("");
    const named = /^\?P?<([A-Za-z0-9_]*)>/.exec(rest);
    if (named !== null) {
      const name = named[1] as string;
      if (name === "") this.error("invalid named capture: empty name");
      if (this.groups.includes(name)) this.error(`duplicate capture group name ${name}`);
      this.groups.push(name);
      this.open.push(start);
      this.out += `(?<${name}>`;
      this.i += (named[0] as string).length;
      this.atomStart = -1;
      this.lastWasRepeat = false;
      return;
    }
    if (rest.startsWith("?:")) {
      this.open.push(start);
      this.out += "(?:";
      this.i += 2;
      this.atomStart = -1;
      this.lastWasRepeat = false;
      return;
    }
    const flagGroup = /^\?([imsU-]*)(:|\))/.exec(rest);
    if (flagGroup !== null && (flagGroup[1] as string).length > 0 && !/-.*-|-$/.test(flagGroup[1] as string)) {
      this.unsupported("flags that apply to only part of the pattern");
    }
    return this.error("invalid or unsupported Perl syntax (lookaround and backreferences are not RE2)");
  }

  private escape(): void {
    const ch = this.peek();
    if (ch === undefined) this.error("trailing backslash at end of expression");
    switch (ch) {
      case "A":
        this.i++;
        this.atom("(?<![\\s\\S])", true);
        return;
      case "z":
        this.i++;
        this.atom("(?![\\s\\S])", true);
        return;
      case "b":
      case "B":
        this.i++;
        this.atom(`\\${ch}`, true);
        return;
      case "C":
        this.error("invalid escape sequence \\C");
        return;
      case "Q": {
        this.i++;
        let text = "";
        while (this.i < this.c.length && !(this.peek() === "\\" && this.peek(1) === "E")) text += this.c[this.i++];
        if (this.i < this.c.length) this.i += 2;
        // Each quoted character is its own atom for a following repetition, as in RE2.
        for (const q of text) this.atom(literal(q.codePointAt(0) as number, false));
        return;
      }
      case "s":
        this.i++;
        this.atom(`[${RE2_SPACE}]`);
        return;
      case "S":
        this.i++;
        this.atom(`[^${RE2_SPACE}]`);
        return;
    }
    const a = this.classAtomAfterBackslash(false);
    this.atom("cp" in a ? literal(a.cp, false) : a.js);
  }

  /** An escape after the backslash, outside or inside a class: a single character or a class like \d. */
  private classAtomAfterBackslash(inClass: boolean): ClassAtom {
    const ch = this.peek();
    if (ch === undefined) this.error("trailing backslash at end of expression");
    this.i++;
    switch (ch) {
      case "d":
      case "D":
      case "w":
      case "W":
        return { js: `\\${ch}` };
      case "s":
        return { js: RE2_SPACE };
      case "S":
        // Inside a class a negated set cannot be spelled out; \S differs from RE2 only for \v and Unicode spaces.
        return { js: "\\S" };
      case "p":
      case "P":
        return { js: this.unicodeClass(ch === "P") };
      case "a":
        return { cp: 7 };
      case "f":
        return { cp: 12 };
      case "n":
        return { cp: 10 };
      case "r":
        return { cp: 13 };
      case "t":
        return { cp: 9 };
      case "v":
        return { cp: 11 };
      case "x":
        return { cp: this.hexEscape() };
    }
    if (/^[0-7]$/.test(ch)) {
      // A lone non-zero digit would be a backreference, which RE2 does not have.
      if (ch !== "0" && !/^[0-7]$/.test(this.peek() ?? "")) this.error(`invalid escape sequence \\${ch}`);
      let value = Number(ch);
      for (let n = 0; n < 2 && /^[0-7]$/.test(this.peek() ?? ""); n++) value = value * 8 + Number(this.c[this.i++]);
      return { cp: value };
    }
    const cp = ch.codePointAt(0) as number;
    // RE2 lets any ASCII punctuation be escaped to stand for itself, and nothing else.
    if (cp < 0x80 && !/^[A-Za-z0-9]$/.test(ch)) return { cp };
    return this.error(`invalid escape sequence \\${ch}${inClass ? " in a character class" : ""}`);
  }

  private hexEscape(): number {
    if (this.peek() === "{") {
      let j = this.i + 1;
      let hex = "";
      while (j < this.c.length && /^[0-9A-Fa-f]$/.test(this.c[j] as string)) hex += this.c[j++];
      if (hex === "" || this.c[j] !== "}" || parseInt(hex, 16) > 0x10ffff) this.error("invalid escape sequence \\x{…}");
      this.i = j + 1;
      return parseInt(hex, 16);
    }
    const hex = this.c.slice(this.i, this.i + 2).join("");
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) this.error("invalid escape sequence \\x");
    this.i += 2;
    return parseInt(hex, 16);
  }

  /** \pL, \p{Greek}, \p{^Greek}, \PL as JavaScript's \p{…}. */
  private unicodeClass(negated: boolean): string {
    let name: string;
    if (this.peek() === "{") {
      const end = this.c.indexOf("}", this.i);
      if (end < 0) this.error("invalid character class range: missing }");
      name = this.c.slice(this.i + 1, end).join("");
      this.i = end + 1;
    } else {
      const ch = this.peek();
      if (ch === undefined) this.error("invalid character class range: \\p at end of pattern");
      name = ch;
      this.i++;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.slice(1);
    }
    const p = negated ? "P" : "p";
    const js = name === "Any" ? `\\${p}{Any}` : GENERAL_CATEGORIES.has(name) ? `\\${p}{${name}}` : `\\${p}{Script=${name}}`;
    try {
      new RegExp(js, "u");
    } catch {
      this.error(`invalid character class range \\p{${name}}`);
    }
    return js;
  }

  private charClass(): void {
    this.i++;
    let js = "[";
    if (this.peek() === "^") {
      js += "^";
      this.i++;
    }
    let first = true;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) this.error("missing closing ]");
      if (ch === "]" && !first) {
        this.i++;
        break;
      }
      first = false;
      if (ch === "[" && this.peek(1) === ":") {
        const rest = this.c.slice(this.i, this.i + 20).join("");
        const m = /^\[:(\^?)([a-z]*):\]/.exec(rest);
        if (m !== null) {
          const expansion = POSIX_CLASSES[m[2] as string];
          if (expansion === undefined) this.error(`invalid character class range ${m[0]}`);
          if (m[1] === "^") this.unsupported(`a negated POSIX class ${m[0]}`);
          js += expansion;
          this.i += (m[0] as string).length;
          continue;
        }
      }
      const lo = this.classChar();
      if ("js" in lo) {
        js += lo.js;
        continue;
      }
      if (this.peek() === "-" && this.peek(1) !== undefined && this.peek(1) !== "]") {
        this.i++;
        const hi = this.classChar();
        if ("js" in hi || hi.cp < lo.cp) this.error("invalid character class range");
        js += `${literal(lo.cp, true)}-${literal(hi.cp, true)}`;
      } else {
        js += literal(lo.cp, true);
      }
    }
    this.atom(`${js}]`);
  }

  private classChar(): ClassAtom {
    const ch = this.peek() as string;
    if (ch === "\\") {
      this.i++;
      return this.classAtomAfterBackslash(true);
    }
    this.i++;
    return { cp: ch.codePointAt(0) as number };
  }
}

/** A code point as a JavaScript pattern literal, escaped as the `u` flag requires. */
function literal(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (inClass ? "\\]^-[".includes(ch) : SYNTAX_CHARS.has(ch)) return `\\${ch}`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) return `\\u{${cp.toString(16)}}`;
  return ch;
}

export interface Match {
  start: number;
  end: number;
  /** Group texts, index 0 the whole match; undefined for a group that did not take part. */
  groups: readonly (string | undefined)[];
}

function codePointWidth(s: string, pos: number): number {
  const cp = s.codePointAt(pos);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

function execAt(re: RegExp, s: string, pos: number): Match | undefined {
  re.lastIndex = pos;
  const m = re.exec(s);
  if (m === null) return undefined;
  return { start: m.index, end: m.index + m[0].length, groups: Array.from(m) };
}

/** All matches, as Go's FindAll: no empty match right after a previous match. */
export function findAll(re: Re2, s: string): Match[] {
  const matches: Match[] = [];
  let prevEnd = -1;
  for (let pos = 0; pos <= s.length; ) {
    const m = execAt(re.regexp, s, pos);
    if (m === undefined) break;
    let accept = true;
    if (m.end === pos) {
      if (m.start === prevEnd) accept = false;
      pos += pos < s.length ? codePointWidth(s, pos) : 1;
    } else {
      pos = m.end;
    }
    prevEnd = m.end;
    if (accept) matches.push(m);
  }
  return matches;
}

export function findFirst(re: Re2, s: string): Match | undefined {
  return execAt(re.regexp, s, 0);
}

/** Go's Regexp.ReplaceAllString, with Go's `$1`, `${1}`, `$name`, `$$` expansion. */
export function replaceAll(re: Re2, s: string, template: string): string {
  let out = "";
  let lastEnd = 0;
  for (let pos = 0; pos <= s.length; ) {
    const m = execAt(re.regexp, s, pos);
    if (m === undefined) break;
    out += s.slice(lastEnd, m.start);
    // No replacement for an empty match right after another match.
    if (m.end > lastEnd || m.start === 0) out += expand(re, template, m);
    lastEnd = m.end;
    const width = pos < s.length ? codePointWidth(s, pos) : 1;
    if (pos + width > m.end) pos += width;
    else if (pos + 1 > m.end) pos++;
    else pos = m.end;
  }
  return out + s.slice(lastEnd);
}

function expand(re: Re2, template: string, m: Match): string {
  let out = "";
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf("$");
    if (dollar < 0) return out + rest;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith("$")) {
      out += "$";
      rest = rest.slice(1);
      continue;
    }
    // Go takes the longest run of letters, digits and underscores as the name: "$1x" is group "1x".
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (ref === null) {
      out += "$";
      continue;
    }
    rest = rest.slice((ref[0] as string).length);
    const name = (ref[1] ?? ref[2]) as string;
    const isNumber = /^[0-9]+$/.test(name) && !(name.length > 1 && name.startsWith("0")) && name.length <= 8;
    if (isNumber) {
      out += m.groups[Number(name)] ?? "";
    } else {
      const index = re.groups.indexOf(name);
      if (index >= 0) out += m.groups[index + 1] ?? "";
    }
  }
}
