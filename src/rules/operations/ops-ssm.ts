import { createRule, type ModuleContext, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView, TopBlockView } from "../../engine/views.js";
import type { Value } from "../../eval/value.js";
import { roleOf as pathRole } from "../../model/build.js";
import { commandsOf, programOf, scriptLocation, shellLines, type ScriptSource } from "../support/operations-shell.js";
import { instanceContexts, isCallersChoice, isLibraryInstance, listText, mayExist, referencesIn } from "../support/recoverability-model.js";
import { asList, asString } from "../support/values.js";

/** AWS managed policies that let the SSM agent register and open sessions. */
const SSM_MANAGED = /AmazonSSMManagedInstanceCore|AmazonEC2RoleforSSM|AmazonSSMFullAccess|AmazonSSMManagedEC2InstanceDefaultPolicy|AmazonSSMAutomationRole|AmazonSSMServiceRolePolicy/;
/** Actions that grant what the agent needs (or more). */
const SSM_ACTION = /^(\*|ssm:\*|ssm:UpdateInstanceInformation|ssmmessages:\*|ssmmessages:CreateControlChannel|ec2messages:\*)$/i;

type Verdict = "ssm" | "no-ssm" | "unknown";

/** Actions granted by a policy document value (a JSON string, or an object), or null when it cannot be read. */
function actionsOf(policy: Value | undefined): string[] | null {
  const text = asString(policy);
  if (text === null) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const statements = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  const out: string[] = [];
  for (const s of list as { Effect?: string; Action?: unknown }[]) {
    if (s.Effect !== undefined && s.Effect !== "Allow") continue;
    const action = s.Action;
    if (typeof action === "string") out.push(action);
    else if (Array.isArray(action)) out.push(...action.filter((a): a is string => typeof a === "string"));
  }
  return out;
}

/** What a policy argument grants: from a data.aws_iam_policy_document it references, or its evaluated JSON. */
function policyVerdict(ctx: ModuleContext, policy: AttrView | undefined): Verdict {
  if (policy === undefined) return "unknown";
  const refs = referencesIn(ctx.module, { file: policy.file, start: policy.start, end: policy.end });
  const documents = refs.filter((r) => r.address.startsWith("data.aws_iam_policy_document."));
  if (documents.length > 0 && documents.length === refs.length) {
    let verdict: Verdict = "no-ssm";
    for (const ref of documents) {
      const block = ctx.module.byAddress.get(ref.address);
      if (block === undefined) return "unknown";
      const doc = ctx.view(block, ctx.instance);
      if (doc.has("source_policy_documents") || doc.has("override_policy_documents") || doc.has("source_json") || doc.has("override_json")) return "unknown";
      for (const statement of doc.blocks("statement")) {
        if (statement.dynamicUnknown) return "unknown";
        if (asString(statement.value("effect")) === "Deny") continue;
        const actions = asList(statement.value("actions"));
        if (actions === null) return "unknown";
        if (actions.some((a) => SSM_ACTION.test(asString(a) ?? ""))) return "ssm";
        if (actions.some((a) => asString(a) === null)) verdict = "unknown";
      }
    }
    return verdict;
  }
  const actions = actionsOf(policy.value());
  if (actions === null) return "unknown";
  return actions.some((a) => SSM_ACTION.test(a)) ? "ssm" : "no-ssm";
}

/** Whether an argument refers to a resource of the module, or names it by a literal equal to one of its arguments. */
function pointsAt(ctx: ModuleContext, attr: AttrView | undefined, target: TopBlockView, nameArg = "name"): boolean | null {
  if (attr === undefined) return false;
  const refs = referencesIn(ctx.module, { file: attr.file, start: attr.start, end: attr.end });
  if (refs.some((r) => r.address === target.address)) return true;
  const value = attr.value();
  const name = asString(target.value(nameArg));
  const items = asList(value);
  if (items === null) return null;
  return items.some((i) => name !== null && asString(i) === name) ? true : items.some((i) => asString(i) === null) ? null : false;
}

