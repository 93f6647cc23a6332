import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./recoverability-manual-steps.js";

function assertPrefixes(actual: string[], prefixes: string[]): void {
  assert.equal(actual.length, prefixes.length, actual.join("\n"));
  prefixes.forEach((p, i) => assert.ok(actual[i]?.startsWith(p), `${actual[i] ?? ""}\n  should start with\n${p}`));
}

describe("recoverability/manual-steps", () => {
  it("reports README sentences that ask for manual steps, by line, without quoting values", () => {
    const findings = runRule(rule, {
      "README.md": `# Shop

Before the first apply, the state bucket must be created manually.

1. Log into the AWS console and request a certificate for shop.example.com.
2. Ask the platform team for the Datadog API token.

Export the database password first: \`export TF_VAR_db_password=...\`

\`\`\`bash
terraform apply
\`\`\`
`,
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/: a rebuild depends.*/, "")), [
      'README.md:3 README.md line 3 describes a manual step ("manually")',
      "README.md:5 README.md line 5 describes a manual step (a step in a web console)",
      "README.md:6 README.md line 6 describes a manual step (a value handed over by a person)",
      "README.md:8 README.md line 8 describes a manual step (a secret (db_password) typed in by hand)",
    ]);
  });

  it("reports a public zone whose name servers go to the registrar by hand, and key pairs made outside the code", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "key" {
  default = "ops-laptop"
}
resource "aws_route53_delegation_set" "main" {}
resource "aws_route53_zone" "public" {
  name              = "example.com"
  delegation_set_id = aws_route53_delegation_set.main.id
}
resource "aws_instance" "a" {
  key_name = var.key
}
resource "aws_instance" "b" {
  key_name = var.key
}
`,
    });
    assertPrefixes(summary(findings), [
      "main.tf:5 aws_route53_zone.public creates the public zone example.com, whose name servers someone must enter at the domain registrar by hand (its delegation set",
      'main.tf:10 The key pair "ops-laptop" (aws_instance.a and aws_instance.b) is not created in this repository: someone made it by hand',
    ]);
  });

  it("reports comments about manual work, placeholder secrets and Kubernetes secrets no file defines", () => {
    const findings = runRule(rule, {
      "main.tf": `# This bucket was created by hand before Terraform.
resource "aws_secretsmanager_secret_version" "token" {
  secret_id     = "token"
  secret_string = "populate-manually"
  lifecycle {
    ignore_changes = [secret_string]
  }
}
`,
      "k8s/app.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          envFrom:
            - secretRef:
                name: app-secrets
            - secretRef:
                name: defined-here
---
apiVersion: v1
kind: Secret
metadata:
  name: defined-here
`,
    });
    assertPrefixes(summary(findings), [
      'k8s/app.yaml:12 The Kubernetes secret "app-secrets" (read by Deployment app) is defined by no file here',
      'main.tf:1 main.tf line 1 notes a manual step ("created by hand")',
      "main.tf:4 aws_secretsmanager_secret_version.token is created with a placeholder that someone replaces by hand",
    ]);
  });

  it("accepts automated setups: delegation in code, key pairs created here, optional manual paths", () => {
    assertClean(rule, {
      "README.md": `# Shop

You can also run the plan manually if you prefer.
GuardDuty reduces the need for manual intervention.
Open the dashboards through the AWS console, the CLI or the API.
Production deploys need a manual approval in the pipeline.
`,
      "main.tf": `resource "aws_route53_zone" "sub" {
  name = "dev.example.com"
}
resource "aws_route53_record" "delegation" {
  zone_id = "Z123"
  name    = "dev.example.com"
  type    = "NS"
  records = aws_route53_zone.sub.name_servers
}
resource "aws_route53_zone" "private" {
  name = "internal.example"
  vpc {
    vpc_id = "vpc-1"
  }
}
resource "aws_key_pair" "ops" {
  key_name   = "ops"
  public_key = file("ops.pub")
}
resource "aws_instance" "a" {
  key_name = aws_key_pair.ops.key_name
}
resource "aws_instance" "b" {
  key_name = "ops"
}
`,
    });
  });

  it("stays silent on unknown key names and zone names, and on templated manifests", () => {
    assertClean(rule, {
      "main.tf": 'variable "key" {}\nvariable "domain" {}\nresource "aws_instance" "a" {\n  key_name = var.key\n}\nresource "aws_route53_zone" "z" {\n  name = var.domain\n}\n',
      "chart/templates/deploy.yaml": "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - envFrom:\n            - secretRef:\n                name: {{ .Values.secret }}\n",
    });
  });
});
