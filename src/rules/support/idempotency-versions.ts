/**
 * Version constraints as Terraform writes them: `">= 1.6, < 2.0"`, `"~> 5.40"`, `"5.40.0"`.
 */

export type ConstraintShape =
  /** An upper bound exists: `~>`, `<`, `<=`, `=` or an exact version. */
  | "bounded"
  /** Only lower bounds or exclusions: `>= 5.0`, `> 4`, `!= 5.1`. */
  | "unbounded"
  /** Nothing is constrained: an empty string. */
  | "none"
  /** Not a constraint cairn can read. */
  | "unreadable";

const PART = /^(~>|>=|<=|!=|=|>|<)?\s*v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function constraintShape(text: string): ConstraintShape {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.every((p) => p === "")) return "none";
  let bounded = false;
  for (const part of parts) {
    if (part === "") continue;
    const m = PART.exec(part);
    if (m === null) return "unreadable";
    const op = m[1] ?? "=";
    if (op === "~>" || op === "<" || op === "<=" || op === "=") bounded = true;
  }
  return bounded ? "bounded" : "unbounded";
}
