import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-health-checks.js";

describe("ops/health-checks", () => {
  it("reports HTTP target groups without a health check or without a path", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-1"
}
resource "aws_lb_target_group" "api" {
  port     = 8080
  protocol = "HTTP"
  health_check {
    interval = 15
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 aws_lb_target_group.web has no health_check: the load balancer probes "/" and expects 200, which says little about whether the application works; add health_check with a path that checks the application (and its dependencies) and a matcher.',
      'main.tf:9 aws_lb_target_group.api\'s health_check sets no path or matcher: it probes "/" for 200, which may be a static page or a redirect; point it at a health endpoint of the application.',
    ]);
  });

  it("reports an Auto Scaling group behind a load balancer with EC2 health checks", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_autoscaling_group" "web" {
  min_size          = 2
  max_size          = 4
  target_group_arns = [aws_lb_target_group.web.arn]
}
resource "aws_autoscaling_group" "workers" {
  min_size          = 1
  max_size          = 2
  health_check_type = "EC2"
}
resource "aws_autoscaling_attachment" "workers" {
  autoscaling_group_name = aws_autoscaling_group.workers.name
  lb_target_group_arn    = aws_lb_target_group.web.arn
}
`,
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/: an instance.*/, "")), [
      "main.tf:1 aws_autoscaling_group.web is behind a load balancer but uses EC2 health checks (the default)",
      "main.tf:9 aws_autoscaling_group.workers is behind a load balancer but uses EC2 health checks",
    ]);
  });

  it("reports a Classic Load Balancer with HTTP listeners and no health_check", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_elb" "web" {
  availability_zones = ["eu-west-1a"]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
resource "aws_elb" "checked" {
  availability_zones = ["eu-west-1a"]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
  health_check {
    target              = "HTTP:8080/healthz"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }
}
resource "aws_elb" "tcp" {
  availability_zones = ["eu-west-1a"]
  listener {
    instance_port     = 5432
    instance_protocol = "tcp"
    lb_port           = 5432
    lb_protocol       = "tcp"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:1 aws_elb.web has HTTP listeners but no health_check: a Classic Load Balancer then only opens a TCP connection to each instance, which succeeds while the application answers errors; add health_check with target = "HTTP:<port>/<health path>".',
    ]);
  });

  it("accepts explicit checks and ELB health checks, and ignores TCP and Lambda target groups", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  health_check {
    path    = "/healthz"
    matcher = "200"
  }
}
resource "aws_lb_target_group" "nlb" {
  port     = 5432
  protocol = "TCP"
}
resource "aws_lb_target_group" "fn" {
  target_type = "lambda"
}
resource "aws_autoscaling_group" "web" {
  target_group_arns         = [aws_lb_target_group.web.arn]
  health_check_type         = "ELB"
  health_check_grace_period = 120
}
resource "aws_autoscaling_group" "batch" {
  min_size = 0
  max_size = 10
}
`,
    });
  });

  it("stays silent on unknown values and library modules", () => {
    assertClean(rule, {
      "main.tf": `variable "protocol" {}
variable "tg_arns" {}
variable "check_type" {}
resource "aws_lb_target_group" "web" {
  protocol = var.protocol
}
resource "aws_autoscaling_group" "a" {
  target_group_arns = var.tg_arns
}
resource "aws_autoscaling_group" "b" {
  target_group_arns = ["arn"]
  health_check_type = var.check_type
}
resource "aws_elb" "web" {
  listener {
    instance_port     = 8080
    instance_protocol = var.protocol
    lb_port           = 80
    lb_protocol       = "http"
  }
}
`,
    });
    assertClean(rule, {
      "modules/lb/main.tf": 'resource "aws_lb_target_group" "this" {\n  protocol = "HTTP"\n}\n',
    });
  });
});
