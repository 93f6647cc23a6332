import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./modules-hardcoded-values.js";

const caller = 'module "app" {\n  source = "./modules/app"\n}\n';

describe("modules/hardcoded-values", () => {
  it("reports AMIs, resource ids, account ARNs, regions and CIDRs in a called module", () => {
    const findings = runRule(rule, {
      "main.tf": caller,
      "modules/app/main.tf": `resource "aws_instance" "vpn" {
  ami           = "ami-0da165fc7156630d7"
  instance_type = var.instance_type
}
resource "aws_eip_association" "vpn" {
  instance_id   = aws_instance.vpn.id
  allocation_id = "eipalloc-049804da24b652d0b"
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = var.alb_arn
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
}
resource "aws_ecs_task_definition" "app" {
  family = var.name
  container_definitions = jsonencode([{
    name = "app"
    logConfiguration = {
      logDriver = "awslogs"
      options   = { "awslogs-region" = "ap-northeast-2" }
    }
  }])
}
resource "aws_security_group" "internal" {
  name_prefix = var.name
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "modules/app/main.tf:2 aws_instance.vpn hard-codes the AMI ami-0da165fc7156630d7 (ami) in a reusable module; take it from a variable with a sensible default.",
      "modules/app/main.tf:7 aws_eip_association.vpn hard-codes the resource id eipalloc-049804da24b652d0b (allocation_id) in a reusable module; take it from a variable with a sensible default.",
      "modules/app/main.tf:11 aws_lb_listener.https hard-codes an ARN of one AWS account (certificate_arn) in a reusable module; take it from a variable with a sensible default.",
      // The region sits deep inside jsonencode(): the finding points at the literal itself.
      "modules/app/main.tf:19 aws_ecs_task_definition.app hard-codes the region ap-northeast-2 (container_definitions) in a reusable module; take it from a variable with a sensible default.",
      "modules/app/main.tf:29 aws_security_group.internal hard-codes the CIDR 10.0.0.0/16 (ingress.cidr_blocks) in a reusable module; take it from a variable with a sensible default.",
    ]);
    assert.ok(findings.every((f) => f.severity === "warning"));
  });

  it("reports instance types and sizes as notes, with several arguments in one finding", () => {
    const findings = runRule(rule, {
      "main.tf": caller,
      "modules/app/main.tf": `resource "aws_db_instance" "db" {
  identifier        = var.name
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}
resource "aws_autoscaling_group" "bastion" {
  name_prefix = var.name
  min_size    = 1
  max_size    = 1
}
`,
    });
    assert.deepEqual(summary(findings), [
      "modules/app/main.tf:1 aws_db_instance.db hard-codes the instance type db.t3.micro (instance_class) and the size 20 (allocated_storage) in a reusable module; take them from variables with a sensible default.",
    ]);
    assert.equal(findings[0]?.severity, "note");
  });

  it("reports fixed names once per module, including the ECS cluster written into user data", () => {
    const findings = runRule(rule, {
      "main.tf": caller,
      "modules/app/main.tf": `resource "aws_lb" "web" {
  name = "docker-v1-frontend-alb"
}
resource "aws_iam_role" "ecs" {
  name               = "ecsInstanceRole"
  assume_role_policy = "{}"
}
resource "aws_instance" "web" {
  ami       = var.ami_id
  user_data = <<-EOF
    #!/bin/bash
    echo ECS_CLUSTER=docker-v1-frontend-cluster >> /etc/ecs/ecs.config
  EOF
}
resource "aws_iam_policy" "cni" {
  name   = "AmazonEKS_CNI_IPv6_Policy"
  policy = "{}"
}
`,
    });
    assert.deepEqual(summary(findings), [
      'modules/app/main.tf:2 Module modules/app gives 3 resources fixed names (aws_lb.web "docker-v1-frontend-alb", aws_iam_role.ecs "ecsInstanceRole", aws_instance.web "ECS_CLUSTER=docker-v1-frontend-cluster"), so it can be deployed only once per account and region; build names from a variable such as a name prefix.',
    ]);
  });

  it("accepts genuine constants: the internet, service principals, policy versions, ports, protocols, AWS-owned ARNs", () => {
    assertClean(rule, {
      "main.tf": caller,
      "modules/app/main.tf": `resource "aws_security_group" "web" {
  name_prefix = var.name
  vpc_id      = var.vpc_id
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
  }
}
resource "aws_iam_role" "task" {
  name_prefix = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.task.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}
resource "aws_instance" "web" {
  ami           = var.ami_id
  instance_type = var.instance_type
  tags = { Description = "runs in eu-west-1, subnet-0123456789abcdef0" }
}
`,
    });
  });

  it("leaves root modules, examples and variable defaults alone", () => {
    assertClean(rule, {
      "main.tf": 'provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_instance" "web" {\n  ami           = "ami-0da165fc7156630d7"\n  instance_type = "t3.micro"\n}\n',
      "modules/app/variables.tf": 'variable "region" {\n  default = "eu-west-1"\n}\nvariable "instance_type" {\n  default = "t3.micro"\n}\n',
      "modules/app/main.tf": 'resource "aws_instance" "web" {\n  instance_type = var.instance_type\n}\n',
      "examples/basic/main.tf": 'module "app" {\n  source        = "../../modules/app"\n  instance_type = "t3.large"\n  region        = "eu-west-1"\n}\n',
    });
  });

  it("does not evaluate: a value that comes from a variable without a value is not a literal of the module", () => {
    assertClean(rule, {
      "main.tf": 'variable "cidr" {}\nmodule "app" {\n  source = "./modules/app"\n  cidr   = var.cidr\n}\n',
      "modules/app/main.tf": 'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
    });
  });

  it("reports literals in locals and in the module's own module calls", () => {
    const findings = runRule(rule, {
      "main.tf": caller,
      "modules/app/main.tf": `locals {
  region = "ap-northeast-2"
}
module "db" {
  source         = "terraform-aws-modules/rds/aws"
  version        = "6.0.0"
  instance_class = "db.r6g.large"
  subnet_ids     = ["subnet-0123456789abcdef0"]
}
`,
    });
    assert.deepEqual(summary(findings), [
      "modules/app/main.tf:2 local.region hard-codes the region ap-northeast-2 (local.region) in a reusable module; take it from a variable with a sensible default.",
      "modules/app/main.tf:4 module.db hard-codes the instance type db.r6g.large (instance_class) and the resource id subnet-0123456789abcdef0 (subnet_ids) in a reusable module; take them from variables with a sensible default.",
    ]);
  });
});
