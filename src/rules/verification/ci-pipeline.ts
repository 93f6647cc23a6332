import { createRule } from "../../engine/rule.js";

/** Words that show a pipeline works on Terraform. */
export const TERRAFORM_IN_CI = /\b(terraform|tofu|opentofu|terragrunt|tflint|checkov|tfsec|trivy\s+config|atlantis|infracost|hashicorp\/setup-terraform|spacelift|env0|tfplan|terraform-docs|cairn)\b/i;

export default createRule({
  id: "ci/pipeline",
  principle: "verification",
  severity: "error",
  title: "No pipeline checks the Terraform",
  description:
    "No CI configuration (GitHub Actions, GitLab CI, CircleCI, Jenkins, Bitbucket, Azure Pipelines, Buildkite, Drone, Atlantis) that runs on the Terraform, so nothing checks a change before it is applied.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (ctx.repo.workspace.terraform.every((f) => f.kind !== "tf" && f.kind !== "tf.json")) return;
    const pipelines = ctx.files("ci");
    if (pipelines.length === 0) {
      ctx.report({ at: { repository: true, anchor: "no-ci" }, message: "No CI configuration: nothing runs fmt, validate, a linter or a plan before a change is applied." });
      return;
    }
    // Atlantis and Spacelift configuration exists only to run Terraform.
    const touching = pipelines.filter((f) => f.system === "atlantis" || f.system === "spacelift" || TERRAFORM_IN_CI.test(ctx.text(f) ?? ""));
    if (touching.length > 0) return;
    const names = pipelines.map((f) => f.path).slice(0, 3).join(", ");
    ctx.report({ at: { repository: true, anchor: "ci-without-terraform" }, message: `CI exists (${names}${pipelines.length > 3 ? ", …" : ""}) but none of it runs on the Terraform.` });
  },
});
