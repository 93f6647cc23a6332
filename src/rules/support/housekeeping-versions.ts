import type { ModuleContext } from "../../engine/rule.js";
import { asString } from "./values.js";

type Version = [number, number, number];

interface Bound {
  version: Version;
  inclusive: boolean;
}

function parseVersion(text: string): { version: Version; parts: number } | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?$/.exec(text.trim());
  if (m === null) return null;
  const parts = [m[1], m[2], m[3]].filter((p) => p !== undefined).length;
  return { version: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], parts };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) - (b[i] as number);
  return 0;
}

/**
 * The lowest version a Terraform version constraint (`>= 0.12, < 2.0`, `~> 1.6`, `= 0.11.15`)
 * allows, and whether that bound is itself allowed; null when the constraint cannot be read or allows
 * nothing. An absent lower bound is 0.0.0.
 */
export function lowestAllowed(constraint: string): Bound | null {
  let lower: Bound = { version: [0, 0, 0], inclusive: true };
  let upper: Bound | null = null;
  const raise = (b: Bound): void => {
    const c = compare(b.version, lower.version);
    if (c > 0 || (c === 0 && !b.inclusive)) lower = b;
  };
  const cap = (b: Bound): void => {
    if (upper === null) {
      upper = b;
      return;
    }
    const c = compare(b.version, upper.version);
    if (c < 0 || (c === 0 && !b.inclusive)) upper = b;
  };
  for (const raw of constraint.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const m = /^(>=|<=|~>|!=|=|>|<)?\s*(.+)$/.exec(part);
    if (m === null) return null;
    const op = m[1] ?? "=";
    const parsed = parseVersion(m[2] ?? "");
    if (parsed === null) return null;
    const v = parsed.version;
    switch (op) {
      case ">=":
        raise({ version: v, inclusive: true });
        break;
      case ">":
        raise({ version: v, inclusive: false });
        break;
      case "<=":
        cap({ version: v, inclusive: true });
        break;
      case "<":
        cap({ version: v, inclusive: false });
        break;
      case "=":
        raise({ version: v, inclusive: true });
        cap({ version: v, inclusive: true });
        break;
      case "~>": {
        raise({ version: v, inclusive: true });
        const next: Version = parsed.parts <= 2 ? [v[0] + 1, 0, 0] : [v[0], v[1] + 1, 0];
        cap({ version: next, inclusive: false });
        break;
      }
      default:
        break; // != excludes one version; it does not move the bounds
    }
  }
  const top = upper as Bound | null;
  if (top !== null) {
    const c = compare(lower.version, top.version);
    if (c > 0 || (c === 0 && !(lower.inclusive && top.inclusive))) return null;
  }
  return lower;
}

/** Whether a constraint allows some version older than `version` (null when it cannot be read). */
export function allowsOlderThan(constraint: string, version: Version): boolean | null {
  const lowest = lowestAllowed(constraint);
  if (lowest === null) return null;
  return compare(lowest.version, version) < 0;
}

/**
 * The `required_version` constraints that apply to a module instance: its own and its root module's.
 * Each comes with its source text for messages.
 */
export function terraformConstraints(ctx: ModuleContext): string[] {
  const out: string[] = [];
  let root = ctx.instance;
  while (root.parent !== null) root = root.parent;
  const modules = root.module === ctx.module ? [ctx.module] : [ctx.module, root.module];
  for (const module of modules) {
    for (const ref of module.terraformBlocks) {
      const text = asString(ctx.view(ref).value("required_version"));
      if (text !== null) out.push(text);
    }
  }
  return out;
}

/**
 * Whether the Terraform versions a module allows include one older than `version`: true when every
 * constraint that applies allows one, null when no constraint applies or one cannot be read.
 */
export function moduleAllowsOlderThan(ctx: ModuleContext, version: Version): { allows: boolean; constraint: string } | null {
  const constraints = terraformConstraints(ctx);
  if (constraints.length === 0) return null;
  const combined = constraints.join(", ");
  const allows = allowsOlderThan(combined, version);
  return allows === null ? null : { allows, constraint: constraints.length === 1 ? (constraints[0] as string) : combined };
}
