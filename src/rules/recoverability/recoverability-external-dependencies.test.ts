import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./recoverability-external-dependencies.js";

describe("recoverability/external-dependencies", () => {
  it("reports a database restored from a hand-made snapshot, an Elastic IP and a certificate", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_db_instance" "main" {
  snapshot_identifier = "prod-db-before-migration"
}
resource "aws_eip" "nat" {}
resource "aws_eip_association" "vpn" {
  allocation_id = "eipalloc-0123456789abcdef0"
}
resource "aws_lb_listener" "https" {
  certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-0000-4000-8000-123456789abc"
}
`,
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/ that this repository does not create.*/, "")), [
      'main.tf:2 aws_db_instance.main snapshot_identifier is the id of a database snapshot ("prod-db-before-migration")',
      'main.tf:6 aws_eip_association.vpn allocation_id is the id of an Elastic IP allocation ("eipalloc-0123456789abcdef0")',
      'main.tf:9 aws_lb_listener.https certificate_arn is the id of a certificate ("arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-0000-4000-8000-123456789abc")',
    ]);
  });

  it("reports ids passed to modules once, where they are written, and role ARNs in Kubernetes annotations", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "cdn" {\n  source = "./cdn"\n  acm_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc"\n}\n',
      "cdn/main.tf": 'variable "acm_certificate_arn" {}\nresource "aws_cloudfront_distribution" "this" {\n  viewer_certificate {\n    acm_certificate_arn = var.acm_certificate_arn\n  }\n}\n',
      "k8s/sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/app-irsa\n",
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/:( a new| in a new).*/, "")), [
      'k8s/sa.yaml:6 k8s/sa.yaml names an IAM role by ARN ("arn:aws:iam::111122223333:role/app-irsa") in eks.amazonaws.com/role-arn, and no Terraform here creates it',
      'main.tf:3 module.cdn acm_certificate_arn is the id of a certificate ("arn:aws:acm:us-east-1:111122223333:certificate/abc") that this repository does not create',
    ]);
  });

  it("accepts references, lookups, roles created here and AWS constants", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_iam_role" "task" {
  name = "app-task"
}
resource "aws_ecs_task_definition" "app" {
  task_role_arn      = "arn:aws:iam::111122223333:role/app-task"
  execution_role_arn = "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
}
resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.main.zone_id
  alias {
    name    = aws_lb.web.dns_name
    zone_id = "Z32O12XQLNTSW2"
  }
}
data "aws_acm_certificate" "web" {
  domain = "example.com"
}
resource "aws_lb_listener" "https" {
  certificate_arn = data.aws_acm_certificate.web.arn
}
`,
    });
  });

  it("stays silent on unknown values, values from variable files and library defaults", () => {
    assertClean(rule, {
      "main.tf": 'variable "snapshot" {}\nvariable "zone" {}\nresource "aws_db_instance" "main" {\n  snapshot_identifier = var.snapshot\n}\nresource "aws_route53_record" "a" {\n  zone_id = var.zone\n}\n',
      "terraform.tfvars": 'zone = "Z0123456789ABCDEFGHIJ"\n',
    });
    assertClean(rule, {
      "modules/net/main.tf": 'variable "vpc_id" {\n  default = "vpc-0123456789abcdef0"\n}\nresource "aws_subnet" "a" {\n  vpc_id = var.vpc_id\n}\n',
    });
  });
});
