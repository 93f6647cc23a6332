import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./secrets-hardcoded.js";

const SECRET = "Sup3rS3cret!2019";

describe("secrets/hardcoded", () => {
  it("reports literal secrets in arguments, provider credentials, variable defaults and tfvars", () => {
    const findings = runRule(rule, {
      "main.tf": `provider "aws" {
  access_key = "AKIAIOSFODNN7EXAMPLE"
}
resource "aws_db_instance" "main" {
  username = "admin"
  password = "${SECRET}"
}
variable "api_token" {
  default = "tok-123456"
}
`,
      "terraform.tfvars": `db_password = "${SECRET}"\nregion = "eu-west-1"\n`,
    });
    assert.deepEqual(summary(findings).map((s) => s.split(" ").slice(0, 2).join(" ")), [
      "main.tf:2 provider.aws.access_key",
      "main.tf:6 aws_db_instance.main.password",
      "main.tf:9 var.api_token",
      "terraform.tfvars:1 terraform.tfvars",
    ]);
  });

  it("never puts the secret in a message or evidence", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_db_instance" "main" {\n  password = "${SECRET}"\n}\n`,
      "docker-compose.yml": `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${SECRET}\n      - API_TOKEN=${SECRET}\n`,
      "deploy.sh": "curl -H 'Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789ABCD' https://x\n",
    });
    assert.ok(findings.length >= 2);
    for (const finding of findings) {
      assert.ok(!JSON.stringify(finding).includes(SECRET), finding.message);
      assert.ok(!JSON.stringify(finding).includes("ghp_abcdef"), finding.message);
    }
  });

  it("finds high-confidence shapes in heredocs, scripts and YAML", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "web" {\n  user_data = <<-EOT\n    export SLACK=https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX\n  EOT\n}\n`,
      "scripts/setup.sh": "#!/bin/sh\ncat > key.pem <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nEOF\n",
      ".github/workflows/ci.yml": "env:\n  DB_URL: postgres://app:hunter2hunter2@db:5432/app\n",
    });
    assert.deepEqual(
      findings.map((f) => `${f.file} ${/contains (.*?)[;:, ]/.exec(f.message)?.[1] ?? f.message}`),
      [".github/workflows/ci.yml a", "main.tf a", "scripts/setup.sh a"],
    );
    assert.match(findings[0]?.message ?? "", /a URL with a password in it/);
    assert.match(findings[1]?.message ?? "", /a Slack webhook URL/);
    assert.match(findings[2]?.message ?? "", /a private key/);
  });

  it("leaves names that describe a secret, references, placeholders and prose alone", () => {
    assertClean(rule, {
      "main.tf": `variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_db_instance" "main" {
  username                    = "root"
  password                    = var.db_password
  manage_master_user_password = true
  password_length             = 32
}
resource "aws_efs_file_system" "shared" {
  creation_token = "shop-shared"
}
resource "aws_instance" "web" {
  key_name  = "deployer"
  user_data = "echo 'Database password: Yeah right! :-)'"
}
resource "aws_secretsmanager_secret_version" "v" {
  secret_id     = aws_secretsmanager_secret.s.id
  secret_string = random_password.p.result
}
variable "token" {
  default = ""
}
`,
      "terraform.tfvars": 'db_username = "admin"\napi_key = "<set in CI>"\n',
      "k8s/deploy.yaml": "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n",
      // Documentation inside a script: the password is a placeholder to fill in.
      "scripts/connect.sh": "#!/bin/sh\n# Connect with:\n#   mysql://admin:[PASSWORD]@$DB_HOST:3306/$DB_NAME\n",
    });
  });
});
