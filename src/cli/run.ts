import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  AuditError,
  BaselineError,
  ConfigError,
  PRINCIPLES,
  Progress,
  RULES,
  SEVERITY_ORDER,
  UsageFault,
  VERSION,
  auditDirectory,
  createBaseline,
  findRule,
  renderJson,
  renderJunit,
  renderSarif,
  renderText,
  type AuditResult,
  type DirectoryAudit,
  type Principle,
  type Severity,
} from "../index.js";
import { renderParseSummary, summarizeParse } from "./parse-command.js";

export interface Terminal {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  stderrIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit status: 0 nothing at or above the fail threshold, 1 findings at or above it, 2 usage, configuration or internal error. */
export type ExitCode = 0 | 1 | 2;

export class UsageError extends Error {}

const FORMATS = ["text", "json", "sarif", "junit"] as const;
type Format = (typeof FORMATS)[number];

const HELP = `cairn ${VERSION}: audits Terraform repositories against the principles of excellent infrastructure.

Usage:
  cairn audit [PATH] [options]   audit a repository (the default command; PATH defaults to .)
  cairn rules [RULE_ID]          list the rules, or explain one
  cairn parse [PATH]             parse every .tf, .tfvars and .hcl file; list syntax errors

Audit options:
  --format FORMAT          text (default), json, sarif or junit; repeat for several reports
  --output FILE            write the report to FILE instead of stdout; pairs with --format in order
                           (the format is guessed from the extension when --format is not given)
  --fail-on SEVERITY       error (default), warning, note or never: exit 1 when a finding is at or above it
  --config FILE            configuration file (default: PATH/.cairn.yaml when it exists)
  --env NAME               evaluate variables for one environment (envs/NAME, NAME.tfvars)
  --var-file FILE          variables file, like terraform -var-file (repeatable; relative to PATH)
  --baseline FILE          accept the findings recorded in FILE; report only new ones
  --write-baseline FILE    record the current findings in FILE, then report as usual
  --rule ID                run only this rule (repeatable)
  --principle NAME         run only this principle's rules (repeatable): ${PRINCIPLES.join(", ")}
  --show-suppressed        list suppressed findings too (text format)
  --full                   text format: every finding in full (by default, when a rule fires more
                           than 5 times in a principle, the first 3 are in full, the next 10 one line
                           each, and the rest counted)
  --quiet                  text format: findings only, no header or scorecard
  --no-color               no colour, even on a terminal (NO_COLOR=1 works too)
  -h, --help               show this help
  -v, --version            print the version

Exit status: 0 no finding at or above --fail-on; 1 some finding is; 2 a usage, configuration or
internal error (the message says what to do).

Examples:
  cairn audit                                  audit the current directory
  cairn audit infra --env prod                 values as the prod environment sets them
  cairn audit . --format sarif --output cairn.sarif --format text
  cairn audit . --write-baseline .cairn-baseline.json
  cairn audit . --baseline .cairn-baseline.json --fail-on warning
  cairn rules network/open-admin-ports

Suppress one finding with a comment on the line before the block or argument:
  # cairn:ignore network/ssh bastion reachable only through the VPN
`;

export async function run(argv: string[], terminal: Terminal): Promise<ExitCode> {
  try {
    return await dispatch(argv, terminal);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UsageFault || error instanceof ConfigError || error instanceof BaselineError) {
      terminal.stderr(`cairn: ${error.message}\n${error instanceof ConfigError ? "" : "Run 'cairn --help' for usage.\n"}`);
      return 2;
    }
    if (error instanceof AuditError) {
      const usage = error.message.startsWith("--");
      terminal.stderr(`cairn: ${usage ? error.message : `internal error: ${error.message}\nPlease report it with the command you ran and, if you can, the file involved.`}\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    terminal.stderr(`cairn: internal error. Please report it with the command you ran:\n${message}\n`);
    return 2;
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", multiple: true },
        output: { type: "string", short: "o", multiple: true },
        "fail-on": { type: "string" },
        config: { type: "string" },
        env: { type: "string" },
        "var-file": { type: "string", multiple: true },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        rule: { type: "string", multiple: true },
        principle: { type: "string", multiple: true },
        "show-suppressed": { type: "boolean" },
        full: { type: "boolean" },
        quiet: { type: "boolean", short: "q" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^Unknown option/, "unknown option"));
  }
}

async function dispatch(argv: string[], terminal: Terminal): Promise<ExitCode> {
  const { values, positionals } = parse(argv);
  if (values.version === true) {
    terminal.stdout(`${VERSION}\n`);
    return 0;
  }
  if (values.help === true || positionals[0] === "help") {
    terminal.stdout(HELP);
    return 0;
  }
  const commands = new Set(["audit", "rules", "parse"]);
  const command = positionals[0] !== undefined && commands.has(positionals[0]) ? positionals[0] : "audit";
  const rest = command === positionals[0] ? positionals.slice(1) : positionals;
  const color = values["no-color"] !== true && terminal.env.NO_COLOR === undefined && (values.color === true || terminal.isTTY);
  switch (command) {
    case "rules":
      return rulesCommand(rest, terminal);
    case "parse": {
      if (rest.length > 1) throw new UsageError(`parse takes one PATH, got ${rest.length}`);
      const formats = values.format ?? ["text"];
      const format = formats[0];
      if (formats.length > 1 || (format !== "text" && format !== "json")) throw new UsageError("parse supports --format text or json, once");
      const summary = summarizeParse(rest[0] ?? ".", terminal.cwd);
      terminal.stdout(format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : renderParseSummary(summary, { color }));
      return summary.errors.length > 0 ? 1 : 0;
    }
    default:
      return auditCommand(rest, values, terminal, color);
  }
}

function rulesCommand(args: string[], terminal: Terminal): ExitCode {
  if (args.length > 1) throw new UsageError("rules takes at most one RULE_ID");
  const id = args[0];
  if (id !== undefined) {
    const rule = findRule(id);
    if (rule === undefined) {
      const near = RULES.filter((r) => r.meta.id.includes(id) || id.includes(r.meta.id.split("/")[1] ?? "\u0000")).map((r) => r.meta.id);
      throw new UsageError(`there is no rule "${id}"${near.length > 0 ? `; did you mean ${near.slice(0, 3).join(", ")}?` : ""}; run 'cairn rules' to list them`);
    }
    let page: string;
    try {
      page = readFileSync(new URL(`../../${rule.meta.docs}`, import.meta.url), "utf8");
    } catch {
      page = `# ${rule.meta.id}: ${rule.meta.title}\n\n${rule.meta.description}\n`;
    }
    terminal.stdout(page.endsWith("\n") ? page : `${page}\n`);
    return 0;
  }
  const lines: string[] = [`${RULES.length} rules. Run 'cairn rules RULE_ID' for one rule's page.`, ""];
  for (const principle of PRINCIPLES) {
    const rules = RULES.filter((r) => r.meta.principle === principle);
    if (rules.length === 0) continue;
    lines.push(principle);
    const width = Math.max(...rules.map((r) => r.meta.id.length));
    for (const rule of rules) lines.push(`  ${rule.meta.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.title}`);
    lines.push("");
  }
  terminal.stdout(lines.join("\n"));
  return 0;
}

function formatOf(path: string): Format {
  if (/\.sarif(\.json)?$/i.test(path)) return "sarif";
  if (/\.json$/i.test(path)) return "json";
  if (/\.xml$/i.test(path)) return "junit";
  return "text";
}

function checkSeverity(value: string | undefined, flag: string): Severity | "never" | undefined {
  if (value === undefined) return undefined;
  if (value === "error" || value === "warning" || value === "note" || value === "never") return value;
  throw new UsageError(`${flag} must be error, warning, note or never, not "${value}"`);
}

function auditCommand(args: string[], values: ReturnType<typeof parse>["values"], terminal: Terminal, color: boolean): ExitCode {
  if (args.length > 1) throw new UsageError(`audit takes one PATH, got ${args.length}: ${args.join(" ")}`);
  const path = args[0] ?? ".";
  const formats = (values.format ?? []).map((f) => {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${f}"`);
    return f as Format;
  });
  const outputs = values.output ?? [];
  if (outputs.length > formats.length) for (const output of outputs.slice(formats.length)) formats.push(formatOf(output));
  if (formats.length === 0) formats.push("text");
  const toStdout = formats.slice(outputs.length);
  if (toStdout.length > 1) throw new UsageError(`${toStdout.length} formats would go to stdout (${toStdout.join(", ")}); give an --output for each format but one`);
  const principles = (values.principle ?? []).map((p) => {
    if (!(PRINCIPLES as readonly string[]).includes(p)) throw new UsageError(`--principle must be one of ${PRINCIPLES.join(", ")}, not "${p}"`);
    return p as Principle;
  });
  for (const id of values.rule ?? []) if (findRule(id) === undefined) throw new UsageError(`--rule ${id}: there is no such rule; run 'cairn rules' to list them`);
  let failOn = checkSeverity(values["fail-on"], "--fail-on");

  const progress = new Progress(terminal.stderr, terminal.stderrIsTTY === true && values.quiet !== true);
  const options: Parameters<typeof auditDirectory>[1] = { onProgress: (phase, done, total) => progress.update(phase, done, total), now: () => performance.now() };
  if (values.config !== undefined) options.configPath = values.config;
  if (values.env !== undefined) options.env = values.env;
  if (values["var-file"] !== undefined) options.varFiles = values["var-file"];
  if (values.baseline !== undefined) options.baselinePath = values.baseline;
  if (values.rule !== undefined) options.only = values.rule;
  if (principles.length > 0) options.principles = principles;
  let audited: DirectoryAudit;
  try {
    audited = auditDirectory(path, options, terminal.cwd);
  } finally {
    progress.done();
  }
  const auditResult: AuditResult = audited.result;
  const files = audited.source;
  failOn ??= audited.config?.failOn ?? "error";

  if (values["write-baseline"] !== undefined) writeOut(terminal.cwd, values["write-baseline"], `${JSON.stringify(createBaseline(auditResult.findings), null, 2)}\n`);

  const sources = new Map<string, string | undefined>();
  const source = (file: string): string | undefined => {
    if (!sources.has(file)) {
      const read = files.read(file);
      sources.set(file, read.ok ? read.text : undefined);
    }
    return sources.get(file);
  };
  formats.forEach((format, i) => {
    const output = outputs[i];
    const rendered = render(format, auditResult, { color: output === undefined && color, source, failOn, quiet: values.quiet === true, showSuppressed: values["show-suppressed"] === true, full: values.full === true || (values.rule?.length ?? 0) > 0 });
    if (output === undefined) terminal.stdout(rendered);
    else writeOut(terminal.cwd, output, rendered);
  });
  if (failOn === "never") return 0;
  const threshold = SEVERITY_ORDER[failOn];
  return auditResult.findings.some((f) => f.suppressed === undefined && SEVERITY_ORDER[f.severity] >= threshold) ? 1 : 0;
}

function render(
  format: Format,
  result: AuditResult,
  options: { color: boolean; source: (path: string) => string | undefined; failOn: Severity | "never"; quiet: boolean; showSuppressed: boolean; full: boolean },
): string {
  switch (format) {
    case "json":
      return renderJson(result);
    case "sarif":
      return renderSarif(result);
    case "junit":
      return renderJunit(result);
    default:
      return renderText(result, options);
  }
}

function writeOut(cwd: string, path: string, text: string): void {
  const absolute = resolve(cwd, path);
  try {
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
