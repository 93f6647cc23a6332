/**
 * fast-check generators of HCL source text, for property tests. Generated configurations are valid
 * HCL by construction (unique argument names, newline rules respected), with random spacing and
 * comments; `mutate` then breaks them in small ways.
 */
import fc from "fast-check";

const NAMES = ["name", "ami", "tags", "count", "cidr_block", "value", "type", "default", "source", "for_each", "x", "my-name", "café", "_p"];
const ROOTS = ["var", "local", "module", "data", "aws_instance", "each", "count", "path", "self"];

export const identifier = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).filter((s) => !["true", "false", "null", "for", "in", "if"].includes(s)),
);

const space = fc.constantFrom("", " ", "  ");
const stringChar = fc.oneof(
  fc.constantFrom("a", "b", "Z", " ", "-", "/", ".", ":", "é", "✓", "$", "%", "{", "}"),
  fc.constantFrom("\\n", "\\t", '\\"', "\\\\", "\\u00e9", "$${", "%%{"),
);
// Any `${` or `%{` that the characters happen to form is escaped (`$${`), so the literal stays literal.
const stringLiteralText = fc.array(stringChar, { maxLength: 8 }).map((cs) => cs.join("").replace(/[$%]\{/g, "$$$${"));

function quoted(inner: string): string {
  return `"${inner}"`;
}

const { expression } = fc.letrec<{ expression: string; term: string }>((tie) => ({
  term: fc.oneof(
    { maxDepth: 3, depthIdentifier: "expression", withCrossShrink: true },
    fc.integer({ min: 0, max: 1000 }).map(String),
    fc.constantFrom("1.5", "2e3", "7E-2", "true", "false", "null"),
    stringLiteralText.map(quoted),
    fc.tuple(fc.constantFrom(...ROOTS), fc.array(identifier, { minLength: 1, maxLength: 3 })).map(([root, path]) => [root, ...path].join(".")),
    fc.tuple(stringLiteralText, tie("expression"), stringLiteralText).map(([a, e, b]) => quoted(`${a.replace(/\$+$/, "")}\${${e}}${b}`)),
    fc.tuple(identifier, fc.array(tie("expression"), { maxLength: 3 }), fc.boolean()).map(
      ([fn, args, expand]) => `${fn.replace(/-/g, "_")}(${args.join(", ")}${expand && args.length > 0 ? "..." : ""})`,
    ),
    fc.array(tie("expression"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    fc.uniqueArray(fc.tuple(identifier, tie("expression")), { maxLength: 3, selector: ([k]) => k }).map(
      (items) => `{ ${items.map(([k, v]) => `${k} = ${v}`).join(", ")} }`,
    ),
    fc.uniqueArray(fc.tuple(identifier, tie("expression")), { maxLength: 3, selector: ([k]) => k }).map(
      (items) => `{\n${items.map(([k, v]) => `  ${k} = ${v}\n`).join("")}}`,
    ),
    fc.tuple(tie("expression"), tie("expression")).map(([c, v]) => `[for item in ${c} : ${v}]`),
    fc.tuple(tie("expression"), tie("expression")).map(([c, v]) => `{ for k, v in ${c} : k => ${v} if v != null }`),
    tie("term").map((t) => `(${t})`),
    fc.tuple(fc.constantFrom(...ROOTS), identifier, fc.constantFrom("[*]", ".*")).map(([r, n, s]) => `${r}.${n.replace(/-/g, "_")}${s}.id`),
    fc.tuple(tie("expression"), tie("expression")).map(([a, b]) => `${a}[${b}]`),
  ),
  expression: fc.oneof(
    { maxDepth: 3, depthIdentifier: "expression", withCrossShrink: true },
    tie("term"),
    fc.tuple(tie("term"), fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"), tie("term")).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie("term"), tie("term"), tie("term")).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    fc.tuple(fc.constantFrom("-", "!"), tie("term")).map(([op, t]) => `${op}${t}`),
  ),
}));

export { expression };

/** A heredoc ends with its marker line, so in an argument it can only be the whole value. */
const heredoc = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom("line", "  indented", "${var.x}", "$${raw}", "%{ if true }y%{ endif }", "%{ for s in var.l ~}${s}%{ endfor }", ""), { maxLength: 4 }))
  .map(([flush, lines]) => (flush ? `<<-EOT\n${lines.map((l) => `    ${l}\n`).join("")}  EOT\n` : `<<EOT\n${lines.map((l) => `${l}\n`).join("")}EOT\n`));

const attributeValue = fc.oneof({ arbitrary: expression, weight: 8 }, { arbitrary: heredoc, weight: 1 });

const comment = fc.constantFrom("", "", "", " # note", " // note", " /* c */");

const { body } = fc.letrec<{ body: string; block: string }>((tie) => ({
  block: fc
    .tuple(identifier, fc.array(fc.oneof(stringLiteralText.map(quoted), identifier), { maxLength: 2 }), tie("body"), fc.boolean(), expression, identifier)
    .map(([type, labels, inner, oneLine, value, name]) => {
      const header = [type, ...labels].join(" ");
      if (oneLine) return `${header} { ${name} = ${value.includes("\n") ? "1" : value} }\n`;
      return `${header} {\n${inner.replace(/^(?=.)/gm, "  ")}}\n`;
    }),
  body: fc
    .tuple(
      fc.uniqueArray(fc.tuple(identifier, attributeValue, space, comment), { maxLength: 4, selector: ([name]) => name }),
      fc.oneof({ maxDepth: 2, depthIdentifier: "block" }, fc.constant([] as string[]), fc.array(tie("block"), { maxLength: 2 })),
      fc.constantFrom("", "\n", "# heading\n"),
    )
    .map(([attributes, blocks, lead]) => {
      const attrs = attributes.map(([name, value, sp, c]) => `${name}${sp} = ${value}${value.endsWith("\n") ? "" : c}\n`);
      return lead + [...attrs, ...blocks].join("");
    }),
}));

/** A whole configuration file that is valid HCL. */
export const config = body;

/** The syntax characters and fragments that `mutate` inserts into HCL by default. */
const hclPieces = ["{", "}", "[", "]", "(", ")", '"', "=", ",", "\n", ".", "*", "${", "%{", "~", "<<EOT\n", "EOT\n", "#", "/*", "*/", "?", ":", "=>", "...", "\\", "\r", "\t", "for ", " if ", "'", ";", "é", "\uFEFF"];

/**
 * Small edits that usually break a file: deletions, insertions of `pieces` (HCL's syntax characters
 * unless given), duplications.
 */
export function mutate(text: string, pieces: readonly string[] = hclPieces): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })).map(([at, n]) => (s: string) => {
      const i = s.length === 0 ? 0 : at % s.length;
      return s.slice(0, i) + s.slice(i + n);
    }),
    fc.tuple(fc.nat(), fc.constantFrom(...pieces)).map(([at, piece]) => (s: string) => {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      return s.slice(0, i) + piece + s.slice(i);
    }),
    fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 20 })).map(([at, from, n]) => (s: string) => {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      const j = s.length === 0 ? 0 : from % s.length;
      return s.slice(0, i) + s.slice(j, j + n) + s.slice(i);
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce((s, f) => f(s), text));
}
