/**
 * Differential tests against HashiCorp's own HCL parser, compiled to WebAssembly (@cdktf/hcl2json,
 * a devDependency only). The two parsers must agree on which files are invalid, and on valid files
 * they must see the same blocks, labels, attribute names and expression shapes.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { getExpressionAst, parse } from "@cdktf/hcl2json";
import fc from "fast-check";
import { config, mutate } from "../test-support/hcl-arbitraries.js";
import { bodyStructure, jsonStructure, ours, printShape, theirs } from "../test-support/hcl-shapes.js";
import type { Attribute } from "./ast.js";
import { parseHcl } from "./parser.js";
import { walk } from "./walk.js";

const fixtures = new URL("../../test/fixtures/hcl/", import.meta.url);

interface Verdict {
  valid: boolean;
  json?: unknown;
  message?: string;
}

/** HCL's verdict. "parse config: ..." is a syntax error; other failures come from hcl2json's converter. */
async function hclVerdict(name: string, text: string): Promise<Verdict> {
  try {
    return { valid: true, json: await parse(name, text) };
  } catch (error) {
    const message = String((error as Error).message);
    return { valid: !message.startsWith("parse config"), message };
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

async function compare(name: string, text: string): Promise<void> {
  const file = parseHcl(text, { path: name });
  const cairnValid = file.diagnostics.length === 0;
  const hcl = await hclVerdict(name, text);
  assert.equal(cairnValid, hcl.valid, `${name}: cairn says ${cairnValid ? "valid" : `invalid (${file.diagnostics[0]?.message})`}, HCL says ${hcl.valid ? "valid" : `invalid (${hcl.message})`}\n${text}`);
  if (!cairnValid || hcl.json === undefined) return;

  const structure = bodyStructure(file.body);
  if (structure !== null) assert.equal(canonical(jsonStructure(hcl.json, structure)), canonical(structure), `${name}: block and attribute structure`);

  const attributes: Attribute[] = [];
  walk(file, (node) => {
    if (node.type === "Attribute") attributes.push(node);
  });
  for (const attribute of attributes) {
    const source = text.slice(attribute.expr.start, attribute.expr.end);
    const theirAst = await getExpressionAst(name, `${source}\n`);
    assert.equal(printShape(ours(attribute.expr)), printShape(theirs(theirAst as never)), `${name}: shape of ${attribute.name} = ${source}`);
  }
}

describe("agreement with HashiCorp's parser", () => {
  for (const group of ["valid", "invalid"]) {
    const dir = new URL(`${group}/`, fixtures);
    for (const name of readdirSync(dir).sort()) {
      it(`${group}/${name}`, async () => {
        const text = readFileSync(new URL(name, dir), "utf8");
        assert.equal(parseHcl(text).diagnostics.length === 0, group === "valid", "fixture is in the right folder");
        await compare(name, text);
      });
    }
  }

  it("agrees on generated configurations", async () => {
    await fc.assert(
      fc.asyncProperty(config, (text) => compare("generated.tf", text)),
      { numRuns: 150 },
    );
  });

  it("agrees on mutated configurations", async () => {
    await fc.assert(
      fc.asyncProperty(config.chain(mutate), (text) => compare("mutated.tf", text)),
      { numRuns: 300 },
    );
  });
});
