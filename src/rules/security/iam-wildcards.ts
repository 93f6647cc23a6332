import { createRule, type Location, type ReportInput } from "../../engine/rule.js";
import type { ModuleInstance } from "../../eval/evaluator.js";
import type { TopBlockView } from "../../engine/views.js";
import { deploymentInstances, keyOf, ofType, sameInstance, type Located, type Resolver } from "../support/security-graph.js";
import { blockStatement, policyOf, type Statement, type Strings } from "../support/security-policies.js";
import { securityCheck } from "../support/security-network.js";
import { rootInstance, type SecurityScope } from "../support/security-scope.js";
import { asList, asString } from "../support/values.js";

/** Resources whose `policy` is an identity policy (what a principal may do). */
const IDENTITY_POLICIES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_ssoadmin_permission_set_inline_policy"];

/** The argument of an identity policy resource that holds the document. */
function policyArgument(type: string): string {
  return type === "aws_ssoadmin_permission_set_inline_policy" ? "inline_policy" : "policy";
}
const ADMIN_POLICIES = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
/**
 * Verbs of actions that change something. A wildcard whose verb is one of these (`*:Put*`,
 * `s3:Delete*`), or that has no verb at all (`s3:*`, `ec2:*Tags`), grants writes; read wildcards such
 * as `ec2:Describe*` on `*` are normal (many read actions cannot be scoped) and are not reported.
 */
const WRITE_VERBS = [
  "Put", "Create", "Delete", "Update", "Modify", "Attach", "Detach", "Add", "Remove", "Set", "Tag", "Untag", "Start", "Stop",
  "Terminate", "Run", "Invoke", "Publish", "Send", "Write", "Upload", "Restore", "Reboot", "Associate", "Disassociate",
  "Enable", "Disable", "Register", "Deregister", "Import", "Copy", "Replace", "Revoke", "Authorize", "Change", "Reset",
  "Cancel", "Execute", "Pass", "Upgrade", "Apply", "Release", "Allocate", "Assign", "Unassign", "Purge", "Rotate",
  "Promote", "Failover", "BatchWrite", "BatchDelete", "BatchPut", "BatchUpdate", "BatchCreate", "Complete", "Abort", "Restart", "Resume", "Suspend", "Schedule", "Submit",
];

/**
 * Single actions that change IAM, data or secrets and always accept a resource ARN: granting them on
 * `*` is never necessary. (Single actions in general are not reported: many cannot be scoped.)
 */
const SCOPABLE_WRITES =
  /^(iam:(Create|Delete|Put|Attach|Detach|Update|Add|Remove|Set|Upload|Pass)\w*|s3:(PutObject|PutObjectAcl|DeleteObject|DeleteObjectVersion|DeleteBucket|DeleteBucketPolicy|PutBucketPolicy|PutBucketAcl)|dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|DeleteTable|UpdateTable)|secretsmanager:(GetSecretValue|PutSecretValue|DeleteSecret|UpdateSecret))$/i;

/** Whether an action pattern with a wildcard can match actions that change something. */
export function isWriteWildcard(action: string): boolean {
  if (!action.includes("*")) return false;
  if (action === "*") return true;
  const [, verb = ""] = action.split(":", 2);
  const prefix = verb.split("*", 1)[0] ?? "";
  if (prefix === "") return true;
  return WRITE_VERBS.some((write) => prefix.startsWith(write) || (prefix.length >= 2 && write.startsWith(prefix)));
}

function known(list: Strings | null): string[] {
  return list === null ? [] : list.items.filter((s): s is string => s !== null);
}

function quoteList(items: string[]): string {
  const shown = items.slice(0, 3).map((i) => `"${i}"`);
  return items.length > 3 ? `${shown.join(", ")} and ${items.length - 3} more` : shown.join(", ");
}

/**
 * What is too broad in an identity policy statement, or null. `identity` is true when an identity
 * policy is known to hold the statement: a Principal there is an error AWS rejects, not a sign of a
 * resource policy, so the statement is judged all the same.
 */
