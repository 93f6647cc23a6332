import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-ssm.js";

const role = (policy: string): string => `resource "aws_iam_role" "node" {
  name               = "node"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "node" {
  role       = aws_iam_role.node.name
  policy_arn = ${policy}
}
resource "aws_iam_instance_profile" "node" {
  role = aws_iam_role.node.name
}
`;

describe("ops/ssm", () => {
  it("reports instances and launch configurations without an instance profile", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "bastion" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  key_name      = "ops"
}
resource "aws_launch_configuration" "web" {
  image_id      = "ami-1"
  instance_type = "t3.micro"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_instance.bastion has no instance profile, so Session Manager cannot reach its instances and access depends on SSH keys; attach an instance profile whose role has AmazonSSMManagedInstanceCore.",
      "main.tf:6 aws_launch_configuration.web has no instance profile, so Session Manager cannot reach its instances and there is no way onto the machine at all; attach an instance profile whose role has AmazonSSMManagedInstanceCore.",
    ]);
  });

  it("reports a role without SSM permissions once, naming the machines that use it", () => {
    const findings = runRule(rule, {
      "main.tf": `${role('"arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"')}
resource "aws_instance" "a" {
  iam_instance_profile = aws_iam_instance_profile.node.name
}
resource "aws_launch_template" "b" {
  iam_instance_profile {
    name = aws_iam_instance_profile.node.name
  }
}
resource "aws_autoscaling_group" "b" {
  launch_template {
    id = aws_launch_template.b.id
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_iam_role.node is the instance role of aws_instance.a and aws_launch_template.b but grants no SSM permissions, so Session Manager cannot reach them; attach AmazonSSMManagedInstanceCore.",
    ]);
  });

  it("reports scripts that ssh or scp into machines", () => {
    const findings = runRule(rule, {
      "deploy.sh": '#!/bin/bash\nset -e\ngit clone git@github.com:acme/app.git\nscp app.tar.gz ubuntu@"$HOST":/tmp/\nssh ubuntu@"$HOST" "sudo systemctl restart app"\n',
    });
    assert.deepEqual(summary(findings), [
      "deploy.sh:4 deploy.sh line 4 reaches machines over SSH (scp, ssh, 2 places): that needs port 22 open, keys on laptops and a network path; use SSM (aws ssm start-session, send-command) instead.",
    ]);
  });

  it("accepts SSM through the managed policy, an inline policy or a policy document", () => {
    assertClean(rule, {
      "main.tf": `${role('"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"')}
resource "aws_instance" "a" {
  iam_instance_profile = aws_iam_instance_profile.node.name
}
`,
    });
    assertClean(rule, {
      "main.tf": `data "aws_iam_policy_document" "ssm" {
  statement {
    actions   = ["ssm:UpdateInstanceInformation", "ssmmessages:*", "ec2messages:*"]
    resources = ["*"]
  }
}
resource "aws_iam_role" "node" {
  name = "node"
}
resource "aws_iam_role_policy" "ssm" {
  role   = aws_iam_role.node.id
  policy = data.aws_iam_policy_document.ssm.json
}
resource "aws_iam_instance_profile" "node" {
  role = aws_iam_role.node.name
}
resource "aws_instance" "a" {
  iam_instance_profile = aws_iam_instance_profile.node.name
}
`,
    });
  });

  it("stays silent when the profile or its policies come from elsewhere, and for node-group templates", () => {
    assertClean(rule, {
      "main.tf": `variable "profile" {}
variable "policy_arn" {}
resource "aws_instance" "a" {
  iam_instance_profile = var.profile
}
${role("var.policy_arn")}
resource "aws_instance" "b" {
  iam_instance_profile = aws_iam_instance_profile.node.name
}
resource "aws_instance" "c" {
  iam_instance_profile = "made-by-hand"
}
resource "aws_launch_template" "eks" {
  name = "eks-nodes"
}
resource "aws_eks_node_group" "main" {
  launch_template {
    id = aws_launch_template.eks.id
  }
}
`,
      "ops/tunnel.sh": "#!/bin/bash\nssh-keygen -t ed25519 -f key\nssh -T git@github.com\n",
    });
  });
});
