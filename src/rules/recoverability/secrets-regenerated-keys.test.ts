import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./secrets-regenerated-keys.js";

describe("secrets/regenerated-keys", () => {
  it("reports an encryption key kept only in state and passed to a task definition", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "random_password" "encryption_key" {
  length = 32
}
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "app:1.0"
    environment = [{ name = "DATA_ENCRYPTION_KEY", value = random_password.encryption_key.result }]
  }])
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 random_password.encryption_key goes into a task definition aws_ecs_task_definition.app as DATA_ENCRYPTION_KEY but is kept only in Terraform state: a rebuild or a lost state generates a new value and data encrypted with the old key becomes unreadable; store it in Secrets Manager or SSM Parameter Store and read it from there.",
    ]);
    assert.equal(findings[0]?.severity, "warning");
  });

  it("reports a session secret through a local, at note severity", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "random_password" "session" {
  length = 64
}
locals {
  env = { SESSION_SECRET = random_password.session.result }
}
resource "kubernetes_secret" "app" {
  metadata {
    name = "app"
  }
  data = local.env
}
`,
    });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, "note");
    assert.match(findings[0]?.message ?? "", /^random_password.session goes into a Kubernetes secret kubernetes_secret.app .* existing sessions, tokens or signatures stop being valid/);
  });

  it("follows the value into a local module's configuration", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "random_id" "signing_key" {\n  byte_length = 32\n}\nmodule "app" {\n  source = "./app"\n  jwt_key = random_id.signing_key.b64_std\n}\n',
      "app/main.tf": 'variable "jwt_key" {}\nresource "aws_lambda_function" "api" {\n  environment {\n    variables = { JWT_KEY = var.jwt_key }\n  }\n}\n',
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? "", /^random_id.signing_key goes into the input jwt_key of module.app but is kept only in Terraform state/);
  });

  it("accepts keys stored in a secret store and credentials of resources managed here", () => {
    assertClean(rule, {
      "main.tf": `resource "random_password" "secret_key" {
  length = 50
}
resource "aws_secretsmanager_secret_version" "app" {
  secret_id     = "app"
  secret_string = random_password.secret_key.result
}
resource "kubernetes_secret" "app" {
  data = { SECRET_KEY = random_password.secret_key.result }
}
resource "random_password" "redis_token" {
  length = 32
}
resource "aws_elasticache_replication_group" "cache" {
  auth_token = random_password.redis_token.result
}
resource "kubernetes_secret" "redis" {
  data = { REDIS_TOKEN = random_password.redis_token.result }
}
`,
    });
  });

  it("ignores passwords, name suffixes and values passed to modules it cannot read", () => {
    assertClean(rule, {
      "main.tf": `resource "random_password" "db" {
  length = 20
}
resource "kubernetes_secret" "db" {
  data = { DB_PASSWORD = random_password.db.result }
}
resource "random_id" "suffix" {
  byte_length = 4
}
resource "aws_instance" "web" {
  user_data = "NAME=web-\${random_id.suffix.hex}"
}
resource "random_password" "api_key" {
  length = 32
}
module "remote" {
  source  = "acme/app/aws"
  api_key = random_password.api_key.result
}
`,
    });
  });

  it("stays silent in library modules", () => {
    assertClean(rule, {
      "modules/app/main.tf": 'resource "random_password" "secret_key" {\n  length = 50\n}\nresource "kubernetes_secret" "app" {\n  data = { SECRET_KEY = random_password.secret_key.result }\n}\n',
    });
  });
});
