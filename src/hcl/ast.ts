/**
 * The syntax tree of HCL native syntax.
 *
 * Every node has `start` and `end`: offsets into the file's text (`text.slice(start, end)` is the
 * node's source). Offsets count UTF-16 code units, which equal UTF-8 byte offsets for ASCII text;
 * `rangeOf()` in positions.ts gives the 1-based line and column and the true UTF-8 byte offsets of any
 * node. Children are ordered and nested inside their parent; what lies between them is trivia
 * (whitespace, newlines, comments) or the node's own punctuation, so printing the tree gives back the
 * text byte for byte.
 */

export interface Span {
  start: number;
  end: number;
}

export type DiagnosticSeverity = "error" | "warning";

export interface Diagnostic extends Span {
  severity: DiagnosticSeverity;
  /** One sentence a person can act on, e.g. `expected '}' to close block resource "aws_instance" "web" opened at line 3`. */
  message: string;
}

export interface Comment extends Span {
  type: "Comment";
  /** `#`, `//` or `/*` */
  style: "#" | "//" | "/*";
}

export interface HclFile extends Span {
  type: "File";
  path: string;
  text: string;
  /** True when the text starts with a UTF-8 byte-order mark (U+FEFF), which is kept as trivia. */
  bom: boolean;
  body: Body;
  comments: Comment[];
  diagnostics: Diagnostic[];
}

export interface Body extends Span {
  type: "Body";
  items: BodyItem[];
}

export type BodyItem = Attribute | Block | InvalidItem;

export interface Attribute extends Span {
  type: "Attribute";
  name: string;
  nameEnd: number;
  expr: Expression;
}

export interface Block extends Span {
  type: "Block";
  blockType: string;
  typeEnd: number;
  labels: Label[];
  /** Offset of `{`, or -1 when the block header is broken. */
  openBrace: number;
  /** Offset of `}`, or -1 when the block is not closed. */
  closeBrace: number;
  body: Body;
}

export interface Label extends Span {
  type: "Label";
  value: string;
  quoted: boolean;
}

/** Source text the parser could not make sense of; it is kept so that nothing is lost. */
export interface InvalidItem extends Span {
  type: "Invalid";
}

export type Expression =
  | Literal
  | Template
  | Variable
  | GetAttr
  | Index
  | Splat
  | SplatItem
  | FunctionCall
  | Tuple
  | ObjectExpr
  | ForExpr
  | Conditional
  | Binary
  | Unary
  | Parens
  | InvalidExpr;

export interface Literal extends Span {
  type: "Literal";
  /** Numbers are read as JavaScript numbers; the exact digits are in the source text. */
  value: number | boolean | null;
}

export interface Template extends Span {
  type: "Template";
  kind: "quoted" | "heredoc" | "bare";
  parts: TemplatePart[];
  /** For heredocs: the marker (`EOT`) and whether the `<<-` form strips common indentation. */
  heredoc: { marker: string; flush: boolean } | null;
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

export interface TemplateLiteral extends Span {
  type: "TemplateLiteral";
  /** The text after escapes, strip markers and heredoc indentation are applied. */
  value: string;
}

export interface TemplateInterpolation extends Span {
  type: "TemplateInterpolation";
  expr: Expression;
}

export interface TemplateIf extends Span {
  type: "TemplateIf";
  cond: Expression;
  then: TemplatePart[];
  else: TemplatePart[] | null;
}

export interface TemplateFor extends Span {
  type: "TemplateFor";
  keyVar: string | null;
  valueVar: string;
  collection: Expression;
  body: TemplatePart[];
}

/** A bare name at the root of a traversal: `var`, `aws_instance`, `each`, `count`, `local`. */
export interface Variable extends Span {
  type: "Variable";
  name: string;
}

export interface GetAttr extends Span {
  type: "GetAttr";
  object: Expression;
  name: string;
}

export interface Index extends Span {
  type: "Index";
  object: Expression;
  key: Expression;
  /** `foo.0`, the legacy index form. */
  legacy: boolean;
}

/**
 * `object[*].rest` (full) or `object.*.rest` (attribute-only). `each` is the traversal applied to every
 * element; it is rooted at a SplatItem that stands for the element (the `[*]` or `.*` marker).
 */
export interface Splat extends Span {
  type: "Splat";
  object: Expression;
  full: boolean;
  each: Expression;
}

export interface SplatItem extends Span {
  type: "SplatItem";
}

export interface FunctionCall extends Span {
  type: "FunctionCall";
  /** The full name, with any namespace: `lookup`, `provider::aws::arn_parse`. */
  name: string;
  nameEnd: number;
  args: Expression[];
  /** The last argument is followed by `...` and expands into the remaining parameters. */
  expandFinal: boolean;
}

export interface Tuple extends Span {
  type: "Tuple";
  items: Expression[];
}

export interface ObjectExpr extends Span {
  type: "Object";
  items: ObjectItem[];
}

export interface ObjectItem extends Span {
  type: "ObjectItem";
  /** A bare identifier key is a Variable node here; `objectKeyName()` reads it as a literal name. */
  key: Expression;
  value: Expression;
}

export interface ForExpr extends Span {
  type: "For";
  /** `{ for ... => ... }` builds an object, `[ for ... ]` a tuple. */
  object: boolean;
  keyVar: string | null;
  valueVar: string;
  collection: Expression;
  key: Expression | null;
  value: Expression;
  group: boolean;
  cond: Expression | null;
}

export interface Conditional extends Span {
  type: "Conditional";
  cond: Expression;
  then: Expression;
  else: Expression;
}

export type BinaryOperator = "||" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface Binary extends Span {
  type: "Binary";
  op: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface Unary extends Span {
  type: "Unary";
  op: "-" | "!";
  operand: Expression;
}

export interface Parens extends Span {
  type: "Parens";
  expr: Expression;
}

/** An expression that could not be parsed; its source is kept. */
export interface InvalidExpr extends Span {
  type: "InvalidExpr";
}

export type Node = HclFile | Body | BodyItem | Label | Expression | TemplatePart | ObjectItem;
