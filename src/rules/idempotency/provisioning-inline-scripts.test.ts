import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./provisioning-inline-scripts.js";

const lines = (n: number, prefix = "echo step"): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join("\n");

describe("provisioning/inline-scripts", () => {
  it("reports a user_data heredoc longer than 15 lines, at the heredoc", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "web" {
  ami       = var.ami
  user_data = <<-EOF
    #!/bin/bash
${lines(20, "    systemctl restart svc")}
  EOF
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:3 aws_instance.web user_data is a 21-line shell script written inside main.tf; move it to scripts/web.sh.tftpl and render it with templatefile("${path.module}/scripts/web.sh.tftpl", { ... }), where shellcheck and editors can read it.',
    ]);
  });

  it("reports shebang scripts in any argument and locals, and long inline command lists as a note", () => {
    const findings = runRule(rule, {
      "main.tf": `locals {
  bootstrap = <<EOF
#!/bin/sh
${lines(16)}
EOF
}
resource "null_resource" "setup" {
  provisioner "remote-exec" {
    inline = [${lines(17, '"echo').split("\n").map((l) => `${l}"`).join(", ")}]
  }
}
`,
    });
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.range.start.line} ${f.severity} ${f.message.split(" is a ")[0]}`),
      ["main.tf:2 warning local.bootstrap", 'main.tf:24 note null_resource.setup provisioner "remote-exec" inline'],
    );
  });

  it("accepts short scripts, templatefile(), JSON and YAML documents", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_instance" "ecs" {
  user_data = <<EOF
#!/bin/bash
echo ECS_CLUSTER=prod >> /etc/ecs/ecs.config
EOF
}
resource "aws_launch_template" "web" {
  user_data = base64encode(templatefile("\${path.module}/scripts/web.sh.tftpl", {}))
}
resource "aws_iam_policy" "p" {
  policy = <<EOF
{
${lines(30, '  "k": 1,')}
}
EOF
}
resource "aws_ssm_document" "d" {
  content = <<EOF
${lines(30, "key:")}
EOF
}
`,
    });
  });

  it("stays silent when the script comes from a variable without a value", () => {
    assertClean(rule, { "main.tf": 'variable "script" {}\nresource "aws_instance" "web" {\n  user_data = var.script\n}\n' });
  });

  it("honours the maxLines option", () => {
    const files = { "main.tf": `resource "aws_instance" "web" {\n  user_data = <<EOF\n#!/bin/sh\n${lines(8)}\nEOF\n}\n` };
    assertClean(rule, files);
    assert.equal(runRule(rule, files, { config: { rules: { "provisioning/inline-scripts": { options: { maxLines: 5 } } } } }).length, 1);
  });

  it("leaves examples and test fixtures alone", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "examples/demo/main.tf": `module "b" {\n  source = "../../"\n}\nresource "aws_instance" "demo" {\n  user_data = <<EOF\n#!/bin/sh\n${lines(30)}\nEOF\n}\n`,
    });
  });
});
