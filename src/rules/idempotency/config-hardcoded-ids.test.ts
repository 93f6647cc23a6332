import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./config-hardcoded-ids.js";

describe("config/hardcoded-ids", () => {
  it("reports a literal AMI id, and an Elastic IP allocation, each at its argument", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "vpn" {
  ami           = "ami-0da165fc7156630d7"
  instance_type = "t3.small"
}
resource "aws_eip_association" "vpn" {
  instance_id   = aws_instance.vpn.id
  allocation_id = "eipalloc-049804da24b652d0b"
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 aws_instance.vpn hard-codes the AMI id "ami-0da165fc7156630d7" (ami), which ties the code to one account and region; look it up with a data source or pass it in as a variable.',
      'main.tf:7 aws_eip_association.vpn hard-codes the Elastic IP allocation id "eipalloc-049804da24b652d0b" (allocation_id), which ties the code to one account and region; look it up with a data source or pass it in as a variable.',
    ]);
  });

  it("reports account ids in ARNs and ECR registries without showing them, in resources, module calls and locals", () => {
    const findings = runRule(rule, {
      "main.tf": `locals {
  cert = "arn:aws:acm:eu-west-1:210987654321:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
}
resource "aws_lb_listener" "https" {
  certificate_arn = local.cert
}
module "api" {
  source          = "./modules/ecs"
  container_image = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
}
`,
      "modules/ecs/main.tf": 'variable "container_image" {}\n',
    });
    assert.deepEqual(summary(findings), [
      "main.tf:2 local.cert hard-codes a certificate ARN with a literal account id (cert), which ties the code to one account and region; look it up with a data source or pass it in as a variable.",
      "main.tf:9 module.api hard-codes an ECR registry with a literal account id (container_image), which ties the code to one account and region; look it up with a data source or pass it in as a variable.",
    ]);
    assert.ok(findings.every((f) => !f.message.includes("210987654321")));
  });

  it("covers several ids in one resource with one finding, and tells a reusable module to take a variable", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "app" {\n  source = "./modules/app"\n}\n',
      "modules/app/main.tf": `resource "aws_launch_template" "app" {
  image_id = "ami-0ea8be7ea04dcfc32"
  network_interfaces {
    subnet_id       = "subnet-091c76363153c0ffb"
    security_groups = ["sg-0a1b2c3d4e5f67890"]
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'modules/app/main.tf:2 aws_launch_template.app hard-codes the AMI id "ami-0ea8be7ea04dcfc32" (image_id), the subnet id "subnet-091c76363153c0ffb" (subnet_id) and the security group id "sg-0a1b2c3d4e5f67890" (security_groups), which ties the code to one account and region; take it as a variable.',
    ]);
  });

  it("leaves lookups, AWS-managed ARNs, default names, variables and .tfvars alone", () => {
    assertClean(rule, {
      "main.tf": `provider "aws" {
  region              = "ap-northeast-2"
  allowed_account_ids = ["210987654321"]
}
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
}
data "aws_ssm_parameter" "ecs" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"
}
resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}
resource "aws_db_instance" "db" {
  parameter_group_name = "default.mysql5.7"
}
resource "aws_instance" "web" {
  ami = var.ami
}
resource "aws_security_group" "sg" {
  description = "was sg-0a1b2c3d4e5f67890 before the move"
}
variable "ami" {
  default = "ami-0da165fc7156630d7"
}
`,
      "terraform.tfvars": 'ami = "ami-0da165fc7156630d7"\nvpc_id = "vpc-0a1b2c3d4e5f67890"\n',
    });
  });

  it("stays silent when the value is unknown (a variable without a value)", () => {
    assertClean(rule, { "main.tf": 'variable "vpc_id" {}\nresource "aws_subnet" "a" {\n  vpc_id = var.vpc_id\n}\n' });
  });

  it("ignores documentation placeholders", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_instance" "x" {
  ami = "ami-12345678"
}
resource "aws_eip" "e" {
  instance = "i-1234567890abcdef0"
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Principal = { AWS = "arn:aws:iam::123456789012:root" } })
}
resource "aws_s3_bucket_policy" "b" {
  policy = jsonencode({ Principal = { AWS = "arn:aws:iam::012345678901:user/foobar" } })
}
resource "aws_ecs_task_definition" "t" {
  container_definitions = jsonencode([{ repositoryCredentials = { credentialsParameter = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x" } }])
}
`,
    });
  });

  it("reads policy documents built with aws_iam_policy_document", () => {
    const findings = runRule(rule, {
      "main.tf": 'data "aws_iam_policy_document" "p" {\n  statement {\n    resources = ["arn:aws:sqs:eu-west-2:210987654321:claims"]\n  }\n}\n',
    });
    assert.match(findings[0]?.message ?? "", /^data\.aws_iam_policy_document\.p hard-codes an SQS queue ARN with a literal account id \(resources\)/);
  });
});
