import { createRule } from "../../engine/rule.js";
import type { TerraformFile } from "../../workspace/workspace.js";
import { commentFindings } from "../support/housekeeping-comments.js";

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 50 ? `${flat.slice(0, 47)}...` : flat;
}

export default createRule({
  id: "code/commented-out",
  principle: "housekeeping",
  severity: "note",
  title: "Commented-out code or history comment",
  description:
    'Commented-out blocks and arguments, and comments that narrate the code\'s history ("REMOVED:", "old way", "✅ 수정"). Git keeps the history; the code should say only what is true now.',
  peers: {},
  scope: "repository",
  check(ctx) {
    for (const module of ctx.repo.modules) {
      // Test fixtures keep odd comments on purpose.
      if (module.role === "test") continue;
      const files: TerraformFile[] = [...module.files, ...module.varFiles].filter((f) => f.kind === "tf" || f.kind === "tfvars");
      for (const file of files) {
        const seen = new Map<string, number>();
        for (const found of commentFindings(file.hcl)) {
          // Examples are documentation: a commented-out option there shows readers what they can turn on.
          if (found.kind === "code" && module.role === "example") continue;
          const first = lineOf(file.text, found.start);
          const last = lineOf(file.text, found.end);
          const lines = last > first ? `${last - first + 1} lines` : "1 line";
          let message: string;
          let key: string;
          if (found.kind === "code") {
            const [head] = found.items;
            const more = found.items.length - 1;
            const what = head === undefined || head === "code" ? "code" : `${head}${more > 0 ? ` and ${more} more` : ""}`;
            message = `Commented-out ${what} (${lines}): delete it; git keeps the history.`;
            key = `code:${head ?? ""}`;
          } else {
            message = `History comment "${quote(found.text)}": say what the code does now, or nothing; git keeps the history.`;
            key = `history:${found.text}`;
          }
          // Repeated comments in one file are told apart by their order.
          const nth = seen.get(key) ?? 0;
          seen.set(key, nth + 1);
          ctx.report({ at: { file, start: found.start, end: found.end, anchor: `${key}#${nth}` }, message });
        }
      }
    }
  },
});
