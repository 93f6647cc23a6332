import { createRule } from "../../engine/rule.js";
import type { BlockView, TopBlockView } from "../../engine/views.js";
import { render } from "../../eval/value.js";
import { deploymentInstances, deploymentResources, ofType, sameInstance, type Located, type Resolver } from "../support/security-graph.js";
import { securityCheck } from "../support/security-network.js";
import { rootInstance, type SecurityScope } from "../support/security-scope.js";
import { asBool, asString } from "../support/values.js";

const LISTENERS = ["aws_lb_listener", "aws_alb_listener"];
const LOAD_BALANCERS = ["aws_lb", "aws_alb"];
const LISTENER_RULES = ["aws_lb_listener_rule", "aws_alb_listener_rule"];
const CURRENT_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * Load balancer security policies that still accept TLS 1.0 or 1.1. The provider's default
 * (ssl_policy unset) is ELBSecurityPolicy-2016-08, one of them.
 */
export function isOutdatedPolicy(name: string): boolean {
  if (/^ELBSecurityPolicy-(2011-08|2014-01|2014-10|2015-02|2015-03|2015-05|2016-08)$/.test(name)) return true;
  if (name === "ELBSecurityPolicy-FS-2018-06") return true;
  return /(^|-)TLS(13)?-1-[01]-|FS-1-1-/.test(name);
}

/** CloudFront minimum protocol versions below TLS 1.2: SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016. */
const OUTDATED_CLOUDFRONT = /^(SSLv3|TLSv1(\.[01])?(_\d{4})?)$/;

/** Whether the load balancer faces the internet: true, false, or null when unknown. */
function internetFacing(lb: TopBlockView): boolean | null {
  const internal = lb.value("internal");
  if (internal === undefined || internal.kind === "null") return true;
  const b = asBool(internal);
  return b === null ? null : !b;
}

/** What the actions of a listener or rule do: "redirect-https", "forward", "fixed", or null when unknown. */
function actionKind(actions: BlockView[]): "redirect-https" | "forward" | "fixed" | null {
  if (actions.length === 0) return null;
  let kind: "redirect-https" | "forward" | "fixed" | null = "fixed";
  for (const action of actions) {
    if (action.dynamicUnknown) return null;
    const type = asString(action.value("type"));
    if (type === null) return null;
    if (type === "fixed-response") continue;
    if (type === "redirect") {
      const [redirect] = action.blocks("redirect");
      const protocol = redirect === undefined ? null : asString(redirect.value("protocol"));
      if (protocol === null) return null;
      kind = protocol.toUpperCase() === "HTTPS" ? "redirect-https" : "forward";
      continue;
    }
    // forward, authenticate-cognito, authenticate-oidc (which then forward), or a type AWS does not know.
    return "forward";
  }
  return kind;
}

