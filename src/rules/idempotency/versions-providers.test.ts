import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./versions-providers.js";

const LOCK = '# This file is maintained automatically by "terraform init".\nprovider "registry.terraform.io/hashicorp/aws" {\n  version = "5.40.0"\n}\n';
const root = (terraform: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "main.tf": `terraform {\n  backend "s3" {}\n${terraform}}\nprovider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_s3_bucket" "b" {}\n`,
  ".terraform.lock.hcl": LOCK,
  ...extra,
});

describe("versions/providers", () => {
  it("reports a provider with no required_providers entry and no lock file: nothing constrains it", () => {
    const files = root("");
    delete files[".terraform.lock.hcl"];
    assert.match(runRule(rule, files)[0]?.message ?? "", /^The root module uses provider aws with no required_providers entry, so nothing constrains which version init installs;/);
  });

  it("reports a provider used with no required_providers entry, naming where it is used", () => {
    const findings = runRule(rule, root('  required_version = ">= 1.6"\n', { "random.tf": 'resource "random_id" "x" {\n  byte_length = 4\n}\n' }));
    assert.deepEqual(summary(findings), [
      'main.tf:1 The root module uses providers aws and random with no required_providers entry: only the committed lock file pins their releases, and init -upgrade would take any new major one; declare each with a source and a version such as "~> X.Y".',
    ]);
    assert.deepEqual(findings[0]?.evidence.map((e) => `${e.file}:${e.range.start.line} ${e.message}`), ["main.tf:5 aws is used here", "random.tf:1 random is used here"]);
  });

  it("accepts bounded constraints, the legacy string form, and a provider block version", () => {
    assertClean(rule, root('  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.40"\n    }\n  }\n'));
    assertClean(rule, root('  required_providers {\n    aws = "~> 2.35"\n  }\n'));
    assertClean(rule, root('  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0, < 6.0"\n    }\n  }\n'));
    assertClean(rule, {
      "main.tf": 'terraform {\n  backend "s3" {}\n}\nprovider "aws" {\n  version = "2.46.0"\n  region  = "eu-west-1"\n}\nresource "aws_s3_bucket" "b" {}\n',
      ".terraform.lock.hcl": LOCK,
    });
  });

  it("reports a constraint with no upper bound: a warning without a lock file, a note with one", () => {
    const terraform = '  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n';
    const unlocked = root(terraform);
    delete unlocked[".terraform.lock.hcl"];
    const findings = runRule(rule, unlocked);
    assert.deepEqual(summary(findings), [
      'main.tf:4 The root module constrains aws ">= 5.0" with no upper bound and commits no .terraform.lock.hcl, so any init can install a new major release; use "~> X.Y" and commit the lock file.',
    ]);
    assert.equal(findings[0]?.severity, "warning");
    const locked = runRule(rule, root(terraform));
    assert.equal(locked[0]?.severity, "note");
    assert.match(locked[0]?.message ?? "", /the committed lock file pins the release, but init -upgrade can jump/);
  });

  it("reports a root without a committed lock file as a note, and names the .gitignore line that excludes it", () => {
    const files = root('  required_providers {\n    aws = "~> 2.35"\n  }\n', { ".gitignore": ".terraform*\n*.tfstate*\n" });
    delete files[".terraform.lock.hcl"];
    const findings = runRule(rule, files);
    assert.deepEqual(summary(findings), [
      "main.tf:1 The root module's .terraform.lock.hcl is not in the repository, so each init may resolve different provider releases within the constraints; commit it (.gitignore:1 ignores it: narrow that pattern).",
    ]);
    assert.equal(findings[0]?.severity, "note");
    const untracked = runRule(rule, { ...root('  required_providers {\n    aws = "~> 2.35"\n  }\n') }, { tracked: false });
    assert.match(untracked[0]?.message ?? "", /\.terraform\.lock\.hcl is not committed/);
  });

  it("reports many roots without lock files once, for the repository", () => {
    const files: Record<string, string> = {};
    for (const env of ["dev", "qa", "staging", "prod"]) {
      files[`envs/${env}/main.tf`] = 'terraform {\n  backend "s3" {}\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.40"\n    }\n  }\n}\nprovider "aws" {}\nresource "aws_s3_bucket" "b" {}\n';
    }
    const findings = runRule(rule, files);
    assert.deepEqual(summary(findings), [
      ".:1 4 root modules (envs/dev, envs/prod, envs/qa, …) commit no .terraform.lock.hcl, so each init may resolve different provider releases within the constraints; run terraform init in each and commit the lock files.",
    ]);
  });

  it("lets reusable modules use lower bounds only, and imply hashicorp providers", () => {
    assertClean(rule, {
      "main.tf": 'terraform {\n  backend "s3" {}\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.40"\n    }\n  }\n}\nprovider "aws" {}\nmodule "app" {\n  source = "./modules/app"\n}\n',
      ".terraform.lock.hcl": LOCK,
      "modules/app/versions.tf": 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n}\n',
      "modules/app/main.tf": 'resource "aws_s3_bucket" "b" {}\nresource "random_id" "r" {\n  byte_length = 4\n}\n',
    });
  });

  it("reports a module that uses a non-HashiCorp provider without declaring its source", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "monitors" {\n  source = "./modules/monitors"\n}\n',
      "modules/monitors/main.tf": 'resource "datadog_monitor" "cpu" {\n  name = "cpu"\n}\n',
    });
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.severity}`),
      ["modules/monitors/main.tf error"],
    );
    assert.match(findings[0]?.message ?? "", /Module modules\/monitors uses datadog with no required_providers entry, so terraform init looks for hashicorp\/datadog instead/);
  });

  it("leaves alone examples, roots nobody runs here, and constraints it cannot read", () => {
    assertClean(rule, {
      "main.tf": 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n}\nresource "aws_s3_bucket" "b" {}\n',
      "examples/complete/main.tf": 'provider "aws" {}\nmodule "b" {\n  source = "../../"\n}\n',
      "wrappers/main.tf": 'module "wrapper" {\n  source = "../"\n}\n',
    });
    // A component of a library (below modules/, no backend, variable files or lock file): upper bounds are its consumers' call.
    assertClean(rule, {
      "modules/vpc/versions.tf": 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 4.9.0"\n    }\n  }\n}\n',
      "modules/vpc/main.tf": 'provider "aws" {\n  region = var.region\n}\nvariable "region" {}\nresource "aws_vpc" "v" {}\n',
    });
    assertClean(rule, root('  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = var.aws_version\n    }\n  }\n'));
  });

  it("follows provider meta-arguments and ignores the built-in terraform provider", () => {
    const findings = runRule(rule, root('  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.40"\n    }\n  }\n', {
      "beta.tf": 'resource "google_compute_instance" "vm" {\n  provider = google-beta\n}\nresource "terraform_data" "d" {}\ndata "terraform_remote_state" "net" {\n  backend = "s3"\n}\n',
    }));
    assert.match(findings[0]?.message ?? "", /uses provider google-beta with no required_providers entry/);
  });
});
