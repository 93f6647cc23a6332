import { createRule } from "../../engine/rule.js";
import { isNotShell, linesWithOffsets, repositoryScripts, scriptLocation, scriptLine, shellLines, type ScriptSource, type ShellLine } from "../support/operations-shell.js";

/** Signs of a limit on a loop: a counter, a clock, a timeout command, a maximum. */
const DEADLINE = /\$\(\(|\(\(|\blet\s|\bexpr\s|\$SECONDS|\bSECONDS\b|date\s+\+%s|\btimeout\s+\d|-(lt|le|gt|ge)\b|\b(attempts?|retries|retry|tries|count(er)?|max_?\w*|deadline|elapsed|timeout|limit|tries_left|remaining)\b/i;

interface Loop {
  header: ShellLine;
  body: ShellLine[];
}

/** while/until loops with their bodies (nested loops are part of the outer body and listed on their own too). */
function loopsOf(lines: ShellLine[]): Loop[] {
  const out: Loop[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as ShellLine;
    if (!/^(while|until)\s/.test(line.text)) continue;
    const body: ShellLine[] = [];
    let depth = 0;
    // `while x; do …; done` on one line.
    const inline = /;\s*do\b(.*)\bdone\b/.exec(line.text);
    if (inline !== null) {
      out.push({ header: line, body: [{ ...line, text: inline[1] as string }] });
      continue;
    }
    for (let j = i + 1; j < lines.length; j++) {
      const inner = lines[j] as ShellLine;
      if (/^(while|until|for|select)\s/.test(inner.text) && !/\bdone\b/.test(inner.text)) depth++;
      if (/(^|;\s*|\s)done\b/.test(inner.text)) {
        if (depth === 0) break;
        depth--;
      }
      body.push(inner);
    }
    out.push({ header: line, body });
  }
  return out;
}

/** The fixed sleep of a loop body, in seconds, or null when it sleeps a variable that the loop changes (backoff) or not at all. */
function fixedSleep(body: ShellLine[]): string | null {
  for (const line of body) {
    const m = /\bsleep\s+(\$\{?([A-Za-z_]\w*)\}?|[\d.]+[smh]?)/.exec(line.text);
    if (m === null) continue;
    const variable = m[2];
    if (variable !== undefined && body.some((l) => new RegExp(`\\b${variable}=|\\(\\(\\s*${variable}\\b`).test(l.text))) return null;
    return m[1] as string;
  }
  return null;
}

function checkShell(report: (src: ScriptSource, line: ShellLine, message: string) => void, src: ScriptSource): void {
  if (isNotShell(src.text)) return;
  const lines = shellLines(src.text);
  for (const loop of loopsOf(lines)) {
    const header = loop.header.text;
    if (/^while\s+(read|IFS=)/.test(header) || /\|\s*while\s+read/.test(header)) continue;
    const forever = /^while\s+(true|:|\[\s*1\s*\]|\[\[\s*1\s*\]\])\s*(;|$)/.test(header);
    // A loop that runs forever with no way out is a service loop, not a wait.
    if (forever && !loop.body.some((l) => /\b(break|exit|return)\b/.test(l.text))) continue;
    const sleep = fixedSleep(loop.body);
    if (sleep === null) continue;
    const previous = lines[lines.indexOf(loop.header) - 1]?.text ?? "";
    if (DEADLINE.test(header) || /^\s*timeout\s/.test(previous) || loop.body.some((l) => DEADLINE.test(l.text))) continue;
    const condition = header.replace(/;\s*do\b.*$/, "").slice(0, 60);
    report(
      src,
      loop.header,
      `${scriptLine(src, loop.header.line)} polls (\`${condition}\`) every ${/^[\d.]+$/.test(sleep) ? `${sleep} s` : sleep} with no deadline: if the condition never comes true it waits forever; give it a timeout (a counter or \`timeout\`) and back off between tries.`,
    );
  }
}

const PY_DEADLINE = /time\.(time|monotonic|perf_counter)\(|datetime\.(now|utcnow)|\brange\(|\b(attempts?|retries|retry|tries|count(er)?|max_\w+|deadline|elapsed|timeout|limit)\b/i;

function checkPython(report: (src: ScriptSource, line: ShellLine, message: string) => void, src: ScriptSource): void {
  const { lines, offsets } = linesWithOffsets(src.text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const m = /^(\s*)while\s+(.+):\s*(#.*)?$/.exec(line);
    if (m === null) continue;
    const indent = (m[1] as string).length;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] as string;
      if (next.trim() === "") continue;
      if ((/^\s*/.exec(next)?.[0].length ?? 0) <= indent) break;
      body.push(next);
    }
    const sleep = body.map((b) => /time\.sleep\(\s*([\d.]+)\s*\)|asyncio\.sleep\(\s*([\d.]+)\s*\)/.exec(b)).find((x) => x !== null);
    if (sleep === undefined || sleep === null) continue;
    const forever = /^(True|1)$/.test((m[2] as string).trim());
    if (forever && !body.some((b) => /\b(break|return|raise|sys\.exit)\b/.test(b))) continue;
    if (PY_DEADLINE.test(m[2] as string) || body.some((b) => PY_DEADLINE.test(b))) continue;
    report(
      src,
      { text: line.trim(), line: i + 1, offset: offsets[i] ?? 0 },
      `${src.path} line ${i + 1} polls (\`${line.trim().slice(0, 60)}\`) every ${sleep[1] ?? sleep[2]} s with no deadline: if the condition never comes true it waits forever; give it a timeout and back off between tries.`,
    );
  }
}

export default createRule({
  id: "ops/polling",
  principle: "operations",
  severity: "warning",
  title: "Polling loop without a deadline",
  description:
    "Shell and Python loops that wait for something with a fixed sleep (until curl …; do sleep 5; done, while true … break) and no counter, clock or timeout: when the condition never comes true, the script, the boot or the pipeline hangs.",
  peers: {},
  scope: "repository",
  check(ctx) {
    const report = (src: ScriptSource, line: ShellLine, message: string): void =>
      ctx.report({ at: scriptLocation(src, line.offset, line.text.length, `poll@${line.line}`), message });
    for (const src of repositoryScripts(ctx)) {
      if (src.language === "python") checkPython(report, src);
      else checkShell(report, src);
    }
  },
});
