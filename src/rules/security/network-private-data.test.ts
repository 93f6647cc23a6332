import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./network-private-data.js";

const NETWORK = `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "public" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}
resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}
resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}
`;

describe("network/private-data", () => {
  it("reports publicly accessible databases, with their public subnets", () => {
    const findings = runRule(rule, {
      "network.tf": NETWORK,
      "main.tf": `resource "aws_db_subnet_group" "db" {
  subnet_ids = aws_subnet.public[*].id
}
resource "aws_db_instance" "db" {
  db_subnet_group_name = aws_db_subnet_group.db.name
  publicly_accessible  = true
}
resource "aws_redshift_cluster" "warehouse" {
  publicly_accessible = true
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:6 aws_db_instance.db is publicly accessible (publicly_accessible = true): it gets a public address and its endpoint answers from the internet, and its subnet group aws_db_subnet_group.db includes the public subnet aws_subnet.public (its route table sends 0.0.0.0/0 to aws_internet_gateway.main); set it to false and reach it from inside the VPC.",
      "main.tf:9 aws_redshift_cluster.warehouse is publicly accessible (publicly_accessible = true): it gets a public address and its endpoint answers from the internet; set it to false and reach it from inside the VPC.",
    ]);
    assert.ok(findings.every((f) => f.severity === "error"));
  });

  it("reports data stores in public subnets, followed through modules", () => {
    const findings = runRule(rule, {
      "network.tf": NETWORK,
      "main.tf": 'module "cache" {\n  source  = "./cache"\n  subnets = aws_subnet.public[*].id\n}\n',
      "cache/main.tf": `variable "subnets" {}
resource "aws_elasticache_subnet_group" "this" {
  name       = "cache"
  subnet_ids = var.subnets
}
resource "aws_elasticache_replication_group" "this" {
  subnet_group_name = aws_elasticache_subnet_group.this.name
}
`,
    });
    assert.deepEqual(summary(findings), [
      "cache/main.tf:7 aws_elasticache_replication_group.this is placed in public subnets: its subnet group aws_elasticache_subnet_group.this includes the public subnet aws_subnet.public of the root module (its route table sends 0.0.0.0/0 to aws_internet_gateway.main); use private subnets, so that one setting or rule cannot expose it.",
    ]);
  });

  it("knows the public subnets of the registry VPC module and OpenSearch domains outside a VPC", () => {
    const findings = runRule(rule, {
      "main.tf": `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
resource "aws_db_subnet_group" "db" {
  subnet_ids = module.vpc.public_subnets
}
resource "aws_rds_cluster" "db" {
  db_subnet_group_name = aws_db_subnet_group.db.name
}
resource "aws_opensearch_domain" "logs" {
  access_policies = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }]
  })
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:9 aws_rds_cluster.db is placed in public subnets: its subnet group aws_db_subnet_group.db includes the public subnet module.vpc.public_subnets (the VPC module's public subnets route to its internet gateway); use private subnets, so that one setting or rule cannot expose it.",
      'main.tf:12 aws_opensearch_domain.logs has a public endpoint (no vpc_options) and its access policy allows anyone (Principal "*" with no condition); put it in private subnets with vpc_options.',
    ]);
  });

  it("stays silent when the switch or the subnets are unknown", () => {
    assertClean(rule, {
      "main.tf": `variable "public" {}
variable "subnets" {}
resource "aws_db_instance" "a" {
  publicly_accessible = var.public
}
resource "aws_db_subnet_group" "b" {
  subnet_ids = var.subnets
}
resource "aws_db_instance" "b" {
  db_subnet_group_name = aws_db_subnet_group.b.name
}
`,
    });
  });

  it("stays silent on traps: private subnets behind a NAT gateway, publicly_accessible = false, library defaults", () => {
    assertClean(rule, {
      "network.tf": `${NETWORK}resource "aws_nat_gateway" "nat" {
  subnet_id = aws_subnet.public[0].id
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}
resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}
`,
      "main.tf": `resource "aws_db_subnet_group" "db" {
  subnet_ids = aws_subnet.private[*].id
}
resource "aws_db_instance" "db" {
  db_subnet_group_name = aws_db_subnet_group.db.name
  publicly_accessible  = false
}
`,
    });
    assertClean(rule, {
      "main.tf": 'variable "publicly_accessible" {\n  default = true\n}\nresource "aws_db_instance" "this" {\n  publicly_accessible = var.publicly_accessible\n}\n',
      "examples/public/main.tf": 'module "db" {\n  source              = "../../"\n  publicly_accessible = true\n}\n',
    });
  });
});
