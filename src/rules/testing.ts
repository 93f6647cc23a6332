/**
 * Test support for rules: run one rule over a small repository held in memory.
 *
 *   const findings = runRule(rule, { "main.tf": `resource "aws_instance" "web" { ... }` });
 */
import assert from "node:assert/strict";
import type { CairnConfig } from "../engine/config.js";
import type { Rule } from "../engine/rule.js";
import { audit } from "../engine/run.js";
import type { Finding } from "../engine/types.js";
import { MemorySource } from "../workspace/source.js";

export interface RunOptions {
  config?: CairnConfig;
  /** Whether git tracks the files (null: no git metadata, as in an exported tree). */
  tracked?: boolean | null;
  env?: string;
  varFiles?: string[];
  /** Keep suppressed findings in the result. */
  includeSuppressed?: boolean;
}

export function runRule(rule: Rule, files: Record<string, string>, options: RunOptions = {}): Finding[] {
  const auditOptions: Parameters<typeof audit>[0] = { root: ".", source: new MemorySource(files, { tracked: options.tracked ?? null }), rules: [rule] };
  if (options.config !== undefined) auditOptions.config = options.config;
  if (options.env !== undefined) auditOptions.env = options.env;
  if (options.varFiles !== undefined) auditOptions.varFiles = options.varFiles;
  const result = audit(auditOptions);
  return result.findings.filter((f) => f.ruleId === rule.meta.id && (options.includeSuppressed === true || f.suppressed === undefined));
}

/** `file:line message` for each finding, for compact assertions. */
export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.range.start.line} ${f.message}`);
}

/** Asserts that the rule reports nothing on these files. */
export function assertClean(rule: Rule, files: Record<string, string>, options: RunOptions = {}): void {
  assert.deepEqual(summary(runRule(rule, files, options)), []);
}
