import { createHash } from "node:crypto";
import { parseAllDocuments, type Document } from "yaml";
import { Evaluator, type ModuleInstance } from "../eval/evaluator.js";
import type { Origin, Value } from "../eval/value.js";
import type { HclFile, Span } from "../hcl/ast.js";
import { lineOf, lineStarts } from "../hcl/positions.js";
import { buildRepository } from "../model/build.js";
import type { BlockRef, Module, Repository } from "../model/model.js";
import { discover } from "../workspace/discover.js";
import type { FileSource } from "../workspace/source.js";
import type { OtherFile, TerraformFile } from "../workspace/workspace.js";
import { VERSION } from "../version.js";
import { applyBaseline, type Baseline } from "./baseline.js";
import { ignoreMatcher, resolveConfig, type CairnConfig, type ResolvedConfig } from "./config.js";
import type { Location, ModuleContext, ReportInput, RepositoryContext, Rule } from "./rule.js";
import { scorePrinciples } from "./score.js";
import { suppressionsAt } from "./suppressions.js";
import type { AuditResult, Evidence, Finding, Principle, Range, Severity } from "./types.js";
import { AttrView, BlockView, TopBlockView } from "./views.js";

export interface AuditOptions {
  /** The audited path as the user gave it; used in the result, never resolved here. */
  root: string;
  source: FileSource;
  rules: readonly Rule[];
  config?: CairnConfig;
  /** Environment name (`--env`): its variable file is applied to root modules. */
  env?: string;
  /** Variable files (`--var-file`), POSIX paths relative to the root. */
  varFiles?: string[];
  /** Only these rules (ids or aliases) run. */
  only?: string[];
  /** Only rules of these principles run. */
  principles?: Principle[];
  baseline?: Baseline;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** When given, receives how long each rule took, in milliseconds. */
  timings?: Map<string, number>;
  /** Milliseconds clock, for the stats; left out of the result when absent, to keep output deterministic. */
  now?: () => number;
}

export class AuditError extends Error {}

/** Text positions for any file a finding can point at. */
class Positions {
  private readonly texts = new Map<string, string>();
  private readonly starts = new Map<string, Int32Array>();

  add(path: string, text: string): void {
    this.texts.set(path, text);
  }

  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  range(path: string, start: number, end: number): Range {
    const text = this.texts.get(path) ?? "";
    let starts = this.starts.get(path);
    if (starts === undefined) {
      starts = lineStarts(text);
      this.starts.set(path, starts);
    }
    const point = (offset: number): Range["start"] => {
      const line = lineOf(starts, offset);
      return { line, column: offset - (starts[line - 1] as number) + 1, offset };
    };
    return { start: point(start), end: point(end) };
  }
}

