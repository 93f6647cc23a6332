import { createRule } from "../../engine/rule.js";
import { mayBeBackedUp } from "../support/recoverability-data.js";
import { isCallersChoice, isLibraryInstance, mayExist } from "../support/recoverability-model.js";
import { asBool, asString } from "../support/values.js";

/** A Terraform state lock table holds only transient locks. */
function isLockTable(hashKey: string | null, name: string | null, label: string): boolean {
  if (hashKey === "LockID") return true;
  return [name ?? "", label].some((n) => /(^|[-_])(tf|terraform|state)[-_]?(state[-_]?)?locks?([-_]|$)|(^|[-_])lock[-_]?table([-_]|$)/i.test(n));
}

export default createRule({
  id: "backup/tables",
  principle: "recoverability",
  severity: "warning",
  title: "DynamoDB table without point-in-time recovery",
  description:
    "aws_dynamodb_table without point_in_time_recovery { enabled = true } and not selected by AWS Backup: a bad write or a deleted item cannot be undone.",
  peers: {
    checkov: ["CKV_AWS_28"],
    trivy: ["AVD-AWS-0024"],
    kics: ["741f1291-47ac-4a85-a07b-3d32a9d6bd3e"],
  },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    const library = isLibraryInstance(ctx);
    for (const table of ctx.resources("aws_dynamodb_table")) {
      if (!mayExist(ctx, table)) continue;
      // Global table replicas are created by replica blocks of the source table; restored tables inherit settings.
      if (isLockTable(asString(table.value("hash_key")), asString(table.value("name")), table.name)) continue;
      const pitr = table.blocks("point_in_time_recovery");
      const block = pitr[0];
      if (block === undefined) {
        if (library || mayBeBackedUp(ctx, table, "dynamodb")) continue;
        ctx.report({
          at: table,
          message: `${table.address} has no point-in-time recovery: a bad write or a deleted item cannot be undone; add point_in_time_recovery { enabled = true }.`,
        });
        continue;
      }
      if (block.dynamicUnknown) continue;
      const enabled = block.attr("enabled");
      const value = enabled?.value();
      if (asBool(value) !== false || isCallersChoice(ctx, value)) continue;
      if (mayBeBackedUp(ctx, table, "dynamodb")) continue;
      ctx.report({
        at: enabled ?? block,
        message: `${table.address} turns point-in-time recovery off: a bad write or a deleted item cannot be undone; set point_in_time_recovery { enabled = true }.`,
        ...(value === undefined ? {} : { value }),
      });
    }
  },
});
