import { createRule } from "../../engine/rule.js";
import type { BlockView } from "../../engine/views.js";
import { literalString } from "../../model/build.js";

/** Resources whose only purpose is to run provisioners. */
const STEP_TYPES = new Set(["null_resource", "terraform_data"]);

/** The program a local-exec runs (`kubectl`, `./scripts/x.sh`), never its arguments: they may hold secrets. */
function programOf(provisioner: BlockView): string | null {
  const interpreter = provisioner.attr("interpreter");
  if (interpreter?.expr.type === "Tuple") {
    const first = literalString(interpreter.expr.items[0]);
    if (first !== null && !/^(\/bin\/|\/usr\/bin\/)?(ba|z)?sh$/.test(first) && !/^(bash|sh|pwsh|powershell|cmd)(\.exe)?$/i.test(first)) return first;
  }
  const command = provisioner.attr("command");
  if (command?.expr.type !== "Template") return null;
  const head = command.expr.parts[0];
  if (head?.type !== "TemplateLiteral") return null;
  const line = head.value
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && !l.startsWith("#") && !/^set\s+-/.test(l));
  const word = line?.split(/\s+/)[0];
  if (word === undefined || !/^[A-Za-z0-9_./~-]+$/.test(word) || /^(sudo|env|exec|echo|cd|export)$/.test(word)) return null;
  return word;
}

/** Whether a command only waits (`echo …; sleep 15`): a delay that time_sleep expresses in the plan. */
function onlySleeps(provisioner: BlockView): boolean {
  const command = provisioner.attr("command");
  if (command?.expr.type !== "Template" || command.expr.parts.some((p) => p.type !== "TemplateLiteral")) return false;
  const text = command.expr.parts.map((p) => (p.type === "TemplateLiteral" ? p.value : "")).join("");
  const steps = text.split(/;|&&|\n/).map((s) => s.trim()).filter((s) => s !== "");
  return steps.some((s) => /^sleep\s+\d+[smh]?$/.test(s)) && steps.every((s) => /^(sleep\s+\d+[smh]?|echo\b.*)$/.test(s));
}

export default createRule({
  id: "provisioning/local-exec",
  principle: "idempotency",
  severity: "warning",
  title: "Imperative step run by a local-exec provisioner",
  description:
    "local-exec provisioners, and null_resource or terraform_data blocks that exist to run them: commands on the machine that runs apply, outside the plan, run once at create time and never reconciled.",
  peers: {},
  scope: "module",
  // Examples' helper steps (downloading a demo package, generating a test certificate) are scaffolding
  // for the demonstration, not part of what the repository deploys.
  roles: ["root", "module"],
  check(ctx) {
    for (const resource of ctx.resources()) {
      const local = resource.blocks("provisioner").filter((p) => p.labels[0] === "local-exec");
      const first = local[0];
      if (first === undefined) continue;
      if (local.every(onlySleeps)) {
        ctx.report({
          at: first,
          message: `${resource.address} waits with a local-exec sleep, which the plan cannot show and which runs only at create time; use a time_sleep resource (hashicorp/time) with depends_on instead.`,
          severity: "note",
        });
        continue;
      }
      const programs = [...new Set(local.map(programOf).filter((p): p is string => p !== null))];
      const runs = programs.length === 0 ? "a local-exec command" : `local-exec ${programs.slice(0, 3).map((p) => `"${p}"`).join(", ")}`;
      const count = local.length > 1 ? ` (${local.length} provisioners)` : "";
      const message = STEP_TYPES.has(resource.resourceType)
        ? `${resource.address} is an imperative step: it runs ${runs}${count} on the machine that applies, outside the plan and never reconciled; use a resource or data source of a provider, or make the command idempotent and document it.`
        : `${resource.address} runs ${runs}${count} on the machine that applies, once at create time: the plan cannot show it and nothing re-runs it after drift; use a resource or data source of a provider, or make the command idempotent and document it.`;
      ctx.report({ at: first, message });
    }
  },
});
