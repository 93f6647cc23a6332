import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./parity-local-stack.js";

const ECS = 'terraform {\n  backend "s3" {}\n}\nresource "aws_ecs_service" "api" {\n  name = "api"\n}\nresource "aws_lambda_function" "worker" {\n  function_name = "worker"\n}\n';

describe("parity/local-stack", () => {
  it("reports services with no local way to run them", () => {
    const findings = runRule(rule, { "main.tf": ECS });
    assert.deepEqual(summary(findings), [
      ".:1 The infrastructure runs containers on ECS and Lambda functions, but nothing here starts them locally (no compose file, devcontainer, LocalStack or kind configuration); add a compose file that brings up the services and their dependencies with one command.",
    ]);
    assert.equal(findings[0]?.severity, "note");
  });

  it("counts instances with a boot script and Kubernetes manifests", () => {
    assert.match(runRule(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_instance" "app" {\n  ami       = "ami-1"\n  user_data = file("boot.sh")\n}\n' })[0]?.message ?? "", /applications on instances/);
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    assert.match(runRule(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n', "k8s/web.yaml": deployment })[0]?.message ?? "", /Kubernetes workloads/);
  });

  it("accepts compose files, devcontainers, LocalStack, kind and docker run in a Makefile", () => {
    assertClean(rule, { "main.tf": ECS, "docker-compose.yml": "services:\n  api:\n    build: .\n" });
    assertClean(rule, { "main.tf": ECS, ".devcontainer/devcontainer.json": "{}\n" });
    assertClean(rule, { "main.tf": ECS, "localstack.yml": "services: s3,lambda\n" });
    assertClean(rule, { "main.tf": ECS, "kind.yaml": "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n" });
    assertClean(rule, { "main.tf": ECS, Makefile: "run:\n\tdocker run -p 8080:8080 acme/api:dev\n" });
  });

  it("traps: a cluster alone, bare instances, a module library", () => {
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_eks_cluster" "main" {\n  name = "main"\n}\n' });
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_instance" "bastion" {\n  ami = "ami-1"\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_ecs_service" "this" {\n  name = "x"\n}\n', "examples/complete/main.tf": 'module "svc" {\n  source = "../../"\n}\n' });
  });

  it("stays silent when nothing is known to run (a module source that is not a literal)", () => {
    assertClean(rule, { "main.tf": 'terraform {\n  backend "s3" {}\n}\nvariable "src" {\n  type = string\n}\nmodule "svc" {\n  source = var.src\n}\n' });
  });
});
