import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./tags-default-tags.js";

describe("tags/default-tags", () => {
  it("reports an aws provider without default_tags, and one missing required keys", () => {
    const findings = runRule(rule, {
      "main.tf": `provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias = "us"
  default_tags {
    tags = { Project = "shop", Owner = "team" }
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 provider "aws" in the root module has no default_tags; add default_tags { tags = { Project = ..., Environment = ..., ManagedBy = ..., Owner = ... } }.',
      'main.tf:7 default_tags of provider "aws" (alias "us") lacks Environment, ManagedBy.',
    ]);
  });

  it("accepts complete default tags, unknown ones, and other providers", () => {
    assertClean(rule, {
      "main.tf": `variable "tags" {}
provider "aws" {
  default_tags { tags = { Project = "a", Environment = "b", ManagedBy = "c", Owner = "d" } }
}
provider "aws" {
  alias = "other"
  default_tags { tags = var.tags }
}
provider "google" {}
`,
    });
  });

  it("leaves provider blocks of reusable modules and examples to their callers", () => {
    assertClean(rule, { "modules/x/main.tf": 'provider "aws" {}\nresource "aws_s3_bucket" "b" {}\n', "main.tf": 'module "x" {\n  source = "./modules/x"\n}\n' });
  });
});
