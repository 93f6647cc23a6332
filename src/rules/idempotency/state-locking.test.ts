import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./state-locking.js";

const backend = (body: string): Record<string, string> => ({
  "main.tf": `terraform {\n  backend "s3" {\n${body}  }\n}\nresource "aws_s3_bucket" "b" {}\n`,
});

describe("state/locking", () => {
  it("reports an s3 backend with neither locking nor encryption, once, at the backend", () => {
    const findings = runRule(rule, backend('    bucket = "acme-state"\n    key    = "prod.tfstate"\n    region = "eu-west-1"\n'));
    assert.deepEqual(summary(findings), [
      'main.tf:2 The s3 backend of the root module (bucket "acme-state") has no state locking and no encrypt = true: two applies at once can corrupt the state, and its encryption is left to the bucket\'s defaults; add use_lockfile = true (Terraform >= 1.10) and encrypt = true.',
    ]);
    assert.equal(findings[0]?.severity, "error");
  });

  it("reports missing locking alone as an error, and missing encryption alone as a warning", () => {
    const noLock = runRule(rule, backend('    bucket  = "acme-state"\n    key     = "prod.tfstate"\n    encrypt = true\n'));
    assert.match(noLock[0]?.message ?? "", /has no state locking, so two applies at once can corrupt the state; add use_lockfile = true/);
    assert.equal(noLock[0]?.severity, "error");
    const noEncrypt = runRule(rule, backend('    bucket         = "acme-state"\n    key            = "prod.tfstate"\n    dynamodb_table = "locks"\n    encrypt        = false\n'));
    assert.deepEqual(summary(noEncrypt), [
      'main.tf:6 The s3 backend of the root module (bucket "acme-state") has encrypt = false, so the state (which holds every secret of the resources) is encrypted only if the bucket\'s defaults say so; add encrypt = true.',
    ]);
    assert.equal(noEncrypt[0]?.severity, "warning");
  });

  it("treats use_lockfile = false as no locking", () => {
    const findings = runRule(rule, backend('    bucket       = "acme-state"\n    key          = "prod.tfstate"\n    encrypt      = true\n    use_lockfile = false\n'));
    assert.equal(findings.length, 1);
    assert.match(summary(findings)[0] ?? "", /^main\.tf:6 The s3 backend of the root module \(bucket "acme-state"\) has use_lockfile = false and no dynamodb_table, so two applies/);
  });

  it("accepts use_lockfile or a DynamoDB table, with encrypt = true", () => {
    assertClean(rule, backend('    bucket       = "acme-state"\n    key          = "prod.tfstate"\n    use_lockfile = true\n    encrypt      = true\n'));
    assertClean(rule, backend('    bucket         = "acme-state"\n    key            = "prod.tfstate"\n    dynamodb_table = "terraform-locks"\n    encrypt        = true\n'));
  });

  it("stays silent on a partial configuration completed at init", () => {
    assertClean(rule, backend(""));
    assertClean(rule, backend('    region = "eu-west-1"\n'));
    // bucket and key are in the block, but the lock table and encryption come from a backend config file.
    assertClean(rule, {
      ...backend('    bucket = "acme-state"\n    key    = "prod.tfstate"\n'),
      "prod.s3.tfbackend": 'dynamodb_table = "locks"\nencrypt = true\n',
    });
    assertClean(rule, {
      ...backend('    bucket = "acme-state"\n    key    = "prod.tfstate"\n'),
      Makefile: "init:\n\tterraform init -backend-config=use_lockfile=true -backend-config=encrypt=true\n",
    });
  });

  it("stays silent when a value is unknown (a variable, which Terraform rejects in a backend anyway)", () => {
    assertClean(rule, {
      ...backend('    bucket       = "acme-state"\n    key          = "prod.tfstate"\n    use_lockfile = var.lock\n    encrypt      = var.encrypt\n'),
      "variables.tf": 'variable "lock" {}\nvariable "encrypt" {}\n',
    });
  });

  it("reports other backends only where locking is knowably off", () => {
    const http = runRule(rule, { "main.tf": 'terraform {\n  backend "http" {\n    address = "https://state.example.com/prod"\n  }\n}\n' });
    assert.match(http[0]?.message ?? "", /^The http backend of the root module has no state locking \(no lock_address\), so two applies/);
    const consul = runRule(rule, { "main.tf": 'terraform {\n  backend "consul" {\n    path = "prod"\n    lock = false\n  }\n}\n' });
    assert.match(consul[0]?.message ?? "", /lock = false turns state locking off/);
    // gcs, azurerm, remote and cloud lock and encrypt by themselves.
    assertClean(rule, { "main.tf": 'terraform {\n  backend "gcs" {\n    bucket = "acme-state"\n  }\n}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  backend "azurerm" {\n    storage_account_name = "acme"\n    container_name = "tfstate"\n    key = "prod"\n  }\n}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  backend "http" {\n    address      = "https://state.example.com/prod"\n    lock_address = "https://state.example.com/prod/lock"\n  }\n}\n' });
  });

  it("says nothing without a backend (that is state/remote-backend)", () => {
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "b" {}\n' });
  });
});
