import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule, { isOutdatedPolicy } from "./network-https.js";

const LB = `resource "aws_lb" "web" {
  name            = "web"
  security_groups = ["sg-1"]
}
`;

describe("network/https", () => {
  it("reports a public HTTP listener that forwards, and HTTPS listeners with an old or default policy", () => {
    const findings = runRule(rule, {
      "main.tf": `${LB}resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "arn:tg"
  }
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:cert"
  default_action {
    type             = "forward"
    target_group_arn = "arn:tg"
  }
}
resource "aws_lb_listener" "legacy" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS-1-1-2017-01"
  default_action {
    type             = "forward"
    target_group_arn = "arn:tg"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:8 aws_lb_listener.http on the internet-facing aws_lb.web listens for HTTP on port 80 and forwards plain HTTP to its targets; redirect it to HTTPS (default_action type "redirect", protocol "HTTPS", status_code "HTTP_301").',
      'main.tf:14 aws_lb_listener.https on the internet-facing aws_lb.web has no ssl_policy, so it gets ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 and 1.1; set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06".',
      'main.tf:28 aws_lb_listener.legacy on the internet-facing aws_lb.web uses ssl_policy "ELBSecurityPolicy-TLS-1-1-2017-01", which still accepts TLS 1.0 and 1.1; use ELBSecurityPolicy-TLS13-1-2-2021-06.',
    ]);
    assert.equal(findings[0]?.severity, "error");
  });

  it("reports an HTTP listener whose rules forward, CloudFront allowing HTTP or TLS 1.0, and API Gateway on TLS 1.0", () => {
    const findings = runRule(rule, {
      "main.tf": `${LB}resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = 404
    }
  }
}
resource "aws_lb_listener_rule" "app" {
  listener_arn = aws_lb_listener.http.arn
  action {
    type             = "forward"
    target_group_arn = "arn:tg"
  }
}
resource "aws_cloudfront_distribution" "site" {
  default_cache_behavior {
    viewer_protocol_policy = "allow-all"
  }
  viewer_certificate {
    acm_certificate_arn = "arn:cert"
    ssl_support_method  = "sni-only"
  }
}
resource "aws_api_gateway_domain_name" "api" {
  domain_name     = "api.example.com"
  security_policy = "TLS_1_0"
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:5 aws_lb_listener.http on the internet-facing aws_lb.web listens for HTTP on port 80 and has rules (aws_lb_listener_rule.app) that forward plain HTTP; redirect it to HTTPS (default_action type "redirect", protocol "HTTPS", status_code "HTTP_301").',
      'main.tf:25 aws_cloudfront_distribution.site serves plain HTTP (viewer_protocol_policy = "allow-all" in the default cache behavior); use "redirect-to-https".',
      'main.tf:27 aws_cloudfront_distribution.site has a custom certificate but no minimum_protocol_version, so viewers may connect with TLS 1.0; set minimum_protocol_version = "TLSv1.2_2021".',
      'main.tf:34 aws_api_gateway_domain_name.api accepts TLS 1.0 (security_policy = "TLS_1_0"); set security_policy = "TLS_1_2".',
    ]);
  });

  it("reports old TLS on internal load balancers and on listeners whose load balancer is not in sight", () => {
    const findings = runRule(rule, {
      "main.tf": `variable "lb_arn" {}
resource "aws_lb" "inside" {
  internal = true
}
resource "aws_lb_listener" "inside" {
  load_balancer_arn = aws_lb.inside.arn
  protocol          = "HTTPS"
}
resource "aws_lb_listener" "elsewhere" {
  load_balancer_arn = var.lb_arn
  protocol          = "TLS"
  ssl_policy        = "ELBSecurityPolicy-FS-1-1-2019-08"
}
resource "aws_lb_listener" "plain" {
  load_balancer_arn = var.lb_arn
  protocol          = "HTTP"
  default_action {
    type = "forward"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:5 aws_lb_listener.inside on the internal aws_lb.inside has no ssl_policy, so it gets ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 and 1.1; set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06".',
      'main.tf:12 aws_lb_listener.elsewhere uses ssl_policy "ELBSecurityPolicy-FS-1-1-2019-08", which still accepts TLS 1.0 and 1.1; use ELBSecurityPolicy-TLS13-1-2-2021-06.',
    ]);
  });

  it("treats any action but a redirect to HTTPS or a fixed response as serving HTTP, and a disabled default certificate as custom", () => {
    const findings = runRule(rule, {
      "main.tf": `${LB}resource "aws_lb_listener" "login" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "authenticate-oidc"
  }
  default_action {
    type             = "forward"
    target_group_arn = "arn:tg"
  }
}
resource "aws_cloudfront_distribution" "site" {
  viewer_certificate {
    cloudfront_default_certificate = false
    minimum_protocol_version       = "TLSv1.1_2016"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      'main.tf:8 aws_lb_listener.login on the internet-facing aws_lb.web listens for HTTP on port 80 and forwards plain HTTP to its targets; redirect it to HTTPS (default_action type "redirect", protocol "HTTPS", status_code "HTTP_301").',
      'main.tf:20 aws_cloudfront_distribution.site accepts viewers on TLSv1.1_2016; set minimum_protocol_version = "TLSv1.2_2021".',
    ]);
  });

  it("follows the load balancer and its internal flag through a module", () => {
    const files = {
      "main.tf": 'module "lb" {\n  source   = "./lb"\n  internal = false\n}\nresource "aws_lb_listener" "https" {\n  load_balancer_arn = module.lb.arn\n  protocol          = "HTTPS"\n  ssl_policy        = "ELBSecurityPolicy-2016-08"\n}\n',
      "lb/main.tf": 'variable "internal" {}\nresource "aws_lb" "this" {\n  internal = var.internal\n}\noutput "arn" {\n  value = aws_lb.this.arn\n}\n',
    };
    assert.equal(runRule(rule, files).length, 1);
  });

  it("stays silent when publicness, the protocol or the policy is unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "internal" {}
variable "policy" {}
variable "lb_arn" {}
resource "aws_lb" "web" {
  internal = var.internal
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  protocol          = "HTTP"
  default_action {
    type = "forward"
  }
}
resource "aws_lb" "public" {}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  protocol          = "HTTPS"
  ssl_policy        = var.policy
}
resource "aws_lb_listener" "elsewhere" {
  load_balancer_arn = var.lb_arn
  protocol          = "HTTP"
  default_action {
    type = "forward"
  }
}
`,
    });
  });

  it("stays silent on traps: redirects, internal and network load balancers, current policies, fixed responses", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_lb" "public" {}
resource "aws_lb" "internal" {
  internal = true
}
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
}
resource "aws_lb_listener" "redirect" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
resource "aws_lb_listener" "blocked" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8080
  protocol          = "HTTP"
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = 403
    }
  }
}
resource "aws_lb_listener" "inside" {
  load_balancer_arn = aws_lb.internal.arn
  protocol          = "HTTP"
  default_action {
    type = "forward"
  }
}
resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 80
  default_action {
    type = "forward"
  }
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}
resource "aws_cloudfront_distribution" "default_cert" {
  default_cache_behavior {
    viewer_protocol_policy = "redirect-to-https"
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
    });
  });

  it("knows which policies accept TLS 1.0 or 1.1", () => {
    for (const old of ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-2015-05"]) {
      assert.equal(isOutdatedPolicy(old), true, old);
    }
    for (const current of ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"]) {
      assert.equal(isOutdatedPolicy(current), false, current);
    }
  });
});
