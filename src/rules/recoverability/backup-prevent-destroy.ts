import { createRule, type ModuleContext } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { reproducibleByName, reproducibleContent } from "../support/recoverability-data.js";
import { deploymentOf, isLibraryInstance, isSingleEnvironment, mayExist } from "../support/recoverability-model.js";
import { asBool, asString } from "../support/values.js";

/** Resource types whose destruction loses data that no apply can bring back, and what they hold. */
const STATEFUL: ReadonlyMap<string, string> = new Map([
  ["aws_db_instance", "a database"],
  ["aws_rds_cluster", "a database cluster"],
  ["aws_docdb_cluster", "a database cluster"],
  ["aws_neptune_cluster", "a graph database"],
  ["aws_redshift_cluster", "a data warehouse"],
  ["aws_dynamodb_table", "a table"],
  ["aws_efs_file_system", "a file system"],
  ["aws_fsx_windows_file_system", "a file system"],
  ["aws_fsx_ontap_file_system", "a file system"],
  ["aws_fsx_openzfs_file_system", "a file system"],
  ["aws_fsx_lustre_file_system", "a file system"],
  ["aws_s3_bucket", "a bucket of data"],
  ["aws_kms_key", "the key that existing encrypted data needs"],
  ["aws_opensearch_domain", "a search cluster"],
  ["aws_elasticsearch_domain", "a search cluster"],
  ["aws_cognito_user_pool", "user accounts whose passwords cannot be exported"],
  ["aws_ebs_volume", "a data volume"],
]);

/** Whether a stateful-looking resource really keeps data: not a replica, a lock table, a cache or a log bucket. */
function keepsData(ctx: ModuleContext, resource: TopBlockView): boolean {
  switch (resource.resourceType) {
    case "aws_db_instance":
      return !resource.has("replicate_source_db") && !resource.has("cluster_identifier");
    case "aws_rds_cluster":
      return !resource.has("replication_source_identifier") && !resource.has("global_cluster_identifier");
    case "aws_dynamodb_table":
      return asString(resource.value("hash_key")) !== "LockID" && reproducibleByName(resource, [asString(resource.value("name"))]) === null;
    case "aws_efs_file_system":
      return reproducibleByName(resource, [asString(resource.value("creation_token"))]) === null;
    case "aws_fsx_lustre_file_system": {
      const deployment = asString(resource.value("deployment_type"));
      return deployment !== null && !/^SCRATCH/.test(deployment);
    }
    case "aws_s3_bucket":
      return reproducibleContent(ctx, resource) === null;
    case "aws_cognito_user_pool":
      // A pool only for machine clients (client credentials) holds no people; one with sign-up settings does.
      return ["password_policy", "username_attributes", "alias_attributes", "auto_verified_attributes", "admin_create_user_config", "email_configuration", "schema"].some((n) => resource.has(n) || resource.blocks(n).length > 0);
    default:
      return true;
  }
}

export default createRule({
  id: "backup/prevent-destroy",
  principle: "recoverability",
  severity: "warning",
  title: "Production data not protected from destroy",
  description:
    "Databases, tables, file systems, data buckets and KMS keys of a production deployment without lifecycle { prevent_destroy = true }, so one mistaken plan deletes data that no apply can bring back.",
  peers: {},
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    if (isLibraryInstance(ctx)) return;
    const deployment = deploymentOf(ctx);
    if (deployment === "non-prod") return;
    // Without any sign of the environment, a repository with one deployment is advised, at a lower severity.
    if (deployment === "unknown" && !isSingleEnvironment(ctx)) return;
    for (const resource of ctx.resources([...STATEFUL.keys()])) {
      if (!mayExist(ctx, resource) || !keepsData(ctx, resource)) continue;
      const lifecycle = resource.blocks("lifecycle")[0];
      const setting = lifecycle?.attr("prevent_destroy");
      if (asBool(setting?.value()) === true) continue;
      const what = STATEFUL.get(resource.resourceType) ?? "data";
      const state = setting === undefined ? "has no lifecycle { prevent_destroy = true }" : "sets prevent_destroy = false";
      const holds = deployment === "prod" ? `in production it holds ${what}` : `it holds ${what}`;
      const advice = deployment === "prod" ? "set prevent_destroy = true" : "if this deployment is production (its environment is not known), set prevent_destroy = true";
      ctx.report({
        at: setting ?? resource,
        message: `${resource.address} ${state}: ${holds}, and one plan that destroys or replaces it loses that for good; ${advice}.`,
        ...(deployment === "unknown" ? { severity: "note" as const } : {}),
      });
    }
  },
});
