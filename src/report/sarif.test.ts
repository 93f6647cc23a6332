import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { AuditResult } from "../engine/types.js";
import { cleanResult, fullResult, smallResult } from "./fixtures.test.js";
import { PROJECT_URL, moduleAddress } from "./links.js";
import { REPOSITORY_ANCHOR, fileUri, pascalCase, renderSarif } from "./sarif.js";

/* The parts of SARIF the assertions look at. */
interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Location {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Region };
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  message?: { text: string };
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; precision: string; "security-severity"?: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Location[];
  partialFingerprints: Record<string, string>;
  relatedLocations?: Location[];
  suppressions?: { kind: string; justification?: string }[];
  fixes?: {
    description: { text: string };
    artifactChanges: {
      artifactLocation: { uri: string; uriBaseId: string };
      replacements: { deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }[];
    }[];
    properties: { tier: string };
  }[];
  properties: { principle: string; module?: string[]; repositoryLevel?: boolean };
}
interface Log {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: Rule[] } };
    originalUriBaseIds: Record<string, Record<string, unknown>>;
    columnKind: string;
    results: Result[];
  }[];
}

function sarifOf(result: AuditResult): Log {
  return JSON.parse(renderSarif(result)) as Log;
}

function runOf(result: AuditResult): Log["runs"][number] {
  const run = sarifOf(result).runs[0];
  assert.ok(run);
  return run;
}

