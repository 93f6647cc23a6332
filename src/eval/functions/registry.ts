/** The shape every built-in function implementation takes. */

import type { FunctionContext } from "../functions.js";
import type { Value } from "../value.js";

/**
 * How callFunction treats unknown arguments before the implementation runs:
 * - "known": any unknown inside the argument makes the result unknown (Terraform needs it whole);
 * - "top": only an unknown argument itself does; the implementation handles unknown elements;
 * - "any": the implementation sees the argument as it is, unknown or not.
 */
export type ArgPolicy = "known" | "top" | "any";

/**
 * How the result becomes sensitive:
 * - "deep": when any argument is or contains a sensitive value (Terraform unmarks deeply, then
 *   marks the whole result);
 * - "top": when an argument itself is sensitive; sensitive elements stay marked where they are
 *   (Terraform's functions that pass elements through, such as lookup and concat);
 * - "self": the implementation decides (sensitive, nonsensitive, try).
 */
export type SensitivePolicy = "deep" | "top" | "self";

export interface Builtin {
  /** Fewest and most arguments (Infinity for variadic functions). */
  readonly arity: readonly [number, number];
  /** Per argument position; the last entry applies to every further argument. */
  readonly args: readonly ArgPolicy[];
  readonly sensitive: SensitivePolicy;
  /** False for the Terraform functions cairn recognises but does not evaluate offline. */
  readonly evaluated: boolean;
  readonly impl: (args: readonly Value[], ctx: FunctionContext) => Value;
}

export function def(
  arity: number | readonly [number, number],
  args: ArgPolicy | readonly ArgPolicy[],
  sensitive: SensitivePolicy,
  impl: (args: readonly Value[], ctx: FunctionContext) => Value,
): Builtin {
  return {
    arity: typeof arity === "number" ? [arity, arity] : arity,
    args: typeof args === "string" ? [args] : args,
    sensitive,
    evaluated: true,
    impl,
  };
}

/** Reads argument `i`, which callFunction's arity check guarantees is present. */
export function arg(args: readonly Value[], i: number): Value {
  const v = args[i];
  if (v === undefined) throw new Error(`missing argument ${i}`);
  return v;
}
