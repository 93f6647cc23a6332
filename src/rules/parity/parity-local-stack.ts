import { createRule, type RepositoryContext } from "../../engine/rule.js";
import { joinWords } from "../support/verification-checks.js";
import { mapGet, scalarString, taskRunnerFiles, yamlDocuments } from "../support/verification-ci.js";
import { hasTerraform, isModuleLibrary, rootModules } from "../support/verification-repository.js";

/** Resource types (and module sources) that mean the infrastructure runs workloads, with how to name them. */
const WORKLOADS: [RegExp, string][] = [
  [/^aws_ecs_(service|task_definition)$|(^|\/)ecs(-service|-container-definition)?\/aws/, "containers on ECS"],
  // A cluster alone (aws_eks_cluster, an eks module) is a platform; the workloads are what would run locally.
  [/^kubernetes_(deployment|stateful_set|daemon_set|cron_job|job|pod)(_v1)?$/, "Kubernetes workloads"],
  [/^aws_lambda_function$|(^|\/)lambda\/aws/, "Lambda functions"],
  [/^aws_apprunner_service$|^aws_elastic_beanstalk_environment$|^aws_batch_job_definition$/, "managed application services"],
];

const LOCAL_COMMANDS = /\b(docker(-|\s+)compose|docker\s+run|podman\s+run|kind\s+create\s+cluster|minikube\s+start|k3d\s+cluster\s+create|sam\s+local|localstack\s+start|tilt\s+up|skaffold\s+(dev|run))\b/;
const LOCAL_FILES = /(^|\/)(Tiltfile|skaffold\.ya?ml|kind[-_.]?config[^/]*\.ya?ml|k3d[^/]*\.ya?ml|\.localstack[^/]*|localstack[^/]*\.(ya?ml|json|toml))$/i;

/** What the infrastructure runs, as phrases: "containers on ECS", "Lambda functions", "applications on instances". */
function workloads(ctx: RepositoryContext): string[] {
  const found = new Set<string>();
  for (const module of ctx.repo.modules) {
    if (module.role !== "root" && module.role !== "module") continue;
    for (const ref of module.resources) {
      const type = ref.type ?? "";
      for (const [pattern, what] of WORKLOADS) if (pattern.test(type)) found.add(what);
      // Instances with a boot script run an application; bare instances (a bastion, a VPN host) may not,
      // and ECS or EKS nodes only join a cluster (their workloads are counted as such).
      if (/^aws_(instance|launch_template|launch_configuration)$/.test(type)) {
        const script = ref.block.body.items.find((i) => i.type === "Attribute" && /^user_data(_base64)?$/.test(i.name));
        if (script !== undefined && !/ECS_CLUSTER|bootstrap\.sh|nodeadm|eks/i.test(ref.file.text.slice(script.start, script.end))) found.add("applications on instances");
      }
    }
    for (const call of module.moduleCalls) for (const [pattern, what] of WORKLOADS) if (call.source !== null && pattern.test(call.source)) found.add(what);
  }
  for (const file of ctx.files("yaml")) {
    if (!/^\s*kind:\s*["']?(Deployment|StatefulSet|DaemonSet|CronJob|Rollout)\b/m.test(ctx.text(file) ?? "")) continue;
    for (const doc of yamlDocuments(ctx, file)) {
      const kind = scalarString(mapGet(doc.contents, "kind"));
      if (kind !== null && /^(Deployment|StatefulSet|DaemonSet|CronJob|Rollout)$/.test(kind) && mapGet(doc.contents, "apiVersion") !== null) found.add("Kubernetes workloads");
    }
  }
  return [...found];
}

/** Whether the repository has a way to run its services locally. */
function hasLocalStack(ctx: RepositoryContext): boolean {
  if (ctx.files("compose").length > 0 || ctx.files("devcontainer").length > 0 || ctx.files("localstack").length > 0) return true;
  if (ctx.repo.workspace.entries.some((e) => LOCAL_FILES.test(e.path))) return true;
  for (const file of [...taskRunnerFiles(ctx), ...ctx.files("script")]) if (LOCAL_COMMANDS.test(ctx.text(file) ?? "")) return true;
  for (const file of ctx.files("yaml")) {
    if (!/apiVersion:\s*["']?(kind\.x-k8s\.io|k3d\.io|skaffold\/)/.test(ctx.text(file) ?? "")) continue;
    const api = scalarString(mapGet(yamlDocuments(ctx, file)[0]?.contents, "apiVersion")) ?? "";
    if (/^(kind\.x-k8s\.io|k3d\.io|skaffold\/)/.test(api)) return true;
  }
  return false;
}

export default createRule({
  id: "parity/local-stack",
  principle: "parity",
  severity: "note",
  title: "No local way to run the services",
  description:
    "The infrastructure runs containers, functions or applications, but the repository has no local mirror of them (compose file, devcontainer, LocalStack, kind or minikube configuration, a docker run in a Makefile or script), so production is the first place they run together.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (!hasTerraform(ctx.repo) || isModuleLibrary(ctx.repo) || rootModules(ctx.repo).length === 0) return;
    const runs = workloads(ctx);
    if (runs.length === 0 || hasLocalStack(ctx)) return;
    ctx.report({
      at: { repository: true, anchor: "no-local-stack" },
      message: `The infrastructure runs ${joinWords(runs)}, but nothing here starts them locally (no compose file, devcontainer, LocalStack or kind configuration); add a compose file that brings up the services and their dependencies with one command.`,
    });
  },
});
