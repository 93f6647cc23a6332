import { findSecretShapes, isPlaceholder, isSecretName } from "../rules/support/secrets.js";

const MASK = "********";

/** `name = "value"`, `name: value`, `"name": "value"`, `NAME=value` where the name says it holds a secret. */
const ASSIGNMENT = /(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*(?:=|:)\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,}#]+)/g;

/**
 * Masks secrets in one line of source before it is shown (code frames quote the lines a finding
 * points at): values of secret-named arguments, keys and variables, and text shaped like a key, a
 * token or a URL with a password. The rest of the line is kept so the frame still reads.
 */
export function redactSecrets(line: string): string {
  let out = line.replace(ASSIGNMENT, (whole, quote: string, name: string, separator: string, value: string) => {
    if (!isSecretName(name)) return whole;
    const inner = value.replace(/^["']|["']$/g, "");
    if (isPlaceholder(inner) || /^(var|local|module|data|random_password|aws_)[.\w[\]"]*$/.test(inner) || inner.startsWith("${")) return whole;
    const wrapped = /^["']/.test(value) ? `${value[0]}${MASK}${value[0]}` : MASK;
    return `${quote}${name}${quote}${separator}${wrapped}`;
  });
  const shapes = findSecretShapes(out);
  for (let i = shapes.length - 1; i >= 0; i--) {
    const shape = shapes[i];
    if (shape !== undefined) out = `${out.slice(0, shape.start)}${MASK}${out.slice(shape.end)}`;
  }
  return out;
}

/**
 * Redacts the source part of each line of a code frame (`> 12 | source`). The caret line under a
 * redacted line is cut to the redacted text, so that its length does not tell the secret's.
 */
export function redactFrame(frame: string): string {
  const out: string[] = [];
  let previous: { original: string; redacted: string } | null = null;
  for (const line of frame.split("\n")) {
    const bar = line.indexOf(" | ");
    if (bar < 0) {
      out.push(line);
      previous = null;
      continue;
    }
    const source = line.slice(bar + 3);
    const caret = /^( *)(\^+)$/.exec(source);
    if (caret !== null && previous !== null && previous.redacted !== previous.original) {
      const start = caret[1]?.length ?? 0;
      const length = Math.max(1, Math.min(caret[2]?.length ?? 1, previous.redacted.length - start));
      out.push(`${line.slice(0, bar + 3)}${" ".repeat(start)}${"^".repeat(length)}`);
      previous = null;
      continue;
    }
    const redacted = redactSecrets(source);
    out.push(line.slice(0, bar + 3) + redacted);
    previous = { original: source, redacted };
  }
  return out.join("\n");
}
