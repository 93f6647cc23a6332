import { createRule, type ModuleContext, type RepositoryContext } from "../../engine/rule.js";
import type { AttrView, TopBlockView } from "../../engine/views.js";
import type { Value } from "../../eval/value.js";
import { rootOf } from "../support/tags.js";
import { deploymentOf, instanceContexts, isCallersChoice, isDeployedRoot, mayExist, referencesIn } from "../support/recoverability-model.js";
import { asBool, asList, asString } from "../support/values.js";

type Kind = "lb" | "instance" | "asg" | "db" | "dbcluster" | "lambda" | "sqs" | "ecs";

/** What each monitored resource type is, the argument that names it, and what its alarms should watch. */
const MONITORED: ReadonlyMap<string, { kind: Kind; name: string; watch: string }> = new Map([
  ["aws_lb", { kind: "lb", name: "name", watch: "5xx responses and unhealthy targets (HTTPCode_ELB_5XX_Count, UnHealthyHostCount)" }],
  ["aws_alb", { kind: "lb", name: "name", watch: "5xx responses and unhealthy targets (HTTPCode_ELB_5XX_Count, UnHealthyHostCount)" }],
  ["aws_elb", { kind: "lb", name: "name", watch: "5xx responses and unhealthy instances (HTTPCode_ELB_5XX, UnHealthyHostCount)" }],
  ["aws_instance", { kind: "instance", name: "", watch: "failed status checks (StatusCheckFailed) and CPU" }],
  ["aws_autoscaling_group", { kind: "asg", name: "name", watch: "fewer instances in service than wanted (GroupInServiceInstances) and CPU" }],
  ["aws_db_instance", { kind: "db", name: "identifier", watch: "storage, CPU and connections (FreeStorageSpace, CPUUtilization, DatabaseConnections)" }],
  ["aws_rds_cluster", { kind: "dbcluster", name: "cluster_identifier", watch: "CPU, connections and free memory (CPUUtilization, DatabaseConnections, FreeableMemory)" }],
  ["aws_lambda_function", { kind: "lambda", name: "function_name", watch: "errors and throttles (Errors, Throttles)" }],
  ["aws_sqs_queue", { kind: "sqs", name: "name", watch: "the age of the oldest message (ApproximateAgeOfOldestMessage)" }],
  ["aws_ecs_service", { kind: "ecs", name: "name", watch: "running tasks below the desired count, CPU and memory" }],
]);

/** CloudWatch dimension names and the kind of resource they identify. */
const DIMENSIONS: ReadonlyMap<string, Kind> = new Map([
  ["LoadBalancer", "lb"],
  ["TargetGroup", "lb"],
  ["LoadBalancerName", "lb"],
  ["InstanceId", "instance"],
  ["AutoScalingGroupName", "asg"],
  ["DBInstanceIdentifier", "db"],
  ["DBClusterIdentifier", "dbcluster"],
  ["FunctionName", "lambda"],
  ["QueueName", "sqs"],
  ["ServiceName", "ecs"],
  ["ClusterName", "ecs"],
]);

/** Module sources and resource types that monitor in another way (or hide alarms cairn cannot read). */
const OTHER_MONITORING_SOURCE = /datadog|newrelic|new-relic|monitor|alarm|alert|cloudwatch|observability|grafana|prometheus|opsgenie|pagerduty/i;
const OTHER_MONITORING_TYPE = /^(datadog|newrelic|grafana|signalfx|sumologic|opsgenie|pagerduty|honeycombio|dynatrace|lightstep|splunk|wavefront|checkly|betteruptime|uptimerobot|statuscake|pingdom)_/;

interface Coverage {
  /** `dir|address` of resources an alarm refers to. */
  resources: Set<string>;
  /** Kinds for which some alarm's dimension cannot be read: any resource of the kind may be covered. */
  kinds: Set<Kind>;
  /** Known dimension values by kind (names of monitored things). */
  names: Map<Kind, Set<string>>;
  all: boolean;
}

