import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuditResult, Finding } from "../engine/types.js";
import { cleanResult, fullResult, smallResult, span } from "./fixtures.test.js";
import { renderJunit } from "./junit.js";
import { escapeXmlAttribute, escapeXmlText, xmlSafe } from "./xml.js";

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data, decoded. */
  text: string;
}

/**
 * A small XML 1.0 well-formedness checker, enough for reporter output: declaration, elements,
 * attributes, character and entity references, comments, CDATA and processing instructions.
 * No DTDs. Throws on the first problem; returns the root element.
 */
function parseXml(xml: string): XmlElement {
  // eslint-disable-next-line no-control-regex
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u.exec(xml);
  if (forbidden) throw new Error(`character U+${forbidden[0].charCodeAt(0).toString(16)} is not allowed at ${forbidden.index}`);
  const name = "[A-Za-z_:][-A-Za-z0-9_:.]*";
  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;]*);?/g, (match, ref: string) => {
      if (!match.endsWith(";")) throw new Error(`unterminated reference at ${at}`);
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      if (ref in named) return named[ref] as string;
      const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (!numeric) throw new Error(`unknown reference &${ref}; at ${at}`);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] as string, 10);
      const char = String.fromCodePoint(code);
      // eslint-disable-next-line no-control-regex
      if (/^[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]$/u.test(char)) throw new Error(`reference to a forbidden character at ${at}`);
      return char;
    });

  let pos = 0;
  const declaration = /^<\?xml version="1\.0"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\?>/.exec(xml);
  if (declaration) pos = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  while (pos < xml.length) {
    const lt = xml.indexOf("<", pos);
    const text = xml.slice(pos, lt === -1 ? xml.length : lt);
    if (text.includes("]]>")) throw new Error(`"]]>" in character data at ${pos}`);
    const current = stack[stack.length - 1];
    if (current) current.text += decode(text, pos);
    else if (text.trim() !== "") throw new Error(`text outside the root element at ${pos}`);
    if (lt === -1) break;
    pos = lt;

    const rest = xml.slice(pos);
    if (rest.startsWith("<!--")) {
      const end = xml.indexOf("-->", pos + 4);
      if (end === -1 || xml.slice(pos + 4, end).includes("--")) throw new Error(`bad comment at ${pos}`);
      pos = end + 3;
    } else if (rest.startsWith("<![CDATA[")) {
      const end = xml.indexOf("]]>", pos);
      if (end === -1 || !current) throw new Error(`bad CDATA section at ${pos}`);
      current.text += xml.slice(pos + 9, end);
      pos = end + 3;
    } else if (rest.startsWith("<?")) {
      const end = xml.indexOf("?>", pos);
      if (end === -1 || /^<\?xml\b/i.test(rest)) throw new Error(`bad processing instruction at ${pos}`);
      pos = end + 2;
    } else if (rest.startsWith("</")) {
      const end = new RegExp(`^</(${name})\\s*>`).exec(rest);
      if (!end) throw new Error(`bad end tag at ${pos}`);
      const open = stack.pop();
      if (open?.name !== end[1]) throw new Error(`</${end[1]}> closes <${open?.name ?? "nothing"}> at ${pos}`);
      pos += end[0].length;
    } else {
      const start = new RegExp(`^<(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`).exec(rest);
      if (!start) throw new Error(`bad start tag at ${pos}: ${rest.slice(0, 60)}`);
      const element: XmlElement = { name: start[1] as string, attributes: {}, children: [], text: "" };
      for (const attribute of (start[2] ?? "").matchAll(new RegExp(`(${name})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "g"))) {
        const key = attribute[1] as string;
        if (key in element.attributes) throw new Error(`duplicate attribute ${key} at ${pos}`);
        element.attributes[key] = decode(attribute[2] ?? attribute[3] ?? "", pos);
      }
      if (current) current.children.push(element);
      else if (root) throw new Error(`second root element at ${pos}`);
      else root = element;
      if (start[3] !== "/") stack.push(element);
      pos += start[0].length;
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]?.name}> is not closed`);
  if (!root) throw new Error("no root element");
  return root;
}

function junitOf(result: AuditResult): XmlElement {
  return parseXml(renderJunit(result));
}

describe("the XML checker used by these tests", () => {
  it("accepts well-formed XML and rejects what is not", () => {
    assert.equal(parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; 2"><b/><!-- c --><![CDATA[<d>]]>e&#233;</a>\n').text, "<d>eé");
    for (const bad of [
      "<a>",
      "<a></b>",
      "<a/><b/>",
      '<a x="1" x="2"/>',
      '<a x="<"/>',
      "<a>&nbsp;</a>",
      "<a>& </a>",
      "<a>]]></a>",
      "<a>\u0001</a>",
      "<a>&#1;</a>",
      "<a>\uD800</a>",
      "text<a/>",
    ]) {
      assert.throws(() => parseXml(bad), Error, `accepted ${JSON.stringify(bad)}`);
    }
  });
});

describe("XML escaping", () => {
  it("escapes markup characters in text and attributes", () => {
    assert.equal(escapeXmlText(`a < b && c > "d" ]]>`), "a &lt; b &amp;&amp; c &gt; \"d\" ]]&gt;");
    assert.equal(escapeXmlAttribute(`say "hi" & <go>\n\tnow\r`), "say &quot;hi&quot; &amp; &lt;go&gt;&#10;&#9;now&#13;");
  });

  it("replaces characters XML 1.0 forbids and keeps everything else", () => {
    assert.equal(xmlSafe("bell\u0007 nul\u0000 ff\u000c tab\t nl\n"), "bell\uFFFD nul\uFFFD ff\uFFFD tab\t nl\n");
    assert.equal(xmlSafe("lone \uD83D surrogate, pair 😀, \uFFFF"), "lone \uFFFD surrogate, pair 😀, \uFFFD");
    assert.equal(xmlSafe("café 東京 \u0085 \u007f"), "café 東京 \u0085 \u007f");
  });
});

describe("renderJunit", () => {
  it("writes well-formed XML for every kind of result", () => {
    for (const result of [fullResult(), smallResult(), cleanResult()]) parseXml(renderJunit(result));
  });

  it("writes one suite per principle that has rules, in the principles' order", () => {
    const root = junitOf(fullResult());
    assert.equal(root.name, "testsuites");
    assert.deepEqual(
      root.children.map((s) => s.name + ":" + s.attributes["name"]),
      ["testsuite:housekeeping", "testsuite:security", "testsuite:verification", "testsuite:cost", "testsuite:recoverability"],
    );
  });

  it("writes one test case per rule, failing once per unsuppressed finding", () => {
    const root = junitOf(fullResult());
    const cases = root.children.flatMap((suite) =>
      suite.children.map((c) => ({
        suite: suite.attributes["name"],
        classname: c.attributes["classname"],
        name: c.attributes["name"],
        failures: c.children.map((f) => `${f.name}:${f.attributes["type"]}`),
      })),
    );
    assert.deepEqual(cases, [
      { suite: "housekeeping", classname: "cairn.housekeeping", name: "docs/variable-description", failures: ["failure:note"] },
      { suite: "security", classname: "cairn.security", name: "network/open-admin-ports", failures: ["failure:error"] },
      { suite: "security", classname: "cairn.security", name: "storage/unencrypted-bucket", failures: ["failure:warning"] },
      { suite: "verification", classname: "cairn.verification", name: "ci/no-plan-in-ci", failures: ["failure:warning"] },
      { suite: "cost", classname: "cairn.cost", name: "compute/oversized-instance", failures: ["failure:note"] },
      { suite: "recoverability", classname: "cairn.recoverability", name: "state/no-locking", failures: [] },
    ]);
  });

  it("counts tests and failures on every suite and on the whole", () => {
    const result = fullResult();
    const root = junitOf(result);
    const unsuppressed = result.findings.filter((f) => !f.suppressed).length;
    assert.deepEqual(root.attributes, { name: "cairn", tests: String(result.rules.length), failures: String(unsuppressed), errors: "0", skipped: "0" });
    for (const suite of root.children) {
      assert.equal(suite.attributes["tests"], String(suite.children.length));
      assert.equal(suite.attributes["failures"], String(suite.children.reduce((n, c) => n + c.children.length, 0)));
    }
  });

  it("says where and why in each failure, with the evidence", () => {
    const root = junitOf(fullResult());
    const failure = (rule: string): XmlElement | undefined =>
      root.children.flatMap((s) => s.children).find((c) => c.attributes["name"] === rule)?.children[0];

    const ssh = failure("network/open-admin-ports");
    assert.equal(ssh?.attributes["message"], 'Security group "admin" opens SSH (22) to 0.0.0.0/0.');
    assert.equal(
      ssh?.text,
      [
        'main.tf:14:19: Security group "admin" opens SSH (22) to 0.0.0.0/0.',
        "  evidence: main.tf:14:19: cidr_blocks is var.admin_cidr",
        '  evidence: variables.tf:3:13: var.admin_cidr defaults to "0.0.0.0/0"',
        "  fix (infrastructure): Restrict SSH to the office range.",
        "  docs: https://github.com/cairn-iac/cairn/blob/main/docs/rules/security/open-admin-ports.md",
      ].join("\n"),
    );
    assert.match(failure("storage/unencrypted-bucket")?.text ?? "", /^modules\/web\/modules\/sg\/main\.tf:2:1: .*\n {2}in module\.web\.module\.sg\n/);
    assert.match(failure("ci/no-plan-in-ci")?.text ?? "", /^\(repository\): No CI pipeline/);
  });

  it("keeps unicode and markup characters, and replaces only what XML forbids", () => {
    const result = fullResult();
    const message = result.findings.find((f) => f.message.includes("café"))?.message ?? "";
    const failure = junitOf(result)
      .children.flatMap((s) => s.children)
      .find((c) => c.attributes["name"] === "docs/variable-description")?.children[0];
    assert.equal(failure?.attributes["message"], message.replace("\u0007", "\uFFFD"));
    assert.ok(failure?.text.includes('<東京 & "ünïcödé"> 😀'));
  });

  it("keeps multi-line messages intact in the message attribute", () => {
    const result = smallResult();
    result.findings[0]!.message = "First line.\nSecond\tline.";
    const failure = junitOf(result).children[0]?.children[0]?.children[0];
    assert.equal(failure?.attributes["message"], "First line.\nSecond\tline.");
  });

  it("does not count suppressed findings", () => {
    const result = smallResult();
    result.findings[0]!.suppressed = { kind: "comment", reason: "Bastion host." };
    const root = junitOf(result);
    assert.equal(root.attributes["failures"], "0");
    assert.deepEqual(root.children[0]?.children[0]?.children, []);
  });

  it("still fails for a finding whose rule metadata is missing", () => {
    const result = smallResult();
    const stray: Finding = { ...result.findings[0]!, ruleId: "legacy/<odd> & \"id\"", principle: "operations", range: span(1, 1, 1, 2) };
    result.findings.push(stray);
    const root = junitOf(result);
    assert.equal(root.attributes["failures"], "2");
    const operations = root.children.find((s) => s.attributes["name"] === "operations");
    assert.equal(operations?.children[0]?.attributes["name"], 'legacy/<odd> & "id"');
    assert.equal(operations?.children[0]?.children.length, 1);
  });

  it("writes a clean audit as passing test cases", () => {
    const root = junitOf(cleanResult());
    assert.equal(root.attributes["failures"], "0");
    assert.equal(root.attributes["tests"], String(cleanResult().rules.length));
  });

  it("writes an audit with no rules as an empty report", () => {
    assert.equal(
      renderJunit({ ...cleanResult(), rules: [] }),
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cairn" tests="0" failures="0" errors="0" skipped="0">\n</testsuites>\n',
    );
  });

  it("is deterministic, whatever order the rules come in", () => {
    const result = fullResult();
    assert.equal(renderJunit({ ...fullResult(), rules: [...result.rules].reverse() }), renderJunit(result));
  });

  it("writes a small result exactly", () => {
    assert.equal(
      renderJunit(smallResult()),
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="cairn" tests="1" failures="1" errors="0" skipped="0">
  <testsuite name="security" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="cairn.security" name="network/open-admin-ports">
      <failure message="Security group &quot;admin&quot; opens SSH (22) to 0.0.0.0/0." type="error">main.tf:14:19: Security group "admin" opens SSH (22) to 0.0.0.0/0.
  evidence: variables.tf:3:13: var.admin_cidr defaults to "0.0.0.0/0"
  docs: https://github.com/cairn-iac/cairn/blob/main/docs/rules/security/open-admin-ports.md</failure>
    </testcase>
  </testsuite>
</testsuites>
`,
    );
  });
});
