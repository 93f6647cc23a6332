import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./network-open-admin-ports.js";

describe("network/open-admin-ports", () => {
  it("reports SSH open to the world in an inline ingress block", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_security_group" "app" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
    });
    assert.deepEqual(summary(findings), ['main.tf:2 aws_security_group.app opens SSH (22) to "0.0.0.0/0".']);
  });

  it("follows the CIDR through a variable default and a tfvars file, and shows the chain", () => {
    const files = {
      "variables.tf": 'variable "admin_cidr" {\n  default = "10.0.0.0/8"\n}\n',
      "terraform.tfvars": 'admin_cidr = "0.0.0.0/0"\n',
      "main.tf": `resource "aws_security_group_rule" "db" {
  type        = "ingress"
  from_port   = 3306
  to_port     = 3306
  protocol    = "tcp"
  cidr_blocks = [var.admin_cidr]
  security_group_id = "sg-1"
}
`,
    };
    const [finding] = runRule(rule, files);
    assert.equal(finding?.message, 'aws_security_group_rule.db opens MySQL (3306) to "0.0.0.0/0".');
    assert.deepEqual(
      finding?.evidence.map((e) => `${e.file}:${e.range.start.line} ${e.message}`),
      ["terraform.tfvars:1 var.admin_cidr set in terraform.tfvars"],
    );
  });

  it("shows where a list passed into a module was set", () => {
    const [finding] = runRule(rule, {
      "main.tf": 'provider "aws" {}\nmodule "sg" {\n  source        = "./modules/sg"\n  allowed_cidrs = ["0.0.0.0/0"]\n}\n',
      "modules/sg/main.tf": `variable "allowed_cidrs" {
  type = list(string)
}
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = var.allowed_cidrs
  security_group_id = "sg-1"
}
`,
    });
    assert.deepEqual(
      finding?.evidence.map((e) => `${e.file}:${e.range.start.line} ${e.message}`),
      ["main.tf:4 module.sg sets allowed_cidrs"],
    );
  });

  it("reports all ports, IPv6, and the newer ingress rule resource", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = "sg-1"
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}
resource "aws_security_group" "redis" {
  ingress {
    from_port        = 6000
    to_port          = 7000
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 aws_vpc_security_group_ingress_rule.all allows every port from "::/0".',
      'main.tf:7 aws_security_group.redis opens Redis (6379), Cassandra (7000) to "::/0".',
    ]);
  });

  it("expands dynamic ingress blocks over known rules", () => {
    const findings = runRule(rule, {
      "main.tf": `locals {
  rules = [
    { port = 443, cidr = "0.0.0.0/0" },
    { port = 5432, cidr = "0.0.0.0/0" },
  ]
}
resource "aws_security_group" "db" {
  dynamic "ingress" {
    for_each = local.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
}
`,
    });
    assert.deepEqual(summary(findings), ['main.tf:10 aws_security_group.db opens PostgreSQL (5432) to "0.0.0.0/0".']);
  });

  it("stays silent on public web ports, private ranges and unknown CIDRs", () => {
    assertClean(rule, {
      "main.tf": `variable "allowed" {}
resource "aws_security_group" "lb" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
    });
  });

  it("honours cairn and checkov suppression comments", () => {
    const files = {
      "main.tf": `resource "aws_security_group" "bastion" {
  # cairn:ignore network/open-admin-ports the bastion is protected by an IP allowlist at the edge
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
#checkov:skip=CKV_AWS_24:legacy host, removal tracked in JIRA-1
resource "aws_security_group" "legacy" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
    };
    assert.deepEqual(runRule(rule, files), []);
    const all = runRule(rule, files, { includeSuppressed: true });
    assert.deepEqual(
      all.map((f) => f.suppressed?.reason),
      ["the bastion is protected by an IP allowlist at the edge", "checkov:skip CKV_AWS_24: legacy host, removal tracked in JIRA-1"],
    );
  });
});
