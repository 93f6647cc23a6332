import { PRINCIPLE_TITLES } from "../engine/types.js";
import type { AuditResult, Evidence, Finding, Fix, Range, RuleMeta, Severity } from "../engine/types.js";
import { PROJECT_URL, moduleAddress, ruleDocsUrl } from "./links.js";

/**
 * The audit as SARIF 2.1.0, in the shape GitHub code scanning accepts (see docs/sarif.md).
 *
 * One run; the driver lists one rule per RuleMeta, sorted by id. Every finding becomes a result, in
 * the findings' order; suppressed findings carry `suppressions` (unless `omitSuppressed`). Paths stay
 * relative to the audited root (`%SRCROOT%`), whose absolute location is deliberately not recorded:
 * the same result gives the same bytes on every machine.
 */
export function renderSarif(result: AuditResult, options: SarifOptions = {}): string {
  const rules = uniqueSortedRules(result.rules);
  const findings = options.omitSuppressed ? result.findings.filter((f) => !f.suppressed) : result.findings;
  const ruleIndex = new Map(rules.map((meta, i) => [meta.id, i]));

  const log: SarifLog = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cairn",
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: PROJECT_URL,
            rules: rules.map(reportingDescriptor),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: "The audited directory (the PATH given to cairn); every path is relative to it." } },
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

export interface SarifOptions {
  /**
   * Leave suppressed findings out instead of writing them with `suppressions`. GitHub code scanning
   * ignores `suppressions` and would show such results as open alerts.
   */
  omitSuppressed?: boolean;
}

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";

/**
 * Where a repository-level finding (file ".") is anchored. SARIF allows a result without a file, but
 * GitHub code scanning shows a result only when its location names a file and a start line, and it
 * matches alerts across runs partly by path, so the anchor must never change: the README at the
 * audited root, line 1. It is the repository's front page, and where a reader of a repository-level
 * finding starts. When it does not exist (a finding may be about exactly that) the upload is still
 * accepted: code scanning takes locations it cannot resolve, which OpenSSF Scorecard's
 * repository-level results rely on. The result's `repositoryLevel` property marks these results.
 */
export const REPOSITORY_ANCHOR = "README.md";

/** GitHub's security severity (0.0 to 10.0) for security rules: error high, warning medium, note low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.5", note: "3.0" };

function uniqueSortedRules(rules: readonly RuleMeta[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const meta of rules) if (!byId.has(meta.id)) byId.set(meta.id, meta);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `network/open-admin-ports` → `NetworkOpenAdminPorts`: SARIF rule names are identifier-like. */
export function pascalCase(id: string): string {
  return id
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}

function reportingDescriptor(meta: RuleMeta): SarifReportingDescriptor {
  const helpUri = ruleDocsUrl(meta);
  const peers = peerList(meta);
  const principle = PRINCIPLE_TITLES[meta.principle];
  const text = [meta.description, `Principle: ${principle}.`, ...(peers ? [`Corresponds to: ${peers}.`] : []), `Documentation: ${helpUri}`];
  const markdown = [
    meta.description,
    `**Principle:** ${principle}.`,
    ...(peers ? [`**Corresponds to:** ${peers}.`] : []),
    `[Read the documentation of ${meta.id}](${helpUri})`,
  ];
  const properties: SarifReportingDescriptor["properties"] = {
    tags: [meta.principle, "terraform", "iac"],
    precision: "high",
  };
  if (meta.principle === "security") properties["security-severity"] = SECURITY_SEVERITY[meta.severity];
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    helpUri,
    help: { text: text.join("\n\n"), markdown: markdown.join("\n\n") },
    defaultConfiguration: { level: meta.severity },
    properties,
  };
}

function peerList(meta: RuleMeta): string {
  const tools = ["checkov", "trivy", "tflint", "kics"] as const;
  return tools
    .filter((tool) => (meta.peers[tool]?.length ?? 0) > 0)
    .map((tool) => `${tool} ${(meta.peers[tool] ?? []).join(", ")}`)
    .join("; ");
}

