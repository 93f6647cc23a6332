import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { discover } from "./discover.js";
import { MemorySource } from "./source.js";

describe("workspace discovery", () => {
  it("parses Terraform files and classifies the other files the principles need", () => {
    const workspace = discover(
      ".",
      new MemorySource({
        "main.tf": "a = 1\n",
        "main.tf.json": '{"locals": {"b": 2}}',
        "prod.tfvars": "x = 1\n",
        ".terraform.lock.hcl": "",
        ".github/workflows/ci.yml": "on: push\n",
        ".gitlab-ci.yml": "x: 1\n",
        Jenkinsfile: "pipeline {}\n",
        ".pre-commit-config.yaml": "repos: []\n",
        "docker-compose.yml": "services: {}\n",
        "k8s/deploy.yaml": "kind: Deployment\n",
        "scripts/deploy.sh": "#!/bin/sh\n",
        "tools/cleanup.py": "print(1)\n",
        "README.md": "# x\n",
        ".gitignore": "*.tfstate\n",
        ".terraform-version": "1.9.8\n",
        Makefile: "plan:\n",
        Dockerfile: "FROM x\n",
        "templates/user-data.sh.tftpl": "#!/bin/bash\n",
        "terraform.tfstate": "{}",
        "notes.txt": "ignored\n",
      }),
    );
    assert.deepEqual(
      workspace.terraform.map((f) => [f.path, f.kind]),
      [
        [".terraform.lock.hcl", "lock"],
        ["main.tf", "tf"],
        ["main.tf.json", "tf.json"],
        ["prod.tfvars", "tfvars"],
      ],
    );
    assert.deepEqual(
      workspace.other.map((f) => `${f.path}:${f.kind}${f.system ? `/${f.system}` : ""}${f.language ? `/${f.language}` : ""}`),
      [
        ".github/workflows/ci.yml:ci/github",
        ".gitignore:gitignore",
        ".gitlab-ci.yml:ci/gitlab",
        ".pre-commit-config.yaml:precommit",
        ".terraform-version:tool-versions",
        "Dockerfile:dockerfile",
        "Jenkinsfile:ci/jenkins",
        "Makefile:makefile",
        "README.md:readme",
        "docker-compose.yml:compose",
        "k8s/deploy.yaml:yaml",
        "scripts/deploy.sh:script/shell",
        "templates/user-data.sh.tftpl:template",
        "terraform.tfstate:state",
        "tools/cleanup.py:script/python",
      ],
    );
  });

  it("detects environments from folders and variable files", () => {
    const workspace = discover(
      ".",
      new MemorySource({
        "environments/staging/main.tf": "",
        "envs/prod/main.tf": "",
        "envs/prod/terraform.tfvars": "",
        "vars/dev.tfvars": "",
        "modules/x/main.tf": "",
      }),
    );
    assert.deepEqual(
      workspace.environments.map((e) => `${e.name}:${e.source}:${e.path}`),
      ["staging:directory:environments/staging", "prod:directory:envs/prod", "dev:tfvars:vars/dev.tfvars"],
    );
  });

  it("reports files it cannot read instead of failing", () => {
    const workspace = discover(".", new MemorySource({ "bad.tf": "\u0000\u0001", "good.tf": "a = 1\n" }));
    assert.deepEqual(workspace.skipped, [{ file: "bad.tf", reason: "is a binary file (it contains NUL bytes)" }]);
    assert.deepEqual(workspace.terraform.map((f) => f.path), ["good.tf"]);
  });
});
