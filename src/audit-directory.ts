import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseBaseline, type Baseline } from "./engine/baseline.js";
import { parseConfig, type CairnConfig } from "./engine/config.js";
import { audit, type AuditOptions } from "./engine/run.js";
import type { AuditResult } from "./engine/types.js";
import { NodeFileSource } from "./host/node-source.js";
import { RULES } from "./rules/index.js";

export interface AuditDirectoryOptions extends Omit<AuditOptions, "root" | "source" | "rules" | "config" | "baseline"> {
  /** Path of a .cairn.yaml; by default `<path>/.cairn.yaml` when it exists. */
  configPath?: string;
  baselinePath?: string;
}

export interface DirectoryAudit {
  result: AuditResult;
  /** The files read, for code frames. */
  source: NodeFileSource;
  /** The configuration that applied, if any. */
  config: CairnConfig | undefined;
}

/** Audits a directory on disk with the full rule catalogue. The path is reported as given. */
export function auditDirectory(path: string, options: AuditDirectoryOptions = {}, cwd = process.cwd()): DirectoryAudit {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) throw new UsageFault(`no such directory: ${path}`);
  if (!statSync(absolute).isDirectory()) throw new UsageFault(`${path} is a file; give the directory of the repository to audit`);
  const configPath = options.configPath === undefined ? join(absolute, ".cairn.yaml") : resolve(cwd, options.configPath);
  let config: CairnConfig | undefined;
  if (existsSync(configPath)) config = parseConfig(readFileSync(configPath, "utf8"), options.configPath ?? ".cairn.yaml");
  else if (options.configPath !== undefined) throw new UsageFault(`no such configuration file: ${options.configPath}`);
  let baseline: Baseline | undefined;
  if (options.baselinePath !== undefined) {
    const baselineFile = resolve(cwd, options.baselinePath);
    if (!existsSync(baselineFile)) throw new UsageFault(`no such baseline file: ${options.baselinePath}; write one with --write-baseline`);
    baseline = parseBaseline(readFileSync(baselineFile, "utf8"), options.baselinePath);
  }
  const source = new NodeFileSource(absolute);
  const { configPath: _c, baselinePath: _b, ...rest } = options;
  const auditOptions: AuditOptions = { ...rest, root: path, source, rules: RULES };
  if (config !== undefined) auditOptions.config = config;
  if (baseline !== undefined) auditOptions.baseline = baseline;
  return { result: audit(auditOptions), source, config };
}

/** A problem with what the user asked for (a missing path, a bad flag value): exit status 2. */
export class UsageFault extends Error {}
