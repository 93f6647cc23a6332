import type { Body, HclFile, Span } from "../hcl/ast.js";
import { leadingComments } from "../hcl/comments.js";
import type { RuleMeta } from "./types.js";

/**
 * Suppression comments on the line before a block or attribute (or at the end of its first line).
 * cairn's own form names the rule and requires a reason:
 *
 *     # cairn:ignore network/ssh bastion host, reviewed by security in 2025-04
 *
 * The peers' comments are honoured where a cairn rule corresponds to the peer rule they name:
 * `#checkov:skip=CKV_AWS_24:reason`, `#tfsec:ignore:aws-ec2-no-public-ingress-sgr`,
 * `#trivy:ignore:AVD-AWS-0107`, `# tflint-ignore: rule_name` (or `all`), `# kics-scan ignore-line`
 * and `# kics-scan ignore-block`.
 */
export interface Suppression {
  /** Rule ids (cairn's) this suppression applies to; "*" matches any rule with a peer of that tool. */
  matches(rule: RuleMeta): boolean;
  reason: string;
  /** The comment, for "suppression without a reason" reports. */
  comment: Span;
  valid: boolean;
  problem?: string;
}

const CAIRN = /^(?:#|\/\/|\/\*)\s*cairn:ignore\s+([A-Za-z0-9_./,-]+)(?:\s+(.*?))?\s*(?:\*\/)?$/;
const CHECKOV = /checkov:skip=([A-Z0-9_]+)(?::(.*))?/;
const TFSEC = /(tfsec|trivy):ignore:([A-Za-z0-9_-]+)/g;
const TFLINT = /tflint-ignore:\s*([A-Za-z0-9_, -]+)/;
const KICS = /kics-scan\s+(ignore-line|ignore-block)/;

function lower(ids: readonly string[] | undefined): string[] {
  return (ids ?? []).map((id) => id.toLowerCase());
}

export function parseSuppression(text: string, span: Span): Suppression | null {
  const trimmed = text.trim();
  const cairn = CAIRN.exec(trimmed);
  if (cairn !== null) {
    const ids = (cairn[1] ?? "").split(",").map((s) => s.trim());
    const reason = (cairn[2] ?? "").trim();
    const suppression: Suppression = {
      matches: (rule) => ids.includes(rule.id) || (rule.aliases ?? []).some((a) => ids.includes(a)),
      reason,
      comment: span,
      valid: reason.length > 0,
    };
    if (reason.length === 0) suppression.problem = `cairn:ignore ${ids.join(",")} has no reason; write the reason after the rule id`;
    return suppression;
  }
  const checkov = CHECKOV.exec(trimmed);
  if (checkov !== null) {
    const id = (checkov[1] ?? "").toLowerCase();
    return { matches: (rule) => lower(rule.peers.checkov).includes(id), reason: `checkov:skip ${checkov[1]}${checkov[2] ? `: ${checkov[2].trim()}` : ""}`, comment: span, valid: true };
  }
  const trivy = [...trimmed.matchAll(TFSEC)];
  if (trivy.length > 0) {
    const ids = trivy.map((m) => (m[2] ?? "").toLowerCase());
    return {
      matches: (rule) => lower(rule.peers.trivy).some((p) => ids.includes(p) || ids.some((id) => p.endsWith(id))),
      reason: `${trivy[0]?.[1]}:ignore ${trivy.map((m) => m[2]).join(", ")}`,
      comment: span,
      valid: true,
    };
  }
  const tflint = TFLINT.exec(trimmed);
  if (tflint !== null) {
    const ids = (tflint[1] ?? "").split(/[,\s]+/).filter(Boolean).map((s) => s.toLowerCase());
    return {
      matches: (rule) => (ids.includes("all") && (rule.peers.tflint?.length ?? 0) > 0) || lower(rule.peers.tflint).some((p) => ids.includes(p)),
      reason: `tflint-ignore ${ids.join(", ")}`,
      comment: span,
      valid: true,
    };
  }
  const kics = KICS.exec(trimmed);
  if (kics !== null) return { matches: (rule) => (rule.peers.kics?.length ?? 0) > 0, reason: `kics-scan ${kics[1]}`, comment: span, valid: true };
  return null;
}

/** The items (blocks and attributes) of `file` that contain `span`, outermost first. */
export function enclosingItems(file: HclFile, span: Span): Span[] {
  const out: Span[] = [];
  let body: Body | null = file.body;
  while (body !== null) {
    let next: Body | null = null;
    for (const item of body.items) {
      if (item.start <= span.start && span.end <= item.end && item.type !== "Invalid") {
        out.push(item);
        if (item.type === "Block") next = item.body;
        break;
      }
    }
    body = next;
  }
  return out;
}

/** Suppressions that apply to a finding at `span` in `file`: those on the item itself and on every block around it. */
export function suppressionsAt(file: HclFile, span: Span): Suppression[] {
  const out: Suppression[] = [];
  for (const item of enclosingItems(file, span)) {
    for (const comment of leadingComments(file, item)) {
      const suppression = parseSuppression(file.text.slice(comment.start, comment.end), comment);
      if (suppression !== null) out.push(suppression);
    }
  }
  return out;
}
