import { createRule } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { render } from "../../eval/value.js";
import { ADMIN_PORTS } from "./network-open-admin-ports.js";
import { allPorts, isOpenCidr, opensPort, type SgRule } from "../support/security-groups.js";
import { keyOf, ofType, Resolver, type Located } from "../support/security-graph.js";
import { displayAddress, isPrivateCidr, knownCidrs, ownerGroups, prefixOf, rulesOf } from "../support/security-network.js";
import { rootInstance, securityScope, type SecurityScope } from "../support/security-scope.js";
import { cidrWithin, egressReaches, topologyOf, type Topology } from "../support/security-topology.js";

function portName(port: number): string {
  const name = ADMIN_PORTS.get(port);
  return name === undefined ? `port ${port}` : `${name} (${port})`;
}

function portsOf(rule: SgRule): string {
  if (allPorts(rule)) return "every port";
  if (rule.fromPort !== null && rule.fromPort === rule.toPort) return portName(rule.fromPort);
  return `ports ${rule.fromPort}-${rule.toPort}`;
}

function names(list: Located[], scope: SecurityScope): string {
  const shown = list.slice(0, 2).map((l) => displayAddress(l, scope.instance));
  return list.length > 2 ? `${shown.join(", ")} and ${list.length - 2} more` : shown.join(" and ");
}

/** The VPC a security group is in, when its vpc_id names an aws_vpc of the deployment. */
function vpcOf(scope: SecurityScope, resolver: Resolver, group: Located): string | null {
  const [vpc] = ofType(resolver.attr(scope.view(group.ref, group.instance).attr("vpc_id")), "aws_vpc");
  return vpc === undefined ? null : keyOf(vpc);
}

/** Case A: the group's members sit behind a load balancer that has its own security group. */
function behindLoadBalancer(scope: SecurityScope, topology: Topology, rule: SgRule, group: Located): string | null {
  if (allPorts(rule)) return null;
  const key = keyOf(group);
  for (const tg of topology.targetGroups) {
    if (tg.port === null || !opensPort(rule, tg.port)) continue;
    if (!tg.memberGroups.some((g) => keyOf(g) === key)) continue;
    if (tg.lbGroups.length === 0 || tg.lbGroups.some((g) => keyOf(g) === key) || tg.lbs.length === 0) continue;
    const [lb] = tg.lbs as [Located];
    const members = tg.members.filter((m) => (topology.attachments.get(key) ?? []).some((a) => keyOf(a.resource) === keyOf(m)));
    const via = members.length > 0 ? ` (${names(members, scope)})` : "";
    return `its targets${via} sit behind ${displayAddress(lb, scope.instance)} (${displayAddress(tg.group, scope.instance)}, port ${tg.port}), so only the load balancer needs to reach them: allow port ${tg.port} from its security group ${names(tg.lbGroups, scope)} instead`;
  }
  return null;
}

