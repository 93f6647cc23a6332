import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { isCallersChoice, isLibraryInstance, mayExist, refersTo } from "../support/recoverability-model.js";
import { asBool, asList, asString } from "../support/values.js";

function checkTargetGroup(ctx: ModuleContext, group: TopBlockView): void {
  const targetType = asString(group.value("target_type")) ?? "instance";
  if (targetType === "lambda" || targetType === "alb") return;
  // A "black hole" default target group has no targets by design: there is nothing to check.
  if (/black_?hole|dummy|placeholder|sink/i.test(group.name)) return;
  const protocol = asString(group.value("protocol"))?.toUpperCase() ?? null;
  if (protocol !== "HTTP" && protocol !== "HTTPS") return;
  const blocks = group.blocks("health_check");
  const check = blocks[0];
  if (check === undefined) {
    ctx.report({
      at: group,
      message: `${group.address} has no health_check: the load balancer probes "/" and expects 200, which says little about whether the application works; add health_check with a path that checks the application (and its dependencies) and a matcher.`,
    });
    return;
  }
  if (check.dynamicUnknown) return;
  const enabled = check.value("enabled");
  if (asBool(enabled) === false && !isCallersChoice(ctx, enabled)) {
    ctx.report({
      at: check.attr("enabled") ?? check,
      message: `${group.address} turns its health check off: targets that stop answering keep receiving traffic; enable the health check with a path and a matcher.`,
      ...(enabled === undefined ? {} : { value: enabled }),
    });
    return;
  }
  const checkProtocol = asString(check.value("protocol"))?.toUpperCase() ?? protocol;
  if (check.value("protocol") !== undefined && asString(check.value("protocol")) === null) return;
  if (checkProtocol !== "HTTP" && checkProtocol !== "HTTPS") return;
  if (check.has("path")) return;
  const missing = check.has("matcher") ? "path" : "path or matcher";
  ctx.report({
    at: check,
    message: `${group.address}'s health_check sets no ${missing}: it probes "/" for 200, which may be a static page or a redirect; point it at a health endpoint of the application.`,
  });
}

/**
 * A Classic Load Balancer with HTTP(S) listeners but no health_check: the API default is a TCP check,
 * which passes as long as the port accepts a connection, whatever the application answers.
 */
function checkClassicLoadBalancer(ctx: ModuleContext, elb: TopBlockView): void {
  if (elb.blocks("health_check").length > 0) return;
  const listeners = elb.blocks("listener");
  if (listeners.some((l) => l.dynamicUnknown)) return;
  const http = listeners.some((l) => {
    const protocol = asString(l.value("instance_protocol"))?.toUpperCase();
    return protocol === "HTTP" || protocol === "HTTPS";
  });
  if (!http) return;
  ctx.report({
    at: elb,
    message: `${elb.address} has HTTP listeners but no health_check: a Classic Load Balancer then only opens a TCP connection to each instance, which succeeds while the application answers errors; add health_check with target = "HTTP:<port>/<health path>".`,
  });
}

/** Whether an Auto Scaling group receives traffic from a load balancer (directly or through an attachment). */
function behindLoadBalancer(ctx: ModuleContext, group: TopBlockView): boolean | null {
  let unknownSeen = false;
  for (const name of ["target_group_arns", "load_balancers"]) {
    const value = group.value(name);
    if (value === undefined) continue;
    const items = asList(value);
    if (items === null) {
      unknownSeen = true;
      continue;
    }
    if (items.length > 0) return true;
  }
  if (group.blocks("traffic_source").length > 0) return true;
  for (const attachment of ctx.resources(["aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment"])) {
    if (refersTo(ctx.module, attachment, group.address)) return true;
  }
  return unknownSeen ? null : false;
}

function checkAutoScalingGroup(ctx: ModuleContext, group: TopBlockView): void {
  const attached = behindLoadBalancer(ctx, group);
  if (attached !== true) return;
  const type = group.attr("health_check_type");
  const value = type?.value();
  if (type !== undefined) {
    const text = asString(value);
    if (text === null || text.toUpperCase() === "ELB" || isCallersChoice(ctx, value)) return;
  }
  ctx.report({
    at: type ?? group,
    message: `${group.address} is behind a load balancer but uses EC2 health checks${type === undefined ? " (the default)" : ""}: an instance whose application has died stays in the group, because only a failed machine is replaced; set health_check_type = "ELB" with a health_check_grace_period.`,
    ...(value === undefined ? {} : { value }),
  });
}

export default createRule({
  id: "ops/health-checks",
  principle: "operations",
  severity: "warning",
  title: "Health check that cannot tell the application is down",
  description:
    "HTTP(S) target groups without an explicit health check path (and matcher), or with the health check off; Classic Load Balancers with HTTP listeners and no health check; Auto Scaling groups behind a load balancer that still use EC2 health checks.",
  peers: { checkov: ["CKV_AWS_261", "CKV2_AWS_15"] },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    if (isLibraryInstance(ctx)) return;
    for (const group of ctx.resources(["aws_lb_target_group", "aws_alb_target_group"])) {
      if (mayExist(ctx, group)) checkTargetGroup(ctx, group);
    }
    for (const elb of ctx.resources("aws_elb")) {
      if (mayExist(ctx, elb)) checkClassicLoadBalancer(ctx, elb);
    }
    for (const group of ctx.resources("aws_autoscaling_group")) {
      if (mayExist(ctx, group)) checkAutoScalingGroup(ctx, group);
    }
  },
});