function sarifResult(finding: Finding, ruleIndex: number | undefined): SarifResult {
  const location: SarifLocation = { physicalLocation: physicalLocation(finding.file, finding.range) };
  if (finding.module && finding.module.length > 0) {
    location.logicalLocations = [{ fullyQualifiedName: moduleAddress(finding.module), kind: "module" }];
  }
  const out: SarifResult = { ruleId: finding.ruleId };
  if (ruleIndex !== undefined) out.ruleIndex = ruleIndex;
  out.level = finding.severity;
  out.message = { text: finding.message };
  out.locations = [location];
  out.partialFingerprints = { "cairnFingerprint/v1": finding.fingerprint };
  if (finding.evidence.length > 0) out.relatedLocations = finding.evidence.map(relatedLocation);
  if (finding.suppressed) {
    const suppression: SarifSuppression = { kind: finding.suppressed.kind === "comment" ? "inSource" : "external" };
    if (finding.suppressed.reason !== "") suppression.justification = finding.suppressed.reason;
    out.suppressions = [suppression];
  }
  const fix = finding.fix && sarifFix(finding.fix);
  if (fix) out.fixes = [fix];
  const properties: SarifResult["properties"] = { principle: finding.principle };
  if (finding.module && finding.module.length > 0) properties.module = [...finding.module];
  if (finding.file === ".") properties.repositoryLevel = true;
  out.properties = properties;
  return out;
}

function relatedLocation(step: Evidence, id: number): SarifLocation {
  return { id, physicalLocation: physicalLocation(step.file, step.range), message: { text: step.message } };
}

function physicalLocation(file: string, range: Range): SarifPhysicalLocation {
  if (file === ".") {
    return {
      artifactLocation: { uri: REPOSITORY_ANCHOR, uriBaseId: SRCROOT },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    };
  }
  return {
    artifactLocation: { uri: fileUri(file), uriBaseId: SRCROOT },
    region: {
      startLine: range.start.line,
      startColumn: range.start.column,
      endLine: range.end.line,
      endColumn: range.end.column,
    },
  };
}

/**
 * A relative POSIX path as a relative URI reference: each segment percent-encoded (spaces, `#`, `?`,
 * `%` and non-ASCII characters would otherwise make an invalid or different URI).
 */
export function fileUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/** Edits become replacements grouped by file; offsets are UTF-16 code units, like the columns. */
function sarifFix(fix: Fix): SarifFix | undefined {
  const byFile = new Map<string, SarifReplacement[]>();
  const edits = fix.edits.filter((edit) => edit.file !== ".").sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  for (const edit of edits) {
    const replacements = byFile.get(edit.file) ?? [];
    replacements.push({
      deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
      insertedContent: { text: edit.text },
    });
    byFile.set(edit.file, replacements);
  }
  if (byFile.size === 0) return undefined;
  return {
    description: { text: fix.description },
    artifactChanges: [...byFile].map(([file, replacements]) => ({
      artifactLocation: { uri: fileUri(file), uriBaseId: SRCROOT },
      replacements,
    })),
    properties: { tier: fix.tier },
  };
}

// The subset of the SARIF 2.1.0 object model this reporter writes.

interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: SarifDriver };
  originalUriBaseIds: Record<string, { description: SarifMessage }>;
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
}

interface SarifDriver {
  name: string;
  version: string;
  semanticVersion: string;
  informationUri: string;
  rules: SarifReportingDescriptor[];
}

interface SarifMessage {
  text: string;
}

interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Severity };
  properties: { tags: string[]; precision: "high"; "security-severity"?: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level?: Severity;
  message?: SarifMessage;
  locations?: SarifLocation[];
  partialFingerprints?: Record<string, string>;
  relatedLocations?: SarifLocation[];
  suppressions?: SarifSuppression[];
  fixes?: SarifFix[];
  properties?: { principle: string; module?: string[]; repositoryLevel?: boolean };
}

interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  message?: SarifMessage;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}

interface SarifSuppression {
  kind: "inSource" | "external";
  justification?: string;
}

interface SarifReplacement {
  deletedRegion: { charOffset: number; charLength: number };
  insertedContent: SarifMessage;
}

interface SarifFix {
  description: SarifMessage;
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: SarifReplacement[] }[];
  properties: { tier: string };
}
