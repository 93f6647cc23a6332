import { isMap, isSeq, type Node as YamlNode } from "yaml";
import type { Expression } from "../../hcl/ast.js";
import { createRule, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import type { Value } from "../../eval/value.js";
import type { Module } from "../../model/model.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { describeImage, imagePin, looksLikeImage, type ImagePin } from "../support/parity-images.js";
import { rootOf } from "../support/tags.js";
import { isLibraryDefault } from "../support/values.js";
import { mapEntries, mapGet, scalarString, yamlDocuments } from "../support/verification-ci.js";
import { joinWords } from "../support/verification-checks.js";

const ADVICE = "pin a version tag or a digest so every environment runs the image that was tested";

interface Bad {
  image: string;
  pin: ImagePin;
  /** The container or setting, when there are several: `(container "web")`. */
  where: string;
}

function listBad(bad: Bad[]): string {
  return joinWords(bad.map((b) => `${describeImage(b.image, b.pin)}${b.where === "" ? "" : ` (${b.where})`}`));
}

function rangeOf(node: unknown): { start: number; end: number } {
  const r = (node as YamlNode | null)?.range;
  return r === undefined || r === null ? { start: 0, end: 0 } : { start: r[0], end: r[1] };
}

/** Compose services: `image:` of services that are pulled (a service that is built names its own image). */
function checkCompose(ctx: RepositoryContext, file: OtherFile): void {
  for (const doc of yamlDocuments(ctx, file)) {
    for (const [name, service] of mapEntries(mapGet(doc.contents, "services"))) {
      const node = mapGet(service, "image");
      const image = scalarString(node);
      if (image === null) continue;
      const pin = imagePin(image);
      if (pin === "pinned" || pin === "unknown") continue;
      if (pin === "untagged" && mapGet(service, "build") !== null) continue;
      ctx.report({
        at: { other: file, ...rangeOf(node), anchor: `${name}/image` },
        message: `${file.path}: service "${name}" uses ${describeImage(image, pin)}; ${ADVICE}.`,
      });
    }
  }
}

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];

/** Kubernetes manifests (containers of any workload), Helm values (`image: {repository, tag}`) and kustomize `images:`. */
function checkManifests(ctx: RepositoryContext, file: OtherFile): void {
  // Most YAML in a repository names no image; do not parse it.
  if (!/\b(image|images|repository|newTag|tag)\s*:/.test(ctx.text(file) ?? "")) return;
  for (const doc of yamlDocuments(ctx, file)) {
    const root = doc.contents;
    const kind = scalarString(mapGet(root, "kind"));
    const name = scalarString(mapGet(mapGet(root, "metadata"), "name"));
    const bad: Bad[] = [];
    let first: unknown = null;
    const visit = (node: unknown, key: string | null): void => {
      if (isSeq(node)) {
        if (key !== null && CONTAINER_LISTS.includes(key)) {
          for (const container of node.items) {
            const imageNode = mapGet(container, "image");
            const image = scalarString(imageNode);
            if (image === null) continue;
            const pin = imagePin(image);
            if (pin !== "latest" && pin !== "untagged") continue;
            bad.push({ image, pin, where: `container "${scalarString(mapGet(container, "name")) ?? "?"}"` });
            first ??= imageNode;
          }
          return;
        }
        if (key === "images" && kind === "Kustomization") {
          for (const entry of node.items) {
            const tag = scalarString(mapGet(entry, "newTag"));
            if (tag !== null && tag.toLowerCase() === "latest") {
              bad.push({ image: `${scalarString(mapGet(entry, "newName")) ?? scalarString(mapGet(entry, "name")) ?? "?"}:latest`, pin: "latest", where: "kustomize images" });
              first ??= mapGet(entry, "newTag");
            }
          }
          return;
        }
        for (const item of node.items) visit(item, null);
        return;
      }
      if (!isMap(node)) return;
      for (const [k, value] of mapEntries(node)) {
        // Helm values: `image: { repository: x, tag: latest }`; an empty tag means the chart's appVersion.
        if (kind === null && k === "image" && isMap(value)) {
          const tag = scalarString(mapGet(value, "tag"));
          const repository = scalarString(mapGet(value, "repository"));
          if (repository !== null && tag !== null && tag.toLowerCase() === "latest") {
            bad.push({ image: `${repository}:latest`, pin: "latest", where: "image.tag" });
            first ??= mapGet(value, "tag");
          }
          continue;
        }
        // Helm values: `image: nginx:latest` (an untagged string may be a repository whose tag is set elsewhere).
        if (kind === null && k === "image") {
          const image = scalarString(value);
          if (image !== null && looksLikeImage(image) && imagePin(image) === "latest") {
            bad.push({ image, pin: "latest", where: "" });
            first ??= value;
          }
          continue;
        }
        visit(value, k);
      }
    };
    visit(root, null);
    if (bad.length === 0) continue;
    const what = kind === null ? null : name === null ? kind : `${kind} "${name}"`;
    ctx.report({
      at: { other: file, ...rangeOf(first), anchor: `${what ?? "values"}/images` },
      message: what === null ? `${file.path} sets the image ${listBad(bad)}; ${ADVICE}.` : `${file.path}: ${what} runs ${listBad(bad)}; ${ADVICE}.`,
    });
  }
}

