import { createRule } from "../../engine/rule.js";
import type { AttrView } from "../../engine/views.js";
import type { OtherFile } from "../../workspace/workspace.js";
import { asString } from "../support/values.js";
import { hasTerraform, isModuleLibrary, rootModules } from "../support/verification-repository.js";

/** A version file that pins Terraform (or OpenTofu) for the version managers developers use. */
function pinsTerraform(text: string | null, file: OtherFile): boolean {
  const base = file.path.slice(file.path.lastIndexOf("/") + 1);
  if (base === ".terraform-version" || base === ".opentofu-version" || base === ".tfswitchrc") return (text ?? "").trim() !== "";
  if (base === ".tool-versions") return /^\s*(terraform|opentofu|tofu)\s+\S+/m.test(text ?? "");
  // mise.toml: `[tools]` with `terraform = "1.6.2"`.
  return /^\s*"?(terraform|opentofu|tofu|aqua:hashicorp\/terraform)"?\s*=/m.test(text ?? "");
}

/** `1.6.2`, `= 1.6.2`, `~> 1.6.2` (one patch series): a constraint every developer satisfies with the same minor version. */
export function isExactVersion(constraint: string): boolean {
  return /^\s*(=\s*|~>\s*)?v?\d+\.\d+\.\d+\s*$/.test(constraint);
}

export default createRule({
  id: "parity/tool-versions",
  principle: "parity",
  severity: "warning",
  title: "Terraform version not pinned for developers",
  description:
    "No .terraform-version, .tool-versions, mise.toml, .tfswitchrc or .opentofu-version, and no root module that requires one exact version, so each developer (and CI) may run a different Terraform.",
  peers: {},
  scope: "repository",
  check(ctx) {
    // A library supports a range of versions on purpose; its callers pin theirs.
    if (!hasTerraform(ctx.repo) || isModuleLibrary(ctx.repo)) return;
    const roots = rootModules(ctx.repo);
    if (roots.length === 0) return;
    if (ctx.files("tool-versions").some((f) => pinsTerraform(ctx.text(f), f))) return;
    // A devcontainer that installs Terraform is the team's toolchain (unless it asks for the latest release).
    if (ctx.files("devcontainer").some((f) => /features?\/(terraform|opentofu)\b(?![^}]*"version"\s*:\s*"latest")/.test(ctx.text(f) ?? ""))) return;
    const constraints: { attr: AttrView | null; dir: string; value: string | null }[] = roots.map((m) => {
      for (const ref of m.terraformBlocks) {
        const attr = ctx.view(ref).attr("required_version");
        if (attr !== undefined) return { attr, dir: m.dir, value: asString(attr.value()) };
      }
      return { attr: null, dir: m.dir, value: null };
    });
    // Unknown constraints (built from variables) cannot be judged.
    if (constraints.some((c) => c.attr !== null && c.value === null)) return;
    if (constraints.every((c) => c.value !== null && isExactVersion(c.value))) return;
    const loose = constraints.filter((c) => c.value !== null && !isExactVersion(c.value));
    const unset = constraints.filter((c) => c.attr === null).length;
    const first = loose[0];
    let why: string;
    if (first === undefined) why = unset === 1 ? "no root module sets required_version" : `none of the ${unset} root modules sets required_version`;
    else if (constraints.length === 1) why = `required_version = "${first.value}"${first.dir === "." ? "" : ` in ${first.dir}`} allows many versions`;
    else why = `${loose.length + unset} of ${constraints.length} root modules allow many versions (e.g. required_version = "${first.value}" in ${first.dir})`;
    const only = roots.length === 1 ? constraints[0] : undefined;
    const message = `No pinned Terraform version for developers: no .terraform-version, .tool-versions or mise.toml, and ${why}; add a .terraform-version (read by tfenv, tfswitch, mise and asdf) with the version CI uses.`;
    if (only?.attr !== undefined && only.attr !== null) ctx.report({ at: only.attr, message });
    else ctx.report({ at: { repository: true, anchor: "no-tool-versions" }, message });
  },
});
