import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { createRule, type RepositoryContext } from "../../engine/rule.js";
import { roleOf } from "../../model/build.js";
import {
  enclosingFunctions,
  hasPipe,
  isNotShell,
  isSourcedLibrary,
  linesWithOffsets,
  programOf,
  repositoryScripts,
  scriptLocation,
  scriptLine,
  scriptName,
  shellLines,
  shellOf,
  strictMode,
  type ScriptSource,
  type ShellLine,
} from "../support/operations-shell.js";

/** Commands whose failure must not be ignored, with the subcommands that make it so (null: any use). */
const MUST_SUCCEED: ReadonlyMap<string, RegExp | null> = new Map([
  ["apt-get", /^(install|update|upgrade|dist-upgrade)$/],
  ["apt", /^(install|update|upgrade)$/],
  ["yum", /^(install|update|upgrade)$/],
  ["dnf", /^(install|update|upgrade)$/],
  ["apk", /^(add|update|upgrade)$/],
  ["pip", /^install$/],
  ["pip3", /^install$/],
  ["npm", /^(ci|install|run|build|publish)$/],
  ["yarn", /^(install|build|run)$/],
  ["terraform", /^(apply|plan|init|import|validate)$/],
  ["tofu", /^(apply|plan|init|import|validate)$/],
  ["terragrunt", /^(apply|plan|init|run-all)$/],
  ["helm", /^(install|upgrade|repo|dependency|package|push)$/],
  ["kubectl", /^(apply|create|rollout|set|patch|replace|scale)$/],
  ["docker", /^(build|push|pull|run|login|tag|compose)$/],
  ["git", /^(clone|pull|push|fetch|checkout|submodule)$/],
  ["curl", null],
  ["wget", null],
  ["cp", null],
  ["mv", null],
  ["rsync", null],
  ["tar", null],
  ["unzip", null],
  ["make", null],
  ["systemctl", /^(start|restart|enable|reload|daemon-reload)$/],
  ["service", null],
  ["aws", null],
  ["gcloud", null],
  ["az", null],
]);

/** aws/gcloud/az subcommands that change or copy something (deletes and reads are often allowed to fail). */
const CLOUD_WRITE = /^(cp|sync|mv|deploy|create|put|update|run|start|register|attach|associate|modify|set|restore|copy|upload|publish|send|invoke|apply|import|tag)(-|$)/;

/** The program and subcommand whose failure `|| true` hides, or null when the failure may be expected. */
function swallowedCommand(segment: string): string | null {
  const { program, args } = programOf(segment);
  if (!MUST_SUCCEED.has(program)) return null;
  const pattern = MUST_SUCCEED.get(program) ?? null;
  const words = args.filter((a) => !a.startsWith("-"));
  if (program === "aws" || program === "gcloud" || program === "az") {
    const verb = words.slice(0, 3).find((w) => CLOUD_WRITE.test(w));
    return verb === undefined ? null : `${program} ${words.slice(0, words.indexOf(verb) + 1).join(" ")}`;
  }
  if (program === "docker" && words.some((w) => /^(stop|rm|down|kill|rmi|prune|remove|logout)$/.test(w))) return null;
  if (program === "service") return /\b(start|restart)\b/.test(args.join(" ")) ? `service ${args.join(" ")}`.slice(0, 40) : null;
  if (pattern === null) return program;
  const sub = words[0];
  return sub !== undefined && pattern.test(sub) ? `${program} ${sub}` : null;
}