/** Whether an IAM role of this module may allow the SSM agent. */
function roleVerdict(ctx: ModuleContext, role: TopBlockView): Verdict {
  let verdict: Verdict = "no-ssm";
  const merge = (v: Verdict): void => {
    if (v === "ssm") verdict = "ssm";
    else if (v === "unknown" && verdict !== "ssm") verdict = "unknown";
  };
  const managed = role.value("managed_policy_arns");
  if (managed !== undefined) {
    const items = asList(managed);
    if (items === null) merge("unknown");
    else for (const item of items) merge(asString(item) === null ? "unknown" : SSM_MANAGED.test(asString(item) ?? "") ? "ssm" : "no-ssm");
  }
  for (const inline of role.blocks("inline_policy")) merge(inline.dynamicUnknown ? "unknown" : policyVerdict(ctx, inline.attr("policy")));
  for (const other of ctx.resources()) {
    if (!mayExist(ctx, other)) continue;
    switch (other.resourceType) {
      case "aws_iam_role_policy_attachment":
      case "aws_iam_policy_attachment":
      case "aws_iam_role_policy_attachments_exclusive": {
        const target = pointsAt(ctx, other.attr(other.resourceType === "aws_iam_role_policy_attachment" ? "role" : other.resourceType === "aws_iam_policy_attachment" ? "roles" : "role_name"), role);
        if (target === null) merge("unknown");
        if (target !== true) break;
        const arnAttr = other.attr(other.resourceType === "aws_iam_role_policy_attachments_exclusive" ? "policy_arns" : "policy_arn");
        const arns = asList(arnAttr?.value());
        if (arns === null || arnAttr === undefined) {
          // A policy of this module, referenced by its ARN.
          const refs = arnAttr === undefined ? [] : referencesIn(ctx.module, { file: arnAttr.file, start: arnAttr.start, end: arnAttr.end });
          const policies = refs.filter((r) => r.address.startsWith("aws_iam_policy."));
          if (policies.length === 0 || policies.length !== refs.length) merge("unknown");
          for (const ref of policies) {
            const block = ctx.module.byAddress.get(ref.address);
            merge(block === undefined ? "unknown" : policyVerdict(ctx, ctx.view(block, ctx.instance).attr("policy")));
          }
          break;
        }
        for (const arn of arns) merge(asString(arn) === null ? "unknown" : SSM_MANAGED.test(asString(arn) ?? "") ? "ssm" : "no-ssm");
        break;
      }
      case "aws_iam_role_policy": {
        const target = pointsAt(ctx, other.attr("role"), role);
        if (target === null) merge("unknown");
        if (target === true) merge(policyVerdict(ctx, other.attr("policy")));
        break;
      }
      default:
        break;
    }
  }
  return verdict;
}

interface ProfileResult {
  verdict: Verdict;
  role: TopBlockView | null;
  profile: TopBlockView | null;
}

/** Follows an instance's profile argument to the role of this module it carries. */
function profileVerdict(ctx: ModuleContext, attr: AttrView): ProfileResult {
  const unknownResult: ProfileResult = { verdict: "unknown", role: null, profile: null };
  const refs = referencesIn(ctx.module, { file: attr.file, start: attr.start, end: attr.end });
  const profiles = ctx.resources("aws_iam_instance_profile");
  let profile = profiles.find((p) => refs.some((r) => r.address === p.address));
  if (profile === undefined) {
    const name = asString(attr.value());
    profile = name === null ? undefined : profiles.find((p) => asString(p.value("name")) === name);
  }
  if (profile === undefined) return unknownResult;
  const roleAttr = profile.attr("role");
  const roles = ctx.resources("aws_iam_role");
  const roleRefs = roleAttr === undefined ? [] : referencesIn(ctx.module, { file: roleAttr.file, start: roleAttr.start, end: roleAttr.end });
  let role = roles.find((r) => roleRefs.some((x) => x.address === r.address));
  if (role === undefined && roleAttr !== undefined) {
    const name = asString(roleAttr.value());
    role = name === null ? undefined : roles.find((r) => asString(r.value("name")) === name);
  }
  if (role === undefined) return { ...unknownResult, profile };
  return { verdict: roleVerdict(ctx, role), role, profile };
}

/** Launch templates that Auto Scaling groups or instances of this module launch (not EKS node groups or Batch). */
function launchedTemplates(ctx: ModuleContext): Set<string> {
  const out = new Set<string>();
  for (const user of ctx.resources(["aws_autoscaling_group", "aws_instance", "aws_spot_fleet_request", "aws_ec2_fleet"])) {
    for (const ref of referencesIn(ctx.module, { file: user.file, start: user.block.start, end: user.block.end })) {
      if (ref.address.startsWith("aws_launch_template.")) out.add(ref.address);
    }
  }
  return out;
}

/** The instance profile argument of a compute resource, or undefined when none is set. */
function profileArgument(resource: TopBlockView): AttrView | undefined | "unknown" {
  if (resource.resourceType === "aws_launch_template") {
    const block = resource.blocks("iam_instance_profile")[0];
    if (block === undefined) return undefined;
    if (block.dynamicUnknown) return "unknown";
    return block.attr("name") ?? block.attr("arn") ?? "unknown";
  }
  return resource.attr("iam_instance_profile");
}

/** Whether some module attaches policies to a role it gets from elsewhere (a variable or a module output). */
function attachesPassedRoles(ctx: RepositoryContext): boolean {
  return ctx.repo.modules.some((m) =>
    m.resources.some((r) => {
      if (!/^aws_iam_(role_policy_attachment|policy_attachment|role_policy)$/.test(r.type ?? "")) return false;
      return r.block.body.items.some((i) => i.type === "Attribute" && (i.name === "role" || i.name === "roles") && /\b(var|module|local)\./.test(r.file.text.slice(i.start, i.end)));
    }),
  );
}

