import type { Attribute, Block, Body, Expression, Node } from "../hcl/ast.js";
import { childrenOf } from "../hcl/walk.js";
import type { TerraformFile, Workspace } from "../workspace/workspace.js";
import type { BlockKind, BlockRef, LocalRef, Module, ModuleRole, Reference, Repository, SourceKind } from "./model.js";
import { addressOf, traversalOf } from "./traversal.js";

const KINDS = new Set<BlockKind>(["resource", "data", "variable", "output", "locals", "provider", "terraform", "module", "moved", "import", "check", "removed"]);

const EXAMPLE_SEGMENT = /^(examples?|_examples?|samples?|demos?)$/i;
const TEST_SEGMENT = /^(tests?|testdata|test-fixtures|fixtures|testing)$/i;

const ENVIRONMENT_FOLDERS = /^(environments?|envs?|live|stages?|accounts|deployments)$/i;

export function roleOf(dir: string): ModuleRole | null {
  const segments = dir === "." ? [] : dir.split("/");
  // `envs/test` is an environment called test, not a test fixture.
  if (segments.some((s, i) => TEST_SEGMENT.test(s) && !ENVIRONMENT_FOLDERS.test(segments[i - 1] ?? ""))) return "test";
  if (segments.some((s) => EXAMPLE_SEGMENT.test(s))) return "example";
  return null;
}

/** The string value of an attribute when it is a plain literal string (no interpolation). */
export function literalString(expr: Expression | undefined): string | null {
  if (expr === undefined || expr.type !== "Template") return null;
  if (expr.parts.length === 0) return "";
  if (expr.parts.length === 1 && expr.parts[0]?.type === "TemplateLiteral") return expr.parts[0].value;
  return null;
}

export function attributeOf(body: Body, name: string): Attribute | undefined {
  for (const item of body.items) if (item.type === "Attribute" && item.name === name) return item;
  return undefined;
}

export function blocksOf(body: Body, type?: string): Block[] {
  const out: Block[] = [];
  for (const item of body.items) if (item.type === "Block" && (type === undefined || item.blockType === type)) out.push(item);
  return out;
}

