import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Attribute, Block } from "../hcl/ast.js";
import { buildRepository } from "../model/build.js";
import type { Module } from "../model/model.js";
import { discover } from "../workspace/discover.js";
import { MemorySource } from "../workspace/source.js";
import { Evaluator, type ModuleInstance } from "./evaluator.js";
import { render, toJson, type Value } from "./value.js";

function setup(files: Record<string, string>, options: { varFiles?: string[] } = {}) {
  const source = new MemorySource(files);
  const repo = buildRepository(discover(".", source));
  const byPath = new Map(repo.workspace.terraform.map((f) => [f.path, f]));
  const evaluator = new Evaluator({
    readFile: (path) => files[path] ?? null,
    varFiles: () => (options.varFiles ?? []).map((p) => byPath.get(p)!),
  });
  const module = (dir = "."): Module => repo.moduleByDir.get(dir)!;
  return { repo, evaluator, module };
}

/** Evaluates `local.<name>` in the module's standalone instance. */
function local(files: Record<string, string>, name: string, dir = "."): Value {
  const { evaluator, module } = setup(files);
  return evaluator.local(evaluator.standalone(module(dir)), name);
}

function known(v: Value): unknown {
  assert.notEqual(v.kind, "unknown", v.kind === "unknown" ? v.reason : "");
  return toJson(v);
}

describe("evaluator: inputs", () => {
  it("reads variable defaults, and terraform.tfvars and *.auto.tfvars over them, in Terraform's order", () => {
    const { evaluator, module } = setup({
      "variables.tf": 'variable "a" {\n  default = "default"\n}\nvariable "b" {\n  default = "default"\n}\nvariable "c" {\n  default = "default"\n}\n',
      "terraform.tfvars": 'a = "tfvars"\nb = "tfvars"\n',
      "z.auto.tfvars": 'b = "auto"\n',
    });
    const root = evaluator.standalone(module());
    assert.deepEqual([known(evaluator.variable(root, "a")), known(evaluator.variable(root, "b")), known(evaluator.variable(root, "c"))], ["tfvars", "auto", "default"]);
  });

  it("applies --var-file files last, and keeps where each value came from", () => {
    const { evaluator, module } = setup(
      {
        "main.tf": 'variable "cidr" {\n  default = "10.0.0.0/8"\n}\n',
        "terraform.tfvars": 'cidr = "10.1.0.0/16"\n',
        "envs/prod.tfvars": 'cidr = "0.0.0.0/0"\n',
      },
      { varFiles: ["envs/prod.tfvars"] },
    );
    const value = evaluator.variable(evaluator.standalone(module()), "cidr");
    assert.equal(known(value), "0.0.0.0/0");
    assert.deepEqual(
      value.origins?.map((o) => `${o.label} @${o.file}`),
      ["var.cidr set in envs/prod.tfvars @envs/prod.tfvars"],
    );
  });

  it("gives an unknown value, with the reason, for a variable without a value", () => {
    const { evaluator, module } = setup({ "main.tf": 'variable "region" {}\n' });
    const value = evaluator.variable(evaluator.standalone(module()), "region");
    assert.equal(value.kind, "unknown");
    assert.match(value.kind === "unknown" ? value.reason : "", /no default/);
  });

  it("marks values of sensitive variables, and render() never shows them", () => {
    const { evaluator, module } = setup({ "main.tf": 'variable "password" {\n  sensitive = true\n  default = "hunter22"\n}\n' });
    const value = evaluator.variable(evaluator.standalone(module()), "password");
    assert.equal(value.sensitive, true);
    assert.equal(render(value), "(sensitive value)");
  });

  it("passes module inputs into each instance of a called module, with the call in the chain", () => {
    const { evaluator, module } = setup({
      "main.tf": 'module "small" {\n  source = "./modules/app"\n  size = "t3.small"\n}\nmodule "large" {\n  source = "./modules/app"\n  size = local.big\n}\nlocals {\n  big = "m6i.large"\n}\n',
      "modules/app/main.tf": 'variable "size" {\n  default = "t3.micro"\n}\nlocals {\n  type = var.size\n}\n',
    });
    const instances = evaluator.instancesOf(module("modules/app"));
    assert.deepEqual(
      instances.map((i: ModuleInstance) => [i.path.join("."), known(evaluator.local(i, "type"))]),
      [
        ["module.small", "t3.small"],
        ["module.large", "m6i.large"],
      ],
    );
    const chain = evaluator.local(instances[1]!, "type").origins?.map((o) => o.label);
    assert.deepEqual(chain, ["local.type", "module.large sets size", "local.big"]);
  });

  it("reads a module's outputs from its caller", () => {
    assert.equal(
      known(
        local(
          {
            "main.tf": 'module "net" {\n  source = "./net"\n  cidr = "10.0.0.0/16"\n}\nlocals {\n  first = module.net.subnets[0]\n}\n',
            "net/main.tf": 'variable "cidr" {}\noutput "subnets" {\n  value = [cidrsubnet(var.cidr, 8, 0), cidrsubnet(var.cidr, 8, 1)]\n}\n',
          },
          "first",
        ),
      ),
      "10.0.0.0/24",
    );
  });
});

