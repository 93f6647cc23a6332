import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./outputs-described.js";

describe("outputs/described", () => {
  it("reports outputs without a description", () => {
    const findings = runRule(rule, {
      "outputs.tf": `output "rds_endpoint" {
  value = aws_db_instance.main.endpoint
}

output "vpc_id" {
  value       = aws_vpc.main.id
  description = ""
}
`,
    });
    assert.deepEqual(summary(findings), [
      "outputs.tf:1 output.rds_endpoint has no description; say what it holds and who uses it.",
      "outputs.tf:7 output.vpc_id has an empty description; say what it holds and who uses it.",
    ]);
  });

  it("accepts described outputs, including sensitive ones and JSON", () => {
    assertClean(rule, {
      "outputs.tf": 'output "vpc_id" {\n  description = "ID of the VPC"\n  value       = aws_vpc.main.id\n}\noutput "password" {\n  description = "The master password"\n  value       = random_password.db.result\n  sensitive   = true\n}\n',
      "more.tf.json": '{ "output": { "zone_id": { "description": "Hosted zone", "value": "${aws_route53_zone.main.zone_id}" } } }',
    });
  });

  it("checks outputs of called modules and stays silent on unknown descriptions", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "net" {\n  source = "./modules/net"\n}\n',
      "modules/net/outputs.tf": 'output "id" {\n  value = "x"\n}\noutput "name" {\n  description = var.text\n  value       = "y"\n}\nvariable "text" {\n  type = string\n}\n',
    });
    assert.deepEqual(summary(findings), ["modules/net/outputs.tf:1 output.id has no description; say what it holds and who uses it."]);
  });
});
