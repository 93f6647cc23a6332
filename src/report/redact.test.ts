import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHcl } from "../hcl/parser.js";
import { codeFrame } from "./code-frame.js";
import { redactFrame, redactSecrets } from "./redact.js";
import { literalSpansWithin, maskSpans, secretSpans } from "./secret-spans.js";

/** What the text report shows for a span of an HCL file. */
function frameOf(text: string, needle: string, findingAboutASecret = false): string {
  const file = parseHcl(text, { path: "main.tf" });
  const start = text.indexOf(needle);
  const span = { start, end: start + needle.length };
  const masked = maskSpans(text, [...secretSpans(file), ...(findingAboutASecret ? literalSpansWithin(file, span) : [])]);
  return redactFrame(codeFrame(masked.text, { start: masked.map(span.start), end: masked.map(span.end) }, undefined, 1));
}

describe("redaction of code frames", () => {
  it("masks values of secret-named arguments, keys and variables", () => {
    assert.equal(redactSecrets('  password = "Sup3rS3cret!2019"'), '  password = "********"');
    assert.equal(redactSecrets('db_password = "hunter22"'), 'db_password = "********"');
    assert.equal(redactSecrets("      MYSQL_ROOT_PASSWORD: admin123"), "      MYSQL_ROOT_PASSWORD: ********");
    assert.equal(redactSecrets('  environment = { DB_PASSWORD = "abc12345", HOST = "db" }'), '  environment = { DB_PASSWORD = "********", HOST = "db" }');
    assert.equal(redactSecrets('  "secret_key": "wJalrXUtnFEMI/K7MDENG"'), '  "secret_key": "********"');
  });

  it("masks key and token shapes anywhere", () => {
    assert.equal(redactSecrets("  access = AKIAIOSFODNN7EXAMPLE"), "  access = ********");
    assert.equal(redactSecrets("url: postgres://app:hunter2hunter2@db:5432/x"), "url: ********");
  });

  it("keeps references, placeholders and ordinary lines", () => {
    for (const line of ["  password = var.db_password", '  password = "${random_password.db.result}"', '  username = "admin"', '  key_name = "deployer"', "  id-token: write"]) {
      assert.equal(redactSecrets(line), line);
    }
  });

  it("redacts only the source part of a frame", () => {
    assert.equal(redactFrame('> 1 | password = "Sup3rS3cret!2019"\n    | ^^^^'), '> 1 | password = "********"\n    | ^^^^');
  });

  it("cuts the caret line under a redacted line, so that it does not give the secret's length away", () => {
    assert.equal(redactFrame('> 1 | password = "Sup3rS3cret!2019-and-longer"\n    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^'), '> 1 | password = "********"\n    | ^^^^^^^^^^^^^^^^^^^^^');
  });

  it("masks the default of a variable that is secret by name or marked sensitive, which a line alone cannot tell", () => {
    const byName = frameOf('variable "redis_password" {\n  type    = string\n  default = "Sup3rS3cretRedis!"\n}\n', 'default = "Sup3rS3cretRedis!"');
    assert.doesNotMatch(byName, /Sup3r/);
    assert.match(byName, /> 3 \| {3}default = "\*{8}"\n +\| +\^{20}$/m);
    const sensitive = frameOf('variable "conn" {\n  sensitive = true\n  default   = "mysql://root:Sup3rS3cret@db/app"\n}\n', "default");
    assert.doesNotMatch(sensitive, /Sup3r/);
    const plain = frameOf('variable "region" {\n  default = "eu-west-1"\n}\n', "default");
    assert.match(plain, /"eu-west-1"/, "ordinary defaults stay readable");
  });

  it("masks secret values in environment lists and objects, and heredocs line by line", () => {
    const env = frameOf('locals {\n  env = [{ name = "DB_PASSWORD", value = "hunter2hunter2" }, { name = "HOST", value = "db.internal" }]\n}\n', "env");
    assert.doesNotMatch(env, /hunter2/);
    assert.match(env, /db\.internal/);
    const heredoc = frameOf('locals {\n  api_token = <<EOT\nabc123secretvalue\nsecond-line-secret\nEOT\n}\n', "api_token = <<EOT\nabc123secretvalue\nsecond-line-secret\nEOT", true);
    assert.doesNotMatch(heredoc, /secret/);
    assert.match(heredoc, /> 4 \| \*{8}/, "line numbers stay true");
  });

  it("masks every literal a finding about a secret points at, whatever its name", () => {
    const text = 'resource "aws_instance" "web" {\n  user_data = "export X=s3cr3tv4lu3"\n}\n';
    assert.doesNotMatch(frameOf(text, 'user_data = "export X=s3cr3tv4lu3"', true), /s3cr3t/);
    assert.match(frameOf(text, 'user_data = "export X=s3cr3tv4lu3"'), /s3cr3t/, "other findings show ordinary text");
  });
});
