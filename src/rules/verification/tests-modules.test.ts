import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./tests-modules.js";

const BUCKET_MODULE = 'variable "name" {\n  type = string\n}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n';

/** A library: the root module is called by its example, and calls a submodule. */
const LIBRARY = {
  "main.tf": 'module "logs" {\n  source = "./modules/logs"\n  name   = "x"\n}\nresource "aws_s3_bucket" "this" {}\n',
  "modules/logs/main.tf": BUCKET_MODULE,
  "modules/queue/main.tf": 'resource "aws_sqs_queue" "this" {}\n',
  "examples/complete/main.tf": 'provider "aws" {\n  region = "eu-west-1"\n}\nmodule "all" {\n  source = "../../"\n}\n',
};

describe("tests/modules", () => {
  it("reports library modules that nothing tests or exemplifies", () => {
    const findings = runRule(rule, LIBRARY);
    assert.deepEqual(summary(findings), [
      ".:1 Reusable module has no terraform test (*.tftest.hcl), Terratest or example that exercises it: modules/queue; add a tests/*.tftest.hcl with a plan-mode run, or an examples/ directory that calls it.",
    ]);
    assert.equal(findings[0]?.severity, "warning");
  });

  it("reports local modules of an application repository when one is reused, as a note", () => {
    const app = {
      "envs/dev/main.tf": 'terraform {\n  backend "s3" {}\n}\nmodule "a" {\n  source = "../../modules/bucket"\n  name   = "a"\n}\nmodule "b" {\n  source = "../../modules/bucket"\n  name   = "b"\n}\n',
      "modules/bucket/main.tf": BUCKET_MODULE,
    };
    const findings = runRule(rule, app);
    assert.match(findings[0]?.message ?? "", /^Reusable module has no terraform test .*: modules\/bucket \(modules\/bucket is called 2 times\)/);
    assert.equal(findings[0]?.severity, "note");
  });

  it("accepts modules covered by tftest files, examples (directly or through the root) and Terratest", () => {
    assertClean(rule, { ...LIBRARY, "modules/queue/tests/basic.tftest.hcl": 'run "plan" {\n  command = plan\n}\n' });
    assertClean(rule, { ...LIBRARY, "examples/queue/main.tf": 'module "q" {\n  source = "../../modules/queue"\n}\n' });
    assertClean(rule, { ...LIBRARY, "test/queue_test.go": "package test\n" });
  });

  it("traps: modules used once in an application, thin wrappers, no modules at all", () => {
    assertClean(rule, {
      "main.tf": 'terraform {\n  backend "s3" {}\n}\nmodule "a" {\n  source = "./modules/bucket"\n  name   = "a"\n}\n',
      "modules/bucket/main.tf": BUCKET_MODULE,
    });
    // A preset that only calls the tested root module has nothing of its own to test.
    assertClean(rule, { ...LIBRARY, "modules/queue/main.tf": 'module "root" {\n  source = "../../"\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_s3_bucket" "b" {}\n' });
  });

  it("stays silent when a module's source is not a literal (the callers cannot be known)", () => {
    assertClean(rule, {
      "main.tf": 'terraform {\n  backend "s3" {}\n}\nvariable "path" {\n  type = string\n}\nmodule "a" {\n  source = var.path\n}\n',
      "modules/bucket/main.tf": BUCKET_MODULE,
    });
  });
});