describe("renderSarif", () => {
  it("writes one SARIF 2.1.0 run for cairn", () => {
    const log = sarifOf(fullResult());
    assert.equal(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
    assert.equal(log.version, "2.1.0");
    assert.equal(log.runs.length, 1);
    const run = log.runs[0]!;
    assert.deepEqual(
      { ...run.tool.driver, rules: undefined },
      { name: "cairn", version: "0.1.0", semanticVersion: "0.1.0", informationUri: PROJECT_URL, rules: undefined },
    );
    assert.equal(run.columnKind, "utf16CodeUnits");
  });

  it("describes every rule that ran, sorted by id, in the shape GitHub displays", () => {
    const result = fullResult();
    const rules = runOf(result).tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      result.rules.map((r) => r.id).sort(),
    );
    const ssh = rules.find((r) => r.id === "network/open-admin-ports");
    assert.ok(ssh);
    assert.equal(ssh.name, "NetworkOpenAdminPorts");
    assert.equal(ssh.shortDescription.text, "SSH open to the internet");
    assert.match(ssh.fullDescription.text, /^Finds security groups/);
    assert.equal(ssh.helpUri, "https://github.com/cairn-iac/cairn/blob/main/docs/rules/security/open-admin-ports.md");
    assert.ok(ssh.help.markdown.includes(`(${ssh.helpUri})`));
    assert.ok(ssh.help.text.includes(ssh.helpUri));
    assert.ok(ssh.help.text.includes("checkov CKV_AWS_24, CKV_AWS_25; trivy AVD-AWS-0107"));
    assert.deepEqual(ssh.defaultConfiguration, { level: "error" });
    assert.deepEqual(ssh.properties, { tags: ["security", "terraform", "iac"], precision: "high", "security-severity": "8.0" });
  });

  it("gives security rules a security severity by level, and other rules none", () => {
    const rules = runOf(fullResult()).tool.driver.rules;
    const severities = Object.fromEntries(rules.map((r) => [r.id, r.properties["security-severity"]]));
    assert.deepEqual(severities, {
      "ci/no-plan-in-ci": undefined,
      "compute/oversized-instance": undefined,
      "docs/variable-description": undefined,
      "network/open-admin-ports": "8.0",
      "state/no-locking": undefined,
      "storage/unencrypted-bucket": "5.5",
    });
    const note = { ...smallResult().rules[0]!, severity: "note" as const };
    assert.equal(runOf({ ...smallResult(), rules: [note] }).tool.driver.rules[0]?.properties["security-severity"], "3.0");
  });

  it("writes a result per finding, suppressed ones with their suppression", () => {
    const result = fullResult();
    const run = runOf(result);
    assert.equal(run.results.length, result.findings.length);
    run.results.forEach((r, i) => {
      const finding = result.findings[i]!;
      assert.equal(r.ruleId, finding.ruleId);
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId, "ruleIndex points at the rule");
      assert.equal(r.level, finding.severity);
      assert.equal(r.message.text, finding.message);
      assert.deepEqual(r.partialFingerprints, { "cairnFingerprint/v1": finding.fingerprint });
      assert.equal(r.properties.principle, finding.principle);
    });
    const suppressions = run.results.filter((r) => r.suppressions).map((r) => r.suppressions);
    assert.deepEqual(suppressions, [
      [{ kind: "inSource", justification: "Public website bucket; nothing in it is secret." }],
      [{ kind: "external" }],
      [{ kind: "external", justification: "Batch jobs need it (.cairn.yaml)." }],
    ]);
  });

  it("leaves suppressed findings out when asked", () => {
    const result = fullResult();
    const run = runOf(result);
    const withoutSuppressed = (JSON.parse(renderSarif(result, { omitSuppressed: true })) as Log).runs[0]!;
    assert.deepEqual(
      withoutSuppressed.results,
      run.results.filter((r) => !r.suppressions),
    );
    assert.deepEqual(withoutSuppressed.tool, run.tool);
  });

  it("locates results by relative path and region, with the evidence as related locations", () => {
    const run = runOf(fullResult());
    const ssh = run.results.find((r) => r.ruleId === "network/open-admin-ports");
    assert.ok(ssh);
    assert.deepEqual(ssh.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: "main.tf", uriBaseId: "%SRCROOT%" },
          region: { startLine: 14, startColumn: 19, endLine: 14, endColumn: 32 },
        },
      },
    ]);
    assert.deepEqual(
      ssh.relatedLocations?.map((l) => [l.id, l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine, l.message?.text]),
      [
        [0, "main.tf", 14, "cidr_blocks is var.admin_cidr"],
        [1, "variables.tf", 3, 'var.admin_cidr defaults to "0.0.0.0/0"'],
      ],
    );
  });

  it("percent-encodes paths that are not plain URI characters", () => {
    const cost = runOf(fullResult()).results.find((r) => r.ruleId === "compute/oversized-instance" && !r.suppressions);
    assert.equal(cost?.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, "envs/pr%C3%B8d%20east/main.tf");
    assert.equal(fileUri("a b/#1/100%.tf"), "a%20b/%231/100%25.tf");
  });

  it("anchors repository-level findings on the README, line 1", () => {
    const repo = runOf(fullResult()).results.find((r) => r.ruleId === "ci/no-plan-in-ci");
    assert.ok(repo);
    assert.equal(REPOSITORY_ANCHOR, "README.md");
    assert.deepEqual(repo.locations[0]?.physicalLocation, {
      artifactLocation: { uri: "README.md", uriBaseId: "%SRCROOT%" },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    });
    assert.equal(repo.properties.repositoryLevel, true);
    assert.equal(repo.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, ".github/workflows/ci.yml");
  });

  it("names the module a finding is in", () => {
    const results = runOf(fullResult()).results;
    const nested = results.find((r) => r.properties.module?.length === 2);
    assert.deepEqual(nested?.locations[0]?.logicalLocations, [{ fullyQualifiedName: "module.web.module.sg", kind: "module" }]);
    assert.deepEqual(nested?.properties.module, ["module.web", "module.sg"]);
    const top = results.find((r) => r.properties.module?.length === 1);
    assert.deepEqual(top?.locations[0]?.logicalLocations, [{ fullyQualifiedName: "module.web", kind: "module" }]);
    assert.equal(results.find((r) => r.ruleId === "network/open-admin-ports")?.locations[0]?.logicalLocations, undefined);
  });

  it("reads a module chain written step by step or as full addresses", () => {
    assert.equal(moduleAddress(["module.app", "module.sg"]), "module.app.module.sg");
    assert.equal(moduleAddress(["module.app", "module.app.module.sg"]), "module.app.module.sg");
    assert.equal(moduleAddress(['module.app["eu"]', "module.sg"]), 'module.app["eu"].module.sg');
  });

  it("turns fixes into replacements grouped by file", () => {
    const ssh = runOf(fullResult()).results.find((r) => r.ruleId === "network/open-admin-ports");
    assert.deepEqual(ssh?.fixes, [
      {
        description: { text: "Restrict SSH to the office range." },
        artifactChanges: [
          {
            artifactLocation: { uri: "main.tf", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { charOffset: 538, charLength: 0 }, insertedContent: { text: "  # Restricted by cairn fix.\n" } }],
          },
          {
            artifactLocation: { uri: "variables.tf", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { charOffset: 92, charLength: 11 }, insertedContent: { text: '"10.20.0.0/16"' } }],
          },
        ],
        properties: { tier: "infrastructure" },
      },
    ]);
    const withoutFix = runOf(fullResult()).results.filter((r) => !r.fixes).length;
    assert.equal(withoutFix, fullResult().findings.filter((f) => !f.fix).length);
  });

  it("records no absolute paths", () => {
    const text = renderSarif(fullResult());
    assert.ok(!text.includes("file:"), "no file: URIs");
    for (const dir of [process.cwd(), tmpdir()]) assert.ok(!text.includes(dir), `does not mention ${dir}`);
    assert.deepEqual(Object.keys(runOf(fullResult()).originalUriBaseIds["%SRCROOT%"] ?? {}), ["description"]);
  });

  it("is deterministic, whatever order the rules come in", () => {
    const result = fullResult();
    const reversed = { ...fullResult(), rules: [...result.rules].reverse() };
    assert.equal(renderSarif(reversed), renderSarif(result));
  });

  it("writes a clean audit as a run with rules and no results", () => {
    const run = runOf(cleanResult());
    assert.deepEqual(run.results, []);
    assert.equal(run.tool.driver.rules.length, cleanResult().rules.length);
  });

  it("turns rule ids into PascalCase names", () => {
    assert.equal(pascalCase("network/open-admin-ports"), "NetworkOpenAdminPorts");
    assert.equal(pascalCase("s3/bucket_v2-encryption"), "S3BucketV2Encryption");
  });

  it("writes a small result exactly", () => {
    assert.equal(renderSarif(smallResult()), SMALL_SARIF);
  });
});

