/**
 * Hand-built audit results shared by the reporter tests (json.test.ts checks that they still exercise
 * everything the reporters must handle). The name ends in `.test` only so that it stays out of the
 * published package; it holds no tests itself.
 */
import { PRINCIPLES } from "../engine/types.js";
import type { AuditResult, Finding, Principle, PrincipleScore, Range, RuleMeta, Severity } from "../engine/types.js";

/** A range on one or two lines; offsets are derived as if every line were 40 characters long. */
export function span(line: number, column: number, endLine: number, endColumn: number): Range {
  const offset = (l: number, c: number): number => (l - 1) * 40 + (c - 1);
  return {
    start: { line, column, offset: offset(line, column) },
    end: { line: endLine, column: endColumn, offset: offset(endLine, endColumn) },
  };
}

const RULES: RuleMeta[] = [
  {
    id: "network/open-admin-ports",
    principle: "security",
    severity: "error",
    title: "SSH open to the internet",
    description: "Finds security groups that open SSH or RDP to any address. Admin ports open to the internet are scanned and brute-forced within minutes.",
    docs: "docs/rules/security/open-admin-ports.md",
    peers: { checkov: ["CKV_AWS_24", "CKV_AWS_25"], trivy: ["AVD-AWS-0107"] },
    fix: "infrastructure",
    aliases: ["security/open-ssh"],
  },
  {
    id: "storage/unencrypted-bucket",
    principle: "security",
    severity: "warning",
    title: "S3 bucket without default encryption",
    description: "Finds S3 buckets without a server-side encryption configuration.",
    docs: "docs/rules/security/unencrypted-bucket.md",
    peers: { checkov: ["CKV_AWS_19"], tflint: [], kics: ["6726dcc0-5ff5-459d-b473-a780bef7665c"] },
    fix: "safe",
  },
  {
    id: "docs/variable-description",
    principle: "housekeeping",
    severity: "note",
    title: "Variable without a description",
    description: "Finds variables without a description, which module users then have to guess.",
    docs: "docs/rules/housekeeping/variable-description.md",
    peers: { tflint: ["terraform_documented_variables"] },
    fix: "safe",
  },
  {
    id: "ci/no-plan-in-ci",
    principle: "verification",
    severity: "warning",
    title: "No plan in CI",
    description: "Finds repositories whose CI never runs terraform validate or terraform plan.",
    docs: "docs/rules/verification/no-plan-in-ci.md",
    peers: {},
  },
  {
    id: "compute/oversized-instance",
    principle: "cost",
    severity: "note",
    title: "Instance type larger than the environment needs",
    description: "Finds non-production instances of the largest sizes.",
    docs: "docs/rules/cost/oversized-instance.md",
    peers: {},
  },
  {
    id: "state/no-locking",
    principle: "recoverability",
    severity: "error",
    title: "State without locking",
    description: "Finds backends configured without state locking.",
    docs: "docs/rules/recoverability/no-locking.md",
    peers: { checkov: ["CKV_TF_3"] },
  },
];

function finding(f: Omit<Finding, "evidence" | "fingerprint"> & Partial<Pick<Finding, "evidence" | "fingerprint">>): Finding {
  return { evidence: [], fingerprint: `fp-${f.ruleId.replace("/", "-")}-${f.file}-${f.range.start.line}`, ...f };
}

