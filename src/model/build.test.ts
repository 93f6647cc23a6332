import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { discover } from "../workspace/discover.js";
import { MemorySource } from "../workspace/source.js";
import { buildRepository, sourceKind } from "./build.js";

function repository(files: Record<string, string>) {
  return buildRepository(discover(".", new MemorySource(files)));
}

describe("repository model", () => {
  it("finds root modules, the local modules they call, and each module's callers", () => {
    const repo = repository({
      "envs/prod/main.tf": 'terraform {\n  backend "s3" {}\n}\nmodule "app" {\n  source = "../../modules/app"\n}\n',
      "envs/dev/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  version = "5.1.0"\n}\n',
      "modules/app/main.tf": 'module "sg" {\n  source = "./sg"\n}\n',
      "modules/app/sg/main.tf": 'resource "aws_security_group" "this" {}\n',
      "examples/basic/main.tf": 'module "app" {\n  source = "../../modules/app"\n}\n',
      "test/fixture/main.tf": 'resource "x" "y" {}\n',
    });
    assert.deepEqual(
      repo.modules.map((m) => [m.dir, m.role]),
      [
        ["envs/dev", "root"],
        ["envs/prod", "root"],
        ["examples/basic", "example"],
        ["modules/app", "module"],
        ["modules/app/sg", "module"],
        ["test/fixture", "test"],
      ],
    );
    const app = repo.moduleByDir.get("modules/app");
    assert.deepEqual(app?.callers.map((c) => c.ref.module.dir).sort(), ["envs/dev", "envs/prod", "examples/basic"]);
    const dev = repo.moduleByDir.get("envs/dev");
    assert.deepEqual(dev?.moduleCalls.map((c) => [c.name, c.sourceKind, c.target?.dir ?? null, c.version]), [
      ["app", "local", "modules/app", null],
      ["vpc", "registry", null, "5.1.0"],
    ]);
    assert.equal(repo.moduleByDir.get("envs/prod")?.backend?.type, "s3");
  });

  it("indexes blocks by address and records references", () => {
    const repo = repository({
      "main.tf": `variable "name" {}
locals {
  prefix = "x-\${var.name}"
}
data "aws_ami" "ubuntu" {}
resource "aws_instance" "web" {
  ami  = data.aws_ami.ubuntu.id
  tags = { Name = local.prefix }
}
output "ip" {
  value = aws_instance.web[0].private_ip
}
`,
    });
    const module = repo.modules[0]!;
    assert.deepEqual([...module.byAddress.keys()].sort(), ["aws_instance.web", "data.aws_ami.ubuntu", "output.ip", "var.name"]);
    assert.deepEqual([...module.referenced].sort(), ["aws_instance.web", "data.aws_ami.ubuntu", "local.prefix", "var.name"]);
    const ip = module.references.find((r) => r.address === "aws_instance.web");
    assert.deepEqual(ip?.path, ["private_ip"]);
    assert.equal(ip?.from.address, "output.ip");
  });

  it("tells an environment named test from a test fixture", () => {
    const repo = repository({ "envs/test/main.tf": 'resource "x" "y" {}\n', "tests/fixture/main.tf": 'resource "x" "y" {}\n' });
    assert.deepEqual(repo.modules.map((m) => [m.dir, m.role]), [["envs/test", "root"], ["tests/fixture", "test"]]);
  });

  it("keeps terraform test files with their module", () => {
    const repo = repository({ "modules/a/main.tf": "", "modules/a/tests/basic.tftest.hcl": 'run "x" {}\n', "main.tf": 'module "a" {\n  source = "./modules/a"\n}\n' });
    assert.deepEqual(repo.moduleByDir.get("modules/a")?.tests.map((f) => f.path), ["modules/a/tests/basic.tftest.hcl"]);
  });

  it("classifies module sources", () => {
    assert.deepEqual(
      ["./x", "../y", "terraform-aws-modules/vpc/aws", "app.terraform.io/acme/vpc/aws", "git::https://github.com/a/b.git?ref=v1", "github.com/a/b", "s3::https://s3.amazonaws.com/b/m.zip", "https://example.com/m.zip"].map(sourceKind),
      ["local", "local", "registry", "registry", "git", "github", "s3", "http"],
    );
  });
});
