/**
 * The catalogue's own rules: every rule has a docs page with the expected sections, a test file, and
 * examples that behave as the page says (the "Problem" example triggers the rule, the "Fixed" example
 * does not).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { PRINCIPLES } from "../engine/types.js";
import { RULES } from "./index.js";
import { runRule } from "./testing.js";

const root = new URL("../../", import.meta.url);

/** Code blocks of a markdown section: ```lang title="path"``` (hcl defaults to main.tf). */
export function examples(markdown: string, heading: string): Record<string, string> {
  const section = new RegExp(`^###\\s+${heading}\\s*$([\\s\\S]*?)(?=^##)`, "m").exec(`${markdown}\n##`);
  const files: Record<string, string> = {};
  if (section === null) return files;
  const fence = /^```(\w+)(?:\s+title="([^"]+)")?\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(section[1] ?? ""); m !== null; m = fence.exec(section[1] ?? "")) {
    const [, lang, title, body] = m;
    const path = title ?? (lang === "hcl" ? "main.tf" : `example.${lang}`);
    files[path] = (files[path] ?? "") + (body ?? "");
  }
  return files;
}

describe("rule catalogue", () => {
  it("has unique ids of the form prefix/name, sorted", () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9-]+\/[a-z0-9-]+$/);
  });

  it("covers every principle", () => {
    const covered = new Set(RULES.map((r) => r.meta.principle));
    for (const principle of PRINCIPLES) assert.ok(covered.has(principle), `no rule for ${principle}`);
  });

  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      const page = new URL(rule.meta.docs, root);
      const source = `src/rules/${rule.meta.principle}/${rule.meta.id.replace("/", "-")}`;

      it("lives in its principle's folder, with a test beside it", () => {
        assert.ok(existsSync(new URL(`${source}.ts`, root)), `${source}.ts`);
        assert.ok(existsSync(new URL(`${source}.test.ts`, root)), `${source}.test.ts`);
      });

      it("has a docs page with the required sections", () => {
        assert.ok(existsSync(page), `missing ${rule.meta.docs}`);
        const text = readFileSync(page, "utf8");
        assert.match(text, new RegExp(`^# ${rule.meta.id.replace("/", "\\/")}: `), "title line");
        for (const heading of ["## What it finds", "## Why it matters", "## How to fix", "## Examples", "### Problem", "### Fixed"]) {
          assert.ok(text.includes(heading), `${rule.meta.docs} lacks "${heading}"`);
        }
        assert.ok(text.includes(`**Principle:** ${rule.meta.principle}`), "principle line");
      });

      it("reports its Problem example and not its Fixed example", () => {
        const text = readFileSync(page, "utf8");
        const problem = examples(text, "Problem");
        const fixed = examples(text, "Fixed");
        assert.ok(Object.keys(problem).length > 0, "the Problem section has no code block");
        assert.ok(runRule(rule, problem).length > 0, "the Problem example does not trigger the rule");
        assert.deepEqual(
          runRule(rule, fixed).map((f) => f.message),
          [],
          "the Fixed example triggers the rule",
        );
      });
    });
  }
});
