/**
 * Who talks to whom in a deployment, as far as the code says: which security groups are attached
 * to compute, load balancers and data stores, which load balancer forwards to which target group,
 * and which instances, launch templates and services are in each target group.
 */
import type { ModuleInstance } from "../../eval/evaluator.js";
import type { BlockView } from "../../engine/views.js";
import { allPorts, opensPort, type SgRule } from "./security-groups.js";
import { deploymentInstances, deploymentResources, keyOf, ofType, type Located, type Resolver } from "./security-graph.js";
import { knownCidrs, ownerGroups, rulesOf, sourceGroups } from "./security-network.js";
import type { SecurityScope } from "./security-scope.js";
import { asBool, asNumber, asString } from "./values.js";

export type Role = "compute" | "lb" | "data";

export interface Attachment {
  role: Role;
  resource: Located;
  /** For load balancers: whether they are internal (null when unknown). */
  internal: boolean | null;
}

export interface TargetGroup {
  group: Located;
  port: number | null;
  /** Load balancers that forward to it. */
  lbs: Located[];
  /** Security groups of those load balancers. */
  lbGroups: Located[];
  /** The compute that receives the traffic (instances, launch templates, launch configurations, services). */
  members: Located[];
  /** Security groups of the members. */
  memberGroups: Located[];
}

export interface Topology {
  /** Attachments by security group key. */
  attachments: Map<string, Attachment[]>;
  /** Security groups by key. */
  groups: Map<string, Located>;
  targetGroups: TargetGroup[];
  /** Known IPv4 CIDRs of the deployment's VPCs, with the VPC's address. */
  vpcCidrs: { cidr: string; vpc: Located }[];
  /** Egress rules by the key of the security group they belong to. */
  egress: Map<string, SgRule[]>;
}

const SG_TYPES = ["aws_security_group", "aws_default_security_group"];