function dimensionAttrs(alarm: TopBlockView): AttrView[] {
  const out: AttrView[] = [];
  const direct = alarm.attr("dimensions");
  if (direct !== undefined) out.push(direct);
  for (const query of alarm.blocks("metric_query")) {
    for (const metric of query.blocks("metric")) {
      const d = metric.attr("dimensions");
      if (d !== undefined) out.push(d);
    }
  }
  return out;
}

/** The name CloudWatch uses for a dimension value: `app/my-lb/123` → my-lb. */
function dimensionName(kind: Kind, key: string, value: string): string {
  if (kind === "lb" && key !== "LoadBalancerName") return value.split("/")[1] ?? value;
  return value;
}

function addCoverage(ctx: ModuleContext, alarm: TopBlockView, coverage: Coverage): void {
  for (const attr of dimensionAttrs(alarm)) {
    const expr = attr.expr;
    const value = attr.value();
    if (expr.type !== "Object") {
      if (value.kind !== "object") {
        coverage.all = true;
        continue;
      }
      for (const [key, item] of value.entries) noteDimension(coverage, key, item, []);
      continue;
    }
    for (const item of expr.items) {
      const key = item.key.type === "Variable" ? item.key.name : asString(ctx.evaluator.evaluate(item.key, attr.scope));
      if (key === null) {
        coverage.all = true;
        continue;
      }
      const refs = referencesIn(ctx.module, { file: attr.file, start: item.value.start, end: item.value.end });
      const local = refs.filter((r) => MONITORED.has(r.address.split(".")[0] ?? ""));
      for (const ref of local) coverage.resources.add(`${ctx.module.dir}|${ctx.instance.path.join(".")}|${ref.address}`);
      if (local.length > 0 && local.length === refs.length) continue;
      noteDimension(coverage, key, ctx.evaluator.evaluate(item.value, attr.scope), local.map((r) => r.address));
    }
  }
}

function noteDimension(coverage: Coverage, key: string, value: Value, localRefs: string[]): void {
  const kind = DIMENSIONS.get(key);
  if (kind === undefined) return;
  const text = asString(value);
  if (text === null) {
    if (localRefs.length === 0) coverage.kinds.add(kind);
    return;
  }
  const names = coverage.names.get(kind) ?? new Set<string>();
  names.add(dimensionName(kind, key, text));
  coverage.names.set(kind, names);
}

/** Whether an alarm notifies someone: alarm_actions set and actions enabled; null when unknown. */
function notifies(ctx: ModuleContext, alarm: TopBlockView): { ok: boolean | null; at: AttrView | TopBlockView; why: string; value?: Value } {
  const enabled = alarm.attr("actions_enabled");
  if (enabled !== undefined && asBool(enabled.value()) === false) {
    return isCallersChoice(ctx, enabled.value()) ? { ok: null, at: alarm, why: "" } : { ok: false, at: enabled, why: "sets actions_enabled = false", value: enabled.value() };
  }
  const actions = alarm.attr("alarm_actions");
  if (actions === undefined) return { ok: false, at: alarm, why: "has no alarm_actions" };
  const items = asList(actions.value());
  if (items === null) return { ok: null, at: actions, why: "" };
  if (items.length > 0) return { ok: true, at: actions, why: "" };
  if (isCallersChoice(ctx, actions.value())) return { ok: null, at: actions, why: "" };
  return { ok: false, at: actions, why: "has an empty alarm_actions", value: actions.value() };
}

interface Deployments {
  /** Module instances of deployed root modules and the modules they call. */
  contexts: ModuleContext[];
  /**
   * What the repository's alarms watch. Alarms often live in a monitoring root of their own and name
   * their resources through remote state, so coverage is counted across the whole repository.
   */
  coverage: Coverage;
  /** The repository monitors through another system (Datadog, New Relic …) or alarm modules cairn cannot read. */
  otherMonitoring: boolean;
}

