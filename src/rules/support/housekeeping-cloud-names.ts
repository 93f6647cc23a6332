/**
 * Where AWS resources carry their cloud-side names, and which of those names must be unique across an
 * account (or a region of it), so that two deployments with the same fixed name collide.
 */

export interface NameArguments {
  /** Arguments that hold the resource's name (or the prefix of a generated one). */
  args: readonly string[];
  /** What must be unique, for messages: "per account", "per account and region", "globally". Null when the name may repeat. */
  unique: string | null;
  /** How people call it in prose. */
  noun: string;
  /** Whether AWS or Terraform makes a name up (`terraform-2024…`, `tf-lb-…`) when none is set. */
  generated?: boolean;
}

const account = "per account";
const region = "per account and region";

/** Resource types whose `name`-like arguments are names people choose and that follow a repository's pattern. */
export const NAME_ARGUMENTS: Readonly<Record<string, NameArguments>> = {
  aws_s3_bucket: { args: ["bucket", "bucket_prefix"], unique: "globally, across all AWS accounts", noun: "S3 bucket names", generated: true },
  aws_iam_role: { args: ["name", "name_prefix"], unique: account, noun: "IAM role names", generated: true },
  aws_iam_policy: { args: ["name", "name_prefix"], unique: account, noun: "IAM policy names", generated: true },
  aws_iam_user: { args: ["name"], unique: account, noun: "IAM user names" },
  aws_iam_group: { args: ["name"], unique: account, noun: "IAM group names" },
  aws_iam_instance_profile: { args: ["name", "name_prefix"], unique: account, noun: "instance profile names", generated: true },
  aws_db_instance: { args: ["identifier", "identifier_prefix"], unique: region, noun: "RDS instance identifiers", generated: true },
  aws_rds_cluster: { args: ["cluster_identifier", "cluster_identifier_prefix"], unique: region, noun: "RDS cluster identifiers", generated: true },
  aws_docdb_cluster: { args: ["cluster_identifier", "cluster_identifier_prefix"], unique: region, noun: "DocumentDB cluster identifiers" },
  aws_neptune_cluster: { args: ["cluster_identifier", "cluster_identifier_prefix"], unique: region, noun: "Neptune cluster identifiers" },
  aws_redshift_cluster: { args: ["cluster_identifier"], unique: region, noun: "Redshift cluster identifiers" },
  aws_db_subnet_group: { args: ["name", "name_prefix"], unique: region, noun: "DB subnet group names", generated: true },
  aws_db_parameter_group: { args: ["name", "name_prefix"], unique: region, noun: "DB parameter group names", generated: true },
  aws_rds_cluster_parameter_group: { args: ["name", "name_prefix"], unique: region, noun: "DB cluster parameter group names" },
  aws_db_option_group: { args: ["name", "name_prefix"], unique: region, noun: "DB option group names" },
  aws_elasticache_subnet_group: { args: ["name"], unique: region, noun: "ElastiCache subnet group names" },
  aws_elasticache_parameter_group: { args: ["name"], unique: region, noun: "ElastiCache parameter group names" },
  aws_elasticache_cluster: { args: ["cluster_id"], unique: region, noun: "ElastiCache cluster ids" },
  aws_elasticache_replication_group: { args: ["replication_group_id"], unique: region, noun: "ElastiCache replication group ids" },
  aws_lb: { args: ["name", "name_prefix"], unique: region, noun: "load balancer names", generated: true },
  aws_alb: { args: ["name", "name_prefix"], unique: region, noun: "load balancer names", generated: true },
  aws_elb: { args: ["name", "name_prefix"], unique: region, noun: "load balancer names", generated: true },
  aws_lb_target_group: { args: ["name", "name_prefix"], unique: region, noun: "target group names", generated: true },
  aws_alb_target_group: { args: ["name", "name_prefix"], unique: region, noun: "target group names", generated: true },
  aws_ecs_cluster: { args: ["name"], unique: region, noun: "ECS cluster names" },
  aws_ecr_repository: { args: ["name"], unique: region, noun: "ECR repository names" },
  aws_sqs_queue: { args: ["name", "name_prefix"], unique: region, noun: "SQS queue names", generated: true },
  aws_sns_topic: { args: ["name", "name_prefix"], unique: region, noun: "SNS topic names", generated: true },
  aws_lambda_function: { args: ["function_name"], unique: region, noun: "Lambda function names" },
  aws_dynamodb_table: { args: ["name"], unique: region, noun: "DynamoDB table names" },
  aws_key_pair: { args: ["key_name", "key_name_prefix"], unique: region, noun: "key pair names" },
  aws_launch_template: { args: ["name", "name_prefix"], unique: region, noun: "launch template names", generated: true },
  aws_launch_configuration: { args: ["name", "name_prefix"], unique: region, noun: "launch configuration names" },
  aws_autoscaling_group: { args: ["name", "name_prefix"], unique: region, noun: "autoscaling group names", generated: true },
  aws_eks_cluster: { args: ["name"], unique: region, noun: "EKS cluster names" },
  aws_opensearch_domain: { args: ["domain_name"], unique: region, noun: "OpenSearch domain names" },
  aws_elasticsearch_domain: { args: ["domain_name"], unique: region, noun: "Elasticsearch domain names" },
  aws_codebuild_project: { args: ["name"], unique: region, noun: "CodeBuild project names" },
  aws_codepipeline: { args: ["name"], unique: region, noun: "CodePipeline names" },
  aws_sfn_state_machine: { args: ["name", "name_prefix"], unique: region, noun: "state machine names" },
  aws_kinesis_stream: { args: ["name"], unique: region, noun: "Kinesis stream names" },
  aws_kinesis_firehose_delivery_stream: { args: ["name"], unique: region, noun: "Firehose stream names" },
  aws_msk_cluster: { args: ["cluster_name"], unique: region, noun: "MSK cluster names" },
  aws_mq_broker: { args: ["broker_name"], unique: region, noun: "MQ broker names" },
  aws_secretsmanager_secret: { args: ["name", "name_prefix"], unique: region, noun: "secret names" },
  aws_cloudwatch_event_bus: { args: ["name"], unique: region, noun: "event bus names" },
  aws_athena_workgroup: { args: ["name"], unique: region, noun: "Athena workgroup names" },
  aws_glue_job: { args: ["name"], unique: region, noun: "Glue job names" },
  aws_cloudtrail: { args: ["name"], unique: region, noun: "trail names" },
  aws_wafv2_web_acl: { args: ["name"], unique: region, noun: "web ACL names" },
  aws_security_group: { args: ["name", "name_prefix"], unique: null, noun: "security group names", generated: true },
  aws_ecs_service: { args: ["name"], unique: null, noun: "ECS service names" },
  aws_ecs_task_definition: { args: ["family"], unique: null, noun: "task definition families" },
  aws_eks_node_group: { args: ["node_group_name", "node_group_name_prefix"], unique: null, noun: "node group names" },
  aws_api_gateway_rest_api: { args: ["name"], unique: null, noun: "API names" },
  aws_apigatewayv2_api: { args: ["name"], unique: null, noun: "API names" },
};
