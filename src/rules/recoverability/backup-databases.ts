import { createRule } from "../../engine/rule.js";
import { environmentOf } from "../support/environment.js";
import { asBool, asNumber, isLibraryDefault } from "../support/values.js";

export default createRule({
  id: "backup/databases",
  principle: "recoverability",
  severity: "error",
  title: "Database that cannot be recovered",
  description:
    "RDS and Aurora databases with automated backups off (backup_retention_period = 0), skip_final_snapshot = true, or, in production, no deletion_protection.",
  peers: {
    checkov: ["CKV_AWS_133", "CKV_AWS_293", "CKV_AWS_139"],
    trivy: ["AVD-AWS-0077", "AVD-AWS-0177"],
    tflint: [],
    kics: ["e69890e6-fce5-461d-98ad-cb98318dfc96"],
  },
  scope: "module",
  check(ctx) {
    const production = environmentOf(ctx) === "prod";
    for (const db of ctx.resources(["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster"])) {
      // Read replicas and cluster members take their backups from the source.
      if (db.has("replicate_source_db") || (db.resourceType === "aws_db_instance" && db.has("cluster_identifier"))) continue;
      const problems: { text: string; at: string }[] = [];
      const retention = db.value("backup_retention_period");
      if (asNumber(retention) === 0 && !isLibraryDefault(ctx, retention))
        problems.push({ text: "backup_retention_period = 0 turns automated backups and point-in-time recovery off", at: "backup_retention_period" });
      const skip = db.value("skip_final_snapshot");
      if (asBool(skip) === true && !isLibraryDefault(ctx, skip)) problems.push({ text: "skip_final_snapshot = true loses the data on destroy", at: "skip_final_snapshot" });
      const protection = db.value("deletion_protection");
      const unprotected = protection === undefined || (asBool(protection) === false && !isLibraryDefault(ctx, protection));
      if (unprotected && (production || problems.length > 0))
        problems.push({ text: protection === undefined ? "deletion_protection is not set" : "deletion_protection = false", at: "deletion_protection" });
      const [first] = problems;
      if (first === undefined) continue;
      // One problem points at its argument; several point at the database.
      const at = problems.length === 1 ? (db.attr(first.at) ?? db) : db;
      ctx.report({ at, message: `${db.address}: ${problems.map((p) => p.text).join("; ")}.`, value: asNumber(retention) === 0 ? retention : skip });
    }
  },
});