function checkListeners(scope: SecurityScope, resolver: Resolver): void {
  let rules: Located[] | null = null;
  const rulesForwarding = (listener: TopBlockView): string[] => {
    rules ??= deploymentResources(deploymentInstances(rootInstance(scope.instance)), LISTENER_RULES);
    const out: string[] = [];
    for (const rule of rules) {
      const view = scope.view(rule.ref, rule.instance);
      const target = ofType(resolver.attr(view.attr("listener_arn")), LISTENERS);
      if (!target.some((t) => t.ref === listener.ref && sameInstance(t.instance, scope.instance))) continue;
      if (actionKind(view.blocks("action")) === "forward") out.push(view.address);
    }
    return out;
  };
  for (const listener of scope.resources(LISTENERS)) {
    const lbs = ofType(resolver.attr(listener.attr("load_balancer_arn")), LOAD_BALANCERS);
    const lbLoc = lbs.length === 1 ? (lbs[0] as Located) : null;
    const lb = lbLoc === null ? null : scope.view(lbLoc.ref, lbLoc.instance);
    const type = lb === null ? null : (asString(lb.value("load_balancer_type")) ?? (lb.has("load_balancer_type") ? null : "application"));
    if (type === "gateway") continue;
    const protocolAttr = listener.attr("protocol");
    const protocol = protocolAttr === undefined ? (type === null ? null : type === "application" ? "HTTP" : "TCP") : asString(protocolAttr.value())?.toUpperCase();
    if (protocol === undefined || protocol === null) continue;
    const exposure = lb === null ? null : internetFacing(lb);
    const publicLb = lb !== null && exposure === true && type !== null && !scope.isLibraryChoice(lb, lb, lb.attr("internal")) ? lb : null;
    if (protocol === "HTTP") {
      if (publicLb === null || (protocolAttr !== undefined && scope.isLibraryChoice(listener, listener, protocolAttr))) continue;
      const kind = actionKind(listener.blocks("default_action"));
      if (kind === null || kind === "redirect-https") continue;
      const forwarding = kind === "forward" ? [] : rulesForwarding(listener);
      if (kind === "fixed" && forwarding.length === 0) continue;
      const how = kind === "forward" ? "forwards plain HTTP to its targets" : `has rules (${forwarding.slice(0, 2).join(", ")}) that forward plain HTTP`;
      const port = listener.value("port");
      const portText = port !== undefined && (port.kind === "number" || port.kind === "string") ? ` on port ${render(port)}` : "";
      scope.ctx.report({
        at: protocolAttr ?? listener,
        severity: "error",
        message: `${listener.address} on the internet-facing ${publicLb.address} listens for HTTP${portText} and ${how}; redirect it to HTTPS (default_action type "redirect", protocol "HTTPS", status_code "HTTP_301").`,
      });
      continue;
    }
    if (protocol !== "HTTPS" && protocol !== "TLS") continue;
    // Old TLS is a problem on any load balancer: no client of an internal one needs TLS 1.0 either.
    const chosen = lb !== null && exposure !== null && !scope.isLibraryChoice(lb, lb, lb.attr("internal"));
    const where = lb === null ? "" : !chosen ? ` on ${lb.address}` : exposure === true ? ` on the internet-facing ${lb.address}` : ` on the internal ${lb.address}`;
    const policyAttr = listener.attr("ssl_policy");
    const policy = policyAttr?.value();
    if (policy !== undefined && policy.kind !== "null") {
      const name = asString(policy);
      if (name === null || !isOutdatedPolicy(name) || scope.isLibraryChoice(listener, listener, policyAttr)) continue;
      scope.ctx.report({
        at: policyAttr ?? listener,
        message: `${listener.address}${where} uses ssl_policy ${render(policy)}, which still accepts TLS 1.0 and 1.1; use ${CURRENT_POLICY}.`,
        value: policy,
      });
      continue;
    }
    if (policyAttr !== undefined && scope.isLibraryChoice(listener, listener, policyAttr)) continue;
    scope.ctx.report({
      at: listener,
      message: `${listener.address}${where} has no ssl_policy, so it gets ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 and 1.1; set ssl_policy = "${CURRENT_POLICY}".`,
    });
  }
}

function checkClassicElbs(scope: SecurityScope): void {
  for (const elb of scope.resources("aws_elb")) {
    if (internetFacing(elb) !== true || scope.isLibraryChoice(elb, elb, elb.attr("internal"))) continue;
    for (const listener of elb.blocks("listener")) {
      if (listener.dynamicUnknown) continue;
      const protocol = asString(listener.value("lb_protocol"))?.toLowerCase();
      if (protocol !== "http") continue;
      scope.ctx.report({
        at: listener,
        severity: "error",
        message: `${elb.address} is an internet-facing classic load balancer that serves plain HTTP on port ${render(listener.value("lb_port") ?? { kind: "null" })}, and classic load balancers cannot redirect; move to an application load balancer with an HTTPS listener.`,
      });
    }
  }
}