function judge(statement: Statement, identity: boolean): { text: string; severity: NonNullable<ReportInput["severity"]> } | null {
  if (statement.effect !== "Allow") return null;
  if (!identity && (statement.principal !== null || statement.notPrincipal)) return null;
  const everyResource = known(statement.resources).includes("*") || statement.notResources !== null;
  const actions = known(statement.actions);
  if (statement.notActions !== null && !statement.notActions.unknown) {
    if (!everyResource) return null;
    return { text: `allows every action except ${quoteList(known(statement.notActions))} (NotAction) on every resource`, severity: "error" };
  }
  if (actions.includes("*")) {
    if (everyResource) return { text: 'allows every action on every resource ("*" on "*"): full administrator access', severity: "error" };
    return { text: `allows every action ("*") on ${quoteList(known(statement.resources))}`, severity: "warning" };
  }
  if (!everyResource || statement.condition !== false) return null;
  const broad = actions.filter((a) => isWriteWildcard(a) || SCOPABLE_WRITES.test(a));
  if (broad.length === 0) return null;
  return { text: `allows ${quoteList(broad)} on every resource ("*") with no condition`, severity: "warning" };
}

interface IdentityDocs {
  /** Keys of aws_iam_policy_document data sources used as identity policies. */
  docs: Set<string>;
}

const identityDocsByRoot = new WeakMap<ModuleInstance, IdentityDocs>();

function identityDocs(scope: SecurityScope, resolver: Resolver): IdentityDocs {
  const root = rootInstance(scope.instance);
  let cached = identityDocsByRoot.get(root);
  if (cached !== undefined) return cached;
  cached = { docs: new Set() };
  for (const instance of deploymentInstances(root)) {
    for (const ref of instance.module.resources) {
      const type = ref.type ?? "";
      if (!IDENTITY_POLICIES.includes(type) && type !== "aws_iam_role") continue;
      const view = scope.view(ref, instance);
      const holders = type === "aws_iam_role" ? view.blocks("inline_policy").filter((b) => !b.dynamicUnknown) : [view];
      for (const holder of holders) {
        const attr = holder.attr(policyArgument(type));
        if (attr === undefined) continue;
        const doc = policyOf(scope, resolver, attr, view.address);
        for (const source of doc?.sources ?? []) cached.docs.add(keyOf(source));
      }
    }
  }
  identityDocsByRoot.set(root, cached);
  return cached;
}

interface Problem {
  text: string;
  severity: NonNullable<ReportInput["severity"]>;
  index: number;
  at: Location;
}

/** One finding for the problems of one policy: its statements listed, the worst severity. */
function reportProblems(scope: SecurityScope, owner: string, whole: Location, problems: Problem[], suffix: string): void {
  const [first] = problems;
  if (first === undefined) return;
  const severity = problems.some((p) => p.severity === "error") ? "error" : "warning";
  const text = problems.map((p) => `${p.text} (statement ${p.index})`).join("; it also ");
  scope.ctx.report({
    at: problems.length === 1 ? first.at : whole,
    severity,
    message: `${owner} ${text}${suffix}; grant only the actions and resources it needs.`,
  });
}

function checkInlinePolicies(scope: SecurityScope, resolver: Resolver): void {
  for (const resource of scope.resources([...IDENTITY_POLICIES, "aws_iam_role"])) {
    const holders = resource.resourceType === "aws_iam_role" ? resource.blocks("inline_policy").filter((b) => !b.dynamicUnknown) : [resource];
    for (const holder of holders) {
      const attr = holder.attr(policyArgument(resource.resourceType));
      if (attr === undefined || scope.isLibraryChoice(resource, holder, attr)) continue;
      const doc = policyOf(scope, resolver, attr, resource.address);
      if (doc === null) continue;
      const problems: Problem[] = [];
      for (const statement of doc.statements) {
        // Statements of policy document data sources are reported where they are written.
        if (statement.owner !== resource.address || statement.at !== attr) continue;
        const problem = judge(statement, true);
        if (problem !== null) problems.push({ ...problem, index: statement.index, at: attr });
      }
      reportProblems(scope, resource.address, attr, problems, "");
    }
  }
}

/**
 * Where a policy document leaves the module, when that is its only use: every reference to it is
 * an output of a module that nothing here calls, or an input of a module read from a registry or
 * git. Its user is then out of sight; a document with no Principal is most likely an identity
 * policy. Null when something here uses it (or nothing at all: then it grants nothing).
 */
