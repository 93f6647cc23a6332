import type { Attribute, Block, Body, Expression } from "../hcl/ast.js";
import type { Evaluator, Scope } from "../eval/evaluator.js";
import { list, object, str, unknown, type Value } from "../eval/value.js";
import type { BlockRef } from "../model/model.js";
import type { TerraformFile } from "../workspace/workspace.js";

/**
 * Views are how rules read configuration: a block or attribute together with the scope it is
 * evaluated in. `attr("x")?.value()` gives the evaluated value (with origins), `blocks("ingress")`
 * gives nested blocks with `dynamic "ingress"` blocks expanded.
 */
export class AttrView {
  private cached: Value | undefined;

  constructor(
    readonly attribute: Attribute,
    readonly file: TerraformFile,
    readonly scope: Scope,
    private readonly evaluator: Evaluator,
    /** Logical path used for stable fingerprints: `aws_instance.web/metadata_options/http_tokens`. */
    readonly anchor: string,
  ) {}

  get name(): string {
    return this.attribute.name;
  }

  get expr(): Expression {
    return this.attribute.expr;
  }

  get start(): number {
    return this.attribute.start;
  }

  get end(): number {
    return this.attribute.end;
  }

  value(): Value {
    this.cached ??= this.evaluator.evaluate(this.attribute.expr, this.scope);
    return this.cached;
  }

  /** The source text of the expression. */
  source(): string {
    return this.file.text.slice(this.attribute.expr.start, this.attribute.expr.end);
  }
}

export class BlockView {
  constructor(
    readonly block: Block,
    readonly file: TerraformFile,
    readonly scope: Scope,
    protected readonly evaluator: Evaluator,
    readonly anchor: string,
    /** The top-level block this view is inside (itself for a top-level block). */
    readonly ref: BlockRef,
    /** True for a `dynamic` block whose for_each is unknown: the content is a template, not known instances. */
    readonly dynamicUnknown = false,
  ) {}

  get type(): string {
    return this.block.blockType;
  }

  get labels(): string[] {
    return this.block.labels.map((l) => l.value);
  }

  get body(): Body {
    return this.block.body;
  }

  get start(): number {
    return this.block.start;
  }

  get end(): number {
    return this.block.end;
  }

  /** The span of the block's header (type and labels), which is where findings about a whole block point. */
  get header(): { start: number; end: number } {
    const last = this.block.labels[this.block.labels.length - 1];
    return { start: this.block.start, end: last?.end ?? this.block.typeEnd };
  }

  /** Views are shared by every rule of an audit, so what they compute is computed once. */
  private readonly attrCache = new Map<string, AttrView | null>();
  private readonly blockCache = new Map<string, BlockView[]>();

  has(name: string): boolean {
    return findAttribute(this.block.body, name) !== undefined;
  }

  attr(name: string): AttrView | undefined {
    let view = this.attrCache.get(name);
    if (view === undefined) {
      const attribute = findAttribute(this.block.body, name);
      view = attribute === undefined ? null : new AttrView(attribute, this.file, this.scope, this.evaluator, `${this.anchor}/${name}`);
      this.attrCache.set(name, view);
    }
    return view ?? undefined;
  }

  /** The evaluated value of an argument, or undefined when it is not set. */
  value(name: string): Value | undefined {
    return this.attr(name)?.value();
  }

  attrs(): AttrView[] {
    const out: AttrView[] = [];
    for (const item of this.block.body.items) {
      if (item.type === "Attribute") {
        const view = this.attr(item.name);
        if (view !== undefined) out.push(view);
      }
    }
    return out;
  }

  /**
   * Nested blocks of a type, in source order, with `dynamic "type"` blocks expanded over their
   * for_each (each instance sees its iterator); a dynamic block over an unknown collection gives one
   * view with `dynamicUnknown` set, whose iterator values are unknown.
   */
  blocks(type?: string): BlockView[] {
    const key = type ?? "\u0000all";
    const cached = this.blockCache.get(key);
    if (cached !== undefined) return cached;
    const out = this.computeBlocks(type);
    this.blockCache.set(key, out);
    return out;
  }

  private computeBlocks(type?: string): BlockView[] {
    const out: BlockView[] = [];
    let index = 0;
    for (const item of this.block.body.items) {
      if (item.type !== "Block") continue;
      if (item.blockType === "dynamic" && (type === undefined || item.labels[0]?.value === type)) {
        out.push(...this.expandDynamic(item, index));
        index++;
        continue;
      }
      if (type !== undefined && item.blockType !== type) continue;
      out.push(new BlockView(item, this.file, this.scope, this.evaluator, `${this.anchor}/${item.blockType}[${index}]`, this.ref));
      index++;
    }
    return out;
  }

  private expandDynamic(dynamic: Block, index: number): BlockView[] {
    const name = dynamic.labels[0]?.value ?? "dynamic";
    const content = dynamic.body.items.find((i): i is Block => i.type === "Block" && i.blockType === "content");
    if (content === undefined) return [];
    const iteratorAttr = findAttribute(dynamic.body, "iterator");
    const iterator = iteratorAttr?.expr.type === "Variable" ? iteratorAttr.expr.name : name;
    const forEach = findAttribute(dynamic.body, "for_each");
    const anchor = `${this.anchor}/${name}[${index}]`;
    const collection = forEach === undefined ? unknown("dynamic block without for_each") : this.evaluator.evaluate(forEach.expr, this.scope);
    const bind = (key: Value, value: Value): Scope => {
      const vars = new Map(this.scope.vars ?? []);
      vars.set(iterator, object({ key, value }));
      return { instance: this.scope.instance, vars };
    };
    if (collection.kind === "list" && collection.items.length <= 64) {
      return collection.items.map((item, i) => new BlockView(content, this.file, bind(collection.set === true ? item : { kind: "number", value: i }, item), this.evaluator, anchor, this.ref));
    }
    if (collection.kind === "object" && collection.entries.size <= 64) {
      return [...collection.entries].map(([k, v]) => new BlockView(content, this.file, bind(str(k), v), this.evaluator, anchor, this.ref));
    }
    const reason = collection.kind === "unknown" ? collection.reason : "too many elements to expand";
    return [new BlockView(content, this.file, bind(unknown(`the key of dynamic "${name}" (${reason})`), unknown(`an element of dynamic "${name}" (${reason})`)), this.evaluator, anchor, this.ref, true)];
  }

  /** The evaluated `tags` map (or another map argument), or undefined when not set. */
  map(name: string): Value | undefined {
    return this.value(name);
  }
}

/** A resource, data source, module call or other top-level block. */
export class TopBlockView extends BlockView {
  constructor(ref: BlockRef, scope: Scope, evaluator: Evaluator) {
    super(ref.block, ref.file, scope, evaluator, ref.address, ref);
  }

  get address(): string {
    return this.ref.address;
  }

  /** Resource or data source type. */
  get resourceType(): string {
    return this.ref.type ?? "";
  }

  get name(): string {
    return this.ref.name ?? "";
  }

  /** Whether the block sets count or for_each (it may make several instances). */
  get repeated(): boolean {
    return this.has("count") || this.has("for_each");
  }
}

function findAttribute(body: Body, name: string): Attribute | undefined {
  for (const item of body.items) if (item.type === "Attribute" && item.name === name) return item;
  return undefined;
}

export { list };
