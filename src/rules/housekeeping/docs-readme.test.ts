import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./docs-readme.js";

const main = 'resource "aws_s3_bucket" "logs" {\n  bucket = var.bucket\n}\n';

describe("docs/readme", () => {
  it("reports a repository without a README at its root, even with READMEs elsewhere", () => {
    const findings = runRule(rule, { "terraform/prod/main.tf": main, "argocd/README.md": "# Argo CD\n\nApply the manifests with kubectl.\n" });
    assert.deepEqual(summary(findings), [".:1 No README at the repository root: nothing tells a newcomer what this repository deploys, what it needs, or how to plan, apply and destroy it."]);
    assert.equal(findings[0]?.severity, "warning");
  });

  it("notes a README that never says how to run the Terraform, or that is nearly empty", () => {
    const prose = "# Shop infrastructure\n\nThis repository holds the AWS resources of the shop.\nIt uses S3 for logs.\nAsk the platform team for access.\n";
    assert.deepEqual(summary(runRule(rule, { "main.tf": main, "README.md": prose })), [
      "README.md:1 README.md does not say how to run the Terraform: add the commands (init, plan, apply, destroy) per environment, or the make target or script that wraps them.",
    ]);
    assert.deepEqual(summary(runRule(rule, { "main.tf": main, "README.md": "# 6-eureka-cloud\n" })), [
      "README.md:1 README.md is nearly empty: say what the repository deploys, what it needs, and how to plan, apply and destroy it.",
    ]);
  });

  it("accepts the commands, a make target or script, a plan-and-apply walkthrough, or a link to the guide", () => {
    const base = "# Shop infrastructure\n\nThis repository holds the AWS resources of the shop.\nIt needs an AWS profile.\n\n";
    for (const how of [
      "```sh\nterraform init\nterraform plan -out=plan\nterraform apply plan\n```\n",
      "Run `make plan ENV=dev` and then `make apply ENV=dev`.\n",
      "```sh\n./deploy.sh --env prod\n```\n",
      "Review the plan in the pull request; merging applies it.\n",
      "Start with [the getting started guide](docs/guides/getting-started.md).\n",
    ]) {
      assertClean(rule, { "main.tf": main, "README.md": base + how });
    }
  });

  it("asks a module library's README for a usage example instead", () => {
    const library = {
      "main.tf": 'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
      "examples/basic/main.tf": 'module "bucket" {\n  source = "../../"\n  name   = "x"\n}\n',
    };
    const findings = runRule(rule, { ...library, "README.md": "# S3 bucket\n\nCreates an S3 bucket with sensible settings.\nVersioning is on.\nEncryption is on.\n" });
    assert.deepEqual(summary(findings), [
      "README.md:1 README.md has no usage example and no inputs or outputs: show a module block that calls the module, and list its variables and outputs.",
    ]);
    assertClean(rule, { ...library, "README.md": '# S3 bucket\n\nCreates an S3 bucket.\n\n## Usage\n\n```hcl\nmodule "bucket" {\n  source = "acme/bucket/aws"\n  name   = "logs"\n}\n```\n' });
  });

  it("stays silent on a repository without Terraform outside test fixtures", () => {
    assertClean(rule, { "internal/testdata/main.tf": main, "go.mod": "module x\n" });
  });

  it("judges the README's text only: unknown variable values change nothing", () => {
    assertClean(rule, {
      "main.tf": 'variable "env" {}\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs-${var.env}"\n}\n',
      "README.md": "# Logs\n\nCreates the log bucket of an environment.\nNeeds AWS credentials.\n\n`terraform apply -var env=dev`\n",
    });
  });
});
