import { createRule } from "../../engine/rule.js";
import type { Expression } from "../../hcl/ast.js";

/** The text of a string, with `${path.module}/`-style prefixes dropped and other interpolations as `…`. */
function textOf(expr: Expression | undefined): string | null {
  if (expr?.type !== "Template") return null;
  const text = expr.parts.map((p) => (p.type === "TemplateLiteral" ? p.value : "…")).join("");
  return text.replace(/^…\//, "");
}

export default createRule({
  id: "config/external-data",
  principle: "idempotency",
  severity: "warning",
  title: "External program run during plan",
  description:
    "A data \"external\" source runs a program on the machine that plans, at every plan: its result depends on that machine's tools, credentials and network, and the program can change anything without the plan showing it.",
  peers: {},
  scope: "module",
  check(ctx) {
    for (const data of ctx.dataSources("external")) {
      const program = data.attr("program");
      // Only the program's name is shown: its arguments may carry secrets.
      let name: string | null = null;
      if (program?.expr.type === "Tuple") {
        const items = program.expr.items.map((i) => textOf(i));
        const interpreter = items[0];
        const script = items[1];
        if (interpreter !== null && interpreter !== undefined) {
          const base = interpreter.split("/").pop() ?? interpreter;
          const isInterpreter = /^(python[0-9.]*|bash|sh|node|ruby|perl|pwsh|powershell(\.exe)?)$/i.test(base);
          name = isInterpreter && typeof script === "string" && script !== "" && !script.startsWith("-") ? `${base} ${script}` : base;
          if (!/^[A-Za-z0-9_./… -]+$/.test(name) || !/[A-Za-z]/.test(name)) name = null;
        }
      }
      const runs = name === null ? "runs an external program" : `runs "${name}"`;
      ctx.report({
        at: program ?? data,
        message: `${data.address} ${runs} at every plan, on whatever machine plans, outside the provider's control; use a native data source, or compute the value once and pass it in as a variable.`,
      });
    }
  },
});
