import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./network-rule-descriptions.js";

describe("network/rule-descriptions", () => {
  it("counts the undescribed rules of a group, inline and standalone, in one finding", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    description = "HTTP, redirected to HTTPS"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
    description = ""
  }
}
resource "aws_vpc_security_group_ingress_rule" "health" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_ipv4         = "10.0.0.0/16"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_security_group.web has 3 rules without a description (2 ingress, 1 egress); say what each rule allows and why.",
    ]);
  });

  it("reports a dynamic block over an unknown list whose content sets no description", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "ports" {}
resource "aws_security_group" "app" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 aws_security_group.app has rules without a description: its dynamic "ingress" block sets none; say what each rule allows and why.',
    ]);
  });

  it("names the group a module's rules belong to", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_security_group" "db" {\n  description = "db"\n}\nmodule "rules" {\n  source = "./rules"\n  group  = aws_security_group.db.id\n}\n',
      "rules/main.tf": `variable "group" {}
resource "aws_security_group_rule" "mysql" {
  type              = "ingress"
  security_group_id = var.group
  from_port         = 3306
  to_port           = 3306
  protocol          = "tcp"
  self              = true
}
`,
    });
    assert.deepEqual(summary(findings), [
      "rules/main.tf:2 aws_security_group.db of the root module, through var.group, has 1 rule without a description (1 ingress); say what each rule allows and why.",
    ]);
  });

  it("stays silent when descriptions are unknown or come from a library default", () => {
    assertClean(rule, {
      "main.tf": `variable "description" {}
variable "rules" {}
resource "aws_security_group" "app" {
  ingress {
    description = var.description
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      description = egress.value.description
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
`,
    });
    assertClean(rule, {
      "lib/main.tf": 'variable "description" {\n  default = null\n}\nresource "aws_security_group_rule" "x" {\n  type              = "ingress"\n  security_group_id = "sg-1"\n  description       = var.description\n  from_port         = 1\n  to_port           = 1\n  protocol          = "tcp"\n  self              = true\n}\n',
      "lib/examples/a/main.tf": 'module "lib" {\n  source = "../../"\n}\n',
    });
  });

  it("reports a module's default when a real caller leaves it unset", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "sg" {\n  source = "./sg"\n}\n',
      "sg/main.tf": 'variable "description" {\n  default = null\n}\nresource "aws_security_group_rule" "x" {\n  type              = "ingress"\n  security_group_id = "sg-1"\n  description       = var.description\n  from_port         = 1\n  to_port           = 1\n  protocol          = "tcp"\n  self              = true\n}\n',
    });
    assert.deepEqual(summary(findings), ['sg/main.tf:4 the security group "sg-1" has 1 rule without a description (1 ingress); say what each rule allows and why.']);
  });

  it("skips rules of a resource whose count is zero", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_security_group_rule" "x" {\n  count             = 0\n  type              = "egress"\n  security_group_id = "sg-1"\n  from_port         = 0\n  to_port           = 0\n  protocol          = "-1"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n',
    });
  });
});
