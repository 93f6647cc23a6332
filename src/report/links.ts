import type { RuleMeta } from "../engine/types.js";

/** The project's home page; reporters link rule documentation below it. */
export const PROJECT_URL = "https://github.com/cairn-iac/cairn";

/** The rule's documentation page on the project site (`meta.docs` is relative to the package root). */
export function ruleDocsUrl(meta: Pick<RuleMeta, "docs">): string {
  return `${PROJECT_URL}/blob/main/${meta.docs}`;
}

/**
 * One address for a module call chain. The chain may list each call's full address
 * (`module.web`, `module.web.module.sg`) or one step per call (`module.web`, `module.sg`);
 * both give `module.web.module.sg`.
 */
export function moduleAddress(chain: readonly string[]): string {
  let address = "";
  for (const step of chain) {
    if (address === "" || step.startsWith(`${address}.`)) address = step;
    else address = `${address}.${step}`;
  }
  return address;
}
