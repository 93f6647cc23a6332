import { createRule, type Location } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import type { SgRule } from "../support/security-groups.js";
import { keyOf, sameInstance } from "../support/security-graph.js";
import { displayAddress, ownerGroups, rulesOf, securityCheck } from "../support/security-network.js";

interface Bucket {
  at: Location;
  owner: string;
  ingress: number;
  egress: number;
  /** Dynamic blocks over an unknown collection whose content sets no description. */
  dynamic: Set<string>;
}

export default createRule({
  id: "network/rule-descriptions",
  principle: "security",
  severity: "note",
  title: "Security group rule without a description",
  description:
    "Security group rules (inline ingress/egress blocks, aws_security_group_rule, aws_vpc_security_group_ingress_rule/egress_rule) with no description. One finding per security group, with the count.",
  peers: {
    checkov: ["CKV_AWS_23"],
    trivy: ["AVD-AWS-0124"],
    kics: ["68eb4bf3-f9bf-463d-b5cf-e029bb446d2e"],
  },
  ...securityCheck((scope, resolver) => {
    const ctx = scope.ctx;
    const buckets = new Map<string, Bucket>();
    const bucketFor = (rule: SgRule): Bucket => {
      let key: string;
      let at: Location;
      let owner: string;
      if (rule.group !== null) {
        key = keyOf({ ref: rule.group.ref, instance: scope.instance });
        at = rule.group;
        owner = rule.group.address;
      } else {
        const [group, ...others] = ownerGroups(resolver, rule);
        if (group !== undefined && others.length === 0 && sameInstance(group.instance, scope.instance)) {
          key = keyOf(group);
          const view = scope.view(group.ref);
          at = view;
          owner = view.address;
        } else {
          const attr = rule.view.attr("security_group_id");
          const source = attr?.source() ?? rule.view.ref.address;
          key = group !== undefined && others.length === 0 ? keyOf(group) : `expr:${source}`;
          at = rule.view;
          owner = group !== undefined && others.length === 0 ? `${displayAddress(group, scope.instance)}, through ${source},` : `the security group ${source}`;
        }
      }
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { at, owner, ingress: 0, egress: 0, dynamic: new Set() };
        buckets.set(key, bucket);
      }
      return bucket;
    };
    for (const rule of rulesOf(scope)) {
      const attr = rule.view.attr("description");
      const value = attr?.value();
      if (value !== undefined) {
        if (value.kind === "unknown" || scope.isLibraryChoice(rule.group ?? (rule.view as TopBlockView), rule.view, attr)) continue;
        if (value.kind === "string" && value.value.trim() !== "") continue;
        if (value.kind !== "string" && value.kind !== "null") continue;
      }
      const bucket = bucketFor(rule);
      if (rule.view.dynamicUnknown) {
        if (attr === undefined) bucket.dynamic.add(`dynamic "${rule.direction}"`);
        continue;
      }
      bucket[rule.direction]++;
    }
    for (const bucket of buckets.values()) {
      const count = bucket.ingress + bucket.egress;
      const parts: string[] = [];
      if (bucket.ingress > 0) parts.push(`${bucket.ingress} ingress`);
      if (bucket.egress > 0) parts.push(`${bucket.egress} egress`);
      let what: string;
      if (count > 0) {
        what = `${count} rule${count === 1 ? "" : "s"} without a description (${parts.join(", ")})`;
        if (bucket.dynamic.size > 0) what += `, and its ${[...bucket.dynamic].join(" and ")} block${bucket.dynamic.size === 1 ? "" : "s"} set none`;
      } else {
        what = `rules without a description: its ${[...bucket.dynamic].join(" and ")} block${bucket.dynamic.size === 1 ? " sets" : "s set"} none`;
      }
      ctx.report({ at: bucket.at, message: `${bucket.owner} has ${what}; say what each rule allows and why.` });
    }
  }),
});
