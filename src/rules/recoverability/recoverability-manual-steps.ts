import { createRule, type ModuleContext, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView } from "../../engine/views.js";
import { roleOf } from "../../model/build.js";
import { findSecretShapes } from "../support/secrets.js";
import { manifestSecrets, manualComment, manualSentences, type SecretUse } from "../support/recoverability-manual.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { instanceContexts, isLibraryInstance, listText, mayExist } from "../support/recoverability-model.js";
import { asString } from "../support/values.js";

function isTestPath(path: string): boolean {
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
  return roleOf(dir) === "test";
}

/** READMEs: each sentence that asks for a manual step. */
function checkReadmes(ctx: RepositoryContext): void {
  for (const file of ctx.files("readme")) {
    if (isTestPath(file.path)) continue;
    const text = ctx.text(file);
    if (text === null) continue;
    for (const sentence of manualSentences(text)) {
      // The finding names the line, never its words when they might hold a secret.
      const snippet = text.slice(sentence.offset, sentence.offset + sentence.length);
      if (findSecretShapes(snippet).length > 0) continue;
      ctx.report({
        at: { other: file, start: sentence.offset, end: sentence.offset + sentence.length, anchor: `manual@${sentence.what}@${sentence.line}` },
        message: `${file.path} line ${sentence.line} describes a manual step (${sentence.what}): a rebuild depends on someone repeating it by hand; automate it, or list it in a runbook as a known gap.`,
      });
    }
  }
}

/** Comments in scripts and Terraform that record something done by hand. */
function checkComments(ctx: RepositoryContext): void {
  for (const file of ctx.files("script")) {
    if (isTestPath(file.path)) continue;
    const text = ctx.text(file);
    if (text === null) continue;
    let offset = 0;
    for (const [i, line] of text.split("\n").entries()) {
      const comment = /^\s*#(?!!)(.*)$/.exec(line)?.[1];
      const what = comment === undefined ? null : manualComment(comment);
      if (what !== null) {
        ctx.report({
          at: { other: file, start: offset, end: offset + line.length, anchor: `manual-comment@${i + 1}` },
          message: `${file.path} line ${i + 1} notes a manual step (${what}): a rebuild depends on someone repeating it by hand; automate it, or list it in a runbook as a known gap.`,
        });
      }
      offset += line.length + 1;
    }
  }
  for (const file of ctx.repo.workspace.terraform) {
    if (file.kind !== "tf" || isTestPath(file.path)) continue;
    const dir = file.dir;
    const module = ctx.repo.moduleByDir.get(dir);
    if (module === undefined || module.role === "example" || module.role === "test") continue;
    for (const comment of file.hcl.comments) {
      const text = file.text.slice(comment.start, comment.end);
      const what = manualComment(text);
      if (what === null) continue;
      const line = file.text.slice(0, comment.start).split("\n").length;
      ctx.report({
        at: { file, start: comment.start, end: comment.end, anchor: `manual-comment@${line}` },
        message: `${file.path} line ${line} notes a manual step (${what}): a rebuild depends on someone repeating it by hand; automate it, or list it in a runbook as a known gap.`,
      });
    }
  }
}

/** Whether the repository delegates a zone itself (an NS record, or a domain registered through Route 53). */
function delegatesInCode(ctx: RepositoryContext): boolean {
  return ctx.repo.modules.some((m) =>
    m.resources.some((r) => {
      if (r.type === "aws_route53domains_registered_domain" || r.type === "aws_route53domains_domain" || r.type === "aws_route53_zone_association") return true;
      if (r.type !== "aws_route53_record") return false;
      const type = r.block.body.items.find((i) => i.type === "Attribute" && i.name === "type");
      return type !== undefined && /"NS"|var\.|local\./.test(r.file.text.slice(type.start, type.end));
    }),
  );
}

/** Second-level public suffixes under which a registrable domain has three labels. */
const SECOND_LEVEL = /\.(co|com|org|net|gov|ac|edu|ne|or|go)\.[a-z]{2}$/i;

function isRegistrableDomain(name: string): boolean {
  const domain = name.replace(/\.$/, "").toLowerCase();
  const labels = domain.split(".");
  return labels.length === 2 || (labels.length === 3 && SECOND_LEVEL.test(domain));
}

function checkZones(ctx: RepositoryContext, contexts: ModuleContext[]): void {
  if (delegatesInCode(ctx)) return;
  for (const mctx of contexts) {
    for (const zone of mctx.resources("aws_route53_zone")) {
      if (!mayExist(mctx, zone) || zone.blocks("vpc").length > 0) continue;
      const name = asString(zone.value("name"));
      const delegationSet = zone.has("delegation_set_id");
      if (name === null || (!isRegistrableDomain(name) && !delegationSet)) continue;
      const set = delegationSet ? " (its delegation set is created here too, so a rebuild gets new name servers)" : "";
      mctx.report({
        at: zone,
        message: `${zone.address} creates the public zone ${name}, whose name servers someone must enter at the domain registrar by hand${set}; until then the domain does not resolve and DNS validation waits; register the domain with aws_route53domains_registered_domain or keep the zone in a stack that is never destroyed.`,
      });
    }
  }
}

const COMPUTE = ["aws_instance", "aws_launch_template", "aws_launch_configuration", "aws_spot_instance_request"];

