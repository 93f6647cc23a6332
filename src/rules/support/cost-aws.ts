/** Helpers of the cost rules: whether a repository manages AWS resources, whose choice a value is. */
import type { ModuleContext } from "../../engine/rule.js";
import type { Value } from "../../eval/value.js";
import type { Repository } from "../../model/model.js";
import { rootOf } from "./tags.js";
import { isLibraryDefault } from "./values.js";
import { isModuleLibrary } from "./verification-repository.js";

/** Resources of the aws provider, or modules that make them (registry `x/y/aws`, `terraform-aws-*` sources), outside examples and tests. */
export function isAwsRepository(repo: Repository): boolean {
  return repo.modules.some(
    (m) =>
      (m.role === "root" || m.role === "module") &&
      (m.resources.some((r) => (r.type ?? "").startsWith("aws_")) || m.moduleCalls.some((c) => /(^|\/)[\w-]+\/aws(\/\/|\?|$)|terraform-aws-/.test(c.source ?? ""))),
  );
}

/**
 * Whether a value is the caller's choice rather than a problem of the code at hand: a reusable
 * module's own default seen standalone, a value in a module instance that only an example or a
 * test fixture creates, or, in a module library, any value that arrives through a variable.
 */
export function callerDecides(ctx: ModuleContext, value: Value | undefined): boolean {
  if (isLibraryDefault(ctx, value)) return true;
  const root = rootOf(ctx.instance).module;
  if (root.role === "example" || root.role === "test") return true;
  return isModuleLibrary(ctx.repo) && (value?.origins ?? []).some((o) => o.label.startsWith("var."));
}
