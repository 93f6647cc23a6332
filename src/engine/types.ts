/** The shapes shared by the engine, the rules and the reporters. */

export const PRINCIPLES = [
  "idempotency",
  "housekeeping",
  "security",
  "verification",
  "cost",
  "parity",
  "recoverability",
  "operations",
] as const;

export type Principle = (typeof PRINCIPLES)[number];

export const PRINCIPLE_TITLES: Record<Principle, string> = {
  idempotency: "Idempotency: the same code gives the same infrastructure, with no hands involved",
  housekeeping: "Housekeeping: anyone can find, read and change it",
  security: "Security: a foundation, not an afterthought",
  verification: "Verification: mistakes are caught before they reach an environment",
  cost: "Cost: know what it costs and why",
  parity: "Parity: production is not the first place anything runs",
  recoverability: "Recoverability: destroy everything, rebuild it, lose nothing",
  operations: "Operations: it tells you when it is unwell, and it is safe to operate",
};

export type Severity = "error" | "warning" | "note";

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

export interface Point {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (SARIF's default column kind). */
  column: number;
  /** Offset in the file's text (UTF-16 code units). */
  offset: number;
}

export interface Range {
  start: Point;
  end: Point;
}

/** One step of the evidence chain: where a value or fact came from. */
export interface Evidence {
  /** One phrase: `var.admin_cidr defaults to "0.0.0.0/0"`. Never contains a secret. */
  message: string;
  file: string;
  range: Range;
}

export type FixTier = "safe" | "infrastructure" | "refactor";

export interface TextEdit {
  file: string;
  /** Offsets in the file's text; `start === end` inserts. */
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  tier: FixTier;
  description: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  principle: Principle;
  severity: Severity;
  /** One sentence that names the thing. Never contains a secret. */
  message: string;
  /** POSIX path relative to the audited root; "." for findings about the repository as a whole. */
  file: string;
  range: Range;
  evidence: Evidence[];
  /** The call chain (`module.web`, `module.web.module.sg`) when the finding is inside a called module. */
  module?: string[];
  /** With `module`: the directory of the root module the call chain starts from (`envs/prod`, or "."). */
  moduleRoot?: string;
  fix?: Fix;
  /** Stable across unrelated edits: for baselines and SARIF partialFingerprints. */
  fingerprint: string;
  /** Set when a suppression comment or the baseline matched; reporters leave these out by default. */
  suppressed?: { kind: "comment" | "baseline" | "config"; reason: string };
}

/** What reporters and docs need to know about a rule. */
export interface RuleMeta {
  id: string;
  principle: Principle;
  severity: Severity;
  /** Short title: "SSH open to the internet". */
  title: string;
  /** One or two sentences: what the rule finds and why it matters. */
  description: string;
  /** Documentation page, relative to the package root: docs/rules/<principle>/<name>.md */
  docs: string;
  /** Corresponding rules of the peer tools, where one exists. */
  peers: { checkov?: string[]; trivy?: string[]; tflint?: string[]; kics?: string[] };
  fix?: FixTier;
  /** Earlier ids of the same rule. */
  aliases?: string[];
}

export interface PrincipleScore {
  principle: Principle;
  /** 0–100; see docs/scoring.md for the formula. */
  score: number;
  /** Unsuppressed findings of this principle, by severity. */
  counts: Record<Severity, number>;
}

export interface SkippedFile {
  file: string;
  /** "is not valid UTF-8 text", "is larger than 5 MiB", "is a binary file" … */
  reason: string;
}

/** Everything an audit produces; what the JSON reporter writes (see schema/audit-result.schema.json). */
export interface AuditResult {
  /** Version of this result format. Incremented on any incompatible change. */
  schemaVersion: 1;
  tool: { name: "cairn"; version: string };
  /** The audited path as the user gave it (never absolute unless they gave an absolute path). */
  root: string;
  /** The environment the values were evaluated for (`--env`), if any. */
  environment?: string;
  stats: {
    terraformFiles: number;
    otherFiles: number;
    modules: number;
    rootModules: number;
    resources: number;
    milliseconds?: number;
  };
  skipped: SkippedFile[];
  /** Every finding, sorted by file, line, column, rule. Suppressed ones carry `suppressed`. */
  findings: Finding[];
  /** Metadata of the rules that ran. */
  rules: RuleMeta[];
  scores: PrincipleScore[];
  /** Mean of the principle scores, 0–100. */
  overall: number;
}