const WHOLE: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export function audit(options: AuditOptions): AuditResult {
  const started = options.now?.();
  const config = resolveConfig(options.config, new Set(options.rules.flatMap((r) => [r.meta.id, ...(r.meta.aliases ?? [])])));
  const ignored = ignoreMatcher(config.ignore);
  const discoverOptions: Parameters<typeof discover>[2] = { ignore: ignored };
  if (options.onProgress !== undefined) {
    const progress = options.onProgress;
    discoverOptions.onFile = (done, total) => progress("reading", done, total);
  }
  const workspace = discover(options.root, options.source, discoverOptions);
  const repo = buildRepository(workspace);
  const positions = new Positions();
  for (const file of workspace.terraform) positions.add(file.path, file.text);

  const varFiles = resolveVarFiles(repo, options);
  const readFile = (path: string): string | null => {
    const read = options.source.read(path);
    return read.ok ? read.text : null;
  };
  const evaluator = new Evaluator({ varFiles: (module) => varFiles(module), readFile });

  const selected = selectRules(options.rules, config, options);
  const findings: Finding[] = [];
  const seen = new Map<string, Finding>();
  const yamlCache = new Map<string, readonly Document.Parsed[]>();
  const yamlDocuments = (file: OtherFile): readonly Document.Parsed[] => {
    let docs = yamlCache.get(file.path);
    if (docs === undefined) {
      docs = [];
      const text = file.text();
      if (text !== null) {
        positions.add(file.path, text);
        try {
          docs = parseAllDocuments(text, { uniqueKeys: false }).filter((d): d is Document.Parsed => "errors" in d && d.errors.length === 0);
        } catch {
          docs = [];
        }
      }
      yamlCache.set(file.path, docs);
    }
    return docs;
  };

  const toFinding = (rule: Rule, input: ReportInput, instance: ModuleInstance | null): void => {
    const located = locate(input.at, positions);
    const evidence: Evidence[] = [];
    for (const origin of originsOf(input.value)) {
      if (positions.text(origin.file) === undefined) continue;
      evidence.push({ message: origin.label, file: origin.file, range: positions.range(origin.file, origin.start, origin.end) });
    }
    for (const step of input.evidence ?? []) {
      const where = locate(step.at, positions);
      evidence.push({ message: step.message, file: where.file, range: where.range });
    }
    const severity = config.ruleSettings.get(rule.meta.id)?.severity;
    const finding: Finding = {
      ruleId: rule.meta.id,
      principle: rule.meta.principle,
      severity: input.severity ?? (severity !== undefined && severity !== "off" ? severity : rule.meta.severity),
      message: input.message,
      file: located.file,
      range: located.range,
      evidence,
      fingerprint: "",
    };
    if (severity !== undefined && severity !== "off" && input.severity === undefined) finding.severity = severity;
    if (instance !== null && instance.path.length > 0) {
      finding.module = instance.path;
      let root = instance;
      while (root.parent !== null) root = root.parent;
      finding.moduleRoot = root.module.dir;
    }
    if (input.fix !== undefined) finding.fix = input.fix;
    const anchorText = `${rule.meta.id}|${located.file}|${located.anchor}`;
    finding.fingerprint = createHash("sha256").update(anchorText).digest("hex").slice(0, 32);
    const key = `${finding.fingerprint}|${finding.message}`;
    const previous = seen.get(finding.fingerprint);
    if (previous !== undefined) {
      // The same problem seen through another module instance: keep one finding.
      if (previous.message === finding.message || seen.has(key)) return;
      finding.fingerprint = createHash("sha256").update(`${anchorText}|${finding.message}`).digest("hex").slice(0, 32);
      if (seen.has(finding.fingerprint)) return;
    }
    seen.set(finding.fingerprint, finding);
    seen.set(key, finding);
    if (located.hcl !== null) {
      const span = located.span;
      for (const suppression of suppressionsAt(located.hcl, span)) {
        if (!suppression.matches(rule.meta)) continue;
        if (!suppression.valid) {
          // Say why the comment did not work, rather than ignoring it silently.
          finding.evidence.push({ message: suppression.problem ?? "this suppression is not valid", file: located.file, range: positions.range(located.file, suppression.comment.start, suppression.comment.end) });
          continue;
        }
        finding.suppressed = { kind: "comment", reason: suppression.reason };
        break;
      }
    }
    findings.push(finding);
  };

  /** Views of an instance's blocks, built once and shared by every rule (they cache what they evaluate). */
  const viewCache = new WeakMap<ModuleInstance, Map<BlockRef, TopBlockView>>();
  const viewOf = (ref: BlockRef, instance: ModuleInstance): TopBlockView => {
    let views = viewCache.get(instance);
    if (views === undefined) {
      views = new Map();
      viewCache.set(instance, views);
    }
    let view = views.get(ref);
    if (view === undefined) {
      view = new TopBlockView(ref, evaluator.scope(instance), evaluator);
      views.set(ref, view);
    }
    return view;
  };
  const localViews = new WeakMap<ModuleInstance, AttrView[]>();
  const localsOf = (module: Module, instance: ModuleInstance): AttrView[] => {
    let locals = localViews.get(instance);
    if (locals === undefined) {
      const scope = evaluator.scope(instance);
      locals = module.locals.map((l) => new AttrView(l.attribute, l.block.file, scope, evaluator, `local.${l.name}`));
      localViews.set(instance, locals);
    }
    return locals;
  };
  const otherByKind = new Map<string, OtherFile[]>();
  for (const file of repo.other) {
    const list = otherByKind.get(file.kind);
    if (list === undefined) otherByKind.set(file.kind, [file]);
    else list.push(file);
  }
  const session: Session = {
    repo,
    config,
    evaluator,
    report: toFinding,
    yamlDocuments,
    text: (file) => {
      const text = file.text();
      if (text !== null) positions.add(file.path, text);
      return text;
    },
    view: (ref, target) => viewOf(ref, target ?? evaluator.standalone(ref.module)),
    views: (refs, instance, types) => {
      const wanted = types === undefined ? null : typeof types === "string" ? [types] : types;
      const out: TopBlockView[] = [];
      for (const ref of refs) if (wanted === null || wanted.includes(ref.type ?? "")) out.push(viewOf(ref, instance));
      return out;
    },
    locals: localsOf,
    files: (kind) => otherByKind.get(kind) ?? [],
  };

  const total = selected.length;
  let done = 0;
  const timings = options.timings;
  for (const rule of selected) {
    options.onProgress?.("checking", done, total);
    const ruleStarted = timings === undefined ? 0 : performance.now();
    try {
      const ruleOptions = config.ruleSettings.get(rule.meta.id)?.options ?? {};
      if (rule.scope === "repository") {
        rule.check(new RepositoryContextImpl(session, rule, ruleOptions));
      } else {
        const roles = rule.roles ?? ["root", "module", "example"];
        for (const module of repo.modules) {
          if (!roles.includes(module.role)) continue;
          for (const instance of evaluator.instancesOf(module)) rule.check(new ModuleContextImpl(session, rule, ruleOptions, module, instance));
        }
      }
    } catch (error) {
      throw new AuditError(`rule ${rule.meta.id} failed: ${(error as Error).stack ?? String(error)}`);
    }
    if (timings !== undefined) timings.set(rule.meta.id, performance.now() - ruleStarted);
    done++;
  }
  options.onProgress?.("checking", total, total);

  if (options.baseline !== undefined) applyBaseline(findings, options.baseline);
  findings.sort(compareFindings);
  const { scores, overall } = scorePrinciples(findings, [...new Set(selected.map((r) => r.meta.principle))]);
  const result: AuditResult = {
    schemaVersion: 1,
    tool: { name: "cairn", version: VERSION },
    root: options.root,
    stats: {
      terraformFiles: workspace.terraform.length,
      otherFiles: workspace.other.length,
      modules: repo.modules.length,
      rootModules: repo.rootModules.length,
      resources: repo.modules.reduce((sum, m) => sum + m.resources.length, 0),
    },
    skipped: [...workspace.skipped].sort((a, b) => (a.file < b.file ? -1 : 1)),
    findings,
    rules: selected.map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : 1)),
    scores,
    overall,
  };
  if (options.env !== undefined) result.environment = options.env;
  if (started !== undefined && options.now !== undefined) result.stats.milliseconds = Math.round(options.now() - started);
  return result;
}