export function sourceKind(source: string): SourceKind {
  if (source.startsWith("./") || source.startsWith("../") || source === "." || source === "..") return "local";
  if (/^git::|^git@|\.git($|\?|\/\/)/.test(source)) return "git";
  if (/^(https:\/\/)?github\.com\//.test(source)) return "github";
  if (/^(https:\/\/)?bitbucket\.org\//.test(source)) return "bitbucket";
  if (source.startsWith("s3::") || /\.s3[.-][a-z0-9-]*\.?amazonaws\.com/.test(source)) return "s3";
  if (source.startsWith("gcs::")) return "gcs";
  if (/^https?:\/\//.test(source)) return "http";
  if (/^([a-z0-9.-]+\/)?[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(\/\/.*)?$/.test(source)) return "registry";
  return "unknown";
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0 || out[out.length - 1] === "..") out.push("..");
      else out.pop();
    } else out.push(part);
  }
  return out.length === 0 ? "." : out.join("/");
}

export function joinDir(dir: string, relative: string): string {
  return normalize(dir === "." ? relative : `${dir}/${relative}`);
}

function blockAddress(kind: BlockKind, block: Block): { address: string; type?: string; name?: string } {
  const [first, second] = block.labels.map((l) => l.value);
  switch (kind) {
    case "resource":
      return { address: `${first}.${second}`, type: first as string, name: second as string };
    case "data":
      return { address: `data.${first}.${second}`, type: first as string, name: second as string };
    case "variable":
      return { address: `var.${first}`, name: first as string };
    case "output":
      return { address: `output.${first}`, name: first as string };
    case "module":
      return { address: `module.${first}`, name: first as string };
    case "provider": {
      const alias = literalString(attributeOf(block.body, "alias")?.expr);
      return { address: alias === null ? `provider.${first}` : `provider.${first}.${alias}`, type: first as string, ...(alias === null ? {} : { name: alias }) };
    }
    case "check":
      return { address: `check.${first}`, name: first as string };
    default:
      return { address: kind };
  }
}

function collectReferences(node: Node, from: BlockRef, file: TerraformFile, out: Reference[]): void {
  if (node.type === "Variable" || node.type === "GetAttr" || node.type === "Index" || node.type === "Splat") {
    const t = traversalOf(node);
    if (t !== null) {
      const target = addressOf(t);
      if (target !== null) out.push({ address: target.address, path: target.path, node, from, file });
      // Index keys inside the traversal can hold references of their own.
      for (const step of t.steps) if (step.kind === "index" && step.key === null) collectReferences(step.expr, from, file, out);
      if (node.type === "Splat") collectReferences(node.each, from, file, out);
      return;
    }
  }
  for (const child of childrenOf(node)) collectReferences(child, from, file, out);
}

function buildModule(dir: string, files: TerraformFile[], extras: TerraformFile[]): Module {
  const module: Module = {
    dir,
    role: "root",
    files,
    varFiles: extras.filter((f) => f.kind === "tfvars" || f.kind === "tfvars.json"),
    lockFile: extras.find((f) => f.kind === "lock") ?? null,
    tests: extras.filter((f) => f.kind === "tftest"),
    blocks: [],
    resources: [],
    data: [],
    variables: [],
    outputs: [],
    providers: [],
    terraformBlocks: [],
    moduleCalls: [],
    locals: [],
    backend: null,
    callers: [],
    references: [],
    referenced: new Set(),
    byAddress: new Map(),
    localByName: new Map(),
  };
  for (const file of files) {
    for (const item of file.hcl.body.items) {
      if (item.type !== "Block") continue;
      const kind = (KINDS.has(item.blockType as BlockKind) ? item.blockType : "other") as BlockKind;
      const ref: BlockRef = { kind, block: item, file, module, ...blockAddress(kind, item) };
      module.blocks.push(ref);
      if (ref.address !== kind && !module.byAddress.has(ref.address)) module.byAddress.set(ref.address, ref);
      switch (kind) {
        case "resource":
          module.resources.push(ref);
          break;
        case "data":
          module.data.push(ref);
          break;
        case "variable":
          module.variables.push(ref);
          break;
        case "output":
          module.outputs.push(ref);
          break;
        case "provider":
          module.providers.push(ref);
          break;
        case "terraform": {
          module.terraformBlocks.push(ref);
          for (const inner of item.body.items) {
            if (inner.type === "Block" && (inner.blockType === "backend" || inner.blockType === "cloud")) {
              module.backend ??= { type: inner.blockType === "cloud" ? "cloud" : (inner.labels[0]?.value ?? "unknown"), block: inner, ref };
            }
          }
          break;
        }
        case "locals":
          for (const entry of item.body.items) {
            if (entry.type !== "Attribute") continue;
            const local: LocalRef = { name: entry.name, attribute: entry, block: ref };
            module.locals.push(local);
            if (!module.localByName.has(entry.name)) module.localByName.set(entry.name, local);
          }
          break;
        case "module": {
          const source = literalString(attributeOf(item.body, "source")?.expr);
          module.moduleCalls.push({
            name: ref.name ?? "",
            ref,
            source,
            sourceKind: source === null ? "unknown" : sourceKind(source),
            target: null,
            version: literalString(attributeOf(item.body, "version")?.expr),
          });
          break;
        }
        default:
          break;
      }
      collectReferences(item, ref, file, module.references);
    }
  }
  for (const reference of module.references) module.referenced.add(reference.address);
  return module;
}

/** Builds the repository model from a discovered workspace. */
export function buildRepository(workspace: Workspace): Repository {
  const configByDir = new Map<string, TerraformFile[]>();
  const extrasByDir = new Map<string, TerraformFile[]>();
  for (const file of workspace.terraform) {
    const config = file.kind === "tf" || file.kind === "tf.json";
    const target = config ? configByDir : extrasByDir;
    // `terraform test` reads test files from the module's own directory and its tests/ folder.
    const dir = file.kind === "tftest" && /(^|\/)tests$/.test(file.dir) ? file.dir.replace(/\/?tests$/, "") || "." : file.dir;
    const list = target.get(dir);
    if (list === undefined) target.set(dir, [file]);
    else list.push(file);
  }
  const modules: Module[] = [];
  const moduleByDir = new Map<string, Module>();
  for (const dir of [...configByDir.keys()].sort()) {
    const module = buildModule(dir, configByDir.get(dir) ?? [], extrasByDir.get(dir) ?? []);
    modules.push(module);
    moduleByDir.set(dir, module);
  }
  for (const module of modules) {
    for (const call of module.moduleCalls) {
      if (call.sourceKind !== "local" || call.source === null) continue;
      const target = moduleByDir.get(joinDir(module.dir, call.source.replace(/\/\/.*$/, "")));
      if (target !== undefined && target !== module) {
        call.target = target;
        target.callers.push(call);
      }
    }
  }
  // Examples and tests are recognised by their path. Otherwise a directory another module calls is a
  // reusable module (even when only examples call it), unless it configures a backend.
  for (const module of modules) {
    module.role = roleOf(module.dir) ?? (module.backend === null && module.callers.length > 0 ? "module" : "root");
  }
  return {
    workspace,
    root: workspace.root,
    modules,
    moduleByDir,
    rootModules: modules.filter((m) => m.role === "root"),
    other: workspace.other,
  };
}
