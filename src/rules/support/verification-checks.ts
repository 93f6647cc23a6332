/**
 * What a pipeline command or pre-commit hook runs, among the standard checks (format, validate, lint,
 * security scan), plans and applies. Shell lines are read word by word, so a word in a path, a file
 * name or an echo is not taken for a run of the tool. Shared by the verification rules.
 */
import type { Command, Hook } from "./verification-ci.js";

export type CheckKind = "fmt" | "validate" | "lint" | "scan" | "secrets";

export interface CommandFacts {
  checks: Set<CheckKind>;
  /** `terraform fmt` that rewrites files without -check. */
  fmtRewrites: boolean;
  plan: boolean;
  apply: boolean;
  /** The subcommand comes from a variable (`terraform $CMD`, `terraform "$@"`): a wrapper that runs whatever it is asked to. */
  anySubcommand: boolean;
  /** The command runs Terraform or one of its tools (so the pipeline works on Terraform). */
  terraform: boolean;
}

const TERRAFORM_TOOLS = new Set(["terraform", "tofu", "terragrunt", "gitlab-terraform", "gitlab-tofu", "tfcmt"]);
const SCANNERS = new Set(["checkov", "tfsec", "terrascan", "kics", "cairn", "regula"]);
const OTHER_TOOLS = new Set(["tflint", "trivy", "snyk", "infracost", "terraform-docs", "tfupdate"]);
const WRAPPERS = new Set(["sudo", "env", "time", "exec", "command", "nohup", "npx", "-", "run:", "$", ">"]);

function emptyFacts(): CommandFacts {
  return { checks: new Set(), fmtRewrites: false, plan: false, apply: false, anySubcommand: false, terraform: false };
}

