import { createRule } from "../../engine/rule.js";
import { isAwsRepository } from "../support/cost-aws.js";
import { isModuleLibrary } from "../support/verification-repository.js";

export default createRule({
  id: "cost/budget",
  principle: "cost",
  severity: "warning",
  title: "No budget alert",
  description:
    "A repository that deploys AWS infrastructure has no aws_budgets_budget with a notification, so nobody is told when spending passes a threshold until the invoice arrives.",
  peers: {},
  scope: "repository",
  check(ctx) {
    if (isModuleLibrary(ctx.repo) || !isAwsRepository(ctx.repo)) return;
    let withoutNotification: { address: string; at: ReturnType<typeof ctx.view> } | null = null;
    for (const module of ctx.repo.modules) {
      // Examples and test fixtures are not what the team deploys.
      if (module.role === "example" || module.role === "test") continue;
      // A budget module (cloudposse/budgets/aws, a local budgets module) is a budget whose notifications cairn cannot see.
      if (module.moduleCalls.some((c) => /budget/i.test(c.source ?? ""))) return;
      for (const ref of module.resources) {
        if (ref.type !== "aws_budgets_budget") continue;
        const view = ctx.view(ref);
        if (view.blocks("notification").length > 0) return;
        withoutNotification ??= { address: module.dir === "." ? ref.address : `${module.dir}: ${ref.address}`, at: view };
      }
    }
    if (withoutNotification !== null) {
      ctx.report({
        at: withoutNotification.at,
        message: `${withoutNotification.address} has no notification block, so nobody hears when spending passes it; add notifications at e.g. 80% (forecasted) and 100% (actual) to an email or SNS topic.`,
      });
      return;
    }
    ctx.report({
      at: { repository: true, anchor: "no-budget" },
      message:
        "No aws_budgets_budget with a notification anywhere: nobody is told when AWS spending passes a threshold; add a budget with alerts at e.g. 80% and 100% of the expected monthly cost.",
    });
  },
});
