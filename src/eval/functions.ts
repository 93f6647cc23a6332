/**
 * Terraform's built-in functions, as pure functions over Value.
 *
 * `callFunction` never throws. Its result follows these rules:
 * - An unknown argument makes the result unknown, with a reason naming the function and keeping the
 *   argument's reason ("upper(): computed by AWS after apply"). Some functions know more: length()
 *   of a list with unknown elements, coalesce() when a known value comes first, and concat, merge,
 *   flatten and compact, which keep unknown elements inside a known collection.
 * - A call Terraform would reject (wrong type, index out of range, invalid CIDR) gives an unknown
 *   whose reason starts with "error: " and says why ("error: element(): cannot use element function
 *   with an empty list"). An error argument gives an error result.
 * - A sensitive argument makes the result sensitive; error messages then never quote argument text.
 * - The result carries no new origin (the evaluator adds its own), but a value passed through
 *   (tostring("x"), lookup, element, coalesce, try) keeps its origins, so evidence chains survive.
 *
 * `try` and `can` take unevaluated expressions in Terraform, so the evaluator should special-case
 * them: evaluate each argument in turn and stop at the first without errors. The versions here work
 * on arguments that are already evaluated, where an error is an "error: …" unknown.
 */

import { collectionFunctions } from "./functions/collections.js";
import { cidrFunctions } from "./functions/cidr.js";
import { encodingFunctions } from "./functions/encoding.js";
import { filesystemFunctions } from "./functions/filesystem.js";
import { formatFunctions } from "./functions/format.js";
import { metaFunctions } from "./functions/meta.js";
import { numericFunctions } from "./functions/numeric.js";
import type { Builtin } from "./functions/registry.js";
import { stringFunctions } from "./functions/strings.js";
import {
  derivedUnknown,
  ERROR_PREFIX,
  firstUnknown,
  FunctionError,
  isError,
  NotEvaluated,
  resolveQuotes,
} from "./functions/support.js";
import type { UnknownValue, Value } from "./value.js";
import { isSensitive, markSensitive, unknown } from "./value.js";

export interface FunctionContext {
  /** Reads a file relative to the calling module's directory (POSIX path); returns null if missing or outside the repository. */
  readFile(path: string): string | null;
  /** Renders a template file's text with the given variables (provided by the evaluator; used by templatefile). */
  renderTemplate(text: string, vars: ReadonlyMap<string, Value>, templatePath: string): Value;
}

const BUILTINS: ReadonlyMap<string, Builtin> = new Map(
  Object.entries({
    ...stringFunctions,
    ...formatFunctions,
    ...collectionFunctions,
    ...numericFunctions,
    ...encodingFunctions,
    ...cidrFunctions,
    ...filesystemFunctions,
    ...metaFunctions,
  }),
);

/**
 * The functions cairn evaluates. Terraform's other built-ins (fileset, filemd5, yamldecode,
 * formatdate, …) are recognised and give a plain unknown explaining why; any other name, unless it
 * is a provider function (provider::NAME::FUNCTION), gives an "error: unknown function" unknown.
 * Every name may also be called with Terraform's "core::" prefix.
 */
export const SUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set(
  [...BUILTINS].filter(([, builtin]) => builtin.evaluated).map(([name]) => name),
);

function arityError(name: string, [min, max]: readonly [number, number], given: number): string {
  const plural = (n: number): string => `${n} argument${n === 1 ? "" : "s"}`;
  const expected = min === max ? `exactly ${plural(min)}` : max === Infinity ? `at least ${plural(min)}` : `${min} to ${plural(max)}`;
  return `${ERROR_PREFIX}${name}() takes ${expected}, but ${given} ${given === 1 ? "was" : "were"} given`;
}

export function callFunction(name: string, args: readonly Value[], ctx: FunctionContext): Value {
  if (name.startsWith("provider::")) return unknown(`provider function ${name} is not evaluated offline`);
  const plain = name.startsWith("core::") ? name.slice("core::".length) : name;
  const builtin = BUILTINS.get(plain);
  if (builtin === undefined) return unknown(`${ERROR_PREFIX}unknown function ${name}`);
  if (args.length < builtin.arity[0] || args.length > builtin.arity[1]) return unknown(arityError(plain, builtin.arity, args.length));

  const anySensitive = args.some(isSensitive);
  const sensitive =
    builtin.sensitive === "deep" ? anySensitive : builtin.sensitive === "top" ? args.some((a) => a.sensitive === true) : false;
  const mark = (v: Value): Value => (sensitive ? markSensitive(v) : v);

  // An argument the function needs known, but is not, decides the result; an error wins over an unknown.
  let blocking: UnknownValue | undefined;
  for (const [i, a] of args.entries()) {
    const policy = builtin.args[Math.min(i, builtin.args.length - 1)];
    const u = policy === "known" ? firstUnknown(a) : policy === "top" && a.kind === "unknown" ? a : undefined;
    if (u !== undefined && (blocking === undefined || (isError(u) && !isError(blocking)))) blocking = u;
  }
  if (blocking !== undefined) return mark(derivedUnknown(plain, blocking));

  try {
    const result = builtin.impl(args, ctx);
    return mark(result.kind === "unknown" ? { ...result, reason: resolveQuotes(result.reason, anySensitive) } : result);
  } catch (e) {
    if (e instanceof FunctionError) return mark(unknown(`${ERROR_PREFIX}${plain}(): ${resolveQuotes(e.message, anySensitive)}`));
    if (e instanceof NotEvaluated) return mark(unknown(resolveQuotes(e.message, anySensitive)));
    // Terraform would build a string or list too long for JavaScript (indent(1e12, …)): say so plainly.
    if (e instanceof RangeError && /^Invalid (string|array) length/.test(e.message)) {
      return mark(unknown(`${plain}(): the result is too large for cairn to evaluate`));
    }
    // A bug in cairn is not a Terraform error: say so rather than claim the configuration is wrong.
    return mark(unknown(`cairn could not evaluate ${plain}(): ${e instanceof Error ? e.message : String(e)}`));
  }
}