function checkKeyPairs(ctx: RepositoryContext, contexts: ModuleContext[]): void {
  const created = new Set<string>();
  let unknownPair = false;
  for (const mctx of contexts) {
    for (const pair of mctx.resources("aws_key_pair")) {
      const name = asString(pair.value("key_name"));
      if (name === null) unknownPair = true;
      else created.add(name);
    }
  }
  if (unknownPair) return;
  const users = new Map<string, { at: AttrView; users: string[] }>();
  for (const mctx of contexts) {
    for (const resource of mctx.resources(COMPUTE)) {
      if (!mayExist(mctx, resource)) continue;
      const attr = resource.attr("key_name");
      if (attr === undefined) continue;
      if (/\baws_key_pair\./.test(attr.source())) continue;
      const name = asString(attr.value());
      if (name === null || name === "" || created.has(name)) continue;
      const entry = users.get(name) ?? { at: attr, users: [] };
      if (!entry.users.includes(resource.address)) entry.users.push(resource.address);
      users.set(name, entry);
    }
  }
  for (const [name, { at, users: list }] of users) {
    ctx.report({
      at,
      message: `The key pair "${name}" (${listText(list)}) is not created in this repository: someone made it by hand and holds its private key, so a new account or region cannot launch these machines; create it with aws_key_pair, or drop SSH for Session Manager.`,
      value: at.value(),
    });
  }
}

const PLACEHOLDER = /^(populate|set|fill|update|change|replace|enter|add)[-_ ]?(me|manually|by[-_ ]hand|later|in[-_ ]console|it)$|^(changeme|change[-_]me|placeholder|todo|tbd|dummy|replace[-_]me|to[-_]be[-_](set|replaced|populated))$/i;

/** Secret values left as placeholders for a person to fill in after apply (`secret_string = "populate-manually"`). */
function checkPlaceholderSecrets(ctx: RepositoryContext, contexts: ModuleContext[]): void {
  for (const mctx of contexts) {
    // The same through a secrets module: `secret_string = "populate-manually"` with `ignore_secret_changes = true`.
    for (const call of mctx.moduleCalls()) {
      const attr = call.attr("secret_string") ?? call.attr("secret_value") ?? call.attr("value");
      const value = asString(attr?.value());
      if (attr === undefined || value === null || !PLACEHOLDER.test(value.trim())) continue;
      if (!call.attrs().some((a) => /ignore\w*changes/.test(a.name) && a.source().trim() === "true")) continue;
      mctx.report({
        at: attr,
        message: `${call.address} is created with a placeholder secret that someone replaces by hand (changes are ignored): a rebuild brings back the placeholder, not the secret; generate the value or load it from a source of record.`,
      });
    }
    for (const resource of mctx.resources(["aws_secretsmanager_secret_version", "aws_ssm_parameter"])) {
      const attr = resource.attr(resource.resourceType === "aws_ssm_parameter" ? "value" : "secret_string");
      const value = asString(attr?.value());
      if (attr === undefined || value === null) continue;
      const ignored = resource.blocks("lifecycle")[0]?.attr("ignore_changes")?.source() ?? "";
      const placeholder = PLACEHOLDER.test(value.trim());
      if (!placeholder || !/\b(secret_string|value|all)\b/.test(ignored)) continue;
      mctx.report({
        at: attr,
        message: `${resource.address} is created with a placeholder that someone replaces by hand (changes are ignored): a rebuild brings back the placeholder, not the secret; generate the value or load it from a source of record.`,
      });
    }
  }
}

/** Kubernetes secrets that workloads read and no file of the repository defines. */
function checkManifests(ctx: RepositoryContext, contexts: ModuleContext[]): void {
  const defined = new Set<string>();
  const uses: { file: OtherFile; use: SecretUse }[] = [];
  for (const file of ctx.files("yaml")) {
    if (isTestPath(file.path)) continue;
    const text = ctx.text(file);
    if (text === null || !/\bkind:/.test(text) || !/secret/i.test(text)) continue;
    const found = manifestSecrets(text, ctx.yamlDocuments(file));
    if (found.templated) return;
    for (const name of found.defined) defined.add(name);
    for (const use of found.used) uses.push({ file, use });
  }
  if (uses.length === 0) return;
  for (const mctx of contexts) {
    for (const secret of mctx.resources(["kubernetes_secret", "kubernetes_secret_v1", "kubernetes_manifest", "helm_release"])) {
      if (secret.resourceType === "helm_release") return;
      const name = asString(secret.blocks("metadata")[0]?.value("name"));
      if (name === null) return;
      defined.add(name);
    }
  }
  const reported = new Set<string>();
  for (const { file, use } of uses) {
    if (defined.has(use.name) || reported.has(use.name)) continue;
    reported.add(use.name);
    const readers = [...new Set(uses.filter((u) => u.use.name === use.name).map((u) => u.use.owner))];
    ctx.report({
      at: { other: file, start: use.start, end: use.end, anchor: `k8s-secret:${use.name}` },
      message: `The Kubernetes secret "${use.name}" (read by ${listText(readers)}) is defined by no file here: someone creates it by hand, and a rebuilt cluster starts without it; define it as an ExternalSecret, a SealedSecret or a Terraform kubernetes_secret.`,
    });
  }
}

export default createRule({
  id: "recoverability/manual-steps",
  principle: "recoverability",
  severity: "warning",
  title: "Rebuild depends on a manual step",
  description:
    "READMEs, scripts and comments that ask for manual steps (\"manually\", a console login, a token from the wiki), and Terraform that depends on them: a public zone whose name servers go to the registrar by hand, key pairs made outside the code, secrets filled in by hand, Kubernetes secrets no file defines.",
  peers: {},
  scope: "repository",
  check(ctx) {
    checkReadmes(ctx);
    checkComments(ctx);
    const contexts = instanceContexts(ctx).filter((m) => m.module.role !== "test" && !isLibraryInstance(m));
    checkZones(ctx, contexts);
    checkKeyPairs(ctx, contexts);
    checkPlaceholderSecrets(ctx, contexts);
    checkManifests(ctx, contexts);
  },
});

