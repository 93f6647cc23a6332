import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./network-ssh.js";

describe("network/ssh", () => {
  it("reports SSH ingress from any source, a range holding 22, and every port from addresses", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
  ingress {
    from_port       = 0
    to_port         = 1024
    protocol        = "tcp"
    security_groups = [aws_security_group.admin.id]
  }
}
resource "aws_security_group" "admin" {}
resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "-1"
  cidr_ipv4         = "192.168.0.0/24"
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 aws_security_group.bastion allows SSH (22) from "10.0.0.0/16"; reach the machines with SSM Session Manager instead and close port 22.',
      "main.tf:8 aws_security_group.bastion allows ports 0-1024, SSH (22) included, from aws_security_group.admin; reach the machines with SSM Session Manager instead and close port 22.",
      'main.tf:16 aws_vpc_security_group_ingress_rule.all allows every port, SSH (22) included, from "192.168.0.0/24"; reach the machines with SSM Session Manager instead and close port 22.',
    ]);
  });

  it("reports a key pair on instances, launch templates and node groups, once per block", () => {
    const findings = runRule(rule, {
      "variables.tf": 'variable "key" {\n  default = "ops"\n}\n',
      "main.tf": `resource "aws_key_pair" "deployer" {
  public_key = file("deployer.pub")
}
resource "aws_instance" "web" {
  count    = 3
  ami      = "ami-123"
  key_name = var.key
}
resource "aws_launch_template" "app" {
  key_name = aws_key_pair.deployer.id
}
resource "aws_eks_node_group" "workers" {
  remote_access {
    ec2_ssh_key               = "eks-nodes"
    source_security_group_ids = ["sg-bastion"]
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:7 aws_instance.web uses key_name = "ops", so its instances accept SSH logins with a shared key; reach the machines with SSM Session Manager instead and close port 22.',
      "main.tf:10 aws_launch_template.app uses the key pair aws_key_pair.deployer, so its instances accept SSH logins with a shared key; reach the machines with SSM Session Manager instead and close port 22.",
      'main.tf:14 aws_eks_node_group.workers uses ec2_ssh_key = "eks-nodes", so its instances accept SSH logins with a shared key; reach the machines with SSM Session Manager instead and close port 22.',
    ]);
    assert.deepEqual(
      findings[0]?.evidence.map((e) => `${e.file}:${e.range.start.line} ${e.message}`),
      ["variables.tf:2 var.key default"],
    );
  });

  it("reports an EKS node group key without source security groups as SSH open to the internet", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_eks_node_group" "open" {
  remote_access {
    ec2_ssh_key = "eks-nodes"
  }
}
resource "aws_eks_node_group" "none" {
  remote_access {
    ec2_ssh_key               = "eks-nodes"
    source_security_group_ids = []
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:3 aws_eks_node_group.open uses ec2_ssh_key = "eks-nodes" with no source_security_group_ids, so EKS opens SSH (22) on its nodes to the whole internet (0.0.0.0/0); reach the machines with SSM Session Manager instead and close port 22.',
      'main.tf:8 aws_eks_node_group.none uses ec2_ssh_key = "eks-nodes" with no source_security_group_ids, so EKS opens SSH (22) on its nodes to the whole internet (0.0.0.0/0); reach the machines with SSM Session Manager instead and close port 22.',
    ]);
    assert.deepEqual(
      findings.map((f) => f.severity),
      ["error", "error"],
    );
  });

  it("does not claim an EKS node group is open when its source groups are unknown", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "sources" {}
resource "aws_eks_node_group" "workers" {
  remote_access {
    ec2_ssh_key               = "eks-nodes"
    source_security_group_ids = var.sources
  }
}
`,
    });
    assert.deepEqual(
      findings.map((f) => f.severity),
      ["warning"],
    );
  });

  it("follows a key name passed into a module", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "web" {\n  source   = "./modules/web"\n  key_name = "deploy"\n}\n',
      "modules/web/main.tf": 'variable "key_name" {\n  default = null\n}\nresource "aws_instance" "this" {\n  key_name = var.key_name\n}\n',
    });
    assert.deepEqual(summary(findings), [
      'modules/web/main.tf:5 aws_instance.this uses key_name = "deploy", so its instances accept SSH logins with a shared key; reach the machines with SSM Session Manager instead and close port 22.',
    ]);
  });

  it("stays silent when the key or the ports are unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "key_name" {}
variable "port" {}
variable "cidrs" {}
resource "aws_instance" "web" {
  key_name = var.key_name
}
resource "aws_security_group" "app" {
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.cidrs
  }
}
`,
    });
  });

  it("stays silent on traps: other ports, egress, UDP, group-to-group all traffic, null keys, library defaults", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_security_group" "cluster" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    self      = true
  }
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "udp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_instance" "web" {
  key_name = null
}
`,
    });
    // A reusable module that nobody calls: its own default key name is the caller's choice.
    assertClean(rule, {
      "main.tf": 'module "x" {\n  source = "./modules/node"\n}\n',
      "modules/node/main.tf": 'variable "key_name" {\n  default = null\n}\nresource "aws_instance" "this" {\n  key_name = var.key_name\n}\n',
      "modules/lib/main.tf": 'variable "key_name" {\n  default = "default-key"\n}\nresource "aws_launch_template" "this" {\n  key_name = var.key_name\n}\n',
      "modules/lib/examples/complete/main.tf": 'module "lib" {\n  source   = "../../"\n  key_name = "example-key"\n}\n',
    });
  });
});