/** Dockerfile `FROM` lines without a tag or with `latest`; build stages and `scratch` are not images. */
function checkDockerfile(ctx: RepositoryContext, file: OtherFile): void {
  const text = ctx.text(file);
  if (text === null) return;
  const stages = new Set<string>();
  let offset = 0;
  for (const line of text.split("\n")) {
    const start = offset;
    offset += line.length + 1;
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (m === null) continue;
    const image = m[1] as string;
    if (m[2] !== undefined) stages.add(m[2].toLowerCase());
    if (stages.has(image.toLowerCase()) && image.toLowerCase() !== (m[2] ?? "").toLowerCase()) continue;
    const pin = imagePin(image);
    if (pin !== "latest" && pin !== "untagged") continue;
    ctx.report({
      at: { other: file, start, end: start + line.length, anchor: `FROM ${image}` },
      message: `${file.path}: FROM ${describeImage(image, pin)} builds on whatever is newest at build time; ${ADVICE}.`,
    });
  }
}

/** Attribute names that hold an image reference, and resource types whose `image` is a container image. */
const IMAGE_ATTRIBUTE = /^(image|image_uri|image_identifier|container_image|docker_image|app_image)$|_image$/;
const CONTAINER_RESOURCES = /^(kubernetes_|docker_|aws_ecs_|aws_lambda_function$|aws_apprunner_|aws_batch_|google_cloud_run|azurerm_container|helm_)/;

/** Whether an image value reaches this place through a module call's image argument (reported at the call). */
function fromImageArgument(value: Value): boolean {
  return (value.origins ?? []).some((o) => /^module\.\S+ sets \S*image/i.test(o.label));
}

/** Image values found under a `container_definitions`/`container_properties` JSON document. */
function jsonImages(ctx: RepositoryContext, attr: AttrView): { image: string; container: string; value: Value }[] {
  const out: { image: string; container: string; value: Value }[] = [];
  const expr = attr.expr;
  // jsonencode([{ name = "web", image = var.image }]): evaluate each image on its own, so its origin is kept.
  if (expr.type === "FunctionCall" && expr.name === "jsonencode") {
    const visit = (e: Expression): void => {
      if (e.type === "Object") {
        let container = "";
        for (const item of e.items) {
          const key = item.key.type === "Variable" ? item.key.name : item.key.type === "Template" && item.key.parts.length === 1 && item.key.parts[0]?.type === "TemplateLiteral" ? item.key.parts[0].value : "";
          if (key === "name") container = item.value.type === "Template" && item.value.parts[0]?.type === "TemplateLiteral" ? item.value.parts[0].value : "";
        }
        for (const item of e.items) {
          const key = item.key.type === "Variable" ? item.key.name : item.key.type === "Template" && item.key.parts[0]?.type === "TemplateLiteral" ? item.key.parts[0].value : "";
          if (key === "image") {
            const value = ctx.evaluator.evaluate(item.value, attr.scope);
            if (value.kind === "string") out.push({ image: value.value, container, value });
          } else visit(item.value);
        }
      } else if (e.type === "Tuple") for (const item of e.items) visit(item);
      else if (e.type === "FunctionCall" && (e.name === "concat" || e.name === "flatten")) for (const a of e.args) visit(a);
    };
    for (const arg of expr.args) visit(arg);
    return out;
  }
  const value = attr.value();
  if (value.kind !== "string") return out;
  try {
    const parsed: unknown = JSON.parse(value.value);
    const items = Array.isArray(parsed) ? parsed : [parsed];
    for (const item of items) {
      if (item !== null && typeof item === "object" && typeof (item as { image?: unknown }).image === "string") {
        out.push({ image: (item as { image: string }).image, container: String((item as { name?: unknown }).name ?? ""), value });
      }
    }
  } catch {
    // Not JSON once evaluated: nothing certain to say.
  }
  return out;
}

/** Kubernetes blocks whose `image` is always a container image (kubernetes_pod, kubernetes_deployment, …). */
const KUBERNETES_CONTAINER_BLOCKS = new Set(["container", "init_container", "ephemeral_container"]);

