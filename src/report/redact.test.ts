import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { redactFrame, redactSecrets } from "./redact.js";

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
});
