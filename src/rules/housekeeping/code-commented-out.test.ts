import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./code-commented-out.js";

describe("code/commented-out", () => {
  it("reports a commented-out resource as one finding, across the blank lines inside it", () => {
    const findings = runRule(rule, {
      "main.tf": `# resource "aws_security_group" "alb" {
#   name   = "alb-sg"
#   vpc_id = var.vpc_id

#   ingress {
#     from_port   = 443
#     to_port     = 443
#     protocol    = "tcp"
#     cidr_blocks = ["0.0.0.0/0"]
#   }
# }

resource "aws_security_group" "web" {
  name = "web"
}
`,
    });
    assert.deepEqual(summary(findings), ['main.tf:1 Commented-out resource "aws_security_group" "alb" (11 lines): delete it; git keeps the history.']);
    assert.equal(findings[0]?.range.end.line, 11);
  });

  it("reports commented-out arguments, nested blocks, variables and tfvars values", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "web" {
  ami = data.aws_ami.ecs.id
  #ami = var.ami_id
  instance_type = "t3.micro"
}
resource "aws_ecs_service" "app" {
  name = "app"
  # network_configuration {
  #   subnets          = var.subnet_ids
  #   assign_public_ip = false
  # }
}
`,
      "variables.tf": `# # the instance profile
# variable "iam_instance_profile_name" {
#   type = string
# }
`,
      "terraform.tfvars": `# project = "3tier-web-app"
# environment = "production"
region = "eu-west-1"
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:3 Commented-out argument ami (1 line): delete it; git keeps the history.",
      "main.tf:8 Commented-out network_configuration block (4 lines): delete it; git keeps the history.",
      "terraform.tfvars:1 Commented-out argument project and 1 more (2 lines): delete it; git keeps the history.",
      'variables.tf:1 Commented-out variable "iam_instance_profile_name" (4 lines): delete it; git keeps the history.',
    ]);
  });

  it("reports history comments, trailing ones included", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn # ✅ 리소스 이름에 맞게 수정
  port              = 443 # 나중에 수정
}
# REMOVED: the old bastion host
# OLD WAY: one security group per instance
resource "aws_lb" "web" {
  name = "web" # (was: web-alb)
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 History comment "✅ 리소스 이름에 맞게 수정": say what the code does now, or nothing; git keeps the history.',
      'main.tf:5 History comment "REMOVED: the old bastion host": say what the code does now, or nothing; git keeps the history.',
      'main.tf:8 History comment "(was: web-alb)": say what the code does now, or nothing; git keeps the history.',
    ]);
  });

  it("leaves descriptive comments, directives, license headers and heredoc text alone", () => {
    assertClean(rule, {
      "main.tf": `# Copyright (c) Example Corp.
# SPDX-License-Identifier: MPL-2.0

# VPC 생성
# Create the VPC with DNS support; the ALB needs it.
resource "aws_vpc" "main" {
  cidr_block = var.cidr # tflint-ignore: terraform_unused_declarations
}

# cairn:ignore network/open-admin-ports the bastion is reached through the VPN only
# tflint-ignore: aws_instance_invalid_type
resource "aws_instance" "web" {
  user_data = <<-EOT
    #!/bin/bash
    # install = the agent
    echo hello
  EOT
  # Fixed size for the root volume: the AMI needs 8 GiB.
  # Legacy clients still call the v1 API, so keep port 8080 open.
  # result = success, or the apply stops here.
}
`,
    });
  });

  it("leaves example code in documentation comments alone", () => {
    assertClean(rule, {
      "variables.tf": `# Example:
#   subnets = {
#     a = "10.0.0.0/24"
#   }
variable "subnets" {
  type = map(string)
}

/*
 * A map of listeners to target groups. Use it like this:
 *
 * \`\`\`
 * listener_action = {
 *   "HTTP:80" = "HTTP:8080"
 * }
 * \`\`\`
 */
variable "listener_action" {
  # type = map(object({ port = number }))
  type = any
}
`,
      "main.tf": `module "db" {
  source = "./db"
  # If the rds_name is not set, a random name is generated
  # rds_name = "my-rds-name"

  # Enable auto start and stop of the instances overnight
  # enable_auto_start_stop = true

  # selected_branch_patterns = ["main"] # Optional, defaults to every branch
}
`,
    });
  });

  it("does not count examples' commented-out options, but still reports history comments there", () => {
    const findings = runRule(rule, {
      "modules/web/main.tf": 'variable "x" {}\n',
      "examples/complete/main.tf": `module "web" {
  source = "../../modules/web"
  # x = "y"
  x = "z" # ✅ 수정
}
`,
    });
    assert.deepEqual(summary(findings), ['examples/complete/main.tf:4 History comment "✅ 수정": say what the code does now, or nothing; git keeps the history.']);
  });

  it("does not look at test fixtures", () => {
    assertClean(rule, { "testdata/old/main.tf": '# resource "aws_instance" "x" {\n#   ami = "ami-1"\n# }\n' });
  });

  it("reports commented code whose values are unknown, since it is never evaluated", () => {
    const findings = runRule(rule, { "main.tf": 'resource "aws_instance" "web" {\n  # subnet_id = var.subnet_id_without_value\n}\n' });
    assert.deepEqual(summary(findings), ["main.tf:2 Commented-out argument subnet_id (1 line): delete it; git keeps the history."]);
  });

  it("keeps a commented-out block whole across blank lines, lists with trailing comments and nested comments", () => {
    const findings = runRule(rule, {
      "main.tf": `# module "replica" {
#   source = "./modules/rds"

#   # Tags
#   flows = [
#     "ALLOW_USER_AUTH", # required for passwordless sign-in
#     "ALLOW_REFRESH_TOKEN_AUTH"
#   ]

#   db_parameter = [
#     {
#       name  = "rds.force_ssl"
#       value = "1"
#     }

#   ]
# }
`,
    });
    assert.deepEqual(summary(findings), ['main.tf:1 Commented-out module "replica" (17 lines): delete it; git keeps the history.']);
  });

  it("reports /* */ comments that hold code", () => {
    const findings = runRule(rule, {
      "outputs.tf": `/*
output "alb_sg_id" {
  value = aws_security_group.alb.id
}
*/
output "id" {
  value = 1
}
`,
    });
    assert.deepEqual(summary(findings), ['outputs.tf:1 Commented-out output "alb_sg_id" (5 lines): delete it; git keeps the history.']);
  });
});
