import { createRule } from "../../engine/rule.js";
import { render } from "../../eval/value.js";
import type { BlockView, TopBlockView } from "../../engine/views.js";
import { allPorts } from "../support/security-groups.js";
import { ofType, type Resolver } from "../support/security-graph.js";
import { carriesTcp, describeSources, hasPrefixList, knownCidrs, rulesOf, securityCheck, sourceGroups } from "../support/security-network.js";
import type { SecurityScope } from "../support/security-scope.js";
import { asBool, asList, asString } from "../support/values.js";

const SSM = "reach the machines with SSM Session Manager instead and close port 22";

/** Resource types that take an EC2 key pair, and where. */
const KEY_ARGUMENTS: readonly { types: readonly string[]; block: string | null; argument: string }[] = [
  { types: ["aws_instance", "aws_spot_instance_request", "aws_launch_template", "aws_launch_configuration"], block: null, argument: "key_name" },
  { types: ["aws_eks_node_group"], block: "remote_access", argument: "ec2_ssh_key" },
];

function checkKeyPairs(scope: SecurityScope, resolver: Resolver): void {
  for (const { types, block, argument } of KEY_ARGUMENTS) {
    for (const resource of scope.resources(types)) {
      const holders: BlockView[] = block === null ? [resource] : resource.blocks(block).filter((b) => !b.dynamicUnknown);
      for (const holder of holders) {
        const attr = holder.attr(argument);
        if (attr === undefined) continue;
        const value = attr.value();
        if (scope.isLibraryChoice(resource, holder, attr)) continue;
        const name = asString(value);
        let what: string;
        if (name !== null) {
          if (name.trim() === "") continue;
          what = `${argument} = ${render(value)}`;
        } else if (value.kind === "unknown") {
          const pairs = ofType(resolver.attr(attr), "aws_key_pair");
          if (pairs.length === 0) continue;
          what = `the key pair ${pairs.map((p) => p.ref.address).join(", ")}`;
        } else continue;
        // EKS opens port 22 of the nodes to 0.0.0.0/0 when a key is given without source security groups.
        const sources = holder.attr("source_security_group_ids");
        const open = block === "remote_access" && (sources === undefined || (asList(sources.value())?.length === 0 && !scope.isLibraryChoice(resource, holder, sources)));
        scope.ctx.report({
          at: attr,
          ...(open ? { severity: "error" as const } : {}),
          message: open
            ? `${resource.address} uses ${what} with no source_security_group_ids, so EKS opens SSH (22) on its nodes to the whole internet (0.0.0.0/0); ${SSM}.`
            : `${resource.address} uses ${what}, so its instances accept SSH logins with a shared key; ${SSM}.`,
          value,
        });
      }
    }
  }
}

function checkRules(scope: SecurityScope, resolver: Resolver): void {
  for (const rule of rulesOf(scope)) {
    if (rule.direction !== "ingress") continue;
    const tcp = carriesTcp(rule);
    if (tcp !== true) continue;
    const every = allPorts(rule);
    const top = rule.group ?? (rule.view as TopBlockView);
    if (["from_port", "to_port", "cidr_blocks", "cidr_ipv4"].some((name) => scope.isLibraryChoice(top, rule.view, rule.view.attr(name)))) continue;
    let ports: string;
    if (every) {
      // Every port is SSH only in a broad sense: report it when addresses (not a group) are the source.
      if (knownCidrs(rule).length === 0) continue;
      ports = "every port, SSH (22) included,";
    } else {
      if (rule.fromPort === null || rule.toPort === null) continue;
      if (!(rule.fromPort <= 22 && 22 <= rule.toPort)) continue;
      ports = rule.fromPort === 22 && rule.toPort === 22 ? "SSH (22)" : `ports ${rule.fromPort}-${rule.toPort}, SSH (22) included,`;
    }
    const groups = sourceGroups(resolver, rule.view);
    const hasSelf = asBool(rule.view.value("self")) === true;
    const hasPrefix = hasPrefixList(rule.view);
    if (knownCidrs(rule).length === 0 && !groups.any && !hasSelf && !hasPrefix) continue;
    const sources = describeSources(resolver, rule, scope.instance);
    if (sources === null) continue;
    const owner = rule.group?.address ?? rule.view.ref.address;
    const open = knownCidrs(rule)[0]?.value;
    scope.ctx.report({
      at: rule.view,
      message: `${owner} allows ${ports} from ${sources}; ${SSM}.`,
      ...(open === undefined ? {} : { value: open }),
    });
  }
}

export default createRule({
  id: "network/ssh",
  principle: "security",
  severity: "warning",
  title: "SSH access instead of Session Manager",
  description:
    "Security group rules that accept SSH (port 22, a range that holds it, or every port from an address range), and instances, launch templates, launch configurations and EKS node groups that install an EC2 key pair. SSM Session Manager needs neither.",
  peers: {
    checkov: ["CKV_AWS_24", "CKV_AWS_100"],
    trivy: ["AVD-AWS-0107"],
    kics: ["65905cec-d691-4320-b320-2000436cb696"],
  },
  ...securityCheck((scope, resolver) => {
    checkRules(scope, resolver);
    checkKeyPairs(scope, resolver);
  }),
});
