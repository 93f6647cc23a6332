/**
 * Signs of manual steps: sentences in READMEs, comments in code, Kubernetes secrets nobody defines.
 */
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from "yaml";
import { isSecretName } from "./secrets.js";

export interface ManualSentence {
  line: number;
  /** Offset of the line in the text. */
  offset: number;
  length: number;
  /** What the sentence asks for, in a few words: `"manually"`, `a console login`. */
  what: string;
}

/** Phrases that make a "manually" optional or negated rather than a required step. */
const OPTIONAL = /\b(if you|if you're|when you|(can(?!'t|not| only)|could|may|might)\b|optionally|alternatively|instead of|rather than|without|no longer|no need|don'?t (need|have) to|do not (need|have) to|avoid|unless|otherwise|or manually|or by hand|reduc\w*|minimi[sz]\w*|eliminat\w*)\b/i;
/** Manual things that are wanted, not gaps: approval gates and manual triggers of pipelines. */
const DELIBERATE = /manual(ly)?[ -](approv|trigger|gate|review|deploy(ment)? (gate|step in (the )?pipeline)|dispatch)|workflow_dispatch|manual-deploy/i;

const MANUAL = /\b(manually|by hand|hand[- ](made|created|edited|crafted))\b|\bmanual (steps?|process|intervention|configuration|setup|set-up|work|action|creation|changes?)\b/i;
const CONSOLE = /\b(log ?(in|on)(to)?|sign ?in(to)?|go to|open|navigate to|via|through|using|in|from|use)\s+(the\s+)?(aws|amazon|gcp|google cloud|azure|cloudflare|management|iam|ec2|s3|rds|route ?53|billing|organizations?)\s+(web\s+|management\s+)?console\b|\bclick-?ops\b/i;
const HANDOFF = /\b(copy|get|grab|fetch|obtain|take|find)\b.{0,60}\bfrom (the |our |your )?(wiki|confluence|notion|1password|lastpass|keepass|bitwarden|slack|e-?mail|team ?lead)\b|\bask\b.{0,50}\b(for|to give|to send|to share)\b.{0,40}\b(tokens?|passwords?|keys?|credentials?|secrets?|access)\b/i;
/** Words that make a sentence about manual work an instruction or a statement of fact, not a description of a tool. */
const OBLIGATION = /\b(must|needs?( to)?|needed|have to|has to|had to|should|required|requires?|will need|first|then|before|make sure|remember|don'?t forget|is|are|was|were|be|been)\b/i;

function sentenceWhat(line: string): string | null {
  const prose = line.replace(/`[^`]*`/g, " ").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
  if (DELIBERATE.test(prose)) return null;
  const manual = MANUAL.exec(prose);
  if (manual !== null && OBLIGATION.test(prose) && !OPTIONAL.test(prose)) return `"${manual[0].toLowerCase()}"`;
  const console = CONSOLE.exec(prose);
  // "via the AWS console, the CLI or the API" lists ways to look, not a step.
  if (console !== null && !OPTIONAL.test(prose) && !/console\s*(,|\bor\b|\/)/i.test(prose.slice(console.index))) return "a step in a web console";
  if (HANDOFF.test(prose)) return "a value handed over by a person";
  return null;
}

/**
 * Sentences of a Markdown (or text) document that ask for manual steps. Fenced code, tables and
 * headings are skipped, except that an `export TF_VAR_<secret>` instruction counts anywhere: the
 * secret is typed in by a person and kept nowhere.
 */
export function manualSentences(text: string): ManualSentence[] {
  const out: ManualSentence[] = [];
  let offset = 0;
  let fenced = false;
  for (const [i, raw] of text.split("\n").entries()) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, "");
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    const exported = /\b(export|set)\b[^\n]*?\bTF_VARS?_([A-Za-z0-9_]+)|\bTF_VARS?_([A-Za-z0-9_]+)\b[^\n]*\b(export|set)\b/.exec(line);
    const name = exported?.[2] ?? exported?.[3];
    if (name !== undefined && isSecretName(name)) {
      out.push({ line: i + 1, offset: start, length: line.length, what: `a secret (${name}) typed in by hand` });
      continue;
    }
    if (fenced || /^\s*(\||#|<!--|>?\s*<)/.test(line)) continue;
    const what = sentenceWhat(line);
    if (what !== null) out.push({ line: i + 1, offset: start, length: line.length, what });
  }
  return out;
}

/** Comments in code that record a manual step: "# bucket created by hand", "must be created manually first". */
const COMMENT_STEP =
  /\b(created|made|set ?up|configured|added|uploaded|registered|issued|generated|populated|replaced|updated|entered|done|requested|imported)\s+(manually|by hand|in the (aws |gcp |azure )?console|via the (aws |gcp |azure )?console)\b|\bmanually\s+(create|created|add|added|set|configure|configured|upload|uploaded|enter|entered|update|updated|replace|replaced|populate|populated|register|registered|run|apply|copy|copied)\b|\b(needs?|has|have|must)\s+to\s+be\s+\w+\s+(manually|by hand)\b|\bmust be \w+ (manually|by hand)\b/i;

export function manualComment(comment: string): string | null {
  const m = COMMENT_STEP.exec(comment);
  if (m === null || DELIBERATE.test(comment)) return null;
  return `"${m[0].toLowerCase()}"`;
}

export interface SecretUse {
  name: string;
  /** Offsets of the reference in the file. */
  start: number;
  end: number;
  /** The workload that reads it: `Deployment backend`. */
  owner: string;
}

export interface ManifestSecrets {
  used: SecretUse[];
  defined: Set<string>;
  /** The file holds template syntax (Helm): names cannot be trusted. */
  templated: boolean;
}

function mapGet(node: YamlNode | null | undefined, key: string): YamlNode | null {
  if (!isMap(node)) return null;
  for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
    if (isScalar(pair.key) && pair.key.value === key) return pair.value ?? null;
  }
  return null;
}

function scalarText(node: YamlNode | null): string | null {
  return isScalar(node) && typeof node.value === "string" ? node.value : null;
}

/** Secrets that Kubernetes manifests read (env, envFrom, volumes) and define (Secret, SealedSecret, ExternalSecret …). */
export function manifestSecrets(text: string, docs: readonly Document.Parsed[]): ManifestSecrets {
  const result: ManifestSecrets = { used: [], defined: new Set(), templated: /\{\{/.test(text) };
  if (result.templated) return result;
  for (const doc of docs) {
    const root = doc.contents as YamlNode | null;
    const kind = scalarText(mapGet(root, "kind"));
    const name = scalarText(mapGet(mapGet(root, "metadata"), "name"));
    if (kind === null) continue;
    if (kind === "Secret" || kind === "SealedSecret") {
      if (name !== null) result.defined.add(name);
    }
    if (kind === "ExternalSecret" || kind === "ClusterExternalSecret" || kind === "VaultStaticSecret" || kind === "OnePasswordItem") {
      result.defined.add(scalarText(mapGet(mapGet(mapGet(root, "spec"), "target"), "name")) ?? name ?? "");
      const destination = scalarText(mapGet(mapGet(mapGet(root, "spec"), "destination"), "name"));
      if (destination !== null) result.defined.add(destination);
    }
    if (kind === "Certificate") {
      const secret = scalarText(mapGet(mapGet(root, "spec"), "secretName"));
      if (secret !== null) result.defined.add(secret);
    }
    if (kind === "SecretProviderClass") {
      const objects = mapGet(mapGet(root, "spec"), "secretObjects");
      if (isSeq(objects)) for (const o of objects.items as YamlNode[]) result.defined.add(scalarText(mapGet(o, "secretName")) ?? "");
    }
    if (kind === "Kustomization") {
      const generators = mapGet(root, "secretGenerator");
      if (isSeq(generators)) for (const g of generators.items as YamlNode[]) result.defined.add(scalarText(mapGet(g, "name")) ?? "");
    }
    const owner = `${kind} ${name ?? ""}`.trim();
    const visit = (node: YamlNode | null | undefined, parentKey: string | null): void => {
      if (node === null || node === undefined) return;
      if (isMap(node)) {
        for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
          const key = isScalar(pair.key) ? String(pair.key.value) : null;
          if ((key === "secretKeyRef" || key === "secretRef") && parentKey !== "configMapRef") {
            const ref = mapGet(pair.value, "name");
            const text = scalarText(ref);
            if (text !== null && isScalar(ref) && ref.range !== undefined && ref.range !== null) result.used.push({ name: text, start: ref.range[0], end: ref.range[1], owner });
          }
          if (key === "secret" && parentKey === "volume") {
            const ref = mapGet(pair.value, "secretName");
            const text = scalarText(ref);
            if (text !== null && isScalar(ref) && ref.range !== undefined && ref.range !== null) result.used.push({ name: text, start: ref.range[0], end: ref.range[1], owner });
          }
          visit(pair.value, key === "volumes" ? "volumes" : key);
        }
      } else if (isSeq(node)) {
        for (const item of node.items as YamlNode[]) visit(item, parentKey === "volumes" ? "volume" : parentKey);
      }
    };
    visit(root, null);
  }
  return result;
}
