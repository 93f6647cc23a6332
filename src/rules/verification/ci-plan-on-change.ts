import type { Document } from "yaml";
import { isSeq } from "yaml";
import { createRule, type RepositoryContext } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { commandFacts } from "../support/verification-checks.js";
import {
  expand,
  externalCi,
  mapEntries,
  mapGet,
  nodeCommands,
  pipelines,
  pipelineCommands,
  scalarString,
  yamlDocuments,
  type Command,
} from "../support/verification-ci.js";
import { hasTerraform, isDeployedRoot, isModuleLibrary } from "../support/verification-repository.js";

/** Whether a part of a pipeline plans, and when it runs: on changes under review, otherwise, or unknown. */
interface PlanUnit {
  runsOnChange: boolean | null;
  /** When it runs instead, for the message: "push to main", "manual runs". */
  when: string;
  plans: boolean | null;
}

const PLAN_SERVICES = /\b(?:atlantis|digger|terrateam|spacelift|env0|scalr|tfc-workflows|terraform-cloud|tfcmt)\b/i;

function plans(ctx: RepositoryContext, commands: Command[]): boolean | null {
  const expanded = expand(ctx, { commands, opaque: [] });
  if (expanded.commands.some((c) => commandFacts(c).plan || (!c.shell && PLAN_SERVICES.test(c.text)))) return true;
  // A call cairn cannot read may plan.
  return expanded.opaque.length > 0 || commands.some((c) => c.text.startsWith("workflow ")) ? null : false;
}