/*
 * Validation with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool), a self-contained
 * .NET program: no .NET installation is needed. Its exit status is 0 even when it reports errors,
 * so the test reads the validation log it writes with --output.
 */

const MULTITOOL_PLATFORM = process.platform === "linux" && process.arch === "x64";

/**
 * GitHub's rules (GH1001–GH1007) are off by default; this turns them on, and makes the SARIF rules
 * GitHub depends on errors, the way the policies/github.config.xml of microsoft/sarif-sdk does.
 * SARIF2006 is off because it fetches every URI over the network.
 */
const GITHUB_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
${[
  ["SARIF2006.UrisShouldBeReachable", "Disabled"],
  ["SARIF2007.ExpressPathsRelativeToRepoRoot", "Error"],
  ["SARIF2012.ProvideRuleProperties", "Error"],
  ["GH1001.ProvideRequiredLocationProperties", "Error"],
  ["GH1002.InlineThreadFlowLocations", "Error"],
  ["GH1003.ProvideRequiredRegionProperties", "Error"],
  ["GH1004.ReviewArraysThatExceedConfigurableDefaults", "Error"],
  ["GH1005.LocationsMustBeRelativeUrisOrFilePaths", "Error"],
  ["GH1006.ProvideCheckoutPath", "Error"],
  ["GH1007.ProvideFullyFormattedMessageStrings", "Error"],
]
  .map(([rule, value]) => `  <Properties Key='${rule}.Options'><Property Key='RuleEnabled' Value='${value}' /></Properties>`)
  .join("\n")}
