import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { config, mutate } from "../test-support/hcl-arbitraries.js";
import { treeViolations } from "./invariants.js";
import { parseHcl } from "./parser.js";
import { printHcl } from "./print.js";

const fixtures = new URL("../../test/fixtures/hcl/", import.meta.url);

function fixtureTexts(): string[] {
  const texts: string[] = [];
  for (const group of ["valid", "invalid"]) {
    const dir = new URL(`${group}/`, fixtures);
    for (const name of readdirSync(dir).sort()) texts.push(readFileSync(new URL(name, dir), "utf8"));
  }
  return texts;
}

/** The round trip and the tree's structural soundness, for any input. */
function lossless(text: string): void {
  const file = parseHcl(text);
  assert.equal(printHcl(file), text);
  assert.deepEqual(treeViolations(file), []);
}

describe("lossless round trip (property)", () => {
  it("holds on generated valid configurations, which parse without diagnostics", () => {
    fc.assert(
      fc.property(config, (text) => {
        lossless(text);
        assert.deepEqual(parseHcl(text).diagnostics, []);
      }),
      { numRuns: 400 },
    );
  });

  it("holds on mutated generated configurations", () => {
    fc.assert(fc.property(config.chain(mutate), lossless), { numRuns: 800 });
  });

  it("holds on mutated fixture files", () => {
    const texts = fixtureTexts();
    fc.assert(
      fc.property(
        fc.constantFrom(...texts).chain((t) => mutate(t)),
        lossless,
      ),
      { numRuns: 1500 },
    );
  });

  it("holds on arbitrary Unicode text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), lossless), { numRuns: 1000 });
  });

  it("holds on arbitrary text made of HCL's own characters", () => {
    const alphabet = fc.constantFrom(..."{}[]()\"'=,.*$%~<>-!?:#/\\ \t\n\r\u00e9abcEOT01x_".split(""), "${", "%{", "<<EOT\n", "EOT\n", "/*", "*/");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (chars) => lossless(chars.join(""))),
      { numRuns: 2000 },
    );
  });
});
