import { PRINCIPLES } from "../engine/types.js";
import type { AuditResult, Finding, Principle, Range, RuleMeta } from "../engine/types.js";
import { moduleAddress, ruleDocsUrl } from "./links.js";
import { escapeXmlText, xmlAttributes } from "./xml.js";

/**
 * The audit as JUnit XML, the test-report format GitLab, Jenkins, Azure Pipelines and most other CI
 * systems read: one test suite per principle, one test case per rule that ran, and one failure per
 * unsuppressed finding of that rule. A rule without findings is a passing test case; suppressed
 * findings are left out.
 *
 * Suites follow the principles' canonical order and test cases are sorted by rule id; failures keep
 * the findings' order. No timestamps, durations or host names, so the same result gives the same bytes.
 *
 * Some viewers (Jenkins among them) show only the first failure of a test case; every failure's body
 * is complete on its own.
 */
export function renderJunit(result: AuditResult): string {
  const suites = testSuites(result);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + failureCount(s.cases), 0);

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites ${xmlAttributes([["name", "cairn"], ["tests", tests], ["failures", failures], ["errors", 0], ["skipped", 0]])}>`);
  for (const suite of suites) {
    const attributes = xmlAttributes([
      ["name", suite.principle],
      ["tests", suite.cases.length],
      ["failures", failureCount(suite.cases)],
      ["errors", 0],
      ["skipped", 0],
    ]);
    out.push(`  <testsuite ${attributes}>`);
    for (const testCase of suite.cases) {
      const caseAttributes = xmlAttributes([["classname", `cairn.${suite.principle}`], ["name", testCase.ruleId]]);
      if (testCase.findings.length === 0) {
        out.push(`    <testcase ${caseAttributes}/>`);
        continue;
      }
      out.push(`    <testcase ${caseAttributes}>`);
      for (const finding of testCase.findings) {
        const failureAttributes = xmlAttributes([["message", finding.message], ["type", finding.severity]]);
        out.push(`      <failure ${failureAttributes}>${escapeXmlText(failureBody(finding, testCase.meta))}</failure>`);
      }
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

interface TestCase {
  ruleId: string;
  meta: RuleMeta | undefined;
  findings: Finding[];
}

interface TestSuite {
  principle: Principle;
  cases: TestCase[];
}

function testSuites(result: AuditResult): TestSuite[] {
  const cases = new Map<string, TestCase & { principle: Principle }>();
  for (const meta of result.rules) {
    if (!cases.has(meta.id)) cases.set(meta.id, { ruleId: meta.id, principle: meta.principle, meta, findings: [] });
  }
  for (const finding of result.findings) {
    if (finding.suppressed) continue;
    let testCase = cases.get(finding.ruleId);
    // A finding whose rule is missing from `rules` still fails the build rather than vanishing.
    if (!testCase) {
      testCase = { ruleId: finding.ruleId, principle: finding.principle, meta: undefined, findings: [] };
      cases.set(finding.ruleId, testCase);
    }
    testCase.findings.push(finding);
  }
  const suites: TestSuite[] = [];
  for (const principle of PRINCIPLES) {
    const members = [...cases.values()].filter((c) => c.principle === principle).sort((a, b) => compare(a.ruleId, b.ruleId));
    if (members.length > 0) suites.push({ principle, cases: members });
  }
  return suites;
}

function failureCount(cases: readonly TestCase[]): number {
  return cases.reduce((n, c) => n + c.findings.length, 0);
}

/** Plain text: where, what, then the supporting detail a reader needs to act without other tools. */
function failureBody(finding: Finding, meta: RuleMeta | undefined): string {
  const lines = [`${where(finding.file, finding.range)}: ${finding.message}`];
  if (finding.module && finding.module.length > 0) lines.push(`  in ${moduleAddress(finding.module)}`);
  for (const step of finding.evidence) lines.push(`  evidence: ${where(step.file, step.range)}: ${step.message}`);
  if (finding.fix) lines.push(`  fix (${finding.fix.tier}): ${finding.fix.description}`);
  if (meta) lines.push(`  docs: ${ruleDocsUrl(meta)}`);
  return lines.join("\n");
}

function where(file: string, range: Range): string {
  return file === "." ? "(repository)" : `${file}:${range.start.line}:${range.start.column}`;
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
