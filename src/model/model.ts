import type { Attribute, Block, Expression } from "../hcl/ast.js";
import type { OtherFile, TerraformFile, Workspace } from "../workspace/workspace.js";

export type BlockKind =
  | "resource"
  | "data"
  | "variable"
  | "output"
  | "locals"
  | "provider"
  | "terraform"
  | "module"
  | "moved"
  | "import"
  | "check"
  | "removed"
  | "other";

/** A top-level block of a module, with where it lives and its Terraform address. */
export interface BlockRef {
  kind: BlockKind;
  block: Block;
  file: TerraformFile;
  module: Module;
  /** `aws_instance.web`, `data.aws_ami.ubuntu`, `var.region`, `module.vpc`, `output.id`, `provider.aws`, `terraform`. */
  address: string;
  /** Resource or data source type, provider name. */
  type?: string;
  /** Resource, data source, variable, output, module call name; provider alias. */
  name?: string;
}

/** One entry of a `locals` block. */
export interface LocalRef {
  name: string;
  attribute: Attribute;
  block: BlockRef;
}

export type SourceKind = "local" | "registry" | "git" | "github" | "bitbucket" | "s3" | "gcs" | "http" | "unknown";

export interface ModuleCall {
  name: string;
  ref: BlockRef;
  /** The literal `source`, or null when it is not a plain string. */
  source: string | null;
  sourceKind: SourceKind;
  /** The called module when it is a local directory of this workspace. */
  target: Module | null;
  /** The literal `version` argument, if any. */
  version: string | null;
}

export type ModuleRole = "root" | "module" | "example" | "test";

/** A reference from an expression: `var.region`, `aws_instance.web.id`, `module.vpc.vpc_id`. */
export interface Reference {
  /** The address it points at: `var.region`, `local.tags`, `aws_instance.web`, `data.aws_ami.x`, `module.vpc`. */
  address: string;
  /** The attribute path after the address, if static (`["id"]`, `["tags", "Name"]`). */
  path: string[];
  /** The expression node of the whole traversal. */
  node: Expression;
  /** Where the reference is written. */
  from: BlockRef;
  file: TerraformFile;
}

/** A directory of `.tf` files: Terraform's unit of configuration. */
export interface Module {
  /** POSIX directory relative to the audited root; "." for the root itself. */
  dir: string;
  role: ModuleRole;
  files: TerraformFile[];
  /** `.tfvars` and `.tfvars.json` in this directory. */
  varFiles: TerraformFile[];
  lockFile: TerraformFile | null;
  tests: TerraformFile[];
  blocks: BlockRef[];
  resources: BlockRef[];
  data: BlockRef[];
  variables: BlockRef[];
  outputs: BlockRef[];
  providers: BlockRef[];
  terraformBlocks: BlockRef[];
  moduleCalls: ModuleCall[];
  locals: LocalRef[];
  /** The `backend "x"` or `cloud` block inside a terraform block, if any. */
  backend: { type: string; block: Block; ref: BlockRef } | null;
  /** Calls from other modules of the workspace to this directory. */
  callers: ModuleCall[];
  references: Reference[];
  /** Addresses referenced anywhere in the module (`var.x`, `local.y`, `aws_instance.web`, `module.vpc`). */
  referenced: Set<string>;
  byAddress: Map<string, BlockRef>;
  localByName: Map<string, LocalRef>;
}

export interface Repository {
  workspace: Workspace;
  /** The audited path as the user gave it. */
  root: string;
  modules: Module[];
  moduleByDir: Map<string, Module>;
  /** Directories Terraform is run in: modules no other module calls, or that configure a backend. */
  rootModules: Module[];
  other: OtherFile[];
}
