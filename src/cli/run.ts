import { parseArgs } from "node:util";
import { summarizeParse, renderParseSummary } from "./parse-command.js";
import { VERSION } from "../version.js";

export interface Terminal {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit status: 0 success, 1 problems found, 2 usage, configuration or internal error. */
export type ExitCode = 0 | 1 | 2;

export class UsageError extends Error {}

const HELP = `cairn ${VERSION}: audits Terraform repositories against the principles of excellent infrastructure.

Usage:
  cairn parse [PATH]         parse every .tf, .tfvars and .hcl file; list syntax errors

Options:
  --format text|json         output format (default: text)
  -h, --help                 show this help
  -v, --version              print the version

Exit status: 0 when every file parsed, 1 when some file has syntax errors, 2 on a usage error.
Examples:
  cairn parse examples/grown-by-hand
  cairn parse . --format json > parse.json
`;

export async function run(argv: string[], terminal: Terminal): Promise<ExitCode> {
  try {
    return await dispatch(argv, terminal);
  } catch (error) {
    if (error instanceof UsageError) {
      terminal.stderr(`cairn: ${error.message}\nRun 'cairn --help' for usage.\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    terminal.stderr(`cairn: internal error. Please report it with the command you ran:\n${message}\n`);
    return 2;
  }
}

async function dispatch(argv: string[], terminal: Terminal): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    terminal.stdout(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    terminal.stdout(HELP);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not "${values.format}"`);
  switch (command) {
    case "parse": {
      if (rest.length > 1) throw new UsageError(`parse takes one PATH, got ${rest.length}`);
      const summary = summarizeParse(rest[0] ?? ".", terminal.cwd);
      terminal.stdout(values.format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : renderParseSummary(summary, { color: terminal.isTTY && !terminal.env.NO_COLOR }));
      return summary.errors.length > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