function checkCloudFront(scope: SecurityScope): void {
  for (const distribution of scope.resources("aws_cloudfront_distribution")) {
    const behaviors = [...distribution.blocks("default_cache_behavior"), ...distribution.blocks("ordered_cache_behavior")];
    const allowAll = behaviors.filter((b) => !b.dynamicUnknown && asString(b.value("viewer_protocol_policy")) === "allow-all" && !scope.isLibraryChoice(distribution, b, b.attr("viewer_protocol_policy")));
    if (allowAll.length > 0) {
      const which = allowAll.map((b) => (b.type === "default_cache_behavior" ? "the default cache behavior" : `the behavior for ${render(b.value("path_pattern") ?? { kind: "null" })}`));
      scope.ctx.report({
        at: allowAll[0]?.attr("viewer_protocol_policy") ?? distribution,
        message: `${distribution.address} serves plain HTTP (viewer_protocol_policy = "allow-all" in ${which.join(", ")}); use "redirect-to-https".`,
      });
    }
    const [certificate] = distribution.blocks("viewer_certificate");
    if (certificate === undefined || certificate.dynamicUnknown) continue;
    const defaultCertificate = asBool(certificate.value("cloudfront_default_certificate"));
    if (defaultCertificate === true) continue;
    // A custom certificate: one is named, or the default one is turned off (then one must be named).
    const custom = defaultCertificate === false || [certificate.value("acm_certificate_arn"), certificate.value("iam_certificate_id")].some((v) => v !== undefined && v.kind !== "null" && !(v.kind === "string" && v.value === ""));
    if (!custom) continue;
    const versionAttr = certificate.attr("minimum_protocol_version");
    const version = versionAttr?.value();
    if (version === undefined || version.kind === "null") {
      scope.ctx.report({
        at: certificate,
        message: `${distribution.address} has a custom certificate but no minimum_protocol_version, so viewers may connect with TLS 1.0; set minimum_protocol_version = "TLSv1.2_2021".`,
      });
      continue;
    }
    const name = asString(version);
    if (name === null || !OUTDATED_CLOUDFRONT.test(name) || scope.isLibraryChoice(distribution, certificate, versionAttr)) continue;
    scope.ctx.report({
      at: versionAttr ?? certificate,
      message: `${distribution.address} accepts viewers on ${name}; set minimum_protocol_version = "TLSv1.2_2021".`,
      value: version,
    });
  }
}

function checkApiGateway(scope: SecurityScope): void {
  for (const domain of scope.resources("aws_api_gateway_domain_name")) {
    const attr = domain.attr("security_policy");
    const value = attr?.value();
    if (attr === undefined || asString(value) !== "TLS_1_0" || scope.isLibraryChoice(domain, domain, attr)) continue;
    scope.ctx.report({ at: attr, message: `${domain.address} accepts TLS 1.0 (security_policy = "TLS_1_0"); set security_policy = "TLS_1_2".`, value });
  }
}

export default createRule({
  id: "network/https",
  principle: "security",
  severity: "warning",
  title: "Endpoint without HTTPS, or with outdated TLS",
  description:
    "Listeners of internet-facing load balancers that serve HTTP without redirecting to HTTPS, HTTPS listeners whose security policy (or the default ELBSecurityPolicy-2016-08) accepts TLS 1.0/1.1, CloudFront distributions that allow HTTP or old TLS, and API Gateway domains on TLS 1.0.",
  peers: {
    checkov: ["CKV_AWS_2", "CKV2_AWS_20", "CKV_AWS_103", "CKV_AWS_34", "CKV_AWS_174", "CKV_AWS_206"],
    trivy: ["AVD-AWS-0054", "AVD-AWS-0047", "AVD-AWS-0012", "AVD-AWS-0013", "AVD-AWS-0005"],
    kics: ["de7f5e83-da88-4046-871f-ea18504b1d43", "55af1353-2f62-4fa0-a8e1-a210ca2708f5", "00e5e55e-c2ff-46b3-a757-a7a1cd802456", "4e1cc5d3-2811-4fb2-861c-ee9b3cb7f90b"],
  },
  ...securityCheck((scope, resolver) => {
    checkListeners(scope, resolver);
    checkClassicElbs(scope);
    checkCloudFront(scope);
    checkApiGateway(scope);
  }),
});