/** What every context of one audit shares. */
interface Session {
  repo: Repository;
  config: ResolvedConfig;
  evaluator: Evaluator;
  report(rule: Rule, input: ReportInput, instance: ModuleInstance | null): void;
  yamlDocuments(file: OtherFile): readonly Document.Parsed[];
  text(file: OtherFile): string | null;
  view(ref: BlockRef, instance?: ModuleInstance): TopBlockView;
  views(refs: readonly BlockRef[], instance: ModuleInstance, types?: string | readonly string[]): TopBlockView[];
  locals(module: Module, instance: ModuleInstance): AttrView[];
  files(kind: OtherFile["kind"]): OtherFile[];
}

/**
 * A rule's context. Contexts are made for every rule and module instance, so they are small objects
 * whose methods live on the prototype and read the shared session.
 */
class BaseContextImpl {
  constructor(
    protected readonly session: Session,
    protected readonly rule: Rule,
    readonly options: Readonly<Record<string, unknown>>,
  ) {}

  get repo(): Repository {
    return this.session.repo;
  }

  get config(): ResolvedConfig {
    return this.session.config;
  }

  get evaluator(): Evaluator {
    return this.session.evaluator;
  }

  protected get reportingInstance(): ModuleInstance | null {
    return null;
  }

  report(input: ReportInput): void {
    this.session.report(this.rule, input, this.reportingInstance);
  }

  yaml(file: OtherFile): Document.Parsed | null {
    return this.session.yamlDocuments(file)[0] ?? null;
  }

  yamlDocuments(file: OtherFile): readonly Document.Parsed[] {
    return this.session.yamlDocuments(file);
  }

  text(file: OtherFile): string | null {
    return this.session.text(file);
  }

  view(ref: BlockRef, instance?: ModuleInstance): TopBlockView {
    return this.session.view(ref, instance);
  }
}

class ModuleContextImpl extends BaseContextImpl implements ModuleContext {
  constructor(
    session: Session,
    rule: Rule,
    options: Readonly<Record<string, unknown>>,
    readonly module: Module,
    readonly instance: ModuleInstance,
  ) {
    super(session, rule, options);
  }

  protected override get reportingInstance(): ModuleInstance {
    return this.instance;
  }

  resources(type?: string | readonly string[]): TopBlockView[] {
    return this.session.views(this.module.resources, this.instance, type);
  }

  dataSources(type?: string | readonly string[]): TopBlockView[] {
    return this.session.views(this.module.data, this.instance, type);
  }

  variables(): TopBlockView[] {
    return this.session.views(this.module.variables, this.instance);
  }

  outputs(): TopBlockView[] {
    return this.session.views(this.module.outputs, this.instance);
  }

  providers(name?: string): TopBlockView[] {
    return this.session.views(this.module.providers, this.instance, name);
  }

  moduleCalls(): TopBlockView[] {
    return this.session.views(
      this.module.moduleCalls.map((c) => c.ref),
      this.instance,
    );
  }

  terraformBlocks(): TopBlockView[] {
    return this.session.views(this.module.terraformBlocks, this.instance);
  }