/** Case B: a data store or internal load balancer opened to a range inside the VPC, where the clients have their own groups. */
function insideVpc(scope: SecurityScope, resolver: Resolver, topology: Topology, rule: SgRule, group: Located, cidr: string): { attached: string; why: string } | null {
  const key = keyOf(group);
  const attachments = topology.attachments.get(key) ?? [];
  const protectsData = attachments.some((a) => a.role === "data" || (a.role === "lb" && a.internal === true));
  if (!protectsData || attachments.some((a) => a.role === "compute" || (a.role === "lb" && a.internal !== true))) return null;
  const prefix = prefixOf(cidr);
  if (!isPrivateCidr(cidr) || prefix === null || prefix > 24) return null;
  const vpc = topology.vpcCidrs.find((v) => cidrWithin(cidr, v.cidr));
  if (vpc === undefined) return null;
  const ownVpc = vpcOf(scope, resolver, group);
  const clients: Located[] = [];
  const sending: Located[] = [];
  for (const [candidateKey, list] of topology.attachments) {
    if (candidateKey === key || !list.some((a) => a.role === "compute")) continue;
    const candidate = topology.groups.get(candidateKey);
    if (candidate === undefined) continue;
    const candidateVpc = vpcOf(scope, resolver, candidate);
    if (ownVpc !== null && candidateVpc !== null && ownVpc !== candidateVpc) continue;
    const reaches = egressReaches(resolver, topology, candidateKey, allPorts(rule) ? null : rule.fromPort, { cidr, group: key });
    if (reaches === false) continue;
    (reaches === true ? sending : clients).push(candidate);
  }
  // Groups whose egress is known to reach the port come first: they are the likely clients.
  clients.unshift(...sending);
  if (clients.length === 0) return null;
  const protectedThing = attachments.find((a) => a.role === "data") ?? attachments[0];
  const what = protectedThing === undefined ? "" : ` (attached to ${displayAddress(protectedThing.resource, scope.instance)})`;
  const whole = vpc.cidr === cidr ? `the whole CIDR of ${displayAddress(vpc.vpc, scope.instance)}` : `a range inside ${displayAddress(vpc.vpc, scope.instance)}`;
  const ports = allPorts(rule) ? "every port" : rule.fromPort === rule.toPort && rule.fromPort !== null ? `port ${rule.fromPort}` : portsOf(rule);
  return {
    attached: what,
    why: `"${cidr}", ${whole}; the compute in that network has security groups of its own (${names(clients, scope)}), so allow ${ports} from the group${clients.length === 1 ? "" : "s"} that need${clients.length === 1 ? "s" : ""} it instead of the whole range`,
  };
}

function check(scope: SecurityScope, resolver: Resolver): void {
  const topology = topologyOf(scope, resolver, rootInstance(scope.instance));
  if (topology.attachments.size === 0) return;
  for (const rule of rulesOf(scope)) {
    if (rule.direction !== "ingress") continue;
    const cidrs = knownCidrs(rule);
    if (cidrs.length === 0) continue;
    const top = rule.group ?? (rule.view as TopBlockView);
    if (["cidr_blocks", "cidr_ipv4", "from_port", "to_port"].some((name) => scope.isLibraryChoice(top, rule.view, rule.view.attr(name)))) continue;
    if (rule.fromPort === null || rule.toPort === null) {
      if (!allPorts(rule)) continue;
    }
    const groups: Located[] = rule.group !== null ? [{ ref: rule.group.ref, instance: scope.instance }] : ownerGroups(resolver, rule);
    const owner = rule.group?.address ?? rule.view.ref.address;
    let reported = false;
    for (const group of groups) {
      if (reported) break;
      for (const { value, cidr } of cidrs) {
        const broad = isOpenCidr(value) || (isPrivateCidr(cidr) && (prefixOf(cidr) ?? 32) <= 24);
        if (!broad) continue;
        const lb = behindLoadBalancer(scope, topology, rule, group);
        if (lb !== null) {
          scope.ctx.report({ at: rule.view, message: `${owner} allows ${portsOf(rule)} from ${render(value)}, but ${lb}.`, value });
          reported = true;
          break;
        }
        if (isOpenCidr(value)) continue;
        const inside = insideVpc(scope, resolver, topology, rule, group, cidr);
        if (inside !== null) {
          scope.ctx.report({ at: rule.view, message: `${owner}${inside.attached} allows ${portsOf(rule)} from ${inside.why}.`, value });
          reported = true;
          break;
        }
      }
    }
  }
}

export default createRule({
  id: "network/sg-references",
  principle: "security",
  severity: "warning",
  title: "CIDR range where a security group should be the source",
  description:
    "Ingress rules that open a port to a CIDR range although the real clients are another security group of the repository: instances behind a load balancer that accept the application port from anywhere, and databases or internal load balancers open to a range of their VPC.",
  peers: {
    kics: ["92fe237e-074c-4262-81a4-2077acb928c1"],
  },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    const scope = securityScope(ctx);
    if (scope === null) return;
    check(scope, new Resolver(ctx.evaluator));
  },
});
