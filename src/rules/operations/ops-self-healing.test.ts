import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-self-healing.js";

describe("ops/self-healing", () => {
  it("reports an instance made several times with count or for_each", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "web_count" {
  default = 3
}
resource "aws_instance" "web" {
  count         = var.web_count
  ami           = "ami-123"
  instance_type = "t3.small"
}
resource "aws_instance" "worker" {
  for_each      = toset(["a", "b"])
  ami           = "ami-123"
  instance_type = "t3.small"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:5 aws_instance.web runs 3 copies of one server (count = 3) as standalone instances: a failed one stays failed until someone re-applies; use a launch template and an Auto Scaling group.",
      "main.tf:10 aws_instance.worker runs 2 copies of one server (for_each over 2 keys) as standalone instances: a failed one stays failed until someone re-applies; use a launch template and an Auto Scaling group.",
    ]);
  });

  it("reports copied blocks of one role once", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "app_a" {
  ami           = data.aws_ami.app.id
  instance_type = var.app_type
  subnet_id     = var.subnet_a
}
resource "aws_instance" "app_c" {
  ami           = data.aws_ami.app.id
  instance_type = var.app_type
  subnet_id     = var.subnet_c
}
resource "aws_instance" "bastion" {
  ami           = data.aws_ami.app.id
  instance_type = var.app_type
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_instance.app_a and aws_instance.app_c are copies of one server written out by hand: a failed one stays failed until someone re-applies; use a launch template and an Auto Scaling group across the subnets.",
    ]);
  });

  it("accepts single instances and different roles", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_instance" "bastion" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_instance" "db_1" {
  ami           = "ami-2"
  instance_type = "r6i.large"
}
resource "aws_instance" "db_2" {
  ami           = "ami-3"
  instance_type = "r6i.large"
}
resource "aws_instance" "one" {
  count         = 1
  ami           = "ami-1"
  instance_type = "t3.micro"
}
`,
    });
  });

  it("stays silent on unknown counts and library defaults", () => {
    assertClean(rule, {
      "main.tf": 'variable "n" {}\nresource "aws_instance" "web" {\n  count = var.n\n  ami = "ami-1"\n  instance_type = "t3.micro"\n}\n',
    });
    assertClean(rule, {
      "modules/vm/main.tf": 'variable "n" {\n  default = 2\n}\nresource "aws_instance" "this" {\n  count = var.n\n  ami = "ami-1"\n  instance_type = "t3.micro"\n}\n',
    });
  });
});
