import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule, { isWriteWildcard } from "./iam-wildcards.js";

const EC2_TRUST = `jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })`;

describe("iam/wildcards", () => {
  it("reads heredoc JSON, jsonencode with unknown parts, and policy document data sources", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_s3_bucket" "data" {}
resource "aws_iam_policy" "admin" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
}
EOF
}
resource "aws_iam_role_policy" "app" {
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:*", "ec2:Describe*"], Resource = "*" },
      { Effect = "Allow", Action = "s3:*", Resource = "\${aws_s3_bucket.data.arn}/*" },
    ]
  })
}
data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["iam:*", "lambda:UpdateFunctionCode"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "deploy" {
  policy = data.aws_iam_policy_document.deploy.json
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:3 aws_iam_policy.admin allows every action on every resource ("*" on "*"): full administrator access (statement 1); grant only the actions and resources it needs.',
      'main.tf:12 aws_iam_role_policy.app allows "s3:*" on every resource ("*") with no condition (statement 1); grant only the actions and resources it needs.',
      'main.tf:21 data.aws_iam_policy_document.deploy allows "iam:*" on every resource ("*") with no condition (statement 1), and an IAM policy uses it; grant only the actions and resources it needs.',
    ]);
    assert.deepEqual(
      findings.map((f) => f.severity),
      ["error", "warning", "warning"],
    );
  });

  it("reports single actions on every resource that can always be scoped, all problems of a policy together", () => {
    const findings = runRule(rule, {
      "main.tf": `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "cloudwatch:PutMetricData"]
    resources = ["*"]
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
}
resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 data.aws_iam_policy_document.app allows "s3:PutObject" on every resource ("*") with no condition (statement 1); it also allows "iam:PassRole" on every resource ("*") with no condition (statement 2), and an IAM policy uses it; grant only the actions and resources it needs.',
    ]);
  });

  it("follows a policy document from a module into the policy that uses it", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "docs" {\n  source = "./docs"\n}\nresource "aws_iam_policy" "p" {\n  policy = module.docs.json\n}\n',
      "docs/main.tf": 'data "aws_iam_policy_document" "this" {\n  statement {\n    actions   = ["dynamodb:*"]\n    resources = ["*"]\n  }\n}\noutput "json" {\n  value = data.aws_iam_policy_document.this.json\n}\n',
    });
    assert.deepEqual(summary(findings), [
      'docs/main.tf:2 data.aws_iam_policy_document.this allows "dynamodb:*" on every resource ("*") with no condition (statement 1), and an IAM policy uses it; grant only the actions and resources it needs.',
    ]);
  });

  it("reads permission set inline policies, and judges an identity policy's statements even when they name a Principal", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_ssoadmin_permission_set_inline_policy" "ops" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
  inline_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["iam:*", "s3:GetObject"], Resource = ["arn:aws:s3:::logs/*", "*"] }]
  })
}
data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["sqs:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}
resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:4 aws_ssoadmin_permission_set_inline_policy.ops allows "iam:*" on every resource ("*") with no condition (statement 1); grant only the actions and resources it needs.',
      'main.tf:9 data.aws_iam_policy_document.app allows "sqs:*" on every resource ("*") with no condition (statement 1), and an IAM policy uses it; grant only the actions and resources it needs.',
    ]);
  });

  it("judges a policy document that only leaves the module: to a registry module, or as an output of an uncalled library", () => {
    const findings = runRule(rule, {
      "main.tf": `data "aws_iam_policy_document" "lambda" {
  statement {
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}
module "lambda" {
  source      = "terraform-aws-modules/lambda/aws"
  version     = "7.0.0"
  policy_json = data.aws_iam_policy_document.lambda.json
}
`,
      "modules/policy/main.tf": `data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
output "json" {
  value = data.aws_iam_policy_document.this.json
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:2 data.aws_iam_policy_document.lambda allows "dynamodb:*" on every resource ("*") with no condition (statement 1), and it is passed to module.lambda; grant only the actions and resources it needs.',
      'modules/policy/main.tf:2 data.aws_iam_policy_document.this allows every action on every resource ("*" on "*"): full administrator access (statement 1), and it is passed to output.json; grant only the actions and resources it needs.',
    ]);
  });

  it("does not judge a document that leaves the module as a resource policy, or that a resource here uses otherwise", () => {
    assertClean(rule, {
      "main.tf": `data "aws_iam_policy_document" "queue" {
  statement {
    actions   = ["sqs:*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
  }
}
module "queue" {
  source = "terraform-aws-modules/sqs/aws"
  policy = data.aws_iam_policy_document.queue.json
}
data "aws_iam_policy_document" "scp" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_organizations_policy" "full" {
  name    = "full"
  content = data.aws_iam_policy_document.scp.json
}
`,
    });
  });

  it("reports administrator managed policies on roles that services or CI assume", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_iam_role" "app" {
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "app_admin" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role" "ci" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:9 aws_iam_role_policy_attachment.app_admin gives AdministratorAccess to aws_iam_role.app, which the service ec2.amazonaws.com assumes; give it a policy with only the actions it needs.",
      "main.tf:19 aws_iam_role.ci has PowerUserAccess in managed_policy_arns, and the identity provider token.actions.githubusercontent.com (CI) assumes it; give it a policy with only the actions it needs.",
    ]);
  });

  it("stays silent when the policy is unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "policy" {}
variable "actions" {}
resource "aws_iam_policy" "x" {
  policy = var.policy
}
data "aws_iam_policy_document" "y" {
  statement {
    actions   = var.actions
    resources = ["*"]
  }
}
resource "aws_iam_policy" "y" {
  policy = data.aws_iam_policy_document.y.json
}
`,
    });
  });

  it("stays silent on traps: read wildcards, scoped wildcards, conditions, denies, resource policies, human roles, service policies", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_iam_policy" "read" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["ec2:Describe*", "s3:List*", "s3:Get*", "logs:CreateLogStream", "xray:PutTraceSegments"], Resource = "*" },
      { Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"] },
      { Effect = "Allow", Action = "ec2:*", Resource = "*", Condition = { StringEquals = { "aws:RequestedRegion" = "eu-west-1" } } },
      { Effect = "Deny", Action = "*", Resource = "*" },
    ]
  })
}
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
data "aws_iam_policy_document" "unused" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_iam_role" "admins" {
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::123456789012:root" } }]
  })
}
resource "aws_iam_role_policy_attachment" "admins" {
  role       = aws_iam_role.admins.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role" "ecs" {
  assume_role_policy = ${EC2_TRUST}
}
resource "aws_iam_role_policy_attachment" "ecs" {
  role       = aws_iam_role.ecs.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
}
`,
    });
  });

  it("tells write wildcards from read wildcards", () => {
    for (const write of ["*", "s3:*", "*:Put*", "s3:Delete*", "ec2:*Tags", "iam:Create*"]) assert.equal(isWriteWildcard(write), true, write);
    for (const read of ["ec2:Describe*", "s3:Get*", "s3:List*", "*:Get*", "dynamodb:BatchGet*", "eks:Access*", "s3:PutObject"]) assert.equal(isWriteWildcard(read), false, read);
  });
});
