/**
 * Network facts the security rules share: the security group rules of a scope, where their traffic
 * comes from, which groups are attached to what, and which subnets are public. Also the common
 * frame of a security module rule (securityCheck).
 */
import type { ModuleInstance } from "../../eval/evaluator.js";
import { render, type Value } from "../../eval/value.js";
import type { ModuleContext } from "../../engine/rule.js";
import type { BlockView, TopBlockView } from "../../engine/views.js";
import { securityGroupRules, type SgRule } from "./security-groups.js";
import { deploymentInstances, deploymentResources, keyOf, ofType, Resolver, sameInstance, type ExternalOutput, type Located } from "./security-graph.js";
import { exists, securityScope, type SecurityScope } from "./security-scope.js";
import { asBool, asString } from "./values.js";

/**
 * The `scope`, `roles` and `check` of a security rule over root and reusable modules: `run` gets the
 * instance to evaluate (see securityScope; skipped for examples and tests) and a resolver.
 */
export function securityCheck(run: (scope: SecurityScope, resolver: Resolver) => void): { scope: "module"; roles: ["root", "module"]; check(ctx: ModuleContext): void } {
  return {
    scope: "module",
    roles: ["root", "module"],
    check(ctx) {
      const scope = securityScope(ctx);
      if (scope === null) return;
      run(scope, new Resolver(ctx.evaluator));
    },
  };
}

/** Security group rules of the scope's instance (inline blocks and rule resources). */
export function rulesOf(scope: SecurityScope, instance: ModuleInstance = scope.instance): SgRule[] {
  const resources = (type?: string | readonly string[]): TopBlockView[] => {
    const wanted = type === undefined ? null : typeof type === "string" ? [type] : type;
    return instance.module.resources.filter((r) => wanted === null || wanted.includes(r.type ?? "")).map((r) => scope.view(r, instance)).filter((v) => exists(v));
  };
  // The same context with the resources of another instance: inherit everything else from it.
  const adapter = Object.create(scope.ctx, { resources: { value: resources } }) as ModuleContext;
  return securityGroupRules(adapter);
}

/** The address of a block as seen from `from`: plain in the same instance, else with its module path. */
export function displayAddress(loc: Located, from: ModuleInstance): string {
  if (sameInstance(loc.instance, from)) return loc.ref.address;
  if (loc.instance.path.length === 0) return `${loc.ref.address} of ${loc.instance.module.dir === "." ? "the root module" : `${loc.instance.module.dir}/`}`;
  return `${loc.instance.path.join(".")}.${loc.ref.address}`;
}

/** The arguments of a rule that name a source (or destination) security group. */
const GROUP_SOURCE_ARGUMENTS = ["security_groups", "source_security_group_id", "referenced_security_group_id"] as const;

/** The security group a standalone rule resource belongs to (its `security_group_id`). */
export function ownerGroups(resolver: Resolver, rule: SgRule): Located[] {
  if (rule.group !== null) return [{ ref: rule.group.ref, instance: rule.group.scope.instance }];
  return ofType(resolver.attr(rule.view.attr("security_group_id")), "aws_security_group");
}

/** Source groups of a rule, by argument, resolved to aws_security_group blocks where possible. */
export function sourceGroups(resolver: Resolver, view: BlockView): { groups: Located[]; complete: boolean; any: boolean } {
  const groups: Located[] = [];
  let complete = true;
  let any = false;
  for (const name of GROUP_SOURCE_ARGUMENTS) {
    const attr = view.attr(name);
    if (attr === undefined) continue;
    const value = attr.value();
    if (value.kind === "null" || (value.kind === "list" && value.items.length === 0)) continue;
    any = true;
    const resolved = resolver.attr(attr);
    complete &&= resolved.complete;
    groups.push(...ofType(resolved, ["aws_security_group", "aws_default_security_group"]));
  }
  return { groups, complete, any };
}

/** Whether a known value is an IPv4 or IPv6 CIDR in a private range (RFC 1918, CGNAT, ULA). */
export function isPrivateCidr(cidr: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (v4 !== null) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    const prefix = Number(v4[5]);
    if (a === 10) return prefix >= 8;
    if (a === 172 && b >= 16 && b <= 31) return prefix >= 12;
    if (a === 192 && b === 168) return prefix >= 16;
    if (a === 100 && b >= 64 && b <= 127) return prefix >= 10;
    return false;
  }
  return /^f[cd][0-9a-f]{2}:/i.test(cidr.trim());
}

/** The prefix length of a CIDR, or null. */
export function prefixOf(cidr: string): number | null {
  const m = /\/(\d+)$/.exec(cidr.trim());
  return m === null ? null : Number(m[1]);
}

/** A short description of a rule's sources: `"10.0.0.0/16"`, `aws_security_group.bastion`, `itself`. */
export function describeSources(resolver: Resolver, rule: SgRule, from: ModuleInstance): string | null {
  const parts: string[] = [];
  for (const cidr of rule.cidrs ?? []) if (cidr.kind === "string") parts.push(render(cidr));
  const groups = sourceGroups(resolver, rule.view);
  for (const g of groups.groups) parts.push(displayAddress(g, from));
  if (groups.any && groups.groups.length === 0) parts.push("another security group");
  if (asBool(rule.view.value("self")) === true) parts.push("the group itself");
  if (hasPrefixList(rule.view)) parts.push("a prefix list");
  if (parts.length === 0) return null;
  const unique = [...new Set(parts)];
  return unique.length > 3 ? `${unique.slice(0, 3).join(", ")} and ${unique.length - 3} more` : unique.join(", ");
}

