import { createRule } from "../../engine/rule.js";
import { callerDecides } from "../support/cost-aws.js";
import { asNumber, isNull } from "../support/values.js";

export default createRule({
  id: "cost/log-retention",
  principle: "cost",
  severity: "warning",
  title: "Log group keeps logs forever",
  description:
    "An aws_cloudwatch_log_group without retention_in_days (or with 0) never expires its logs, so storage grows and is paid for every month, forever.",
  peers: {
    checkov: ["CKV_AWS_66"],
    kics: ["ef0b316a-211e-42f1-888e-64efe172b755"],
  },
  scope: "module",
  // Examples show a module's use; their log groups live only as long as the example.
  roles: ["root", "module"],
  check(ctx) {
    for (const group of ctx.resources("aws_cloudwatch_log_group")) {
      const attr = group.attr("retention_in_days");
      if (attr === undefined) {
        ctx.report({ at: group, message: `${group.address} has no retention_in_days, so its logs are kept (and billed) forever; set a retention such as 30, 90 or 365 days.` });
        continue;
      }
      const value = attr.value();
      // A reusable module's own default, or an example's use of it, is the caller's choice.
      if (callerDecides(ctx, value)) continue;
      if (isNull(value)) {
        ctx.report({ at: attr, value, message: `${group.address} sets retention_in_days to null, so its logs are kept (and billed) forever; set a retention such as 30, 90 or 365 days.` });
      } else if (asNumber(value) === 0) {
        ctx.report({ at: attr, value, message: `${group.address} sets retention_in_days = 0, which keeps its logs (and the bill for them) forever; set a retention such as 30, 90 or 365 days.` });
      }
    }
  },
});
