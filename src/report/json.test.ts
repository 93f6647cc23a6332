import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PRINCIPLES } from "../engine/types.js";
import type { AuditResult } from "../engine/types.js";
import { cleanResult, fullResult, smallResult } from "./fixtures.test.js";
import { renderJson } from "./json.js";

const schemaUrl = new URL("../../schema/audit-result.schema.json", import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, "utf8")) as Record<string, unknown>;

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(schema);
}

function assertValid(json: string): void {
  const validate = validator();
  const ok = validate(JSON.parse(json));
  assert.ok(ok, `does not match the schema:\n${JSON.stringify(validate.errors, null, 2)}`);
}

/** The same data with every object's keys inserted in reverse order, plus a property no type declares. */
function shuffled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffled);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) out[key] = shuffled((value as Record<string, unknown>)[key]);
  out["internalCache"] = { notInTheOutput: true };
  return out;
}

describe("reporter fixtures", () => {
  it("cover what the reporters must handle", () => {
    const r = fullResult();
    assert.ok(new Set(r.findings.map((f) => f.principle)).size >= 4, "several principles");
    assert.ok(r.findings.some((f) => f.evidence.length > 1), "an evidence chain");
    for (const kind of ["comment", "baseline", "config"] as const) {
      assert.ok(r.findings.some((f) => f.suppressed?.kind === kind), `a finding suppressed by ${kind}`);
    }
    assert.ok(r.findings.some((f) => f.fix && f.fix.edits.length > 1), "a fix with several edits");
    assert.ok(r.findings.some((f) => f.file === "."), "a repository-level finding");
    assert.ok(r.findings.some((f) => (f.module?.length ?? 0) > 1), "a finding in a nested module");
    assert.ok(r.findings.some((f) => /[<>&"']/.test(f.message) && /[^\x20-\x7e]/.test(f.message)), "XML-special and non-ASCII characters");
    assert.ok(r.rules.some((rule) => !r.findings.some((f) => f.ruleId === rule.id)), "a rule that found nothing");
  });
});

describe("renderJson", () => {
  it("writes every field of the result, and nothing else", () => {
    const result = fullResult();
    assert.deepEqual(JSON.parse(renderJson(result)), JSON.parse(JSON.stringify(result)));
  });

  it("pretty-prints with two spaces and ends with a newline", () => {
    const json = renderJson(fullResult());
    assert.ok(json.endsWith("}\n"));
    assert.ok(!json.endsWith("\n\n"));
    assert.match(json, /^\{\n {2}"schemaVersion": 1,\n {2}"tool": \{\n {4}"name": "cairn",/);
  });

  it("orders keys the same way whatever order the objects were built in", () => {
    const result = fullResult();
    assert.equal(renderJson(shuffled(result) as AuditResult), renderJson(result));
  });

  it("is deterministic", () => {
    assert.equal(renderJson(fullResult()), renderJson(fullResult()));
  });

  it("keeps suppressed findings, with the suppression", () => {
    const parsed = JSON.parse(renderJson(fullResult())) as AuditResult;
    const suppressed = parsed.findings.filter((f) => f.suppressed);
    assert.deepEqual(
      suppressed.map((f) => f.suppressed?.kind),
      ["comment", "baseline", "config"],
    );
  });

  it("escapes control characters and keeps unicode as it is", () => {
    const json = renderJson(fullResult());
    assert.ok(json.includes("\\u0007"));
    assert.ok(json.includes("café_région"));
    assert.ok(json.includes("😀"));
  });

  it("writes a small result exactly", () => {
    const expected = `{
  "schemaVersion": 1,
  "tool": {
    "name": "cairn",
    "version": "0.1.0"
  },
  "root": ".",
  "stats": {
    "terraformFiles": 2,
    "otherFiles": 0,
    "modules": 1,
    "rootModules": 1,
    "resources": 1
  },
  "skipped": [],
  "findings": [
    {
      "ruleId": "network/open-admin-ports",
      "principle": "security",
      "severity": "error",
      "message": "Security group \\"admin\\" opens SSH (22) to 0.0.0.0/0.",
      "file": "main.tf",
      "range": {
        "start": {
          "line": 14,
          "column": 19,
          "offset": 538
        },
        "end": {
          "line": 14,
          "column": 32,
          "offset": 551
        }
      },
      "evidence": [
        {
          "message": "var.admin_cidr defaults to \\"0.0.0.0/0\\"",
          "file": "variables.tf",
          "range": {
            "start": {
              "line": 3,
              "column": 13,
              "offset": 92
            },
            "end": {
              "line": 3,
              "column": 24,
              "offset": 103
            }
          }
        }
      ],
      "fingerprint": "7a1d0c2f9e884b10"
    }
  ],
  "rules": [
    {
      "id": "network/open-admin-ports",
      "principle": "security",
      "severity": "error",
      "title": "SSH open to the internet",
      "description": "Finds security groups that open SSH or RDP to any address. Admin ports open to the internet are scanned and brute-forced within minutes.",
      "docs": "docs/rules/security/open-admin-ports.md",
      "peers": {
        "checkov": [
          "CKV_AWS_24"
        ]
      },
      "fix": "infrastructure",
      "aliases": [
        "security/open-ssh"
      ]
    }
  ],
  "scores": [
    {
      "principle": "security",
      "score": 75,
      "counts": {
        "error": 1,
        "warning": 0,
        "note": 0
      }
    }
  ],
  "overall": 75
}
`;
    assert.equal(renderJson(smallResult()), expected);
  });
});

describe("schema/audit-result.schema.json", () => {
  it("is a valid draft 2020-12 schema", () => {
    assert.equal(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    validator();
  });

  it("accepts what renderJson writes", () => {
    assertValid(renderJson(fullResult()));
    assertValid(renderJson(smallResult()));
    assertValid(renderJson(cleanResult()));
    assertValid(renderJson({ ...smallResult(), stats: { ...smallResult().stats, milliseconds: 12.5 } }));
  });

  it("rejects results that break the format", () => {
    const validate = validator();
    const json = (r: unknown): unknown => JSON.parse(JSON.stringify(r));
    const base = json(fullResult()) as Record<string, unknown> & { findings: Record<string, unknown>[] };
    const broken: [string, unknown][] = [
      ["a future schema version", { ...base, schemaVersion: 2 }],
      ["an unknown top-level property", { ...base, extra: true }],
      ["a finding without a fingerprint", { ...base, findings: [{ ...base.findings[0], fingerprint: undefined }] }],
      ["an unknown severity", { ...base, findings: [{ ...base.findings[0], severity: "critical" }] }],
      ["an absolute path", { ...base, findings: [{ ...base.findings[0], file: "/home/me/infra/main.tf" }] }],
      ["a Windows path", { ...base, findings: [{ ...base.findings[0], file: "modules\\web\\main.tf" }] }],
      ["a score above 100", { ...base, overall: 101 }],
    ];
    for (const [what, value] of broken) assert.equal(validate(json(value)), false, `accepted ${what}`);
  });

  it("describes every property and definition", () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== "object") return;
      const obj = node as Record<string, unknown>;
      for (const group of ["properties", "$defs"] as const) {
        const members = obj[group];
        if (members && typeof members === "object") {
          for (const [name, member] of Object.entries(members)) {
            const description = (member as { description?: unknown }).description;
            if (typeof description !== "string" || description.length < 3) undocumented.push(`${path}/${group}/${name}`);
          }
        }
      }
      for (const [key, value] of Object.entries(obj)) visit(value, `${path}/${key}`);
    };
    visit(schema, "#");
    assert.deepEqual(undocumented, []);
  });

  it("accepts the example in docs/json-output.md", () => {
    const doc = readFileSync(new URL("../../docs/json-output.md", import.meta.url), "utf8");
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(example, "the page has a JSON example");
    assertValid(example);
  });

  it("lists the principles the engine knows", () => {
    const defs = schema["$defs"] as Record<string, { enum?: string[] }>;
    assert.deepEqual(defs["Principle"]?.enum, [...PRINCIPLES]);
  });
});
