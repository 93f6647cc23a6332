import type { Value } from "../../eval/value.js";
import type { ModuleContext } from "../../engine/rule.js";
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import { asBool, asList, asNumber, asString } from "./values.js";

/** One ingress (or egress) rule, whichever way it is written. */
export interface SgRule {
  /** The block that declares the rule: an inline `ingress` block, or a rule resource; the group for `ingress = [...]`. */
  view: BlockView;
  /** Where to point a finding about this rule (the block, or the `ingress = [...]` argument). */
  at: BlockView | AttrView;
  /** The security group it belongs to (inline rules), or null for standalone rule resources. */
  group: TopBlockView | null;
  direction: "ingress" | "egress";
  fromPort: number | null;
  toPort: number | null;
  /** "-1"/"all" for every protocol; null when unknown. */
  protocol: string | null;
  /** Each CIDR as a value (with its origins); null when the list itself is unknown. */
  cidrs: readonly Value[] | null;
  /** Whether the rule names a source security group, a prefix list or `self`. */
  hasSourceGroup: boolean;
  description: Value | undefined;
}

function cidrList(view: BlockView, names: string[]): readonly Value[] | null {
  const out: Value[] = [];
  for (const name of names) {
    if (!view.has(name)) continue;
    const items = asList(view.value(name));
    if (items === null) return null;
    out.push(...items);
  }
  return out;
}

/** A list argument that is set and not known to be empty or null (unknown counts as set). */
function nonEmpty(value: Value | undefined): boolean {
  if (value === undefined || value.kind === "null") return false;
  const items = asList(value);
  return items === null || items.length > 0;
}

function protocolOf(value: Value | undefined): string | null {
  const s = asString(value);
  if (s !== null) return s.toLowerCase();
  const n = asNumber(value);
  return n === null ? null : String(n);
}

/**
 * Every security group rule of a module: inline `ingress`/`egress` blocks (including dynamic ones) of
 * aws_security_group, aws_security_group_rule, and aws_vpc_security_group_ingress_rule /
 * egress_rule resources.
 */
export function securityGroupRules(ctx: ModuleContext): SgRule[] {
  const out: SgRule[] = [];
  for (const group of ctx.resources(["aws_security_group", "aws_default_security_group"])) {
    for (const direction of ["ingress", "egress"] as const) {
      // `ingress = [{ ... }]`: the same rules written as a list of objects (attributes as blocks).
      const listed = group.attr(direction);
      if (listed !== undefined) {
        for (const item of asList(listed.value()) ?? []) {
          if (item.kind !== "object") continue;
          const field = (name: string): Value | undefined => item.entries.get(name);
          const cidrs: Value[] = [];
          let unknownCidrs = false;
          for (const name of ["cidr_blocks", "ipv6_cidr_blocks"]) {
            const items = asList(field(name));
            if (items === null) unknownCidrs = true;
            else cidrs.push(...items);
          }
          const groups = asList(field("security_groups"));
          const prefixes = asList(field("prefix_list_ids"));
          out.push({
            view: group,
            at: listed,
            group,
            direction,
            fromPort: asNumber(field("from_port")),
            toPort: asNumber(field("to_port")),
            protocol: protocolOf(field("protocol")),
            cidrs: unknownCidrs ? null : cidrs,
            hasSourceGroup: (groups !== null && groups.length > 0) || (prefixes !== null && prefixes.length > 0) || asBool(field("self")) === true,
            description: field("description"),
          });
        }
      }
      for (const view of group.blocks(direction)) {
        out.push({
          view,
          at: view,
          group,
          direction,
          fromPort: asNumber(view.value("from_port")),
          toPort: asNumber(view.value("to_port")),
          protocol: protocolOf(view.value("protocol")),
          cidrs: cidrList(view, ["cidr_blocks", "ipv6_cidr_blocks"]),
          hasSourceGroup: nonEmpty(view.value("security_groups")) || nonEmpty(view.value("prefix_list_ids")) || asBool(view.value("self")) === true,
          description: view.value("description"),
        });
      }
    }
  }
  for (const rule of ctx.resources("aws_security_group_rule")) {
    const type = asString(rule.value("type"));
    if (type !== "ingress" && type !== "egress") continue;
    out.push({
      view: rule,
      at: rule,
      group: null,
      direction: type,
      fromPort: asNumber(rule.value("from_port")),
      toPort: asNumber(rule.value("to_port")),
      protocol: protocolOf(rule.value("protocol")),
      cidrs: cidrList(rule, ["cidr_blocks", "ipv6_cidr_blocks"]),
      hasSourceGroup: rule.has("source_security_group_id") || rule.has("prefix_list_ids") || rule.has("self"),
      description: rule.value("description"),
    });
  }
  for (const [type, direction] of [
    ["aws_vpc_security_group_ingress_rule", "ingress"],
    ["aws_vpc_security_group_egress_rule", "egress"],
  ] as const) {
    for (const rule of ctx.resources(type)) {
      const protocol = protocolOf(rule.value("ip_protocol"));
      out.push({
        view: rule,
        at: rule,
        group: null,
        direction,
        fromPort: asNumber(rule.value("from_port")),
        toPort: asNumber(rule.value("to_port")),
        protocol,
        cidrs: cidrList(rule, ["cidr_ipv4", "cidr_ipv6"]),
        hasSourceGroup: rule.has("referenced_security_group_id") || rule.has("prefix_list_id"),
        description: rule.value("description"),
      });
    }
  }
  return out;
}

/** Whether the rule covers every port (protocol -1/all, or 0-65535). */
export function allPorts(rule: SgRule): boolean {
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  if (rule.fromPort === -1 && rule.toPort === -1 && rule.protocol !== "icmp" && rule.protocol !== "icmpv6") return true;
  return rule.fromPort === 0 && (rule.toPort === 65535 || rule.toPort === 0) && rule.protocol !== "icmp";
}

/** Whether the rule opens `port` (TCP or UDP); false when the ports are unknown. */
export function opensPort(rule: SgRule, port: number): boolean {
  if (allPorts(rule)) return true;
  if (rule.protocol === "icmp" || rule.protocol === "icmpv6" || rule.protocol === "1" || rule.protocol === "58") return false;
  if (rule.fromPort === null || rule.toPort === null) return false;
  return rule.fromPort <= port && port <= rule.toPort;
}

/** CIDRs that mean "the whole internet". */
export function isOpenCidr(v: Value): boolean {
  const s = asString(v);
  return s !== null && /^(0\.0\.0\.0\/0|::\/0|0::\/0)$/.test(s.trim());
}
