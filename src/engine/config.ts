import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv2020 as Ajv2020Type } from "ajv/dist/2020.js";
import { LineCounter, parseDocument } from "yaml";
import type { Principle, Severity } from "./types.js";

/** `.cairn.yaml`, as written by the user (see schema/cairn-config.schema.json). */
export interface CairnConfig {
  rules?: Record<string, "off" | Severity | { severity?: Severity | "off"; options?: Record<string, unknown> }>;
  principles?: Partial<Record<Principle, "off">>;
  tags?: { required?: string[] };
  naming?: { pattern?: string };
  ignore?: string[];
  failOn?: Severity | "never";
}

export interface ResolvedConfig {
  requiredTags: string[];
  namingPattern: string;
  /** Whether .cairn.yaml sets the naming pattern (otherwise rules may infer the repository's own). */
  namingPatternExplicit: boolean;
  ignore: string[];
  failOn: Severity | "never" | undefined;
  /** Severity override per rule id, or "off". */
  ruleSettings: Map<string, { severity?: Severity | "off"; options: Record<string, unknown> }>;
  principlesOff: Set<Principle>;
}

export const DEFAULT_REQUIRED_TAGS = ["Project", "Environment", "ManagedBy", "Owner"];
export const DEFAULT_NAMING_PATTERN = "{project}-{environment}-{purpose}";

export class ConfigError extends Error {}

let schemaCache: object | null = null;

function schema(): object {
  schemaCache ??= JSON.parse(readFileSync(new URL("../../schema/cairn-config.schema.json", import.meta.url), "utf8")) as object;
  return schemaCache;
}

/**
 * Reads and validates `.cairn.yaml`. A bad value is a ConfigError whose message names the file, the
 * line and what is expected: `.cairn.yaml:3: rules.network/ssh must be one of off, error, warning, note`.
 */
export function parseConfig(text: string, path = ".cairn.yaml"): CairnConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error?.linePos?.[0]?.line ?? 1;
    throw new ConfigError(`${path}:${line}: not valid YAML: ${error?.message.split("\n")[0] ?? "syntax error"}`);
  }
  const data = (doc.toJS() ?? {}) as unknown;
  // Loaded only when there is a configuration file to check: most runs have none.
  const { Ajv2020 } = createRequire(import.meta.url)("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020Type };
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  const validate = ajv.compile(schema());
  if (!validate(data)) {
    const error = validate.errors?.[0];
    const pointer = (error?.instancePath ?? "").split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const node = pointer.length === 0 ? doc.contents : doc.getIn(pointer, true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    const line = range === undefined ? 1 : lineCounter.linePos(range[0]).line;
    const where = pointer.length === 0 ? "the file" : pointer.join(".");
    let expected = error?.message ?? "is invalid";
    if (error?.keyword === "enum") expected = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    if (error?.keyword === "additionalProperties") {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      throw new ConfigError(`${path}:${line}: ${where === "the file" ? "" : `${where}: `}unknown setting "${extra}"; see schema/cairn-config.schema.json for the settings cairn reads`);
    }
    throw new ConfigError(`${path}:${line}: ${where} ${expected}`);
  }
  return data as CairnConfig;
}

export function resolveConfig(config: CairnConfig = {}, knownRules?: ReadonlySet<string>): ResolvedConfig {
  const ruleSettings = new Map<string, { severity?: Severity | "off"; options: Record<string, unknown> }>();
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    if (knownRules !== undefined && !knownRules.has(id)) throw new ConfigError(`.cairn.yaml: rules: there is no rule "${id}"; run 'cairn rules' to list them`);
    if (typeof setting === "string") ruleSettings.set(id, { severity: setting, options: {} });
    else {
      const entry: { severity?: Severity | "off"; options: Record<string, unknown> } = { options: setting.options ?? {} };
      if (setting.severity !== undefined) entry.severity = setting.severity;
      ruleSettings.set(id, entry);
    }
  }
  return {
    requiredTags: config.tags?.required ?? DEFAULT_REQUIRED_TAGS,
    namingPattern: config.naming?.pattern ?? DEFAULT_NAMING_PATTERN,
    namingPatternExplicit: config.naming?.pattern !== undefined,
    ignore: config.ignore ?? [],
    failOn: config.failOn,
    ruleSettings,
    principlesOff: new Set(Object.entries(config.principles ?? {}).filter(([, v]) => v === "off").map(([k]) => k as Principle)),
  };
}

/** A matcher for `ignore` patterns: `legacy/**`, `*.generated.tf`, `examples/`. */
export function ignoreMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const regexes = patterns.map((pattern) => {
    let p = pattern.replace(/^\.\//, "");
    if (p.endsWith("/")) p += "**";
    let source = "";
    for (let i = 0; i < p.length; i++) {
      const c = p[i] as string;
      if (c === "*" && p[i + 1] === "*") {
        source += p[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += p[i + 2] === "/" ? 2 : 1;
      } else if (c === "*") source += "[^/]*";
      else if (c === "?") source += "[^/]";
      else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    const anchored = p.includes("/") ? `^${source}$` : `(^|/)${source}$`;
    return new RegExp(anchored);
  });
  return (path) => regexes.some((r) => r.test(path));
}
