import type { Module } from "../../model/model.js";

/**
 * Whether a directory is a reusable module: another module of the workspace calls it (examples and
 * tests excluded), or it sits under a `modules/` folder, nobody here calls it, and it configures no
 * provider or backend (a library module whose callers live elsewhere). A called directory that
 * configures a backend is still reusable: the backend is then a mistake the caller cannot see.
 */
export function isReusableModule(module: Module): boolean {
  if (module.role === "example" || module.role === "test") return false;
  // `_templates/` and the like are generator inputs or private scaffolding, not modules to document.
  const segments = module.dir.split("/");
  if (segments.some((s) => s.startsWith("_") || (s.startsWith(".") && s !== "."))) return false;
  if (module.role === "module") return true;
  if (module.callers.some((call) => call.ref.module.role !== "test")) return true;
  if (module.callers.length > 0 || module.backend !== null || module.providers.length > 0) return false;
  return segments.slice(0, -1).includes("modules");
}

/** `module terraform/prod/modules/vpc`, or `the root module` for ".". */
export function moduleName(module: Module): string {
  return module.dir === "." ? "the root module" : `module ${module.dir}`;
}

/** A module's own file by name (main.tf, variables.tf …), if it has one. */
export function fileNamed(module: Module, name: string): Module["files"][number] | undefined {
  return module.files.find((f) => f.path.slice(f.path.lastIndexOf("/") + 1) === name);
}