</Properties>
`;

/** The Multitool executable, made executable if the package's install script did not run. */
function multitoolBinary(): string {
  const require = createRequire(import.meta.url);
  let binary: string;
  try {
    // The package's own bin wrapper finds the executable the same way: the platform package exports its path.
    binary = require("@microsoft/sarif-multitool") as string;
  } catch (error) {
    assert.fail(`@microsoft/sarif-multitool is not installed; run npm install. (${String(error)})`);
  }
  assert.ok(existsSync(binary), `The SARIF Multitool executable is missing: ${binary}. Reinstall @microsoft/sarif-multitool.`);
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    // npm 11 skips @microsoft/sarif-multitool-linux's install script (`chmod u+x Sarif.Multitool`).
    try {
      chmodSync(binary, statSync(binary).mode | 0o111);
    } catch (error) {
      assert.fail(`The SARIF Multitool at ${binary} is not executable and chmod failed: ${String(error)}`);
    }
  }
  return binary;
}

interface Validation {
  errors: string[];
  warnings: string[];
  ruleIds: string[];
}

/** Validates a SARIF text with GitHub's rules on; fails the test if the Multitool cannot run. */
function validateWithMultitool(sarif: string): Validation {
  const binary = multitoolBinary();
  const dir = mkdtempSync(join(tmpdir(), "cairn-sarif-"));
  try {
    const target = join(dir, "cairn.sarif");
    const config = join(dir, "github.config.xml");
    const output = join(dir, "validation.sarif");
    writeFileSync(target, sarif);
    writeFileSync(config, GITHUB_CONFIG);
    const args = ["validate", "--config", config, "--rule-kind", "Sarif;Ghas", "--level", "Error;Warning", "--output", output, target];
    const run = spawnSync(binary, args, {
      encoding: "utf8",
      timeout: 120_000,
      // Invariant globalization: the Multitool then needs no ICU libraries on the machine.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
    });
    const transcript = `${binary} ${args.join(" ")}\n${run.stdout ?? ""}${run.stderr ?? ""}`;
    assert.ok(!run.error, `The SARIF Multitool could not run: ${String(run.error)}\n${transcript}`);
    assert.equal(run.status, 0, `The SARIF Multitool failed (exit status ${String(run.status)}):\n${transcript}`);
    assert.ok(existsSync(output), `The SARIF Multitool wrote no validation log:\n${transcript}`);

    const log = JSON.parse(readFileSync(output, "utf8").replace(/^\uFEFF/, "")) as {
      runs: { tool: { driver: { name: string } }; results?: { ruleId: string; level?: string }[]; invocations?: { executionSuccessful: boolean }[] }[];
    };
    const validationRun = log.runs[0];
    assert.equal(validationRun?.tool.driver.name, "Sarif.Multitool", `Unexpected validation log:\n${transcript}`);
    assert.equal(validationRun.invocations?.[0]?.executionSuccessful, true, `The validation did not complete:\n${transcript}`);
    // Console lines look like `<file>(<line>,<column>): error SARIF1009: <message>`.
    const lines = (run.stdout ?? "").split("\n").map((line) => line.replace(target, "cairn.sarif"));
    const results = validationRun.results ?? [];
    return {
      errors: lines.filter((line) => /: error [A-Z]+\d+:/.test(line)),
      warnings: lines.filter((line) => /: warning [A-Z]+\d+:/.test(line)),
      ruleIds: results.filter((r) => r.level === "error").map((r) => r.ruleId),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("SARIF validation with Microsoft's SARIF Multitool", { skip: MULTITOOL_PLATFORM ? false : "runs on linux-x64 only" }, () => {
  for (const [name, result] of [
    ["a full audit", fullResult()],
    ["a small audit", smallResult()],
    ["a clean audit", cleanResult()],
  ] as const) {
    it(`accepts ${name}, GitHub's rules included`, (t) => {
      const validation = validateWithMultitool(renderSarif(result));
      for (const warning of validation.warnings) t.diagnostic(warning);
      assert.deepEqual(validation.errors, []);
      assert.deepEqual(validation.ruleIds, []);
    });
  }

  it("really validates: it reports a broken log, GitHub's rules included", () => {
    const log = JSON.parse(renderSarif(smallResult())) as Log;
    const result = log.runs[0]!.results[0]!;
    result.ruleIndex = 7;
    delete (result.locations[0]!.physicalLocation as Partial<Location["physicalLocation"]>).region;
    const validation = validateWithMultitool(JSON.stringify(log, null, 2));
    assert.ok(validation.ruleIds.includes("SARIF1009"), `expected SARIF1009 (bad ruleIndex), got ${validation.ruleIds.join(", ")}`);
    assert.ok(validation.ruleIds.includes("GH1003"), `expected GH1003 (no region), got ${validation.ruleIds.join(", ")}`);
  });
});