function githubUnits(ctx: RepositoryContext, file: OtherFile, doc: Document.Parsed): PlanUnit[] {
  const on = mapGet(doc.contents, "on");
  const triggers = new Set<string>();
  const single = scalarString(on);
  if (single !== null) triggers.add(single);
  else if (isSeq(on)) for (const item of on.items) triggers.add(scalarString(item) ?? "");
  else for (const [key] of mapEntries(on)) triggers.add(key);
  // A push trigger without a branch filter also runs on the branches of pull requests.
  const push = mapGet(on, "push");
  const branches = mapGet(push, "branches");
  const pushAnyBranch =
    triggers.has("push") && (branches === null || (isSeq(branches) && branches.items.some((b) => (scalarString(b) ?? "").includes("*"))) || mapGet(push, "branches-ignore") !== null);
  const onChange = pushAnyBranch || ["pull_request", "pull_request_target", "merge_group"].some((t) => triggers.has(t));
  const others = [...triggers].filter((t) => t !== "pull_request" && t !== "pull_request_target" && t !== "merge_group");
  const describe = (t: string): string => {
    if (t === "workflow_dispatch") return "manual runs";
    if (t === "schedule") return "a schedule";
    if (t === "push" && isSeq(branches)) return `push to ${branches.items.map((b) => scalarString(b) ?? "").join(", ")}`;
    return t;
  };
  const when = others.length === 0 ? "other events" : others.map(describe).join(", ");
  const units: PlanUnit[] = [];
  for (const [, job] of mapEntries(mapGet(doc.contents, "jobs"))) {
    let commands = nodeCommands(job, file);
    const reusable = scalarString(mapGet(job, "uses"));
    if (reusable !== null && reusable.startsWith("./")) {
      const called = ctx.files("ci").find((f) => f.path === reusable.replace(/^\.\//, "").replace(/@.*$/, ""));
      if (called !== undefined) commands = [...commands.filter((c) => !c.text.startsWith("workflow ")), ...pipelineCommands(ctx, called).commands];
    }
    const condition = scalarString(mapGet(job, "if")) ?? "";
    // `if: github.event_name == 'push'` or `if: github.ref == 'refs/heads/main'` keeps a job off pull requests.
    const excluded = /event_name\s*==\s*['"](?!pull_request)|github\.ref\s*==\s*['"]refs\/heads\//.test(condition) && !/pull_request/.test(condition);
    units.push({ runsOnChange: onChange && !excluded, when, plans: plans(ctx, commands) });
  }
  return units;
}

const GITLAB_RESERVED = new Set(["stages", "variables", "include", "default", "workflow", "image", "services", "before_script", "after_script", "cache", "pages"]);

/** Whether a GitLab job (its rules/only, else the workflow rules) runs for merge requests or branch pushes. */
function gitlabRunsOnChange(job: unknown, workflow: unknown): boolean | null {
  const rules = mapGet(job, "rules") ?? mapGet(workflow, "rules");
  const only = mapGet(job, "only");
  if (rules === null && only === null) return true;
  if (only !== null) {
    const refs = isSeq(only) ? only : mapGet(only, "refs");
    const values = isSeq(refs) ? refs.items.map((i) => scalarString(i) ?? "") : [scalarString(refs) ?? ""];
    if (values.some((v) => /^(merge_requests|branches|pushes|external_pull_requests)$/.test(v))) return true;
    if (values.every((v) => /^(main|master|tags|schedules|web|triggers|api|pipelines|production|prod)$/.test(v))) return false;
    return null;
  }
  if (!isSeq(rules)) return null;
  let sawRestriction = false;
  for (const rule of rules.items) {
    const condition = scalarString(mapGet(rule, "if"));
    const when = scalarString(mapGet(rule, "when"));
    if (when === "never") continue;
    if (condition === null) return true;
    if (/merge_request/.test(condition)) return true;
    if (/CI_COMMIT_BRANCH\s*==\s*(\$CI_DEFAULT_BRANCH|["'](main|master)["'])|CI_COMMIT_TAG|CI_COMMIT_REF_NAME\s*==\s*(\$CI_DEFAULT_BRANCH|["'](main|master)["'])|CI_PIPELINE_SOURCE\s*==\s*["'](schedule|web|trigger|api)["']/.test(condition)) {
      sawRestriction = true;
      continue;
    }
    return null;
  }
  return sawRestriction ? false : null;
}

function gitlabUnits(ctx: RepositoryContext, file: OtherFile, doc: Document.Parsed): PlanUnit[] {
  const entries = mapEntries(doc.contents);
  const byName = new Map(entries);
  const workflow = byName.get("workflow") ?? null;
  const units: PlanUnit[] = [];
  for (const [name, job] of entries) {
    if (GITLAB_RESERVED.has(name) || name.startsWith(".")) continue;
    if (mapGet(job, "script") === null && mapGet(job, "extends") === null && mapGet(job, "trigger") === null) continue;
    const commands = nodeCommands(job, file);
    // `extends: .plan` takes the template's script and rules.
    const extendsNode = mapGet(job, "extends");
    const parents = isSeq(extendsNode) ? extendsNode.items.map((i) => scalarString(i) ?? "") : [scalarString(extendsNode) ?? ""];
    let rulesFrom: unknown = job;
    for (const parent of parents) {
      const template = byName.get(parent);
      if (template === undefined || template === null) continue;
      commands.push(...nodeCommands(template, file));
      if (mapGet(job, "rules") === null && mapGet(job, "only") === null && (mapGet(template, "rules") !== null || mapGet(template, "only") !== null)) rulesFrom = template;
    }
    const trigger = mapGet(job, "trigger") !== null;
    units.push({ runsOnChange: gitlabRunsOnChange(rulesFrom, workflow), when: "the default branch", plans: trigger ? null : plans(ctx, commands) });
  }
  return units;
}

/** The parts of a pipeline that may plan, with when they run. */
function planUnits(ctx: RepositoryContext, file: OtherFile): PlanUnit[] {
  if (file.system === "atlantis") {
    // Atlantis plans every pull request that changes a project unless autoplan is turned off everywhere.
    const doc = ctx.yaml(file);
    const projects = mapGet(doc?.contents, "projects");
    const items = isSeq(projects) ? projects.items : [];
    const off = items.length > 0 && items.every((p) => scalarString(mapGet(mapGet(p, "autoplan"), "enabled")) === "false");
    return [{ runsOnChange: !off, when: "comments", plans: true }];
  }
  if (file.system === "spacelift") return [{ runsOnChange: true, when: "", plans: true }];
  if (file.system === "github") return yamlDocuments(ctx, file).flatMap((doc) => githubUnits(ctx, file, doc));
  if (file.system === "gitlab") return yamlDocuments(ctx, file).flatMap((doc) => gitlabUnits(ctx, file, doc));
  const commands = pipelineCommands(ctx, file).commands;
  let runsOnChange: boolean | null = null;
  if (file.system === "bitbucket") {
    const sections = mapGet(yamlDocuments(ctx, file)[0]?.contents, "pipelines");
    runsOnChange = mapGet(sections, "pull-requests") !== null || mapGet(sections, "default") !== null ? true : null;
  } else if (file.system === "azure") {
    const pr = yamlDocuments(ctx, file)[0]?.contents;
    runsOnChange = scalarString(mapGet(pr, "pr")) === "none" ? false : true;
  } else runsOnChange = true;
  return [{ runsOnChange, when: "", plans: plans(ctx, commands) }];
}

export default createRule({
  id: "ci/plan-on-change",
  principle: "verification",
  severity: "warning",
  title: "No plan on pull requests",
  description:
    "The pipelines work on the Terraform, but none runs terraform plan on pull or merge requests, so reviewers approve a change without seeing what it will do to the infrastructure.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (!hasTerraform(ctx.repo) || isModuleLibrary(ctx.repo)) return;
    // Terraform Cloud and remote backends run speculative plans on pull requests from the VCS connection, outside the repository.
    if (ctx.repo.modules.some((m) => isDeployedRoot(ctx.repo, m) && (m.backend?.type === "cloud" || m.backend?.type === "remote"))) return;
    // A CI service configured elsewhere (Concourse, Terraform Cloud) may plan pull requests where cairn cannot see.
    if (externalCi(ctx) !== null) return;
    const terraform = pipelines(ctx).filter((p) => p.terraform);
    const first = terraform[0];
    if (first === undefined) return;
    let elsewhere: { file: OtherFile; when: string } | null = null;
    for (const pipeline of ctx.files("ci")) {
      for (const unit of planUnits(ctx, pipeline)) {
        if (unit.plans === false) continue;
        // A plan (or a call that may plan) on changes, or a part whose triggers are unknown: nothing to report.
        if (unit.runsOnChange !== false) return;
        if (unit.plans === true) elsewhere ??= { file: pipeline, when: unit.when };
      }
    }
    const tool = "terraform plan";
    if (elsewhere !== null) {
      ctx.report({
        at: { other: elsewhere.file, anchor: "plan-not-on-change" },
        message: `${elsewhere.file.path} runs ${tool} only on ${elsewhere.when}, after a change is merged, not on pull requests; also run it on pull_request and post the plan for review.`,
      });
      return;
    }
    const names = terraform.map((p) => p.file.path);
    ctx.report({
      at: { other: first.file, anchor: "no-plan-on-change" },
      message: `No pipeline runs ${tool} on pull requests (checked: ${names.slice(0, 2).join(", ")}${names.length > 2 ? ", …" : ""}), so reviewers approve changes without seeing what they will do; plan every pull request and post the plan for review.`,
    });
  },
});
