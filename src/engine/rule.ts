import type { Document } from "yaml";
import type { Evaluator, ModuleInstance } from "../eval/evaluator.js";
import type { Value } from "../eval/value.js";
import type { BlockRef, Module, Repository } from "../model/model.js";
import type { OtherFile, TerraformFile } from "../workspace/workspace.js";
import type { ResolvedConfig } from "./config.js";
import type { AttrView, BlockView, TopBlockView } from "./views.js";
import type { Evidence, Fix, Principle, RuleMeta, Severity } from "./types.js";

/** Where a finding points. */
export type Location =
  | AttrView
  | BlockView
  /** A span of a Terraform file. */
  | { file: TerraformFile; start: number; end: number; anchor?: string }
  /** A span of another file (offsets into its text), or the whole file when start and end are absent. */
  | { other: OtherFile; start?: number; end?: number; anchor?: string }
  /** The repository as a whole: something is missing everywhere. */
  | { repository: true; anchor?: string }
  /** A whole file that has no readable text (binary, not UTF-8, too large). */
  | { path: string; anchor?: string };

export interface ReportInput {
  at: Location;
  /** One sentence that names the thing. Never include a secret. */
  message: string;
  /** A value whose origins become the evidence chain, and/or explicit evidence steps. */
  value?: Value;
  evidence?: EvidenceInput[];
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  fix?: Fix;
}

export interface EvidenceInput {
  message: string;
  at: Location;
}

interface BaseContext {
  repo: Repository;
  config: ResolvedConfig;
  /** This rule's options from .cairn.yaml (`rules: { id: { options: {...} } }`). */
  options: Readonly<Record<string, unknown>>;
  evaluator: Evaluator;
  report(input: ReportInput): void;
  /** The first document of a YAML file, parsed with positions (cached), or null when it does not parse. */
  yaml(file: OtherFile): Document.Parsed | null;
  /** Every document of a YAML file (`---` separated), parsed once per audit and shared by all rules; [] when it does not parse. */
  yamlDocuments(file: OtherFile): readonly Document.Parsed[];
  /** Text of another file, or null when it cannot be read. */
  text(file: OtherFile): string | null;
  /** A view of any top-level block, evaluated in an instance of its module (its standalone instance by default). */
  view(ref: BlockRef, instance?: ModuleInstance): TopBlockView;
}

/** Context of a rule that looks at one module instance at a time. */
export interface ModuleContext extends BaseContext {
  module: Module;
  instance: ModuleInstance;
  resources(type?: string | readonly string[]): TopBlockView[];
  dataSources(type?: string | readonly string[]): TopBlockView[];
  variables(): TopBlockView[];
  outputs(): TopBlockView[];
  providers(name?: string): TopBlockView[];
  moduleCalls(): TopBlockView[];
  terraformBlocks(): TopBlockView[];
  /** Views of the module's `locals` entries. */
  locals(): AttrView[];
}

/** Context of a rule that looks at the repository as a whole, once. */
export interface RepositoryContext extends BaseContext {
  /** Other files of a kind (ci, precommit, compose, script, readme, …). */
  files(kind: OtherFile["kind"]): OtherFile[];
  /** Every module of the workspace, each with the views of its standalone instance. */
  modules(): ModuleContext[];
  /** A context for every instance of every module (what module rules see, one by one). */
  instances(): ModuleContext[];
}

interface RuleSpecBase {
  id: string;
  principle: Principle;
  severity: Severity;
  title: string;
  description: string;
  peers?: RuleMeta["peers"];
  fix?: RuleMeta["fix"];
  aliases?: string[];
}

export interface ModuleRuleSpec extends RuleSpecBase {
  scope: "module";
  /** Module roles the rule looks at; by default all but tests. */
  roles?: readonly Module["role"][];
  check(ctx: ModuleContext): void;
}

export interface RepositoryRuleSpec extends RuleSpecBase {
  scope: "repository";
  check(ctx: RepositoryContext): void;
}

export type Rule = (ModuleRuleSpec | RepositoryRuleSpec) & { meta: RuleMeta };

/**
 * Defines a rule. The docs page is derived from the id (`docs/rules/<principle>/<name>.md`), and a
 * test checks that it exists and that its examples behave as they say.
 */
export function createRule(spec: ModuleRuleSpec | RepositoryRuleSpec): Rule {
  const [principle, name] = spec.id.split("/");
  if (principle === undefined || name === undefined) throw new Error(`rule id ${spec.id} must be principle/name`);
  const meta: RuleMeta = {
    id: spec.id,
    principle: spec.principle,
    severity: spec.severity,
    title: spec.title,
    description: spec.description,
    docs: `docs/rules/${spec.id}.md`,
    peers: spec.peers ?? {},
  };
  if (spec.fix !== undefined) meta.fix = spec.fix;
  if (spec.aliases !== undefined) meta.aliases = spec.aliases;
  return { ...spec, meta };
}

export type { Evidence };