const SMALL_SARIF = `{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "cairn",
          "version": "0.1.0",
          "semanticVersion": "0.1.0",
          "informationUri": "https://github.com/cairn-iac/cairn",
          "rules": [
            {
              "id": "network/open-admin-ports",
              "name": "NetworkOpenAdminPorts",
              "shortDescription": {
                "text": "SSH open to the internet"
              },
              "fullDescription": {
                "text": "Finds security groups that open SSH or RDP to any address. Admin ports open to the internet are scanned and brute-forced within minutes."
              },
              "helpUri": "https://github.com/cairn-iac/cairn/blob/main/docs/rules/security/open-admin-ports.md",
              "help": {
                "text": "Finds security groups that open SSH or RDP to any address. Admin ports open to the internet are scanned and brute-forced within minutes.\\n\\nPrinciple: Security: a foundation, not an afterthought.\\n\\nCorresponds to: checkov CKV_AWS_24.\\n\\nDocumentation: https://github.com/cairn-iac/cairn/blob/main/docs/rules/security/open-admin-ports.md",
                "markdown": "Finds security groups that open SSH or RDP to any address. Admin ports open to the internet are scanned and brute-forced within minutes.\\n\\n**Principle:** Security: a foundation, not an afterthought.\\n\\n**Corresponds to:** checkov CKV_AWS_24.\\n\\n[Read the documentation of network/open-admin-ports](https://github.com/cairn-iac/cairn/blob/main/docs/rules/security/open-admin-ports.md)"
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "tags": [
                  "security",
                  "terraform",
                  "iac"
                ],
                "precision": "high",
                "security-severity": "8.0"
              }
            }
          ]
        }
      },
      "originalUriBaseIds": {
        "%SRCROOT%": {
          "description": {
            "text": "The audited directory (the PATH given to cairn); every path is relative to it."
          }
        }
      },
      "columnKind": "utf16CodeUnits",
      "results": [
        {
          "ruleId": "network/open-admin-ports",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "Security group \\"admin\\" opens SSH (22) to 0.0.0.0/0."
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "main.tf",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 14,
                  "startColumn": 19,
                  "endLine": 14,
                  "endColumn": 32
                }
              }
            }
          ],
          "partialFingerprints": {
            "cairnFingerprint/v1": "7a1d0c2f9e884b10"
          },
          "relatedLocations": [
            {
              "id": 0,
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "variables.tf",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 3,
                  "startColumn": 13,
                  "endLine": 3,
                  "endColumn": 24
                }
              },
              "message": {
                "text": "var.admin_cidr defaults to \\"0.0.0.0/0\\""
              }
            }
          ],
          "properties": {
            "principle": "security"
          }
        }
      ]
    }
  ]
}
`;
