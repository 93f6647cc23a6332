import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Attribute, Block, Expression, HclFile, Template, TemplateLiteral } from "./ast.js";
import { leadingComments } from "./comments.js";
import { treeViolations } from "./invariants.js";
import { parseExpression, parseHcl, parseTemplate } from "./parser.js";
import { rangeOf } from "./positions.js";
import { printHcl } from "./print.js";

function parseOk(text: string): HclFile {
  const file = parseHcl(text, { path: "test.tf" });
  assert.deepEqual(file.diagnostics, [], `unexpected diagnostics for:\n${text}`);
  assert.equal(printHcl(file), text);
  assert.deepEqual(treeViolations(file), []);
  return file;
}

/** The expression of `x = <source>`. */
function expr(source: string): Expression {
  const file = parseOk(`x = ${source}\n`);
  return (file.body.items[0] as Attribute).expr;
}

function errors(text: string): string[] {
  const file = parseHcl(text);
  assert.equal(printHcl(file), text, "round trip must hold for invalid input too");
  assert.deepEqual(treeViolations(file), []);
  return file.diagnostics.map((d) => d.message);
}

function literalValue(template: Expression): string {
  assert.equal(template.type, "Template");
  return (template as Template).parts.map((p) => (p.type === "TemplateLiteral" ? p.value : `<${p.type}>`)).join("");
}

describe("structure", () => {
  it("parses attributes and blocks with quoted and bare labels", () => {
    const file = parseOk('resource "aws_instance" web {\n  ami = "ami-1"\n}\nname = 1\n');
    const block = file.body.items[0] as Block;
    assert.equal(block.type, "Block");
    assert.equal(block.blockType, "resource");
    assert.deepEqual(
      block.labels.map((l) => [l.value, l.quoted]),
      [
        ["aws_instance", true],
        ["web", false],
      ],
    );
    const ami = block.body.items[0] as Attribute;
    assert.equal(ami.name, "ami");
    assert.equal(literalValue(ami.expr), "ami-1");
    assert.equal((file.body.items[1] as Attribute).name, "name");
  });

  it("parses nested and one-line blocks", () => {
    const file = parseOk('terraform {\n  backend "s3" { bucket = "b" }\n  required_providers {\n  }\n  empty {}\n}\n');
    const terraform = file.body.items[0] as Block;
    const [backend, providers, empty] = terraform.body.items as Block[];
    assert.equal(backend?.blockType, "backend");
    assert.equal((backend?.body.items[0] as Attribute).name, "bucket");
    assert.equal(providers?.body.items.length, 0);
    assert.equal(empty?.body.items.length, 0);
    assert.ok((backend?.closeBrace ?? -1) > (backend?.openBrace ?? 0));
  });

  it("keeps block and body ranges nested", () => {
    const text = 'variable "x" {\n  default = 1\n}\n';
    const block = parseOk(text).body.items[0] as Block;
    assert.equal(text.slice(block.start, block.end), text.trimEnd());
    assert.equal(text[block.openBrace], "{");
    assert.equal(text[block.closeBrace], "}");
    assert.ok(block.body.start === block.openBrace + 1 && block.body.end === block.closeBrace);
  });
});

describe("literals", () => {
  it("reads numbers, including exponents", () => {
    for (const [source, value] of [
      ["0", 0],
      ["42", 42],
      ["3.14", 3.14],
      ["1e3", 1000],
      ["2.5E-3", 0.0025],
      ["6e+2", 600],
    ] as const) {
      const e = expr(source);
      assert.equal(e.type, "Literal");
      assert.equal(e.type === "Literal" && e.value, value, source);
    }
  });

  it("reads true, false and null", () => {
    assert.deepEqual(
      ["true", "false", "null"].map((s) => {
        const e = expr(s);
        return e.type === "Literal" ? e.value : "not a literal";
      }),
      [true, false, null],
    );
  });

  it("processes string escapes", () => {
    assert.equal(literalValue(expr(String.raw`"a\tb\n\"q\" \\ \u00e9 \U0001F600 \r"`)), 'a\tb\n"q" \\ é 😀 \r');
  });

  it("keeps $${ and %%{ as literal ${ and %{", () => {
    assert.equal(literalValue(expr('"cost $${x} and %%{ y }"')), "cost ${x} and %{ y }");
  });

  it("rejects invalid escapes", () => {
    assert.match(errors('x = "\\q"\n')[0] ?? "", /invalid escape sequence \\q/);
    assert.match(errors('x = "\\u12"\n')[0] ?? "", /\\u must be followed by 4 hexadecimal digits/);
    assert.match(errors('x = "\\uD800"\n')[0] ?? "", /not a valid Unicode character/);
  });
});

