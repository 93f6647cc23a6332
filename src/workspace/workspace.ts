import type { HclFile } from "../hcl/ast.js";
import type { SkippedFile } from "../engine/types.js";
import type { SkippedDirectory, SourceEntry } from "./source.js";

export type TerraformKind = "tf" | "tf.json" | "tfvars" | "tfvars.json" | "tftest" | "lock";

export interface TerraformFile {
  path: string;
  /** Directory, POSIX, relative to the root ("." for the root). */
  dir: string;
  kind: TerraformKind;
  text: string;
  hcl: HclFile;
  entry: SourceEntry;
}

export type OtherKind =
  | "ci"
  | "precommit"
  | "compose"
  | "yaml"
  | "script"
  | "readme"
  | "gitignore"
  | "tool-versions"
  | "makefile"
  | "dockerfile"
  | "devcontainer"
  | "template"
  | "state"
  | "localstack";

/** A file that is not Terraform but matters to some principle: CI, compose, scripts, docs … */
export interface OtherFile {
  path: string;
  dir: string;
  kind: OtherKind;
  /** CI system for kind "ci": github, gitlab, circleci, jenkins, bitbucket, azure. */
  system?: string;
  /** Script language for kind "script": shell or python. */
  language?: "shell" | "python";
  entry: SourceEntry;
  /** Read on demand; null when the file is not text (the reason is in `skipped`). */
  text: () => string | null;
}

export interface Environment {
  name: string;
  /** Where the environment was found: a directory (`envs/prod`) or a variables file (`prod.tfvars`). */
  source: "directory" | "tfvars";
  path: string;
}

export interface Workspace {
  /** The audited path as the user gave it. */
  root: string;
  terraform: TerraformFile[];
  other: OtherFile[];
  environments: Environment[];
  skipped: SkippedFile[];
  /** Every file the source listed, for rules that look at the repository's contents (committed state, artifacts). */
  entries: readonly SourceEntry[];
  /** Tool directories present but not read (`.terraform/`), with whether git tracks them. */
  skippedDirectories: readonly SkippedDirectory[];
  /** `entries` by directory ("." for the root), for rules that look beside a module. */
  entriesByDir: ReadonlyMap<string, readonly SourceEntry[]>;
  /** `entries` by file name (`terragrunt.hcl`, `Makefile`), for rules that look for one kind of file anywhere. */
  entriesByName: ReadonlyMap<string, readonly SourceEntry[]>;
}
