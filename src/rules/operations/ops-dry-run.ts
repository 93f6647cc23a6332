import { createRule, type RepositoryContext } from "../../engine/rule.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { roleOf } from "../../model/build.js";
import { commandsOf, programOf, scriptLocation, shellLines, type ScriptSource } from "../support/operations-shell.js";

/** Paths whose removal loses data (not caches, build output or temporary directories). */
const DATA_PATH = /(^|[\s/"'$])(\/var\/lib\/|\/data\b|\/mnt\/|\/srv\/|\/home\/|[\w-]*(backups?|pgdata|mysql|postgres(ql)?|database|volumes?|uploads|storage)\b)/i;
const TEMPORARY_PATH = /(tmp|temp|cache|\.terraform|node_modules|dist|build|target|\.next|pkg|bin|out|artifacts?)\b/i;

/** What a shell command destroys, or null. */
function destructive(command: string): string | null {
  const { program, args } = programOf(command);
  const words = args.filter((a) => !a.startsWith("-"));
  const flags = args.filter((a) => a.startsWith("-"));
  if (flags.some((f) => /^--?dry-?run/.test(f))) return null;
  switch (program) {
    case "terraform":
    case "tofu":
    case "terragrunt": {
      const destroy = words.includes("destroy") || (words.includes("apply") && flags.includes("-destroy"));
      // Without -auto-approve, Terraform itself asks for confirmation.
      if (destroy && flags.some((f) => /^--?auto-approve/.test(f) || f === "--terragrunt-non-interactive")) return `${program} destroy -auto-approve`;
      return null;
    }
    case "aws": {
      const verb = words.slice(0, 3).find((w) => /^(delete-|terminate-|remove-|deregister-|purge-)/.test(w));
      if (verb !== undefined) return `aws ${words.slice(0, words.indexOf(verb) + 1).join(" ")}`;
      if (words[0] === "s3" && words[1] === "rb" && flags.includes("--force")) return "aws s3 rb --force";
      if (words[0] === "s3" && words[1] === "rm" && flags.includes("--recursive")) return "aws s3 rm --recursive";
      return null;
    }
    case "gcloud":
    case "az":
      return words.includes("delete") ? `${program} … delete` : null;
    case "kubectl":
      return words[0] === "delete" ? "kubectl delete" : null;
    case "helm":
      return words[0] === "uninstall" || words[0] === "delete" ? `helm ${words[0]}` : null;
    case "dropdb":
      return "dropdb";
    case "rm": {
      if (!flags.some((f) => /^-[a-zA-Z]*r[a-zA-Z]*f?|^-[a-zA-Z]*f[a-zA-Z]*r|^--recursive/.test(f))) return null;
      const targets = words.filter((w) => DATA_PATH.test(w) && !TEMPORARY_PATH.test(w));
      return targets.length > 0 ? `rm -rf ${targets[0]}` : null;
    }
    default:
      if (/\b(drop\s+(database|table|schema)|flushall|flushdb)\b/i.test(command) && /^(psql|mysql|redis-cli|mongo|mongosh)$/.test(program)) return `${program} ${/drop\s+\w+|flush\w+/i.exec(command)?.[0] ?? ""}`;
      return null;
  }
}

/** A guard anywhere in the script: a dry-run mode, a prompt, or a required confirmation flag or variable. */
const SHELL_GUARD = /--dry-?run|\bDRY_?RUN\b|\bdry_run\b|\bselect\s+\w+\s+in\b|\bconfirm\w*\b|\bCONFIRM\w*\b|\bARE_YOU_SURE\b|"--yes"|'--yes'|\$\{?FORCE\b|--force\)|\bgum\s+confirm\b|\bwhiptail\b|\bdialog\s+--yesno/;

/** A `read` that asks a person (`read -p "Sure? " ans`, `read answer`), not a `while read line` loop over input. */
function isPrompt(line: string): boolean {
  if (/\bwhile\b|\|\s*read\b/.test(line)) return false;
  const m = /(^|[;&|]\s*|\bthen\s+|\bdo\s+)read\s+((?:-[a-zA-Z]+\s+(?:"[^"]*"\s+|'[^']*'\s+|\S+\s+)?)*)(\w+)?/.exec(line);
  if (m === null) return false;
  if (/-[a-zA-Z]*p/.test(m[2] ?? "")) return true;
  return /^(answer|reply|confirm\w*|yn|yes_?no|response|choice|ans|input|proceed|continue|ok|sure)$/i.test(m[3] ?? "REPLY") || m[3] === undefined;
}
const PYTHON_GUARD = /dry[_-]?run|\binput\(|confirm|--yes|--force|click\.confirm|ask_yes_no/i;
/** Cloud SDK calls that delete (boto3 client methods are snake_case: delete_bucket, terminate_instances). */
const PYTHON_DESTROY = /\.(delete_\w+|terminate_instances|purge_queue|deregister_\w+)\(/;
const CLOUD_SDK = /^\s*(import|from)\s+(boto3|botocore|aioboto3|google\.cloud|azure\.mgmt|kubernetes)\b/m;

function isTestPath(path: string): boolean {
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
  return roleOf(dir) === "test";
}

function checkFile(ctx: RepositoryContext, file: OtherFile, kind: "shell" | "python" | "make"): void {
  const text = ctx.text(file);
  if (text === null) return;
  const src: ScriptSource = { path: file.path, text, language: kind === "python" ? "python" : "shell", file, embedded: null, owner: null };
  const found: { line: number; offset: number; length: number; what: string }[] = [];
  if (kind === "python") {
    if (PYTHON_GUARD.test(text) || !CLOUD_SDK.test(text)) return;
    let offset = 0;
    for (const [i, line] of text.split("\n").entries()) {
      const m = PYTHON_DESTROY.exec(line);
      if (m !== null && !/^\s*#/.test(line)) found.push({ line: i + 1, offset, length: line.length, what: m[0].replace(/^\./, "").replace(/\($/, "()") });
      offset += line.length + 1;
    }
  } else {
    const lines = shellLines(kind === "make" ? text.replace(/^\t/gm, "").replace(/\$\$/g, "$") : text);
    if (lines.some((l) => SHELL_GUARD.test(l.text) || isPrompt(l.text))) return;
    for (const line of lines) {
      for (const command of commandsOf(line.text)) {
        const what = destructive(command);
        if (what !== null) found.push({ line: line.line, offset: line.offset, length: line.text.length, what });
      }
    }
  }
  const first = found[0];
  if (first === undefined) return;
  const others = [...new Set(found.slice(1).map((f) => f.what))].filter((w) => w !== first.what);
  const also = others.length === 0 ? "" : ` (also ${others.slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""})`;
  ctx.report({
    at: scriptLocation(src, first.offset, first.length, `dry-run@${first.what}`),
    message: `${file.path} line ${first.line} runs \`${first.what}\`${also} with no dry-run mode and no confirmation: one run in the wrong directory or account deletes for real; default to a dry run, or ask before deleting.`,
  });
}

export default createRule({
  id: "ops/dry-run",
  principle: "operations",
  severity: "warning",
  title: "Destructive script without a dry run or confirmation",
  description:
    "Shell and Python scripts and Makefiles that destroy or delete (terraform destroy -auto-approve, aws … delete-*, kubectl delete, helm uninstall, rm -rf of data directories, boto3 delete calls) with no --dry-run mode and no confirmation prompt.",
  peers: {},
  scope: "repository",
  check(ctx) {
    for (const file of ctx.files("script")) {
      if (isTestPath(file.path)) continue;
      checkFile(ctx, file, file.language === "python" ? "python" : "shell");
    }
    for (const file of ctx.files("makefile")) {
      if (isTestPath(file.path) || !/(^|\/)(GNU)?[Mm]akefile$/.test(file.path)) continue;
      checkFile(ctx, file, "make");
    }
  },
});