describe("templates", () => {
  it("parses interpolations", () => {
    const e = expr('"${var.project}-web"') as Template;
    assert.equal(e.type, "Template");
    assert.equal(e.parts[0]?.type, "TemplateInterpolation");
    assert.equal((e.parts[1] as TemplateLiteral).value, "-web");
  });

  it("parses if and for directives with else", () => {
    const e = expr('"%{ if a }yes%{ else }no%{ endif }%{ for i, v in l }${v}%{ endfor }"') as Template;
    const [ifPart, forPart] = e.parts;
    assert.equal(ifPart?.type, "TemplateIf");
    if (ifPart?.type === "TemplateIf") {
      assert.equal((ifPart.then[0] as TemplateLiteral).value, "yes");
      assert.equal((ifPart.else?.[0] as TemplateLiteral).value, "no");
    }
    assert.equal(forPart?.type, "TemplateFor");
    if (forPart?.type === "TemplateFor") {
      assert.equal(forPart.keyVar, "i");
      assert.equal(forPart.valueVar, "v");
    }
  });

  it("applies strip markers to the adjacent literals", () => {
    assert.equal(literalValue(expr('"a ${~ "b" ~} c"')), "a<TemplateInterpolation>c");
    const e = expr('"x %{~ if true ~} y %{~ endif ~} z"') as Template;
    assert.equal((e.parts[0] as TemplateLiteral).value, "x");
    assert.equal((e.parts[2] as TemplateLiteral).value, "z");
    const ifPart = e.parts[1];
    assert.equal(ifPart?.type === "TemplateIf" && (ifPart.then[0] as TemplateLiteral).value, "y");
  });

  it("parses heredocs and strips the common indentation of <<-", () => {
    const plain = parseOk("x = <<EOT\n  a\n    b\nEOT\n");
    const e1 = (plain.body.items[0] as Attribute).expr as Template;
    assert.equal(e1.kind, "heredoc");
    assert.deepEqual(e1.heredoc, { marker: "EOT", flush: false });
    assert.equal(literalValue(e1), "  a\n    b\n");
    const flush = parseOk("x = <<-EOT\n    a\n      b\n\n    c\n  EOT\n");
    const e2 = (flush.body.items[0] as Attribute).expr as Template;
    assert.deepEqual(e2.heredoc, { marker: "EOT", flush: true });
    assert.equal(literalValue(e2), "a\n  b\n\nc\n");
  });

  it("does not process backslash escapes in heredocs", () => {
    const file = parseOk("x = <<EOT\nC:\\path\\n $${x}\nEOT\n");
    assert.equal(literalValue((file.body.items[0] as Attribute).expr), "C:\\path\\n ${x}\n");
  });

  it("parses heredocs nested in interpolations", () => {
    const file = parseOk("x = <<A\nouter ${<<B\ninner\nB\n} end\nA\ny = 1\n");
    assert.equal(file.body.items.length, 2);
  });

  it("parses bare templates (templatefile contents)", () => {
    const { template, diagnostics } = parseTemplate("#!/bin/bash\necho ${name}\n%{ for p in ports ~}\nopen ${p}\n%{ endfor ~}\n");
    assert.deepEqual(diagnostics, []);
    assert.equal(template.kind, "bare");
    assert.deepEqual(
      template.parts.map((p) => p.type),
      ["TemplateLiteral", "TemplateInterpolation", "TemplateLiteral", "TemplateFor", "TemplateLiteral"],
    );
    // `~}` strips the newline that follows the directive, leaving an empty literal.
    assert.equal((template.parts[4] as TemplateLiteral).value, "");
  });
});