/** Where each kind of resource lists its security groups (argument paths, nested blocks first). */
const ATTACHMENTS: readonly { role: Role; types: readonly string[]; paths: readonly string[][] }[] = [
  { role: "compute", types: ["aws_instance", "aws_spot_instance_request"], paths: [["vpc_security_group_ids"], ["security_groups"]] },
  { role: "compute", types: ["aws_launch_template"], paths: [["vpc_security_group_ids"], ["security_group_names"], ["network_interfaces", "security_groups"]] },
  { role: "compute", types: ["aws_launch_configuration"], paths: [["security_groups"]] },
  { role: "compute", types: ["aws_ecs_service"], paths: [["network_configuration", "security_groups"]] },
  { role: "compute", types: ["aws_lambda_function"], paths: [["vpc_config", "security_group_ids"]] },
  { role: "compute", types: ["aws_eks_cluster"], paths: [["vpc_config", "security_group_ids"]] },
  { role: "lb", types: ["aws_lb", "aws_alb", "aws_elb"], paths: [["security_groups"]] },
  { role: "data", types: ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster", "aws_dms_replication_instance"], paths: [["vpc_security_group_ids"]] },
  { role: "data", types: ["aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_memorydb_cluster"], paths: [["security_group_ids"]] },
  { role: "data", types: ["aws_efs_mount_target", "aws_mq_broker"], paths: [["security_groups"]] },
  { role: "data", types: ["aws_opensearch_domain", "aws_elasticsearch_domain"], paths: [["vpc_options", "security_group_ids"]] },
  { role: "data", types: ["aws_msk_cluster"], paths: [["broker_node_group_info", "security_groups"]] },
];

/** The security groups an argument path of a block refers to. */
function groupsAt(resolver: Resolver, view: BlockView, path: readonly string[]): Located[] {
  const [head, ...rest] = path;
  if (head === undefined) return [];
  if (rest.length === 0) return ofType(resolver.attr(view.attr(head)), SG_TYPES);
  return view.blocks(head).flatMap((b) => (b.dynamicUnknown ? [] : groupsAt(resolver, b, rest)));
}

const cache = new WeakMap<ModuleInstance, Topology>();

export function topologyOf(scope: SecurityScope, resolver: Resolver, root: ModuleInstance): Topology {
  const cached = cache.get(root);
  if (cached !== undefined) return cached;
  const instances = deploymentInstances(root);
  const view = (loc: Located) => scope.view(loc.ref, loc.instance);
  const topology: Topology = { attachments: new Map(), groups: new Map(), targetGroups: [], vpcCidrs: [], egress: new Map() };
  for (const instance of instances) {
    for (const rule of rulesOf(scope, instance)) {
      if (rule.direction !== "egress") continue;
      const owners = rule.group !== null ? [{ ref: rule.group.ref, instance }] : ownerGroups(resolver, rule);
      for (const owner of owners) topology.egress.set(keyOf(owner), [...(topology.egress.get(keyOf(owner)) ?? []), rule]);
    }
  }
  const groupsOf = new Map<string, Located[]>();

  for (const sg of deploymentResources(instances, SG_TYPES)) topology.groups.set(keyOf(sg), sg);
  for (const { role, types, paths } of ATTACHMENTS) {
    for (const resource of deploymentResources(instances, types)) {
      const v = view(resource);
      const internal = role === "lb" ? internalOf(v) : null;
      const groups = paths.flatMap((p) => groupsAt(resolver, v, p));
      groupsOf.set(keyOf(resource), groups);
      for (const g of groups) {
        const key = keyOf(g);
        topology.attachments.set(key, [...(topology.attachments.get(key) ?? []), { role, resource, internal }]);
      }
    }
  }
  for (const vpc of deploymentResources(instances, ["aws_vpc"])) {
    const cidr = asString(view(vpc).value("cidr_block"));
    if (cidr !== null) topology.vpcCidrs.push({ cidr, vpc });
  }

  // Target groups, their load balancers and their members.
  const tgTypes = ["aws_lb_target_group", "aws_alb_target_group"];
  const byKey = new Map<string, TargetGroup>();
  for (const group of deploymentResources(instances, tgTypes)) {
    const tg: TargetGroup = { group, port: asNumber(view(group).value("port")), lbs: [], lbGroups: [], members: [], memberGroups: [] };
    byKey.set(keyOf(group), tg);
    topology.targetGroups.push(tg);
  }
  const forwardTargets = (actions: BlockView[]): Located[] =>
    actions.flatMap((a) => [
      ...ofType(resolver.attr(a.attr("target_group_arn")), tgTypes),
      ...a.blocks("forward").flatMap((f) => f.blocks("target_group").flatMap((t) => ofType(resolver.attr(t.attr("arn")), tgTypes))),
    ]);
  const listenerLbs = new Map<string, Located[]>();
  for (const listener of deploymentResources(instances, ["aws_lb_listener", "aws_alb_listener"])) {
    const v = view(listener);
    const lbs = ofType(resolver.attr(v.attr("load_balancer_arn")), ["aws_lb", "aws_alb"]);
    listenerLbs.set(keyOf(listener), lbs);
    for (const target of forwardTargets(v.blocks("default_action"))) byKey.get(keyOf(target))?.lbs.push(...lbs);
  }
  for (const rule of deploymentResources(instances, ["aws_lb_listener_rule", "aws_alb_listener_rule"])) {
    const v = view(rule);
    const lbs = ofType(resolver.attr(v.attr("listener_arn")), ["aws_lb_listener", "aws_alb_listener"]).flatMap((l) => listenerLbs.get(keyOf(l)) ?? []);
    for (const target of forwardTargets(v.blocks("action"))) byKey.get(keyOf(target))?.lbs.push(...lbs);
  }
  const addMembers = (targets: Located[], members: Located[]): void => {
    for (const target of targets) {
      const tg = byKey.get(keyOf(target));
      if (tg === undefined) continue;
      tg.members.push(...members);
    }
  };
  const launchersOf = (asg: Located): Located[] => {
    const v = view(asg);
    const out = ofType(resolver.attr(v.attr("launch_configuration")), "aws_launch_configuration");
    for (const lt of v.blocks("launch_template")) out.push(...ofType(resolver.attr(lt.attr("id") ?? lt.attr("name")), "aws_launch_template"));
    for (const policy of v.blocks("mixed_instances_policy")) {
      for (const lt of policy.blocks("launch_template")) {
        for (const spec of lt.blocks("launch_template_specification")) {
          out.push(...ofType(resolver.attr(spec.attr("launch_template_id") ?? spec.attr("launch_template_name")), "aws_launch_template"));
        }
      }
    }
    return out;
  };
  for (const asg of deploymentResources(instances, ["aws_autoscaling_group"])) {
    addMembers(ofType(resolver.attr(view(asg).attr("target_group_arns")), tgTypes), launchersOf(asg));
  }
  for (const attachment of deploymentResources(instances, ["aws_autoscaling_attachment"])) {
    const v = view(attachment);
    const asgs = ofType(resolver.attr(v.attr("autoscaling_group_name")), "aws_autoscaling_group");
    addMembers(ofType(resolver.attr(v.attr("lb_target_group_arn") ?? v.attr("alb_target_group_arn")), tgTypes), asgs.flatMap(launchersOf));
  }
  for (const attachment of deploymentResources(instances, ["aws_lb_target_group_attachment", "aws_alb_target_group_attachment"])) {
    const v = view(attachment);
    addMembers(ofType(resolver.attr(v.attr("target_group_arn")), tgTypes), ofType(resolver.attr(v.attr("target_id")), ["aws_instance"]));
  }
  for (const service of deploymentResources(instances, ["aws_ecs_service"])) {
    const v = view(service);
    if ((groupsOf.get(keyOf(service)) ?? []).length === 0) continue;
    for (const lb of v.blocks("load_balancer")) addMembers(ofType(resolver.attr(lb.attr("target_group_arn")), tgTypes), [service]);
  }
  for (const tg of topology.targetGroups) {
    tg.lbGroups = unique(tg.lbs.flatMap((lb) => groupsOf.get(keyOf(lb)) ?? []));
    tg.memberGroups = unique(tg.members.flatMap((m) => groupsOf.get(keyOf(m)) ?? []));
    tg.lbs = unique(tg.lbs);
  }
  cache.set(root, topology);
  return topology;
}

function internalOf(view: BlockView): boolean | null {
  const v = view.value("internal");
  if (v === undefined || v.kind === "null") return false;
  return asBool(v);
}

function unique(list: Located[]): Located[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = keyOf(l);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** IPv4 CIDR as [network, prefix], or null. */
function parseCidr(cidr: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (m === null) return null;
  const parts = [m[1], m[2], m[3], m[4]].map(Number);
  if (parts.some((p) => p > 255)) return null;
  const prefix = Number(m[5]);
  if (prefix > 32) return null;
  const address = (((parts[0] as number) << 24) >>> 0) + ((parts[1] as number) << 16) + ((parts[2] as number) << 8) + (parts[3] as number);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return [(address & mask) >>> 0, prefix];
}

/** Whether `inner` lies inside `outer` (both IPv4 CIDRs). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (a === null || b === null || a[1] < b[1]) return false;
  const mask = b[1] === 0 ? 0 : (~0 << (32 - b[1])) >>> 0;
  return ((a[0] & mask) >>> 0) === b[0];
}

/**
 * Whether a security group's egress rules let it reach `port` on a destination (a CIDR inside which
 * the target lies, or the target's group): true, false, or null when its egress is not known (rules
 * with unknown values, or none written in the code: the group may keep AWS's default allow-all).
 */
export function egressReaches(resolver: Resolver, topology: Topology, group: string, port: number | null, target: { cidr: string; group: string }): boolean | null {
  const rules = topology.egress.get(group);
  if (rules === undefined || rules.length === 0) return null;
  let unknown = false;
  for (const rule of rules) {
    if (rule.protocol === null || (rule.fromPort === null && !allPorts(rule))) {
      unknown = true;
      continue;
    }
    if (!(rule.protocol === "tcp" || rule.protocol === "6" || allPorts(rule))) continue;
    if (port !== null && !opensPort(rule, port)) continue;
    if (rule.cidrs === null) {
      unknown = true;
      continue;
    }
    if (knownCidrs(rule).some(({ cidr }) => cidr === "0.0.0.0/0" || cidrWithin(target.cidr, cidr) || cidrWithin(cidr, target.cidr))) return true;
    const groups = sourceGroups(resolver, rule.view);
    if (groups.groups.some((g) => keyOf(g) === target.group)) return true;
    if (groups.any && !groups.complete) unknown = true;
  }
  return unknown ? null : false;
}
