import type { ModuleContext } from "../../engine/rule.js";
import { asString } from "./values.js";

const PROD = /^(prod|production|prd|live)$/i;
const NON_PROD = /^(dev|develop|development|test|testing|qa|uat|stage|staging|stg|sandbox|sbx|demo|preprod|pre-prod|nonprod|non-prod|perf|int|integration|local|ci)$/i;

/**
 * Whether the module instance is production: "prod", "non-prod", or "unknown". Read from the path
 * (`envs/prod/…`), the environment chosen with --env, and a `var.environment`/`var.env`/`var.stage`
 * value.
 */
export function environmentOf(ctx: ModuleContext): "prod" | "non-prod" | "unknown" {
  let instance = ctx.instance;
  while (instance.parent !== null) instance = instance.parent;
  for (const part of instance.module.dir.split("/")) {
    if (PROD.test(part)) return "prod";
    if (NON_PROD.test(part)) return "non-prod";
  }
  for (const name of ["environment", "env", "stage", "environment_name", "env_name"]) {
    const declared = instance.module.byAddress.get(`var.${name}`);
    if (declared === undefined) continue;
    const value = asString(ctx.evaluator.variable(instance, name));
    if (value === null) continue;
    if (PROD.test(value)) return "prod";
    if (NON_PROD.test(value)) return "non-prod";
  }
  return "unknown";
}