function handedOn(scope: SecurityScope, doc: TopBlockView): string[] | null {
  const refs = scope.module.references.filter((r) => r.address === doc.ref.address);
  if (refs.length === 0) return null;
  const out = new Set<string>();
  for (const r of refs) {
    if (r.from.kind === "output" && scope.instance.call === null) out.add(r.from.address);
    else if (r.from.kind === "module" && scope.module.moduleCalls.some((c) => c.ref === r.from && c.target === null)) out.add(r.from.address);
    else return null;
  }
  return [...out];
}

function checkDocuments(scope: SecurityScope, resolver: Resolver): void {
  const used = identityDocs(scope, resolver).docs;
  for (const doc of scope.dataSources("aws_iam_policy_document")) {
    const identity = used.has(keyOf({ ref: doc.ref, instance: scope.instance }));
    const exits = identity ? [] : handedOn(scope, doc);
    if (exits === null) continue;
    const problems: Problem[] = [];
    doc.blocks("statement").forEach((block, i) => {
      if (block.dynamicUnknown) return;
      const problem = judge(blockStatement(block, i + 1, doc.address), identity);
      if (problem === null) return;
      if (["actions", "resources", "not_actions"].some((name) => scope.isLibraryChoice(doc, block, block.attr(name)))) return;
      problems.push({ ...problem, index: i + 1, at: block });
    });
    reportProblems(scope, doc.address, doc, problems, identity ? ", and an IAM policy uses it" : `, and it is passed to ${exits.join(" and ")}`);
  }
}