describe("expressions", () => {
  it("parses references and traversals", () => {
    const e = expr("aws_instance.web[0].private_ip");
    assert.equal(e.type, "GetAttr");
    if (e.type === "GetAttr") {
      assert.equal(e.name, "private_ip");
      assert.equal(e.object.type, "Index");
    }
    const legacy = expr("aws_instance.web.0.id");
    assert.equal(legacy.type === "GetAttr" && legacy.object.type === "Index" && legacy.object.legacy, true);
  });

  it("parses full and attribute-only splats", () => {
    const full = expr("aws_instance.web[*].tags.Name[0]");
    assert.equal(full.type, "Splat");
    if (full.type === "Splat") {
      assert.equal(full.full, true);
      // The full splat applies the trailing index to each element.
      assert.equal(full.each.type, "Index");
    }
    const attr = expr("aws_instance.web.*.id[0]");
    // The attribute-only splat stops before the index, which applies to the result.
    assert.equal(attr.type, "Index");
    assert.equal(attr.type === "Index" && attr.object.type === "Splat" && !attr.object.full, true);
  });

  it("parses function calls with expansion and namespaces", () => {
    const call = expr("min(var.numbers...)");
    assert.equal(call.type === "FunctionCall" && call.expandFinal, true);
    const ns = expr('provider::aws::arn_parse("arn")');
    assert.equal(ns.type === "FunctionCall" && ns.name, "provider::aws::arn_parse");
    const nested = expr('lookup(merge(a, b), "k", "d")');
    assert.equal(nested.type === "FunctionCall" && nested.args.length, 3);
  });

  it("parses tuples and objects with = and : and (expr) keys", () => {
    const tuple = expr('[1, "two", [3],\n]');
    assert.equal(tuple.type === "Tuple" && tuple.items.length, 3);
    const object = expr('{ a = 1, "b" = 2, c : 3, (var.k) = 4 }');
    assert.equal(object.type, "Object");
    if (object.type === "Object") {
      assert.deepEqual(
        object.items.map((i) => i.key.type),
        ["Variable", "Template", "Variable", "Parens"],
      );
    }
    const multiline = expr("{\n  a = 1\n\n  b = 2,\n}");
    assert.equal(multiline.type === "Object" && multiline.items.length, 2);
  });

  it("parses for expressions with if and grouping", () => {
    const tuple = expr("[for s in var.subnets : s.id if s.public]");
    assert.equal(tuple.type, "For");
    if (tuple.type === "For") {
      assert.equal(tuple.object, false);
      assert.equal(tuple.valueVar, "s");
      assert.notEqual(tuple.cond, null);
    }
    const grouped = expr("{ for s in var.servers : s.role => s.name... }");
    assert.equal(grouped.type === "For" && grouped.object && grouped.group, true);
  });

  it("applies HCL's operator precedence", () => {
    // 1 + 2 * 3 == 7 || !x && y  =>  (((1 + (2 * 3)) == 7) || ((!x) && y))
    const e = expr("1 + 2 * 3 == 7 || !x && y");
    assert.equal(e.type === "Binary" && e.op, "||");
    if (e.type === "Binary") {
      const left = e.left;
      assert.equal(left.type === "Binary" && left.op, "==");
      if (left.type === "Binary" && left.left.type === "Binary") {
        assert.equal(left.left.op, "+");
        assert.equal(left.left.right.type === "Binary" && left.left.right.op, "*");
      }
      assert.equal(e.right.type === "Binary" && e.right.op, "&&");
      assert.equal(e.right.type === "Binary" && e.right.left.type, "Unary");
    }
    const leftAssoc = expr("8 - 4 - 2");
    assert.equal(leftAssoc.type === "Binary" && leftAssoc.left.type === "Binary", true);
  });

  it("parses conditionals right-associatively and parentheses", () => {
    const e = expr("a ? b : c ? d : e");
    assert.equal(e.type === "Conditional" && e.else.type, "Conditional");
    const p = expr("(1 + 2) * 3");
    assert.equal(p.type === "Binary" && p.left.type, "Parens");
  });

  it("treats a dash inside a name as part of the identifier", () => {
    const e = expr("count.index-1");
    assert.equal(e.type === "GetAttr" && e.name, "index-1");
  });

  it("parses a standalone expression", () => {
    const { expr: e, diagnostics } = parseExpression('["a",\n "b"]');
    assert.deepEqual(diagnostics, []);
    assert.equal(e.type, "Tuple");
  });
});

