import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./provisioning-local-exec.js";

describe("provisioning/local-exec", () => {
  it("reports a null_resource that runs a command as an imperative step, naming only the program", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "null_resource" "kubeconfig" {
  triggers = { cluster = var.cluster }

  provisioner "local-exec" {
    command = "aws eks update-kubeconfig --name \${var.cluster} --token s3cr3t"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:4 null_resource.kubeconfig is an imperative step: it runs local-exec "aws" on the machine that applies, outside the plan and never reconciled; use a resource or data source of a provider, or make the command idempotent and document it.',
    ]);
    assert.ok(!(findings[0]?.message ?? "").includes("s3cr3t"));
  });

  it("reports local-exec on a real resource, and terraform_data steps", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_db_instance" "db" {
  provisioner "local-exec" {
    command = "./scripts/seed.sh"
  }
  provisioner "local-exec" {
    when    = destroy
    command = "./scripts/dump.sh"
  }
}
resource "terraform_data" "migrate" {
  provisioner "local-exec" {
    interpreter = ["python3", "-c"]
    command     = "print(1)"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 aws_db_instance.db runs local-exec "./scripts/seed.sh", "./scripts/dump.sh" (2 provisioners) on the machine that applies, once at create time: the plan cannot show it and nothing re-runs it after drift; use a resource or data source of a provider, or make the command idempotent and document it.',
      'main.tf:11 terraform_data.migrate is an imperative step: it runs local-exec "python3" on the machine that applies, outside the plan and never reconciled; use a resource or data source of a provider, or make the command idempotent and document it.',
    ]);
  });

  it("suggests time_sleep for a provisioner that only waits, as a note", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_iam_role" "r" {\n  provisioner "local-exec" {\n    command = "echo \'Waiting for IAM\'; sleep 15"\n  }\n}\n',
    });
    assert.equal(findings[0]?.severity, "note");
    assert.match(findings[0]?.message ?? "", /use a time_sleep resource/);
  });

  it("stays silent on null_resource and terraform_data without provisioners and on remote provisioners; an unknown command is still a step, shown without its name", () => {
    assertClean(rule, {
      "main.tf": `resource "terraform_data" "replacement" {
  input = var.revision
}
resource "null_resource" "trigger" {
  triggers = { id = var.id }
}
resource "aws_instance" "web" {
  provisioner "remote-exec" {
    inline = ["echo hi"]
  }
}
`,
    });
    const unknown = runRule(rule, { "main.tf": 'resource "null_resource" "x" {\n  provisioner "local-exec" {\n    command = var.command\n  }\n}\nvariable "command" {}\n' });
    assert.match(unknown[0]?.message ?? "", /runs a local-exec command on the machine/);
  });

  it("leaves examples alone: their helper steps are scaffolding", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "examples/complete/main.tf": 'module "b" {\n  source = "../../"\n}\nresource "null_resource" "download" {\n  provisioner "local-exec" {\n    command = "curl -o pkg.zip https://example.com/pkg.zip"\n  }\n}\n',
    });
  });
});
