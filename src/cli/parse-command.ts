import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { codeFrame, parseHcl, rangeOf, redactFrame } from "../index.js";
import { listFiles, readText } from "../host/files.js";
import { UsageError } from "./run.js";

export interface ParseSummary {
  root: string;
  files: number;
  bytes: number;
  milliseconds: number;
  byExtension: Record<string, number>;
  blocks: Record<string, number>;
  errors: { file: string; line: number; column: number; message: string; frame: string }[];
  unreadable: { file: string; reason: string }[];
}

const HCL_FILE = /\.(tf|tfvars|hcl)$/;

export function summarizeParse(path: string, cwd: string): ParseSummary {
  const root = resolve(cwd, path);
  if (!existsSync(root)) throw new UsageError(`no such file or directory: ${path}`);
  const started = performance.now();
  const summary: ParseSummary = { root: path, files: 0, bytes: 0, milliseconds: 0, byExtension: {}, blocks: {}, errors: [], unreadable: [] };
  for (const found of listFiles(root, (p) => HCL_FILE.test(p))) {
    const read = readText(found.absolute);
    if (!read.ok) {
      summary.unreadable.push({ file: found.path, reason: read.reason });
      continue;
    }
    summary.files++;
    summary.bytes += found.size;
    const ext = (HCL_FILE.exec(found.path)?.[0] ?? "").slice(1);
    summary.byExtension[ext] = (summary.byExtension[ext] ?? 0) + 1;
    const file = parseHcl(read.text, { path: found.path });
    for (const item of file.body.items) {
      if (item.type === "Block") summary.blocks[item.blockType] = (summary.blocks[item.blockType] ?? 0) + 1;
    }
    for (const diagnostic of file.diagnostics) {
      const { start } = rangeOf(file, diagnostic);
      summary.errors.push({ file: found.path, line: start.line, column: start.column, message: diagnostic.message, frame: redactFrame(codeFrame(read.text, diagnostic, file)) });
    }
  }
  summary.milliseconds = Math.round(performance.now() - started);
  return summary;
}

export function renderParseSummary(summary: ParseSummary, options: { color: boolean }): string {
  const bold = (s: string): string => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
  const red = (s: string): string => (options.color ? `\u001b[31m${s}\u001b[39m` : s);
  const lines: string[] = [];
  const kb = (summary.bytes / 1024).toFixed(1);
  lines.push(bold(`Parsed ${summary.files} file${summary.files === 1 ? "" : "s"} (${kb} KiB) in ${summary.root} in ${summary.milliseconds} ms`));
  for (const [ext, count] of Object.entries(summary.byExtension).sort()) lines.push(`  .${ext.padEnd(8)} ${count}`);
  const kinds = Object.entries(summary.blocks).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (kinds.length > 0) {
    lines.push("", bold("Top-level blocks"));
    const width = Math.max(...kinds.map(([k]) => k.length));
    for (const [kind, count] of kinds) lines.push(`  ${kind.padEnd(width)}  ${count}`);
  }
  for (const entry of summary.unreadable) lines.push("", `${entry.file}: skipped: the file ${entry.reason}`);
  lines.push("");
  if (summary.errors.length === 0) lines.push("No syntax errors.");
  else {
    lines.push(bold(red(`${summary.errors.length} syntax error${summary.errors.length === 1 ? "" : "s"}`)), "");
    for (const error of summary.errors) {
      lines.push(`${error.file}:${error.line}:${error.column}: ${error.message}`);
      lines.push(error.frame, "");
    }
  }
  return `${lines.join("\n")}\n`;
}