function checkTerraform(ctx: RepositoryContext): void {
  // Default Host Management Configuration gives every instance SSM without a profile.
  for (const module of ctx.repo.modules) {
    for (const ref of module.resources) {
      if (ref.type === "aws_ssm_service_setting" && /default-ec2-instance-management-role/.test(ref.file.text.slice(ref.block.start, ref.block.end))) return;
    }
  }
  const passedRoles = attachesPassedRoles(ctx);
  const byRole = new Map<string, { role: TopBlockView; users: string[] }>();
  for (const mctx of instanceContexts(ctx)) {
    if (mctx.module.role === "test" || isLibraryInstance(mctx)) continue;
    const templates = launchedTemplates(mctx);
    for (const resource of mctx.resources(["aws_instance", "aws_launch_template", "aws_launch_configuration", "aws_spot_instance_request"])) {
      if (!mayExist(mctx, resource)) continue;
      if (resource.resourceType === "aws_launch_template" && !templates.has(resource.address)) continue;
      const arg = profileArgument(resource);
      if (arg === "unknown") continue;
      if (arg === undefined) {
        const access = resource.has("key_name") ? "access depends on SSH keys" : "there is no way onto the machine at all";
        mctx.report({
          at: resource,
          message: `${resource.address} has no instance profile, so Session Manager cannot reach its instances and ${access}; attach an instance profile whose role has AmazonSSMManagedInstanceCore.`,
        });
        continue;
      }
      if (isCallersChoice(mctx, arg.value())) continue;
      const result = profileVerdict(mctx, arg);
      if (result.verdict !== "no-ssm" || result.role === null) continue;
      // A called module's role may get more policies from its caller.
      if (mctx.module.role === "module" && passedRoles) continue;
      const entry = byRole.get(`${mctx.module.dir}|${result.role.address}`) ?? { role: result.role, users: [] };
      if (!entry.users.includes(resource.address)) entry.users.push(resource.address);
      byRole.set(`${mctx.module.dir}|${result.role.address}`, entry);
    }
  }
  for (const { role, users } of byRole.values()) {
    const list = listText(users);
    ctx.report({
      at: role,
      message: `${role.address} is the instance role of ${list} but grants no SSM permissions, so Session Manager cannot reach them; attach AmazonSSMManagedInstanceCore.`,
    });
  }
}

/** Hosts that `ssh` reaches only to talk to git. */
const GIT_HOST = /git@|github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com/;

function checkScripts(ctx: RepositoryContext): void {
  const files = [...ctx.files("script").filter((f) => f.language !== "python"), ...ctx.files("makefile")];
  for (const file of files) {
    const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
    if (pathRole(dir) === "test") continue;
    const text = ctx.text(file);
    if (text === null) continue;
    const src: ScriptSource = { path: file.path, text, language: "shell", file, embedded: null, owner: null };
    const lines = shellLines(file.kind === "makefile" ? text.replace(/^\t/gm, "") : text);
    const uses: { line: number; offset: number; length: number; program: string }[] = [];
    for (const line of lines) {
      for (const command of commandsOf(line.text)) {
        const { program, args } = programOf(command.replace(/^@/, ""));
        const viaRsync = program === "rsync" && args.some((a, i) => a === "-e" && /^["']?ssh/.test(args[i + 1] ?? ""));
        if (program !== "ssh" && program !== "scp" && program !== "sshpass" && !viaRsync) continue;
        if (GIT_HOST.test(command) || args.includes("-T")) continue;
        uses.push({ line: line.line, offset: line.offset, length: line.text.length, program: viaRsync ? "rsync -e ssh" : program });
      }
    }
    const first = uses[0];
    if (first === undefined) continue;
    const programs = [...new Set(uses.map((u) => u.program))].join(", ");
    ctx.report({
      at: scriptLocation(src, first.offset, first.length, "ssh"),
      message: `${file.path} line ${first.line} reaches machines over SSH (${programs}${uses.length > 1 ? `, ${uses.length} places` : ""}): that needs port 22 open, keys on laptops and a network path; use SSM (aws ssm start-session, send-command) instead.`,
    });
  }
}

export default createRule({
  id: "ops/ssm",
  principle: "operations",
  severity: "warning",
  title: "Machines that Session Manager cannot reach",
  description:
    "Instances, launch templates and launch configurations without an instance profile, or whose role grants no SSM permissions (AmazonSSMManagedInstanceCore), and scripts that ssh or scp into machines.",
  peers: { checkov: ["CKV2_AWS_41"] },
  scope: "repository",
  check(ctx) {
    checkTerraform(ctx);
    checkScripts(ctx);
  },
});