/** Who assumes a role: "service" principals, "federated" (OIDC: CI), or "people" (AWS accounts, users). */
function trustOf(scope: SecurityScope, resolver: Resolver, role: Located): { kind: "service" | "federated" | "people"; who: string } | null {
  const view = scope.view(role.ref, role.instance);
  const attr = view.attr("assume_role_policy");
  if (attr === undefined) return null;
  const doc = policyOf(scope, resolver, attr, view.address);
  if (doc === null) return null;
  const services: string[] = [];
  const federated: string[] = [];
  let people = false;
  for (const statement of doc.statements) {
    if (statement.effect !== "Allow" || statement.principal === null) continue;
    for (const [type, ids] of statement.principal.types) {
      const names = known(ids);
      if (type === "Service") services.push(...names);
      else if (type === "Federated") federated.push(...names.map((n) => n.replace(/^arn:aws[a-z-]*:iam::[^:]*:oidc-provider\//, "")));
      else people = true;
    }
  }
  if (services.length > 0) return { kind: "service", who: quoteList([...new Set(services)]).replaceAll('"', "") };
  if (federated.length > 0) return { kind: "federated", who: quoteList([...new Set(federated)]).replaceAll('"', "") };
  return people ? { kind: "people", who: "" } : null;
}

function adminPolicyName(scope: SecurityScope, resolver: Resolver, view: TopBlockView, name: string): { name: string; value: ReturnType<TopBlockView["value"]> } | null {
  const attr = view.attr(name);
  if (attr === undefined) return null;
  const out: string[] = [];
  for (const v of asList(attr.value()) ?? []) {
    const arn = asString(v);
    const m = arn === null ? null : ADMIN_POLICIES.exec(arn);
    if (m !== null) out.push(m[1] as string);
  }
  for (const loc of resolver.attr(attr).blocks) {
    if (loc.ref.kind !== "data" || loc.ref.type !== "aws_iam_policy") continue;
    const data = scope.view(loc.ref, loc.instance);
    const policyName = asString(data.value("name")) ?? asString(data.value("arn"))?.replace(/^.*\//, "") ?? null;
    if (policyName !== null && /^(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(policyName)) out.push(policyName);
  }
  const [first] = out;
  return first === undefined ? null : { name: first, value: attr.value() };
}

function checkManagedPolicies(scope: SecurityScope, resolver: Resolver): void {
  const report = (at: TopBlockView, policy: string, roles: Located[], via: string): void => {
    for (const role of roles) {
      const trust = trustOf(scope, resolver, role);
      if (trust === null || trust.kind === "people") continue;
      const roleName = sameInstance(role.instance, scope.instance) ? role.ref.address : `${role.instance.path.join(".")}${role.instance.path.length > 0 ? "." : ""}${role.ref.address}`;
      const who = trust.kind === "service" ? `the service ${trust.who}` : `the identity provider ${trust.who} (CI)`;
      const what = role.ref === at.ref ? `${at.address} has ${policy} in ${via}, and ${who} assumes it` : `${at.address} gives ${policy} to ${roleName}, which ${who} assumes`;
      scope.ctx.report({
        at: at.attr(via) ?? at,
        severity: trust.kind === "service" ? "error" : "warning",
        message: `${what}; give it a policy with only the actions it needs.`,
      });
    }
  };
  for (const attachment of scope.resources(["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"])) {
    const admin = adminPolicyName(scope, resolver, attachment, "policy_arn");
    if (admin === null) continue;
    const roles = ofType(resolver.attr(attachment.attr(attachment.resourceType === "aws_iam_role_policy_attachment" ? "role" : "roles")), "aws_iam_role");
    report(attachment, admin.name, roles, "policy_arn");
    if (attachment.resourceType === "aws_iam_policy_attachment") checkUsers(scope, resolver, attachment, admin.name, "users");
  }
  for (const attachment of scope.resources("aws_iam_user_policy_attachment")) {
    const admin = adminPolicyName(scope, resolver, attachment, "policy_arn");
    if (admin !== null) checkUsers(scope, resolver, attachment, admin.name, "user");
  }
  for (const role of scope.resources("aws_iam_role")) {
    const admin = adminPolicyName(scope, resolver, role, "managed_policy_arns");
    if (admin !== null) report(role, admin.name, [{ ref: role.ref, instance: scope.instance }], "managed_policy_arns");
  }
  for (const exclusive of scope.resources("aws_iam_role_policy_attachments_exclusive")) {
    const admin = adminPolicyName(scope, resolver, exclusive, "policy_arns");
    if (admin !== null) report(exclusive, admin.name, ofType(resolver.attr(exclusive.attr("role_name")), "aws_iam_role"), "policy_arns");
  }
}

/** An administrator policy on an IAM user that has access keys: a machine user. */
function checkUsers(scope: SecurityScope, resolver: Resolver, attachment: TopBlockView, policy: string, argument: string): void {
  const users = ofType(resolver.attr(attachment.attr(argument)), "aws_iam_user");
  if (users.length === 0) return;
  const keys: Located[] = [];
  for (const instance of deploymentInstances(rootInstance(scope.instance))) {
    for (const ref of instance.module.resources) if (ref.type === "aws_iam_access_key") keys.push({ ref, instance });
  }
  for (const user of users) {
    const machine = keys.some((key) => ofType(resolver.attr(scope.view(key.ref, key.instance).attr("user")), "aws_iam_user").some((u) => keyOf(u) === keyOf(user)));
    if (!machine) continue;
    scope.ctx.report({
      at: attachment.attr("policy_arn") ?? attachment,
      severity: "error",
      message: `${attachment.address} gives ${policy} to ${user.ref.address}, which has access keys (a machine user); give it only the actions it needs, or better, replace it with a role.`,
    });
  }
}

export default createRule({
  id: "iam/wildcards",
  principle: "security",
  severity: "warning",
  title: "IAM policy with wildcard permissions",
  description:
    "Identity policies that allow every action (\"*\"), or write and admin wildcards such as s3:* or iam:* on every resource without a condition, and AdministratorAccess, PowerUserAccess or IAMFullAccess attached to roles that services or CI assume.",
  peers: {
    checkov: ["CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274", "CKV_AWS_355", "CKV_AWS_356", "CKV_AWS_290", "CKV2_AWS_40", "CKV2_AWS_56"],
    trivy: ["AVD-AWS-0057", "AVD-AWS-0345"],
    kics: ["2f37c4a3-58b9-4afe-8a87-d7f1d2286f84", "575a2155-6af1-4026-b1af-d5bc8fe2a904", "b1ffa705-19a3-4b73-b9d0-0c97d0663842"],
  },
  ...securityCheck((scope, resolver) => {
    checkInlinePolicies(scope, resolver);
    checkDocuments(scope, resolver);
    checkManagedPolicies(scope, resolver);
  }),
});