  locals(): AttrView[] {
    return this.session.locals(this.module, this.instance);
  }
}

class RepositoryContextImpl extends BaseContextImpl implements RepositoryContext {
  files(kind: OtherFile["kind"]): OtherFile[] {
    return this.session.files(kind);
  }

  modules(): ModuleContext[] {
    return this.repo.modules.map((m) => new ModuleContextImpl(this.session, this.rule, this.options, m, this.evaluator.standalone(m)));
  }

  instances(): ModuleContext[] {
    const out: ModuleContext[] = [];
    for (const module of this.repo.modules) {
      for (const instance of this.evaluator.instancesOf(module)) out.push(new ModuleContextImpl(this.session, this.rule, this.options, module, instance));
    }
    return out;
  }
}

function selectRules(rules: readonly Rule[], config: ResolvedConfig, options: AuditOptions): Rule[] {
  const only = options.only === undefined ? null : new Set(options.only);
  return rules.filter((rule) => {
    const setting = config.ruleSettings.get(rule.meta.id);
    if (setting?.severity === "off") return false;
    if (config.principlesOff.has(rule.meta.principle)) return false;
    if (options.principles !== undefined && !options.principles.includes(rule.meta.principle)) return false;
    if (only !== null && !only.has(rule.meta.id) && !(rule.meta.aliases ?? []).some((a) => only.has(a))) return false;
    return true;
  });
}

/** Variable files per root module: `--var-file` paths, and the environment's file for `--env`. */
function resolveVarFiles(repo: Repository, options: AuditOptions): (module: Module) => TerraformFile[] {
  const byPath = new Map(repo.workspace.terraform.map((f) => [f.path, f]));
  const explicit: TerraformFile[] = [];
  for (const path of options.varFiles ?? []) {
    const file = byPath.get(path.replace(/^\.\//, ""));
    if (file === undefined) throw new AuditError(`--var-file ${path}: no such variables file in the audited directory`);
    explicit.push(file);
  }
  const env = options.env;
  if (env !== undefined) {
    const matching = repo.workspace.environments.filter((e) => e.name === env);
    if (matching.length === 0) {
      const names = [...new Set(repo.workspace.environments.map((e) => e.name))].join(", ");
      throw new AuditError(`--env ${env}: no environment of that name; found: ${names || "none"}`);
    }
  }
  return (module) => {
    const out = [...explicit];
    if (env !== undefined) {
      for (const file of repo.workspace.terraform) {
        if (file.kind !== "tfvars" && file.kind !== "tfvars.json") continue;
        const base = file.path.slice(file.path.lastIndexOf("/") + 1).replace(/\.tfvars(\.json)?$/, "");
        const inModule = module.dir === "." || file.path.startsWith(`${module.dir}/`);
        if (inModule && base === env && !out.includes(file)) out.push(file);
      }
    }
    return out;
  };
}

function originsOf(value: Value | undefined): readonly Origin[] {
  return value?.origins ?? [];
}

interface Located {
  file: string;
  range: Range;
  anchor: string;
  hcl: HclFile | null;
  span: Span;
}

function locate(at: Location, positions: Positions): Located {
  if (at instanceof AttrView) {
    return { file: at.file.path, range: positions.range(at.file.path, at.start, at.end), anchor: at.anchor, hcl: at.file.hcl, span: at.attribute };
  }
  if (at instanceof BlockView) {
    const header = at.header;
    return { file: at.file.path, range: positions.range(at.file.path, header.start, header.end), anchor: at.anchor, hcl: at.file.hcl, span: at.block };
  }
  if ("repository" in at) return { file: ".", range: WHOLE, anchor: at.anchor ?? "", hcl: null, span: { start: 0, end: 0 } };
  if ("path" in at) return { file: at.path, range: WHOLE, anchor: at.anchor ?? "", hcl: null, span: { start: 0, end: 0 } };
  if ("other" in at) {
    const text = at.other.text();
    if (text !== null) positions.add(at.other.path, text);
    const start = at.start ?? 0;
    const end = at.end ?? start;
    const range = text === null ? WHOLE : positions.range(at.other.path, start, end);
    const anchor = at.anchor ?? (text === null ? "" : text.slice(start, end).replace(/\s+/g, " ").slice(0, 200));
    return { file: at.other.path, range, anchor, hcl: null, span: { start, end } };
  }
  const file: TerraformFile = at.file;
  const anchor = at.anchor ?? file.text.slice(at.start, at.end).replace(/\s+/g, " ").slice(0, 200);
  return { file: file.path, range: positions.range(file.path, at.start, at.end), anchor, hcl: file.hcl, span: { start: at.start, end: at.end } };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file === "." ? -1 : b.file === "." ? 1 : a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.column !== b.range.start.column) return a.range.start.column - b.range.start.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];
export type { OtherFile };