/** `cmd || true` and `cmd || :` where cmd must not fail silently. */
function swallowSites(lines: ShellLine[]): { line: ShellLine; command: string }[] {
  const out: { line: ShellLine; command: string }[] = [];
  const functions = enclosingFunctions(lines);
  for (const [index, line] of lines.entries()) {
    // Clean-up handlers ignore failures on purpose: there is nothing left to stop.
    if (/clean|teardown|finish|exit|trap|rollback/i.test(functions[index] ?? "")) continue;
    const masked = line.text.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (m) => "x".repeat(m.length));
    const pattern = /\|\|\s*(true|:)\s*(?=$|;|\)|&|#|\s)/g;
    for (let m = pattern.exec(masked); m !== null; m = pattern.exec(masked)) {
      const before = line.text.slice(0, m.index);
      // The command is the last one before `||`, after any `;`, `&&`, `||`, `|`, `(`, `then`, `do`.
      const segments = before.split(/;|&&|\|\||\$\(|`|\(|\bthen\b|\bdo\b/);
      const last = (segments[segments.length - 1] ?? "").split("|")[0] ?? "";
      const command = swallowedCommand(last.trim());
      if (command !== null) out.push({ line, command });
    }
  }
  return out;
}

const NOT_COMMANDS = /^(set\s|fi$|done$|esac$|then$|else$|do$|\{$|\}$|;;|exit(\s|$)|return(\s|$)|#)/;

function checkShell(report: (at: ReturnType<typeof scriptLocation>, message: string) => void, src: ScriptSource): void {
  if (isNotShell(src.text)) return;
  const lines = shellLines(src.text);
  if (src.file !== null && isSourcedLibrary(src.path, src.text, lines)) return;
  const commands = lines.filter((l) => !NOT_COMMANDS.test(l.text));
  const name = scriptName(src);
  for (const site of swallowSites(lines)) {
    report(
      scriptLocation(src, site.line.offset, site.line.text.length, `swallow@${site.line.line}`),
      `${scriptLine(src, site.line.line)} hides a failure of \`${site.command}\` with \`|| true\`: the script goes on as if it had worked; handle the error or let it stop the script.`,
    );
  }
  if (commands.length < 2) return;
  const declared = shellOf(src.text);
  // Without a shebang the shell is whatever runs it: ask for pipefail only where bash features show.
  const posix = declared?.shell === "sh";
  const bashLike = declared === null ? /\.bash$/.test(src.path) || lines.some((l) => /\[\[|\bfunction\s|\bdeclare\s|\bsource\s|\$\{[A-Za-z_]+\[/.test(l.text)) : !posix;
  const mode = strictMode(src.text, lines);
  const pipes = lines.some((l) => hasPipe(l.text));
  const missing: string[] = [];
  if (!mode.errexit) missing.push("set -e");
  if (bashLike && !mode.pipefail && pipes) missing.push("set -o pipefail");
  if (posix && !mode.nounset && !mode.errexit) missing.push("set -u");
  if (missing.length === 0) return;
  const wanted = posix ? "set -eu" : bashLike && pipes ? "set -euo pipefail" : "set -eu";
  const effect = mode.errexit ? "a failure inside a pipeline is ignored" : "a failing command does not stop it, and the rest runs as if it had worked";
  report(
    scriptLocation(src, 0, Math.max(0, src.text.indexOf("\n")), "strict-mode"),
    `${name} runs without ${missing.join(" and ")}: ${effect}; start it with \`${wanted}\`.`,
  );
}

/** `except: pass`, `except Exception: pass`, `except BaseException as e: pass`. */
function checkPython(report: (at: ReturnType<typeof scriptLocation>, message: string) => void, src: ScriptSource): void {
  const { lines, offsets } = linesWithOffsets(src.text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const m = /^(\s*)except\s*(\(?\s*(Exception|BaseException)\s*\)?)?\s*(as\s+\w+\s*)?:\s*(pass|\.\.\.)?\s*(#.*)?$/.exec(line);
    if (m === null) continue;
    let body = m[5] !== undefined;
    if (!body) {
      // The handler's body: the next non-empty lines indented deeper.
      const indent = (m[1] as string).length;
      const inner: string[] = [];
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j] as string;
        if (next.trim() === "" || next.trim().startsWith("#")) continue;
        if ((/^\s*/.exec(next)?.[0].length ?? 0) <= indent) break;
        inner.push(next.trim());
      }
      body = inner.length > 0 && inner.every((s) => s === "pass" || s === "..." || s === "continue");
    }
    if (!body) continue;
    const what = m[3] === undefined ? "every exception" : `every ${m[3]}`;
    report(
      scriptLocation(src, offsets[i] ?? 0, line.length, `except-pass@${i + 1}`),
      `${src.path} line ${i + 1} catches ${what} and ignores it: errors vanish without a trace; catch the specific exception, log it, or let it fail.`,
    );
  }
}

const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash)$/;

/**
 * Containers in Kubernetes manifests and compose files that run `sh -c "<script>"` with several
 * commands and no `set -e`: a failed step (a download, a copy) is followed by the next as if it had
 * worked, often by the main process starting with the wrong configuration.
 */
function checkContainerCommands(ctx: RepositoryContext): void {
  for (const file of [...ctx.files("yaml"), ...ctx.files("compose")]) {
    const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : ".";
    if (roleOf(dir) === "test") continue;
    const text = ctx.text(file);
    if (text === null || !/-c\b/.test(text) || /\{\{/.test(text)) continue;
    for (const doc of ctx.yamlDocuments(file)) {
      if (doc.errors.length > 0) continue;
      const visit = (node: YamlNode | null | undefined, container: string | null): void => {
        if (isMap(node)) {
          const items = node.items as Pair<YamlNode, YamlNode>[];
          const nameNode = items.find((p) => isScalar(p.key) && p.key.value === "name")?.value;
          const name = isScalar(nameNode) && typeof nameNode.value === "string" ? nameNode.value : container;
          const words: { value: string; node: YamlNode }[] = [];
          for (const key of ["command", "args", "entrypoint"]) {
            const value = items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
            if (isSeq(value)) for (const item of value.items as YamlNode[]) if (isScalar(item) && typeof item.value === "string") words.push({ value: item.value, node: item });
          }
          const shellAt = words.findIndex((w) => SHELLS.test(w.value));
          const flag = shellAt < 0 ? undefined : words[shellAt + 1];
          const script = shellAt < 0 ? undefined : words[shellAt + 2];
          if (flag !== undefined && script !== undefined && /^-[a-z]*c$/.test(flag.value) && !flag.value.includes("e")) {
            const lines = shellLines(script.value);
            const commands = lines
              .flatMap((l) => l.text.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (m) => m.replace(/;/g, ",")).split(/;(?!;)/))
              .map((c) => c.trim())
              .filter((c) => c !== "" && !NOT_COMMANDS.test(c));
            const mode = strictMode(script.value, lines);
            const range = script.node.range;
            if (commands.length >= 2 && !mode.errexit && range !== undefined && range !== null && !commands.every((c) => /^exec\s|^echo\s/.test(c) || c === commands[commands.length - 1])) {
              ctx.report({
                at: { other: file, start: range[0], end: range[0], anchor: `container-sh@${name ?? ""}@${range[0]}` },
                message: `${file.path}${name === null ? "" : ` (container ${name})`} runs a \`${words[shellAt]?.value ?? "sh"} ${flag.value}\` script of ${commands.length} commands without \`set -e\`: when one fails the next runs anyway, and the container starts as if nothing happened; begin the script with \`set -e\` (or use \`sh -ec\`).`,
              });
            }
          }
          for (const pair of items) visit(pair.value, name);
        } else if (isSeq(node)) {
          for (const item of node.items as YamlNode[]) visit(item, container);
        }
      };
      visit(doc.contents as YamlNode | null, null);
    }
  }
}

export default createRule({
  id: "ops/scripts-strict",
  principle: "operations",
  severity: "warning",
  title: "Script that carries on after a failure",
  description:
    "Shell scripts, boot scripts and container `sh -c` commands without set -e (and set -o pipefail where they use pipes, set -u for sh), commands whose failure is hidden with || true, and Python handlers that catch every exception and pass.",
  peers: {},
  scope: "repository",
  check(ctx) {
    for (const src of repositoryScripts(ctx)) {
      const report = (at: ReturnType<typeof scriptLocation>, message: string): void => ctx.report({ at, message });
      if (src.language === "python") checkPython(report, src);
      else checkShell(report, src);
    }
    checkContainerCommands(ctx);
  },
});
