import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./parity-pinned-images.js";

const ADVICE = "pin a version tag or a digest so every environment runs the image that was tested.";

describe("parity/pinned-images", () => {
  it("reports latest and untagged images in compose files", () => {
    const compose = "services:\n  db:\n    image: postgres:latest\n  cache:\n    image: redis\n  app:\n    build: .\n    image: acme/app\n";
    assert.deepEqual(summary(runRule(rule, { "docker-compose.yml": compose })), [
      `docker-compose.yml:3 docker-compose.yml: service "db" uses "postgres:latest"; ${ADVICE}`,
      `docker-compose.yml:5 docker-compose.yml: service "cache" uses "redis" (untagged, so latest); ${ADVICE}`,
    ]);
  });

  it("reports Kubernetes workloads once, listing their containers", () => {
    const manifest =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: busybox:latest\n      containers:\n        - name: web\n          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n    - name: ok\n      image: nginx:1.27.2\n";
    assert.deepEqual(summary(runRule(rule, { "k8s/web.yaml": manifest })), [
      `k8s/web.yaml:10 k8s/web.yaml: Deployment "web" runs "busybox:latest" (container "init") and "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web" (untagged, so latest) (container "web"); ${ADVICE}`,
    ]);
  });

  it("reports Helm values with tag latest, and Dockerfile FROM lines", () => {
    assert.equal(runRule(rule, { "chart/values.yaml": "image:\n  repository: acme/api\n  tag: latest\n" }).length, 1);
    const dockerfile = "FROM node:20 AS build\nRUN npm ci\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n";
    assert.deepEqual(summary(runRule(rule, { Dockerfile: dockerfile })), [`Dockerfile:3 Dockerfile: FROM "nginx" (untagged, so latest) builds on whatever is newest at build time; ${ADVICE}`]);
  });

  it("reports ECS task definitions and module arguments", () => {
    const ecs = 'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([\n    { name = "web", image = "nginx:latest", essential = true },\n  ])\n}\n';
    assert.deepEqual(summary(runRule(rule, { "main.tf": ecs })), [`main.tf:3 aws_ecs_task_definition.app runs "nginx:latest" (container "web"); ${ADVICE}`]);
    const heredoc = 'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = <<EOF\n[{"name": "web", "image": "acme/web:latest"}]\nEOF\n}\n';
    assert.equal(runRule(rule, { "main.tf": heredoc }).length, 1);
    const call = 'module "svc" {\n  source          = "./modules/svc"\n  container_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/be:latest"\n}\n';
    const module = 'variable "container_image" {\n  type = string\n}\nresource "aws_ecs_task_definition" "this" {\n  family = "svc"\n  container_definitions = jsonencode([{ name = "app", image = var.container_image }])\n}\n';
    // Reported once, at the call that chooses the image, not again inside the module.
    assert.deepEqual(summary(runRule(rule, { "main.tf": call, "modules/svc/main.tf": module })), [
      `main.tf:3 module.svc sets container_image to "123456789012.dkr.ecr.eu-west-1.amazonaws.com/be:latest"; ${ADVICE}`,
    ]);
  });

  it("reports untagged and latest images of Kubernetes containers declared in Terraform", () => {
    const pod = `resource "kubernetes_pod_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    init_container {
      name  = "migrate"
      image = "acme/migrate:2.4.0"
    }
    container {
      name  = "web"
      image = "nginx"
    }
  }
}
resource "kubernetes_deployment" "api" {
  metadata {
    name = "api"
  }
  spec {
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container {
          name  = "api"
          image = "httpd:latest"
        }
        container {
          name  = "sidecar"
          image = "envoyproxy/envoy:v1.31.0"
        }
      }
    }
  }
}
`;
    assert.deepEqual(summary(runRule(rule, { "main.tf": pod })), [
      `main.tf:12 kubernetes_pod_v1.web runs "nginx" (untagged, so latest) (container "web"); ${ADVICE}`,
      `main.tf:28 kubernetes_deployment.api runs "httpd:latest" (container "api"); ${ADVICE}`,
    ]);
  });

  it("accepts version tags and digests", () => {
    assertClean(rule, { "docker-compose.yml": "services:\n  db:\n    image: postgres:16.4\n  web:\n    image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" });
    assertClean(rule, { Dockerfile: "FROM python:3.12-slim\n" });
  });

  it("stays silent when the image comes from a variable", () => {
    assertClean(rule, { "docker-compose.yml": "services:\n  app:\n    image: acme/app:${TAG}\n" });
    assertClean(rule, { Dockerfile: "ARG BASE=node\nFROM ${BASE}\n" });
    assertClean(rule, { "main.tf": 'variable "image" {\n  type = string\n}\nresource "kubernetes_pod" "app" {\n  spec {\n    container {\n      name  = "app"\n      image = var.image\n    }\n  }\n}\n' });
    assertClean(rule, { "main.tf": 'variable "image" {\n  type = string\n}\nresource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "web", image = var.image }])\n}\n' });
  });

  it("traps: build stages, scratch, disk images, separate tag arguments, a library's defaults, Helm's empty tag", () => {
    assertClean(rule, { Dockerfile: "FROM golang:1.23 AS build\nFROM build AS test\nFROM scratch\n" });
    assertClean(rule, { "main.tf": 'resource "google_compute_instance" "vm" {\n  name = "vm"\n  boot_disk {\n    initialize_params {\n      image = "debian-cloud/debian-12"\n    }\n  }\n}\n' });
    assertClean(rule, { "main.tf": 'module "csi" {\n  source         = "acme/csi/kubernetes"\n  csi_image      = "registry.k8s.io/csi/driver"\n  driver_version = "1.2.3"\n}\n' });
    assertClean(rule, {
      "modules/svc/main.tf": 'variable "image" {\n  type    = string\n  default = "nginx:latest"\n}\nresource "aws_ecs_task_definition" "this" {\n  family = "svc"\n  container_definitions = jsonencode([{ name = "app", image = var.image }])\n}\n',
      "examples/basic/main.tf": 'module "svc" {\n  source = "../../modules/svc"\n  image  = "nginx:1.27"\n}\n',
    });
    assertClean(rule, { "chart/values.yaml": 'image:\n  repository: acme/api\n  tag: ""\n' });
  });
});