/** The program name of a word: `$PWD/tfenv/bin/terraform"` → terraform, `hashicorp/terraform:1.6` → terraform. */
function programOf(word: string): string {
  const bare = word.replace(/^["'`]+|["'`;)]+$/g, "");
  const base = bare.slice(bare.lastIndexOf("/") + 1);
  return base.replace(/:[\w.-]*$/, "").replace(/@.*$/, "").toLowerCase();
}

/** Reads one shell segment (between `&&`, `||`, `;`, `|`): the first word that names a known tool, and the words after it. */
function readSegment(words: string[], facts: CommandFacts): void {
  const isTool = (w: string): boolean => {
    const p = programOf(w);
    return TERRAFORM_TOOLS.has(p) || SCANNERS.has(p) || OTHER_TOOLS.has(p);
  };
  // The program is the first word after assignments and wrappers (sudo, env, time…); in `docker run`, the image.
  let first = 0;
  while (first < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[first] as string) || WRAPPERS.has(words[first] as string))) first++;
  let index = -1;
  if (words[first] === "docker" || words[first] === "podman") {
    if (words[first + 1] === "run") index = words.findIndex((w, i) => i > first + 1 && !w.startsWith("-") && isTool(w));
  } else if (first < words.length && isTool(words[first] as string)) index = first;
  if (index < 0) return;
  const tool = programOf(words[index] as string);
  const args = words.slice(index + 1).map((a) => a.replace(/^["']|["']$/g, ""));
  if (TERRAFORM_TOOLS.has(tool)) {
    facts.terraform = true;
    // Skip global options (-chdir=x) and terragrunt's run-all / run --all.
    const positional = args.filter((a) => !a.startsWith("-"));
    let sub = positional[0] ?? "";
    if ((sub === "run-all" || sub === "run") && positional.length > 1) sub = positional[1] ?? "";
    if (sub.startsWith("$") || sub.startsWith('"$')) facts.anySubcommand = true;
    if (sub === "fmt" || sub === "hclfmt") {
      facts.checks.add("fmt");
      if (!args.some((a) => /^--?check(=true)?$/.test(a))) facts.fmtRewrites = true;
    } else if (sub === "validate") facts.checks.add("validate");
    else if (sub === "plan" || sub === "apply" || sub === "test" || sub === "destroy") {
      // plan, apply and test validate the configuration before they do anything else.
      facts.checks.add("validate");
      if (sub === "plan") facts.plan = true;
      if (sub === "apply") facts.apply = true;
    }
    return;
  }
  if (tool === "trivy" || tool === "snyk") {
    // Trivy and Snyk scan images and dependencies too; only their IaC modes are about the Terraform.
    const sub = args.find((a) => !a.startsWith("-")) ?? "";
    const iac = tool === "snyk" ? sub === "iac" : /^(config|conf|iac)$/.test(sub) || args.some((a, i) => /^--scanners(=|$)/.test(a) && /misconfig/.test(a.includes("=") ? a : (args[i + 1] ?? "")));
    if (iac) {
      facts.terraform = true;
      facts.checks.add("scan");
    }
    return;
  }
  // TFLint, the scanners, and Terraform tooling that runs none of the four checks (infracost, terraform-docs).
  facts.terraform = true;
  if (tool === "tflint") facts.checks.add("lint");
  else if (SCANNERS.has(tool)) facts.checks.add("scan");
}

/** Splits a shell line into segments of words; `find … -execdir terraform fmt` and `xargs terraform` start a new segment. */
function segments(line: string): string[][] {
  return line
    .split(/&&|\|\||[;|]|(?:^|\s)-exec(?:dir)?\s|\bxargs\s/)
    .map((s) => s.trim().split(/\s+/).filter((w) => w !== ""))
    .filter((s) => s.length > 0);
}

const ACTION_FMT = /(?:terraform|tofu)-fmt|fmt-check|(?:format|fmt)\S*\s.*\b(?:terraform|tofu|hcl)\b/i;

/** Reads one command: a shell line, or a GitHub action step (`uses owner/action@v with…`). */
export function commandFacts(command: Pick<Command, "text" | "shell">): CommandFacts {
  const facts = emptyFacts();
  const text = command.text;
  const action = /^uses\s+(\S+)(.*)$/.exec(text);
  if (action !== null) {
    const name = (action[1] ?? "").toLowerCase();
    const inputs = action[2] ?? "";
    if (/terraform|tofu|terragrunt|tflint|tfsec|checkov|terrascan|kics|atlantis|infracost|tfc-workflows/.test(name)) facts.terraform = true;
    if (ACTION_FMT.test(`${name} ${inputs}`)) {
      facts.checks.add("fmt");
      facts.terraform = true;
    }
    if (/(?:terraform|tofu)-validate/.test(name)) facts.checks.add("validate");
    if (/(?:terraform|tofu)-plan|tfc-workflows\S*(?:create-run|plan)/.test(name)) {
      facts.checks.add("validate");
      facts.plan = true;
    }
    if (/(?:terraform|tofu)-apply|tfc-workflows\S*apply-run/.test(name)) {
      facts.checks.add("validate");
      facts.apply = true;
    }
    if (/tflint/.test(name)) facts.checks.add("lint");
    if (/checkov|tfsec|terrascan|kics|snyk\S*iac/.test(name)) facts.checks.add("scan");
    if (/trivy-action/.test(name) && /\bscan-type=['"]?(?:config|iac)\b/.test(inputs)) {
      facts.checks.add("scan");
      facts.terraform = true;
    }
    return facts;
  }
  // CircleCI orb commands and jobs: terraform/fmt, terraform/validate, terraform/plan.
  const orb = /^orb\s+(?:terraform|tofu)\/(\w+)/.exec(text);
  if (orb !== null) {
    facts.terraform = true;
    const sub = orb[1] ?? "";
    if (sub === "fmt") facts.checks.add("fmt");
    if (sub === "validate" || sub === "plan" || sub === "apply") facts.checks.add("validate");
    if (sub === "plan") facts.plan = true;
    if (sub === "apply") facts.apply = true;
    return facts;
  }
  if (!command.shell) return facts;
  for (const words of segments(text)) readSegment(words, facts);
  return facts;
}

const HOOK_FMT = /^(?:terraform|tofu|terragrunt)[_-](?:fmt|hclfmt)/i;
const HOOK_VALIDATE = /^(?:terraform|tofu|terragrunt)[_-]validate/i;
const HOOK_LINT = /tflint/i;
const HOOK_SCAN = /checkov|tfsec|trivy|terrascan|kics/i;
const HOOK_SECRETS = /^(?:detect-private-key|detect-aws-credentials|gitleaks[\w-]*|detect-secrets[\w-]*|trufflehog[\w-]*|ggshield[\w-]*|talisman[\w-]*|secretlint|git-secrets[\w-]*|ripsecrets)$/i;

/** What a pre-commit hook checks: from its id, or for a local hook from the command it runs. */
export function hookChecks(hook: Hook): Set<CheckKind> {
  const out = new Set<CheckKind>();
  if (hook.entry !== null) for (const c of commandFacts({ text: hook.entry, shell: true }).checks) out.add(c);
  if (HOOK_FMT.test(hook.id)) out.add("fmt");
  if (HOOK_VALIDATE.test(hook.id)) out.add("validate");
  if (HOOK_LINT.test(hook.id)) out.add("lint");
  if (HOOK_SCAN.test(hook.id)) out.add("scan");
  if (HOOK_SECRETS.test(hook.id) || /\b(?:gitleaks|detect-secrets|trufflehog|ggshield|detect-private-key|git-secrets)\b/i.test(hook.entry ?? "")) out.add("secrets");
  return out;
}

/** The checks a set of commands and hooks runs, and whether `fmt` runs only in rewrite mode (so it never fails). */
export function checksRun(commands: readonly Command[], hooks: readonly Hook[]): { found: Set<CheckKind>; fmtWithoutCheck: boolean } {
  const found = new Set<CheckKind>();
  let fmtRewrites = false;
  let fmtFails = false;
  // `terraform fmt` followed by `git diff --exit-code` (or a bot that commits the result) is a check too.
  const diffs = new Set(commands.filter((c) => /\bgit\s+(?:diff|status)\b|auto-commit|create-pull-request|\bgit\s+commit\b/.test(c.text)).map((c) => c.file.path));
  for (const command of commands) {
    const facts = commandFacts(command);
    for (const c of facts.checks) found.add(c);
    if (facts.checks.has("fmt")) {
      if (!facts.fmtRewrites || diffs.has(command.file.path)) fmtFails = true;
      else fmtRewrites = true;
    }
  }
  for (const hook of hooks) {
    const checks = hookChecks(hook);
    for (const c of checks) found.add(c);
    if (checks.has("fmt")) fmtFails = true;
  }
  if (found.has("fmt") && !fmtFails && fmtRewrites) {
    found.delete("fmt");
    return { found, fmtWithoutCheck: true };
  }
  return { found, fmtWithoutCheck: false };
}

/** Whether the commands use OpenTofu rather than Terraform (for messages that name the command). */
export function usesTofu(commands: readonly Command[]): boolean {
  const tools = new Set<string>();
  for (const c of commands) {
    if (!c.shell) continue;
    for (const words of segments(c.text)) {
      const tool = words.map(programOf).find((p) => p === "terraform" || p === "tofu");
      if (tool !== undefined) tools.add(tool);
    }
  }
  return tools.has("tofu") && !tools.has("terraform");
}

/** "a, b and c" */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