/** The known CIDR strings of a rule (empty when none or unknown). */
export function knownCidrs(rule: SgRule): { value: Value; cidr: string }[] {
  const out: { value: Value; cidr: string }[] = [];
  for (const v of rule.cidrs ?? []) {
    const s = asString(v);
    if (s !== null && s.trim() !== "") out.push({ value: v, cidr: s.trim() });
  }
  return out;
}

/** Whether a rule's protocol carries TCP (tcp, 6, or every protocol). */
export function carriesTcp(rule: SgRule): boolean | null {
  if (rule.protocol === null) return null;
  return rule.protocol === "tcp" || rule.protocol === "6" || rule.protocol === "-1" || rule.protocol === "all";
}


/** Whether a rule names a prefix list (a non-empty one, when known). */
export function hasPrefixList(view: BlockView): boolean {
  for (const name of ["prefix_list_ids", "prefix_list_id"]) {
    const v = view.value(name);
    if (v === undefined || v.kind === "null" || (v.kind === "list" && v.items.length === 0)) continue;
    return true;
  }
  return false;
}

/** Why a subnet is public ("map_public_ip_on_launch = true", "routes 0.0.0.0/0 to aws_internet_gateway.main"), by subnet key. */
export type SubnetFacts = Map<string, string>;

const subnetFactsByRoot = new WeakMap<ModuleInstance, SubnetFacts>();

function isInternetGateway(resolver: Resolver, view: BlockView, name: string): string | null {
  const attr = view.attr(name);
  if (attr === undefined) return null;
  const igw = ofType(resolver.attr(attr), "aws_internet_gateway")[0];
  if (igw !== undefined) return igw.ref.address;
  const literal = asString(attr.value());
  return literal !== null && literal.startsWith("igw-") ? literal : null;
}

function defaultRoute(view: BlockView, cidr: string, ipv6: string): boolean {
  return asString(view.value(cidr)) === "0.0.0.0/0" || asString(view.value(ipv6)) === "::/0";
}

/**
 * The public subnets of a deployment: subnets that give instances public addresses
 * (`map_public_ip_on_launch = true`), or whose route table sends 0.0.0.0/0 to an internet gateway.
 */
export function publicSubnetFacts(scope: SecurityScope, resolver: Resolver, root: ModuleInstance): SubnetFacts {
  const cached = subnetFactsByRoot.get(root);
  if (cached !== undefined) return cached;
  const facts: SubnetFacts = new Map();
  const instances = deploymentInstances(root);
  const publicTables = new Map<string, string>();
  for (const table of deploymentResources(instances, ["aws_route_table", "aws_default_route_table"])) {
    const view = scope.view(table.ref, table.instance);
    for (const route of view.blocks("route")) {
      if (route.dynamicUnknown || !defaultRoute(route, "cidr_block", "ipv6_cidr_block")) continue;
      const igw = isInternetGateway(resolver, route, "gateway_id");
      if (igw !== null) publicTables.set(keyOf(table), igw);
    }
  }
  for (const route of deploymentResources(instances, ["aws_route"])) {
    const view = scope.view(route.ref, route.instance);
    if (!defaultRoute(view, "destination_cidr_block", "destination_ipv6_cidr_block")) continue;
    const igw = isInternetGateway(resolver, view, "gateway_id");
    if (igw === null) continue;
    for (const table of ofType(resolver.attr(view.attr("route_table_id")), ["aws_route_table", "aws_default_route_table"])) publicTables.set(keyOf(table), igw);
  }
  for (const association of deploymentResources(instances, ["aws_route_table_association"])) {
    const view = scope.view(association.ref, association.instance);
    const tables = ofType(resolver.attr(view.attr("route_table_id")), ["aws_route_table", "aws_default_route_table"]);
    const igw = tables.map((t) => publicTables.get(keyOf(t))).find((g) => g !== undefined);
    if (igw === undefined) continue;
    for (const subnet of ofType(resolver.attr(view.attr("subnet_id")), "aws_subnet")) facts.set(keyOf(subnet), `its route table sends 0.0.0.0/0 to ${igw}`);
  }
  for (const subnet of deploymentResources(instances, ["aws_subnet"])) {
    if (facts.has(keyOf(subnet))) continue;
    if (asBool(scope.view(subnet.ref, subnet.instance).value("map_public_ip_on_launch")) === true) facts.set(keyOf(subnet), "map_public_ip_on_launch = true");
  }
  subnetFactsByRoot.set(root, facts);
  return facts;
}

/** Registry modules whose outputs are known to be public subnets. */
const PUBLIC_SUBNET_OUTPUTS: readonly { source: RegExp; outputs: readonly string[] }[] = [
  { source: /(^|\/)terraform-aws-modules\/vpc\/aws$|terraform-aws-modules\/terraform-aws-vpc/, outputs: ["public_subnets", "public_subnets_cidr_blocks"] },
];

/** External module outputs (a registry VPC module's `public_subnets`) that are public subnets. */
export function publicExternalSubnets(externals: readonly ExternalOutput[]): string[] {
  const out: string[] = [];
  for (const { call, output } of externals) {
    const source = (call.source ?? "").replace(/\?.*$/, "").replace(/\/\/.*$/, "");
    if (PUBLIC_SUBNET_OUTPUTS.some((p) => p.source.test(source) && p.outputs.includes(output))) out.push(`module.${call.name}.${output}`);
  }
  return out;
}
