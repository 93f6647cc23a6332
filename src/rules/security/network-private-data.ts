import { createRule } from "../../engine/rule.js";
import type { AttrView, BlockView, TopBlockView } from "../../engine/views.js";
import { render } from "../../eval/value.js";
import { keyOf, ofType, type Located, type Resolver } from "../support/security-graph.js";
import { displayAddress, publicExternalSubnets, publicSubnetFacts, securityCheck } from "../support/security-network.js";
import { policyOf } from "../support/security-policies.js";
import { rootInstance, type SecurityScope } from "../support/security-scope.js";
import { asBool } from "../support/values.js";

/** Data stores with a `publicly_accessible` switch. */
const SWITCHED = [
  "aws_db_instance",
  "aws_rds_cluster_instance",
  "aws_neptune_cluster_instance",
  "aws_redshift_cluster",
  "aws_redshiftserverless_workgroup",
  "aws_dms_replication_instance",
  "aws_mq_broker",
];

/** How a data store is placed in subnets: through a subnet group, or directly. */
const PLACEMENT: readonly { types: readonly string[]; argument: string; groups?: readonly string[]; block?: string }[] = [
  { types: ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"], argument: "db_subnet_group_name", groups: ["aws_db_subnet_group", "aws_docdb_subnet_group", "aws_neptune_subnet_group"] },
  { types: ["aws_elasticache_cluster", "aws_elasticache_replication_group"], argument: "subnet_group_name", groups: ["aws_elasticache_subnet_group"] },
  { types: ["aws_memorydb_cluster"], argument: "subnet_group_name", groups: ["aws_memorydb_subnet_group"] },
  { types: ["aws_redshift_cluster"], argument: "cluster_subnet_group_name", groups: ["aws_redshift_subnet_group"] },
  { types: ["aws_dms_replication_instance"], argument: "replication_subnet_group_id", groups: ["aws_dms_replication_subnet_group"] },
  { types: ["aws_mq_broker"], argument: "subnet_ids" },
  { types: ["aws_opensearch_domain", "aws_elasticsearch_domain"], argument: "subnet_ids", block: "vpc_options" },
];

interface Placement {
  /** The public subnets, with why each is public. */
  subnets: { name: string; why: string }[];
  /** The subnet group that holds them, if any. */
  group: string | null;
  at: AttrView | BlockView;
}

function placementOf(scope: SecurityScope, resolver: Resolver, resource: TopBlockView): Placement | null {
  const facts = publicSubnetFacts(scope, resolver, rootInstance(scope.instance));
  for (const rule of PLACEMENT) {
    if (!rule.types.includes(resource.resourceType)) continue;
    const holder = rule.block === undefined ? resource : resource.blocks(rule.block).find((b) => !b.dynamicUnknown);
    const attr = holder?.attr(rule.argument);
    if (holder === undefined || attr === undefined) continue;
    let subnetAttrs: { attr: AttrView; group: Located | null }[] = [{ attr, group: null }];
    if (rule.groups !== undefined) {
      subnetAttrs = [];
      for (const group of ofType(resolver.attr(attr), rule.groups)) {
        const view = scope.view(group.ref, group.instance);
        const subnetIds = view.attr("subnet_ids");
        if (subnetIds !== undefined) subnetAttrs.push({ attr: subnetIds, group });
      }
    }
    for (const { attr: subnetIds, group } of subnetAttrs) {
      const resolved = resolver.attr(subnetIds);
      const subnets: { name: string; why: string }[] = [];
      for (const subnet of ofType(resolved, "aws_subnet")) {
        const why = facts.get(keyOf(subnet));
        if (why !== undefined) subnets.push({ name: displayAddress(subnet, scope.instance), why });
      }
      for (const external of publicExternalSubnets(resolved.externals ?? [])) subnets.push({ name: external, why: "the VPC module's public subnets route to its internet gateway" });
      if (subnets.length > 0) return { subnets, group: group === null ? null : displayAddress(group, scope.instance), at: attr };
    }
  }
  return null;
}

function describePlacement(p: Placement): string {
  const [first] = p.subnets;
  if (first === undefined) return "";
  const more = p.subnets.length > 1 ? ` and ${p.subnets.length - 1} more` : "";
  return `${p.group === null ? "its subnets include" : `its subnet group ${p.group} includes`} the public subnet ${first.name}${more} (${first.why})`;
}

function check(scope: SecurityScope, resolver: Resolver): void {
  const reported = new Set<string>();
  for (const resource of scope.resources(SWITCHED)) {
    const attr = resource.attr("publicly_accessible");
    const value = attr?.value();
    if (attr === undefined || asBool(value) !== true || scope.isLibraryChoice(resource, resource, attr)) continue;
    const placement = placementOf(scope, resolver, resource);
    reported.add(resource.address);
    scope.ctx.report({
      at: attr,
      severity: "error",
      message: `${resource.address} is publicly accessible (publicly_accessible = ${render(value as NonNullable<typeof value>)}): it gets a public address and its endpoint answers from the internet${placement === null ? "" : `, and ${describePlacement(placement)}`}; set it to false and reach it from inside the VPC.`,
      value,
    });
  }
  const placed = PLACEMENT.flatMap((p) => p.types);
  for (const resource of scope.resources([...new Set(placed)])) {
    if (reported.has(resource.address)) continue;
    const placement = placementOf(scope, resolver, resource);
    if (placement === null) continue;
    scope.ctx.report({
      at: placement.at,
      message: `${resource.address} is placed in public subnets: ${describePlacement(placement)}; use private subnets, so that one setting or rule cannot expose it.`,
    });
  }
  for (const domain of scope.resources(["aws_opensearch_domain", "aws_elasticsearch_domain"])) {
    if (domain.blocks("vpc_options").length > 0 || scope.absentByChoice(domain, "vpc_options")) continue;
    const policyAttr = domain.attr("access_policies");
    const doc = policyAttr === undefined ? null : policyOf(scope, resolver, policyAttr, domain.address);
    const open = doc?.statements.some((s) => s.effect === "Allow" && s.principal?.everyone === true && s.condition === false) === true;
    scope.ctx.report({
      at: open && policyAttr !== undefined ? policyAttr : domain,
      severity: open ? "error" : "warning",
      message: open
        ? `${domain.address} has a public endpoint (no vpc_options) and its access policy allows anyone (Principal "*" with no condition); put it in private subnets with vpc_options.`
        : `${domain.address} has a public endpoint (no vpc_options), protected only by its access policy; put it in private subnets with vpc_options.`,
    });
  }
}

export default createRule({
  id: "network/private-data",
  principle: "security",
  severity: "warning",
  title: "Database or cache reachable from the internet",
  description:
    "Databases, caches, brokers and search domains with publicly_accessible = true, placed in public subnets (a subnet group whose subnets route to an internet gateway or assign public IPs), or OpenSearch domains outside a VPC.",
  peers: {
    checkov: ["CKV_AWS_17", "CKV_AWS_87", "CKV_AWS_89", "CKV_AWS_102", "CKV_AWS_69", "CKV_AWS_137"],
    trivy: ["AVD-AWS-0180"],
    kics: [
      "35113e6f-2c6b-414d-beec-7a9482d3b2d1",
      "2f737336-b18a-4602-8ea0-b200312e1ac1",
      "af173fde-95ea-4584-b904-bb3923ac4bda",
      "030d3b18-1821-45b4-9e08-50efbe7becbb",
      "9ba198e0-fef4-464a-8a4d-75ea55300de7",
      "4eb5f791-c861-4afd-9f94-f2a6a3fe49cb",
    ],
  },
  ...securityCheck(check),
});
