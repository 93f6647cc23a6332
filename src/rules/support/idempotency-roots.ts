import type { Module } from "../../model/model.js";

/** `terraform/prod` → `Root module terraform/prod`; the audited root → `The root module`. */
export function rootName(module: Module): string {
  return module.dir === "." ? "The root module" : `Root module ${module.dir}`;
}

/**
 * Whether someone runs Terraform in this directory: a root module (not called, not an example or a
 * test fixture) that creates resources or calls modules, and that is not a module of a library that
 * nobody in the repository happens to call (see looksLikeUncalledModule).
 */
export function isRunRoot(module: Module): boolean {
  if (module.role !== "root") return false;
  if (module.resources.length === 0 && module.moduleCalls.length === 0) return false;
  return !looksLikeUncalledModule(module) && !referencesUndeclared(module);
}

/**
 * A directory that no module of the repository calls, with no backend, no variable files and no lock
 * file, and either no provider configuration (a module or wrapper meant to be called from outside) or
 * a place below `modules/` (a library's component: a root module template that other repositories
 * vendor and deploy with their own backend and lock file). Neither is run from this repository.
 */
export function looksLikeUncalledModule(module: Module): boolean {
  if (module.backend !== null || module.varFiles.length > 0 || module.lockFile !== null) return false;
  // Nothing here configures a provider: the directory expects to be called (wrappers, library modules).
  if (module.providers.length === 0) return true;
  return /(^|\/)modules?\//.test(`${module.dir}/`);
}

/**
 * Whether the directory refers to variables, locals or modules it does not declare: a set of snippets
 * to copy into other modules (mixins), not a configuration Terraform can run.
 */
export function referencesUndeclared(module: Module): boolean {
  for (const address of module.referenced) {
    if (address.startsWith("var.") || address.startsWith("module.")) {
      if (!module.byAddress.has(address)) return true;
    } else if (address.startsWith("local.") && !module.localByName.has(address.slice(6))) return true;
  }
  return false;
}

/** Whether the repository holds what it takes to run this root: a backend, variable files or a lock file. */
export function isDeployedHere(module: Module): boolean {
  return module.backend !== null || module.varFiles.length > 0 || module.lockFile !== null;
}
