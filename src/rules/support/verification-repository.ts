/**
 * What kind of repository this is: one that deploys infrastructure (root modules with state, variable
 * files or environment directories), or a library that publishes modules for others to call. Rules
 * about how a deployment is run (budgets, plans, tool versions, entry points) do not apply to a library.
 */
import type { Module, Repository } from "../../model/model.js";

function hasContent(module: Module): boolean {
  return module.resources.length > 0 || module.moduleCalls.length > 0;
}

/** Whether a root module is something a team applies: it keeps state somewhere, has variable files, or sits in an environment directory. */
export function isDeployedRoot(repo: Repository, module: Module): boolean {
  if (module.role !== "root" || !hasContent(module)) return false;
  if (module.backend !== null || module.varFiles.length > 0) return true;
  if (module.dir.split("/").some((part) => ENVIRONMENT.test(part))) return true;
  if (repo.other.some((f) => f.kind === "state" && (f.dir === module.dir || f.dir === "."))) return true;
  return repo.workspace.environments.some((e) => e.source === "directory" && (module.dir === e.path || module.dir.startsWith(`${e.path}/`)));
}

const ENVIRONMENT = /^(prod|production|prd|live|dev|develop|development|test|testing|qa|uat|stage|staging|stg|sandbox|sbx|preprod|pre-prod|nonprod|non-prod)$/i;

/**
 * A module library: no root module is deployed from here (no backend, variable files, environment
 * directories or state), and the repository has examples of its modules, or reusable modules and no
 * root module with a provider configuration. The registry's `terraform-aws-*` modules are the typical case.
 */
export function isModuleLibrary(repo: Repository): boolean {
  if (repo.modules.some((m) => isDeployedRoot(repo, m))) return false;
  if (repo.modules.some((m) => m.role === "example") || repo.moduleByDir.get(".")?.role === "module") return true;
  // Reusable modules, and no root module that configures a provider (so nothing here is applied on its own).
  return repo.modules.some((m) => m.role === "module") && !repo.modules.some((m) => m.role === "root" && hasContent(m) && m.providers.length > 0);
}

/** Whether the repository has Terraform configuration outside test fixtures. */
export function hasTerraform(repo: Repository): boolean {
  return repo.modules.some((m) => m.role !== "test" && m.files.some((f) => f.kind === "tf" || f.kind === "tf.json"));
}

/** Root modules that hold infrastructure (resources or module calls), examples and tests left out. */
export function rootModules(repo: Repository): Module[] {
  return repo.modules.filter((m) => m.role === "root" && hasContent(m));
}
