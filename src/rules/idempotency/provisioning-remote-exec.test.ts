import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./provisioning-remote-exec.js";

describe("provisioning/remote-exec", () => {
  it("reports remote-exec and file provisioners once per resource, at the first one", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "web" {
  ami           = var.ami
  instance_type = "t3.micro"

  connection {
    type = "ssh"
    host = self.public_ip
  }

  provisioner "file" {
    source      = "app.conf"
    destination = "/etc/app.conf"
  }

  provisioner "remote-exec" {
    inline = ["sudo systemctl restart app"]
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:10 aws_instance.web runs file and remote-exec provisioners over SSH: the machine is configured once, at create time, and only if the network and the key work that day; bake the software into the image (Packer) and keep user_data for instance-specific settings.",
    ]);
  });

  it("reports a null_resource that configures a machine, and says WinRM when the connection says so", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "null_resource" "configure" {
  provisioner "remote-exec" {
    connection {
      type = "winrm"
      host = var.host
    }
    inline = ["powershell.exe -File C:\\\\setup.ps1"]
  }
}
`,
    });
    assert.match(findings[0]?.message ?? "", /^null_resource\.configure runs a remote-exec provisioner over WinRM:/);
  });

  it("reports a connection block on its own", () => {
    const findings = runRule(rule, { "main.tf": 'resource "aws_instance" "web" {\n  connection {\n    host = self.public_ip\n  }\n}\n' });
    assert.match(findings[0]?.message ?? "", /has a connection block/);
  });

  it("stays silent on local-exec, user_data, and provisioners whose values are unknown", () => {
    assertClean(rule, { "main.tf": 'resource "aws_instance" "web" {\n  user_data = file("boot.sh")\n  provisioner "local-exec" {\n    command = "echo done"\n  }\n}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_instance" "web" {\n  ami = var.ami\n}\nvariable "ami" {}\n' });
  });

  it("leaves examples alone: their machines are scaffolding", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "examples/bastion/main.tf": 'module "b" {\n  source = "../../"\n}\nresource "aws_instance" "bastion" {\n  provisioner "remote-exec" {\n    inline = ["echo hi"]\n  }\n}\n',
    });
  });
});