/** Every attribute of a block and its nested blocks, with the nested block that holds it. */
function attributesDeep(block: BlockView, parent: BlockView | null = null): { attr: AttrView; parent: BlockView | null }[] {
  return [...block.attrs().map((attr) => ({ attr, parent })), ...block.blocks().flatMap((b) => attributesDeep(b, b))];
}

function checkTerraform(ctx: RepositoryContext): void {
  const modules = ctx.repo.modules.filter((m: Module) => m.role === "root" || m.role === "module");
  for (const module of modules) {
    for (const instance of ctx.evaluator.instancesOf(module)) {
      // What only an example or a test fixture deploys shows the module's use, not what the team runs.
      if (["example", "test"].includes(rootOf(instance).module.role)) continue;
      const libraryCtx = { instance, module };
      for (const ref of module.resources) {
        const resource: TopBlockView = ctx.view(ref, instance);
        const bad: Bad[] = [];
        let at: AttrView | null = null;
        for (const name of ["container_definitions", "container_properties"]) {
          const attr = resource.attr(name);
          if (attr === undefined) continue;
          for (const found of jsonImages(ctx, attr)) {
            const pin = imagePin(found.image);
            if ((pin !== "latest" && pin !== "untagged") || fromImageArgument(found.value) || isLibraryDefault(libraryCtx, found.value)) continue;
            bad.push({ image: found.image, pin, where: found.container === "" ? "" : `container "${found.container}"` });
            at ??= attr;
          }
        }
        for (const { attr, parent } of attributesDeep(resource)) {
          if (!IMAGE_ATTRIBUTE.test(attr.name)) continue;
          const value = attr.value();
          if (value.kind !== "string" || fromImageArgument(value) || isLibraryDefault(libraryCtx, value)) continue;
          const pin = imagePin(value.value);
          // `image` means a disk image or an AMI for most resources; only `latest` is unambiguous there. The
          // `image` of a Kubernetes container block is always a container image, so a bare `nginx` is latest too.
          const container = (ref.type ?? "").startsWith("kubernetes_") && attr.name === "image" && parent !== null && KUBERNETES_CONTAINER_BLOCKS.has(parent.type) ? parent : null;
          const containerImage = container !== null || (CONTAINER_RESOURCES.test(ref.type ?? "") && value.value.includes("/"));
          if (pin === "latest" || (pin === "untagged" && containerImage && looksLikeImage(value.value))) {
            const name = container?.value("name");
            bad.push({ image: value.value, pin, where: container !== null && name?.kind === "string" ? `${container.type} "${name.value}"` : attr.name });
            at ??= attr;
          }
        }
        if (at !== null) ctx.report({ at, value: at.value(), message: `${resource.address} runs ${listBad(bad)}; ${ADVICE}.` });
      }
      for (const call of module.moduleCalls) {
        const view = ctx.view(call.ref, instance);
        // A module that takes the tag or version in another argument builds the reference itself.
        const separateTag = view.attrs().some((a) => /(^|_)(tag|version)$/i.test(a.name) && !/^(module_)?version$/.test(a.name));
        for (const attr of view.attrs()) {
          if (!/image/i.test(attr.name) || /(_id|_ids|ami|_name|repository|repo)$/i.test(attr.name)) continue;
          const value = attr.value();
          if (value.kind !== "string" || isLibraryDefault(libraryCtx, value)) continue;
          const pin = imagePin(value.value);
          if (pin !== "latest" && !(pin === "untagged" && !separateTag && looksLikeImage(value.value) && value.value.includes("/"))) continue;
          ctx.report({ at: attr, value, message: `module.${call.name} sets ${attr.name} to ${describeImage(value.value, pin)}; ${ADVICE}.` });
        }
      }
    }
  }
}

export default createRule({
  id: "parity/pinned-images",
  principle: "parity",
  severity: "warning",
  title: "Container image not pinned",
  description:
    "Container images tagged latest or untagged in compose files, ECS task definitions, Kubernetes manifests, Helm values, Dockerfiles and Terraform arguments, so each environment (and each restart) may run a different image.",
  peers: {
    checkov: ["CKV_DOCKER_7", "CKV_K8S_14"],
    trivy: ["AVD-DS-0001", "AVD-KSV-0013"],
    kics: ["f45ea400-6bbe-4501-9fc7-1c3d75c32067", "583053b7-e632-46f0-b989-f81ff8045385"],
  },
  scope: "repository",
  check(ctx) {
    for (const file of ctx.files("compose")) checkCompose(ctx, file);
    for (const file of ctx.files("yaml")) checkManifests(ctx, file);
    for (const file of ctx.files("dockerfile")) checkDockerfile(ctx, file);
    checkTerraform(ctx);
  },
});