describe("evaluator: expressions", () => {
  const files = (body: string): Record<string, string> => ({ "main.tf": `locals {\n${body}\n}\n` });

  it("evaluates operators, conditionals, templates and for expressions", () => {
    const value = local(
      files(`  env   = "prod"
  size  = local.env == "prod" ? 3 : 1
  name  = "shop-\${local.env}-\${local.size * 2}"
  ports = [for p in [22, 80, 443] : p if p != 22]
  byKey = { for k, v in { a = 1, b = 2 } : upper(k) => v + 1 }
  group = { for s in ["a1", "a2", "b1"] : substr(s, 0, 1) => s... }
  all   = [local.size, local.name, local.ports, local.byKey, local.group]`),
      "all",
    );
    assert.deepEqual(known(value), [3, "shop-prod-6", [80, 443], { A: 2, B: 3 }, { a: ["a1", "a2"], b: ["b1"] }]);
  });

  it("evaluates template directives, strip markers and heredocs", () => {
    const value = local(files("  t = <<EOT\n%{ for i in [1, 2] ~}\nline ${i}\n%{ endfor ~}\n%{ if true }yes%{ else }no%{ endif }\nEOT"), "t");
    assert.equal(known(value), "line 1\nline 2\nyes\n");
  });

  it("keeps unknown what depends on apply-time values, and never guesses", () => {
    const value = local(files('  a = aws_instance.web.id\n  b = "${aws_instance.web.id}-x"\n  c = length(var.missing) > 0 ? "x" : "y"'), "b");
    assert.equal(value.kind, "unknown");
    const resource = local({ "main.tf": 'resource "aws_instance" "web" {\n  ami = "ami-123"\n}\nlocals {\n  ami = aws_instance.web.ami\n  id = aws_instance.web.id\n}\n' }, "ami");
    assert.equal(known(resource), "ami-123", "a configured argument of a resource is known");
  });

  it("short-circuits && and || only when one side decides", () => {
    assert.equal(known(local(files("  x = false && var.unknown == 1\n  y = true || var.unknown == 1"), "x")), false);
    assert.equal(known(local(files("  x = false && var.unknown == 1\n  y = true || var.unknown == 1"), "y")), true);
    assert.equal(local(files("  z = true && var.unknown == 1"), "z").kind, "unknown");
  });

  it("evaluates try() and can() over errors", () => {
    assert.deepEqual(known(local(files('  m = { a = 1 }\n  x = [try(local.m.b, "fallback"), can(local.m.b), can(local.m.a)]'), "x")), ["fallback", false, true]);
  });

  it("reads files and renders templates relative to the root module", () => {
    const value = local(
      {
        "main.tf": 'module "web" {\n  source = "./modules/web"\n}\n',
        "modules/web/main.tf": 'locals {\n  script = templatefile("${path.module}/boot.sh.tftpl", { port = 8080 })\n  raw = file("${path.module}/boot.sh.tftpl")\n}\n',
        "modules/web/boot.sh.tftpl": "#!/bin/sh\nlisten ${port}\n",
      },
      "script",
      "modules/web",
    );
    assert.equal(known(value), "#!/bin/sh\nlisten 8080\n");
  });

  it("detects cycles between locals", () => {
    const value = local(files("  a = local.b\n  b = local.a"), "a");
    assert.equal(value.kind, "unknown");
    assert.match(value.kind === "unknown" ? value.reason : "", /cycle|refers to itself/);
  });

  it("refuses to expand collections past the limit", () => {
    const { evaluator, module } = setup({ "main.tf": "locals {\n  big = [for i in range(100000) : i]\n}\n" });
    const value = evaluator.local(evaluator.standalone(module()), "big");
    assert.equal(value.kind, "unknown");
  });

  it("evaluates splats and indexes", () => {
    assert.deepEqual(known(local(files('  l = [{ id = "a", t = { n = 1 } }, { id = "b", t = { n = 2 } }]\n  x = [local.l[*].id, local.l.*.t.n, local.l[1].id]'), "x")), [["a", "b"], [1, 2], "b"]);
  });
});

describe("evaluator: dynamic iteration", () => {
  it("binds each and count when a resource argument is read by index", () => {
    const { evaluator, module } = setup({
      "main.tf": 'resource "aws_instance" "web" {\n  count = 2\n  tags = { Name = "web-${count.index}" }\n}\nlocals {\n  second = aws_instance.web[1].tags.Name\n}\n',
    });
    assert.equal(known(evaluator.local(evaluator.standalone(module()), "second")), "web-1");
  });

  it("reads the configured block arguments only; computed attributes stay unknown", () => {
    const { repo, evaluator, module } = setup({ "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\nlocals {\n  arn = aws_s3_bucket.b.arn\n}\n' });
    const value = evaluator.local(evaluator.standalone(module()), "arn");
    assert.equal(value.kind, "unknown");
    assert.match(value.kind === "unknown" ? value.reason : "", /computed by the provider/);
    const block = repo.modules[0]!.resources[0]!.block as Block;
    assert.equal((block.body.items[0] as Attribute).name, "bucket");
  });
});