/** Sorted by file, line, column and rule, as the engine returns them. */
const FINDINGS: Finding[] = [
  finding({
    ruleId: "ci/no-plan-in-ci",
    principle: "verification",
    severity: "warning",
    message: "No CI pipeline runs `terraform validate` or `terraform plan`.",
    file: ".",
    range: span(1, 1, 1, 1),
    evidence: [{ message: ".github/workflows/ci.yml runs only tflint", file: ".github/workflows/ci.yml", range: span(12, 9, 12, 27) }],
    fingerprint: "0f3c9a1e2b7d4c65",
  }),
  finding({
    ruleId: "network/open-admin-ports",
    principle: "security",
    severity: "error",
    message: 'Security group "admin" opens SSH (22) to 0.0.0.0/0.',
    file: "main.tf",
    range: span(14, 19, 14, 32),
    evidence: [
      { message: "cidr_blocks is var.admin_cidr", file: "main.tf", range: span(14, 19, 14, 32) },
      { message: 'var.admin_cidr defaults to "0.0.0.0/0"', file: "variables.tf", range: span(3, 13, 3, 24) },
    ],
    fix: {
      tier: "infrastructure",
      description: "Restrict SSH to the office range.",
      edits: [
        { file: "variables.tf", start: 92, end: 103, text: '"10.20.0.0/16"' },
        { file: "main.tf", start: 538, end: 538, text: "  # Restricted by cairn fix.\n" },
      ],
    },
    fingerprint: "7a1d0c2f9e884b10",
  }),
  finding({
    ruleId: "storage/unencrypted-bucket",
    principle: "security",
    severity: "warning",
    message: 'S3 bucket "site" has no default encryption.',
    file: "main.tf",
    range: span(30, 1, 33, 2),
    suppressed: { kind: "comment", reason: "Public website bucket; nothing in it is secret." },
    fingerprint: "c0ffee0000000001",
  }),
  finding({
    ruleId: "compute/oversized-instance",
    principle: "cost",
    severity: "note",
    message: 'Instance "web" in the staging environment is m5.8xlarge; the production one is m5.large.',
    file: "modules/web/main.tf",
    range: span(8, 19, 8, 31),
    module: ["module.web"],
    evidence: [{ message: 'module.web input instance_type is "m5.8xlarge"', file: "envs/prød east/main.tf", range: span(5, 19, 5, 31) }],
    fingerprint: "5e5e5e5e00000002",
  }),
  finding({
    ruleId: "storage/unencrypted-bucket",
    principle: "security",
    severity: "warning",
    message: 'S3 bucket "logs" has no default encryption.',
    file: "modules/web/modules/sg/main.tf",
    range: span(2, 1, 4, 2),
    module: ["module.web", "module.sg"],
    fix: {
      tier: "safe",
      description: "Add an aws_s3_bucket_server_side_encryption_configuration with AES256.",
      edits: [{ file: "modules/web/modules/sg/main.tf", start: 120, end: 120, text: '\nresource "aws_s3_bucket_server_side_encryption_configuration" "logs" {}\n' }],
    },
    fingerprint: "1b0b1b0b00000003",
  }),
  finding({
    ruleId: "docs/variable-description",
    principle: "housekeeping",
    severity: "note",
    message: 'Variable "café_région" <東京 & "ünïcödé"> 😀 has no description\u0007 (it\'s \'quoted\' & <tagged>]]>).',
    file: "variables.tf",
    range: span(7, 1, 7, 24),
    fix: {
      tier: "safe",
      description: "Add a description.",
      edits: [{ file: "variables.tf", start: 263, end: 263, text: '  description = "TODO: describe café_région"\n' }],
    },
    fingerprint: "d0d0d0d000000004",
  }),
  finding({
    ruleId: "docs/variable-description",
    principle: "housekeeping",
    severity: "note",
    message: 'Variable "legacy_flag" has no description.',
    file: "variables.tf",
    range: span(20, 1, 20, 23),
    suppressed: { kind: "baseline", reason: "" },
    fingerprint: "d0d0d0d000000005",
  }),
  finding({
    ruleId: "compute/oversized-instance",
    principle: "cost",
    severity: "note",
    message: 'Instance "batch" is m5.24xlarge.',
    file: "variables.tf",
    range: span(30, 1, 30, 10),
    suppressed: { kind: "config", reason: "Batch jobs need it (.cairn.yaml)." },
    fingerprint: "5e5e5e5e00000006",
  }),
];

function scores(findings: readonly Finding[]): PrincipleScore[] {
  return PRINCIPLES.map((principle): PrincipleScore => {
    const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
    for (const f of findings) if (f.principle === principle && !f.suppressed) counts[f.severity]++;
    const score = Math.max(0, 100 - 25 * counts.error - 10 * counts.warning - 2 * counts.note);
    return { principle, score, counts };
  });
}

/** A realistic audit: several principles, evidence, fixes, suppressions of every kind, modules, odd characters. */
export function fullResult(): AuditResult {
  const s = scores(FINDINGS);
  return {
    schemaVersion: 1,
    tool: { name: "cairn", version: "0.1.0" },
    root: "infra",
    environment: "staging",
    stats: { terraformFiles: 9, otherFiles: 3, modules: 3, rootModules: 1, resources: 17 },
    skipped: [{ file: "assets/logo.tf", reason: "is a binary file" }],
    findings: FINDINGS.map((f) => structuredClone(f)),
    rules: RULES.map((r) => structuredClone(r)),
    scores: s,
    overall: s.reduce((n, x) => n + x.score, 0) / s.length,
  };
}

/** The smallest interesting audit: one rule, one finding with evidence, for exact-output tests. */
export function smallResult(): AuditResult {
  const rule = RULES[0] as RuleMeta;
  const only = FINDINGS[1] as Finding;
  const small: Finding = { ...structuredClone(only), evidence: [structuredClone(only.evidence[1]!)] };
  delete small.fix;
  const counts = (p: Principle): Record<Severity, number> => (p === "security" ? { error: 1, warning: 0, note: 0 } : { error: 0, warning: 0, note: 0 });
  return {
    schemaVersion: 1,
    tool: { name: "cairn", version: "0.1.0" },
    root: ".",
    stats: { terraformFiles: 2, otherFiles: 0, modules: 1, rootModules: 1, resources: 1 },
    skipped: [],
    findings: [small],
    rules: [{ ...structuredClone(rule), peers: { checkov: ["CKV_AWS_24"] } }],
    scores: [{ principle: "security", score: 75, counts: counts("security") }],
    overall: 75,
  };
}

/** An audit of a clean repository: rules ran, nothing found. */
export function cleanResult(): AuditResult {
  return {
    ...fullResult(),
    environment: undefined,
    findings: [],
    scores: scores([]),
    overall: 100,
  };
}
