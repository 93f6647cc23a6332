import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule, { redactSource } from "./versions-modules.js";

const call = (body: string): Record<string, string> => ({ "main.tf": `module "vpc" {\n${body}}\n` });

describe("versions/modules", () => {
  it("reports a git source without ?ref=, at its source", () => {
    assert.deepEqual(summary(runRule(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git"\n'))), [
      'main.tf:2 module.vpc takes "git::https://github.com/acme/terraform-vpc.git" without ?ref=, so every init fetches whatever the default branch holds; pin it to a tag or commit (?ref=v1.2.0).',
    ]);
    assert.equal(runRule(rule, call('  source = "github.com/acme/terraform-vpc"\n')).length, 1);
    assert.equal(runRule(rule, call('  source = "git@github.com:acme/terraform-vpc.git"\n')).length, 1);
    assert.equal(runRule(rule, call('  source = "bitbucket.org/acme/terraform-vpc"\n')).length, 1);
  });

  it("reports a branch as the ref: it moves", () => {
    assert.deepEqual(summary(runRule(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git?ref=main"\n'))), [
      'main.tf:2 module.vpc takes "git::https://github.com/acme/terraform-vpc.git?ref=main" at the branch "main", which moves; pin it to a tag or commit instead.',
    ]);
    assert.equal(runRule(rule, call('  source = "github.com/acme/terraform-vpc//modules/x?ref=master"\n')).length, 1);
  });

  it("reports a ref with no version number that is not a commit: a branch by another name", () => {
    assert.deepEqual(summary(runRule(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git?ref=feature-x"\n'))), [
      'main.tf:2 module.vpc takes "git::https://github.com/acme/terraform-vpc.git?ref=feature-x" at "feature-x", which has no version number and is not a commit, so it is most likely a branch, and branches move; pin it to a tag or commit instead.',
    ]);
    assert.equal(runRule(rule, call('  source = "github.com/acme/terraform-s3?ref=add_lifecycle_rules"\n')).length, 1);
  });

  it("accepts tags and commits, and stays silent on refs it cannot classify", () => {
    assertClean(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git?ref=v1.2.0"\n'));
    assertClean(rule, call('  source = "github.com/acme/terraform-vpc?ref=5.1.2"\n'));
    assertClean(rule, call('  source = "git::ssh://git@github.com/acme/terraform-vpc.git?ref=3f1e2a9c4b7d"\n'));
    assertClean(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git?depth=1&ref=v2.0.0"\n'));
    // A ref with a number in it may be a tag or a branch (release-2024, hotfix-12): not knowable without the remote.
    assertClean(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git?ref=release-2024"\n'));
    // A short commit made only of the letters a–f is still a commit.
    assertClean(rule, call('  source = "git::https://github.com/acme/terraform-vpc.git?ref=deadbeef"\n'));
  });

  it("reports a registry module without a version, or with no upper bound", () => {
    assert.deepEqual(summary(runRule(rule, call('  source = "terraform-aws-modules/vpc/aws"\n'))), [
      'main.tf:1 module.vpc takes the registry module "terraform-aws-modules/vpc/aws" with no version, so every init may fetch a new release; add version = "~> X.Y".',
    ]);
    assert.deepEqual(summary(runRule(rule, call('  source  = "terraform-aws-modules/vpc/aws"\n  version = ">= 5.0"\n'))), [
      'main.tf:3 module.vpc takes the registry module "terraform-aws-modules/vpc/aws" at version ">= 5.0", which has no upper bound, and module versions are not locked; use "~> X.Y" or an exact version.',
    ]);
  });

  it("never asks a registry module for a commit hash, and accepts local sources", () => {
    assertClean(rule, call('  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 5.8"\n'));
    assertClean(rule, call('  source  = "app.terraform.io/acme/vpc/aws"\n  version = "1.4.2"\n'));
    assertClean(rule, { ...call('  source = "./modules/vpc"\n'), "modules/vpc/main.tf": 'resource "aws_vpc" "v" {}\n' });
    assertClean(rule, call('  source = "s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc-1.2.0.zip"\n'));
  });

  it("stays silent when the version is not a literal", () => {
    assertClean(rule, { ...call('  source  = "terraform-aws-modules/vpc/aws"\n  version = var.vpc_version\n'), "variables.tf": 'variable "vpc_version" {}\n' });
  });

  it("never shows a credential written into a source URL", () => {
    const findings = runRule(rule, call('  source = "git::https://deploy:s3cr3t-t0ken@github.com/acme/terraform-vpc.git"\n'));
    assert.equal(findings.length, 1);
    assert.ok(!(findings[0]?.message ?? "").includes("s3cr3t"));
    assert.equal(redactSource("git::https://x-access-token:abc@github.com/a/b.git?ref=main"), "git::https://github.com/a/b.git?ref=main");
    assert.equal(redactSource("git::ssh://git@github.com/a/b.git"), "git::ssh://git@github.com/a/b.git");
  });
});
