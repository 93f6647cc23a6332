import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./network-sg-references.js";

const STACK = (appIngress: string, dbIngress: string): string => `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "lb" {
  vpc_id = aws_vpc.main.id
}
resource "aws_lb" "web" {
  security_groups = [aws_security_group.lb.id]
}
resource "aws_lb_target_group" "app" {
  port     = 8080
  protocol = "HTTP"
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
${appIngress}
  }
}
resource "aws_launch_template" "app" {
  vpc_security_group_ids = [aws_security_group.app.id]
}
resource "aws_autoscaling_group" "app" {
  target_group_arns = [aws_lb_target_group.app.arn]
  launch_template {
    id = aws_launch_template.app.id
  }
}
resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
  ingress {
${dbIngress}
  }
}
resource "aws_db_instance" "main" {
  vpc_security_group_ids = [aws_security_group.db.id]
}
`;

const OPEN_APP = `    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]`;
const VPC_DB = `    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]`;

describe("network/sg-references", () => {
  it("reports targets of a load balancer open to the world, and a database open to its VPC's range", () => {
    const findings = runRule(rule, { "main.tf": STACK(OPEN_APP, VPC_DB) });
    assert.deepEqual(summary(findings), [
      'main.tf:23 aws_security_group.app allows port 8080 from "0.0.0.0/0", but its targets (aws_launch_template.app) sit behind aws_lb.web (aws_lb_target_group.app, port 8080), so only the load balancer needs to reach them: allow port 8080 from its security group aws_security_group.lb instead.',
      'main.tf:41 aws_security_group.db (attached to aws_db_instance.main) allows PostgreSQL (5432) from "10.0.0.0/16", the whole CIDR of aws_vpc.main; the compute in that network has security groups of its own (aws_security_group.app), so allow port 5432 from the group that needs it instead of the whole range.',
    ]);
  });

  it("follows the CIDR through a variable, and names the range", () => {
    const findings = runRule(rule, {
      "variables.tf": 'variable "private_cidr" {\n  default = "10.0.8.0/22"\n}\n',
      "main.tf": STACK(`    from_port       = 8080\n    to_port         = 8080\n    protocol        = "tcp"\n    security_groups = [aws_security_group.lb.id]`, VPC_DB.replace('["10.0.0.0/16"]', "[var.private_cidr]")),
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? "", /from "10\.0\.8\.0\/22", a range inside aws_vpc\.main;/);
    assert.deepEqual(findings[0]?.evidence.map((e) => e.message), ["var.private_cidr default"]);
  });

  it("stays silent when the CIDR or the port is unknown", () => {
    assertClean(rule, {
      "variables.tf": 'variable "cidr" {}\nvariable "port" {}\n',
      "main.tf": STACK(`    from_port   = var.port\n    to_port     = var.port\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]`, VPC_DB.replace('["10.0.0.0/16"]', "[var.cidr]")),
    });
  });

  it("stays silent on traps: group sources, ranges outside the VPC, other ports, no client groups", () => {
    // The database allows a VPN range outside the VPC; the app allows SSH (not the target port).
    assertClean(rule, {
      "main.tf": STACK(
        `    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]`,
        VPC_DB.replace('["10.0.0.0/16"]', '["172.16.0.0/22"]'),
      ),
    });
    // A database open to its VPC with no compute of the repository in it: the clients are unknown.
    assertClean(rule, {
      "main.tf": `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
  ingress {
${VPC_DB}
  }
}
resource "aws_db_instance" "main" {
  vpc_security_group_ids = [aws_security_group.db.id]
}
`,
    });
  });
});