describe("lexical details", () => {
  it("accepts #, // and /* */ comments and keeps them", () => {
    const file = parseOk("# one\n// two\n/* three\n */ a = 1 # four\n");
    assert.deepEqual(
      file.comments.map((c) => c.style),
      ["#", "//", "/*", "#"],
    );
  });

  it("attaches leading and trailing comments to the item they precede", () => {
    const text = 'resource "x" "y" {\n  # cairn:ignore rule reason\n  # second line\n  a = 1 # trailing\n\n  # detached\n\n  b = 2\n}\n';
    const file = parseOk(text);
    const [a, b] = (file.body.items[0] as Block).body.items;
    assert.deepEqual(
      leadingComments(file, a as Attribute).map((c) => text.slice(c.start, c.end)),
      ["# cairn:ignore rule reason", "# second line", "# trailing"],
    );
    assert.deepEqual(leadingComments(file, b as Attribute), []);
  });

  it("accepts Unicode identifiers", () => {
    const file = parseOk('locals {\n  café = 1\n  名前 = "x"\n}\n');
    assert.deepEqual(
      ((file.body.items[0] as Block).body.items as Attribute[]).map((a) => a.name),
      ["café", "名前"],
    );
  });

  it("accepts CRLF line endings and a byte-order mark", () => {
    const crlf = parseOk('variable "x" {\r\n  default = <<EOT\r\n  text\r\nEOT\r\n}\r\n');
    assert.equal(crlf.body.items.length, 1);
    const bom = parseOk("\uFEFFa = 1\n");
    assert.equal(bom.bom, true);
    assert.equal((bom.body.items[0] as Attribute).name, "a");
  });

  it("reports 1-based lines and columns, and UTF-8 byte offsets", () => {
    const text = 'a = "é"\nbb = 2\n';
    const file = parseOk(text);
    const bb = file.body.items[1] as Attribute;
    const range = rangeOf(file, bb);
    assert.deepEqual(range.start, { line: 2, column: 1, offset: 8, byte: 9 });
    assert.equal(range.end.column, 7);
  });
});

describe("errors and recovery", () => {
  it("names the unclosed block and keeps the blocks after it", () => {
    const text = 'variable "a" {}\n\nresource "aws_instance" "web" {\n  ami = "x"\n\nresource "aws_s3_bucket" "logs" {\n}\n';
    const file = parseHcl(text);
    assert.deepEqual(
      file.diagnostics.map((d) => d.message),
      ['expected \'}\' to close block resource "aws_instance" "web" opened at line 3'],
    );
    assert.deepEqual(
      file.body.items.map((i) => (i.type === "Block" ? i.labels.map((l) => l.value).join(".") : i.type)),
      ["a", "aws_instance.web", "aws_s3_bucket.logs"],
    );
    const position = rangeOf(file, file.diagnostics[0]!).start;
    assert.equal(position.line, 6);
  });

  it("keeps blocks after an unclosed bracket", () => {
    const file = parseHcl('locals {\n  list = [1, 2\n}\n\nvariable "after" {}\n');
    assert.ok(file.diagnostics.length > 0);
    const last = file.body.items[file.body.items.length - 1] as Block;
    assert.equal(last.blockType, "variable");
    assert.equal(last.labels[0]?.value, "after");
  });

  it("reports a stray closing brace and goes on", () => {
    const file = parseHcl('variable "a" {}\n}\nvariable "b" {}\n');
    assert.match(file.diagnostics[0]?.message ?? "", /unexpected '}'/);
    assert.equal(file.body.items.filter((i) => i.type === "Block").length, 2);
  });

  it("gives actionable messages for common mistakes", () => {
    assert.match(errors("locals {\n  a = 1 b = 2\n}\n")[0] ?? "", /expected a newline after argument "a"/);
    assert.match(errors('locals {\n  a = "x\n}\n')[0] ?? "", /unterminated string/);
    assert.match(errors("locals {\n  a = 1\n  a = 2\n}\n")[0] ?? "", /argument "a" is set twice; it was already set at line 2/);
    assert.match(errors("x = <<EOT\nno end\n")[0] ?? "", /unterminated heredoc: no line containing only "EOT"/);
    assert.match(errors("x = \"${HOME:-/root}\"\n")[0] ?? "", /escape it as \$\$\{/);
    assert.match(errors("x = 'a'\n").join(" "), /single quotes are not valid/);
    assert.match(errors('resource "x" "y" { a = 1, b = 2 }\n')[0] ?? "", /one-line block can hold only one argument/);
    assert.match(errors("x = [for k, v in m : k => v]\n")[0] ?? "", /cannot have a key/);
    assert.match(errors('x = "%{ if a }b"\n')[0] ?? "", /no matching %\{ endif \}/);
    assert.match(errors("/* open\n")[0] ?? "", /unterminated comment/);
    assert.match(errors("x = foo.0.1\n")[0] ?? "", /write \[0\]\[1\]/);
    assert.match(errors("x = 1 +\n  2\n")[0] ?? "", /only span lines inside brackets/);
  });

  it("never throws, whatever the input", () => {
    for (const text of ["{", "}", '"', "<<", "${", "%{", "a = [", "a = {", "a = (", "\u0000", "\ud800", "a\r", "x = <<EOT\n${"]) {
      const file = parseHcl(text);
      assert.equal(printHcl(file), text);
      assert.ok(file.diagnostics.length > 0, JSON.stringify(text));
    }
  });
});