function deployments(ctx: RepositoryContext): Deployments {
  const out: Deployments = { contexts: [], coverage: { resources: new Set(), kinds: new Set(), names: new Map(), all: false }, otherMonitoring: false };
  for (const mctx of instanceContexts(ctx)) {
    for (const call of mctx.module.moduleCalls) {
      if (call.target === null && OTHER_MONITORING_SOURCE.test(call.source ?? "")) out.otherMonitoring = true;
    }
    if (mctx.module.resources.some((r) => OTHER_MONITORING_TYPE.test(r.type ?? ""))) out.otherMonitoring = true;
    // Alarms of library modules that nothing deploys watch nothing.
    if (mctx.module.role === "test" || !isDeployedRoot(ctx, rootOf(mctx.instance).module)) continue;
    out.contexts.push(mctx);
    for (const alarm of mctx.resources("aws_cloudwatch_metric_alarm")) {
      if (mayExist(mctx, alarm)) addCoverage(mctx, alarm, out.coverage);
    }
  }
  return out;
}

function isCovered(coverage: Coverage, mctx: ModuleContext, resource: TopBlockView, kind: Kind, nameArg: string): boolean {
  if (coverage.all || coverage.kinds.has(kind)) return true;
  if (coverage.resources.has(`${mctx.module.dir}|${mctx.instance.path.join(".")}|${resource.address}`)) return true;
  const names = coverage.names.get(kind);
  if (names === undefined || names.size === 0) return false;
  if (nameArg === "") return false;
  const name = asString(resource.value(nameArg)) ?? asString(resource.value(`${nameArg}_prefix`));
  // A named dimension that may be this resource: its own name is not known statically.
  if (name === null) return true;
  return [...names].some((n) => n === name || n.startsWith(name));
}

export default createRule({
  id: "ops/alarms",
  principle: "operations",
  severity: "warning",
  title: "Nobody is told when it breaks",
  description:
    "Load balancers, instances, Auto Scaling groups, databases, Lambda functions, SQS queues and ECS services of a deployment that no CloudWatch alarm watches, and alarms with no alarm_actions (or actions turned off).",
  peers: { checkov: ["CKV_AWS_319"] },
  scope: "repository",
  check(ctx) {
    const deployment = deployments(ctx);
    for (const mctx of deployment.contexts) {
      // Development environments are usually watched by nobody on purpose.
      if (deploymentOf(mctx) === "non-prod") continue;
      for (const alarm of mctx.resources("aws_cloudwatch_metric_alarm")) {
        if (!mayExist(mctx, alarm)) continue;
        // Alarms that feed a composite alarm, a deployment rollback or an output serve a purpose without actions.
        if (mctx.module.referenced.has(alarm.address)) continue;
        const result = notifies(mctx, alarm);
        if (result.ok !== false) continue;
        mctx.report({
          at: result.at,
          message: `${alarm.address} ${result.why}: it changes state in the console and nobody is told; send it to an SNS topic that reaches the team (alarm_actions).`,
          ...(result.value === undefined ? {} : { value: result.value }),
        });
      }
      if (deployment.otherMonitoring) continue;
      for (const resource of mctx.resources([...MONITORED.keys()])) {
        if (!mayExist(mctx, resource)) continue;
        const spec = MONITORED.get(resource.resourceType);
        if (spec === undefined) continue;
        if (resource.resourceType === "aws_db_instance" && resource.has("cluster_identifier")) continue;
        if (resource.resourceType === "aws_lb" && asString(resource.value("load_balancer_type")) === "gateway") continue;
        if (isCovered(deployment.coverage, mctx, resource, spec.kind, spec.name)) continue;
        mctx.report({
          at: resource,
          message: `${resource.address} has no CloudWatch alarm: nobody hears about ${spec.watch}; add aws_cloudwatch_metric_alarm on them with alarm_actions to an SNS topic.`,
        });
      }
    }
  },
});
