import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./layout-monolith.js";

/** `count` resources of a type, named r0, r1, … */
function many(type: string, count: number, prefix = type): string {
  return Array.from({ length: count }, (_, i) => `resource "${type}" "${prefix.replace(/^aws_/, "")}${i}" {}\n`).join("");
}

const monolith = {
  "main.tf": 'provider "aws" {\n  region = var.region\n}\n' + many("aws_instance", 2) + many("aws_launch_template", 1),
  "network.tf": many("aws_subnet", 6) + many("aws_route_table", 2) + many("aws_nat_gateway", 2),
  "database.tf": many("aws_db_instance", 1) + many("aws_db_subnet_group", 1),
  "dns.tf": many("aws_route53_record", 3) + many("aws_lb", 1) + many("aws_acm_certificate", 1),
  "security.tf": many("aws_security_group", 3),
};

describe("layout/monolith", () => {
  it("reports a root module with the network and the workloads on it, calling no modules", () => {
    const findings = runRule(rule, monolith);
    assert.deepEqual(summary(findings), [
      "main.tf:1 The root module holds 23 resources of 5 concerns (network 10, edge and DNS 5, compute 3, security groups and keys 3, data 2) and calls no modules; split it into modules by concern, each with its own variables and outputs.",
    ]);
    assert.equal(findings[0]?.severity, "note");
    assert.deepEqual(
      findings[0]?.evidence.map((e) => e.message),
      ["network: 10 resources, e.g. aws_subnet.subnet0", "edge and DNS: 5 resources, e.g. aws_route53_record.route53_record0", "compute: 3 resources, e.g. aws_instance.instance0", "security groups and keys: 3 resources, e.g. aws_security_group.security_group0", "data: 2 resources, e.g. aws_db_instance.db_instance0"],
    );
  });

  it("is a warning for a large one, and the thresholds are options", () => {
    const big = { ...monolith, "more.tf": many("aws_subnet", 30, "aws_extra") };
    assert.equal(runRule(rule, big)[0]?.severity, "warning");
    assertClean(rule, monolith, { config: { rules: { "layout/monolith": { options: { minResources: 30 } } } } });
  });

  it("stays silent when the root calls modules, when it is small, or when it is one service's stack", () => {
    assertClean(rule, { ...monolith, "modules.tf": 'module "vpc" {\n  source = "./modules/vpc"\n}\n', "modules/vpc/main.tf": 'resource "aws_vpc" "this" {}\n' });
    assertClean(rule, { "main.tf": many("aws_vpc", 1) + many("aws_instance", 2) + many("aws_db_instance", 1) + many("aws_lb", 1) + many("aws_iam_role", 2) });
    // A load balancer, tasks, roles, groups and alarms on a shared network: one service, no network of its own.
    assertClean(rule, { "main.tf": many("aws_lb", 3) + many("aws_route53_record", 4) + many("aws_ecs_service", 5) + many("aws_iam_role", 4) + many("aws_security_group", 2) + many("aws_cloudwatch_metric_alarm", 4) });
  });

  it("does not look at reusable modules, examples or tests", () => {
    const nested = Object.fromEntries(Object.entries(monolith).map(([path, text]) => [`modules/all/${path}`, text.replace(/provider "aws" \{[^}]*\}\n/, "")]));
    assertClean(rule, { ...nested, "main.tf": 'module "all" {\n  source = "./modules/all"\n}\n' });
    assertClean(rule, Object.fromEntries(Object.entries(monolith).map(([path, text]) => [`examples/complete/${path}`, text])));
    assertClean(rule, Object.fromEntries(Object.entries(monolith).map(([path, text]) => [`test/fixtures/${path}`, text])));
  });

  it("counts resource blocks, whatever their values: a count from a variable without a value changes nothing", () => {
    const withUnknownCount = { ...monolith, "network.tf": monolith["network.tf"].replace('resource "aws_subnet" "subnet0" {}', 'resource "aws_subnet" "subnet0" {\n  count = var.az_count\n}') };
    assert.equal(runRule(rule, withUnknownCount).length, 1);
  });
});
