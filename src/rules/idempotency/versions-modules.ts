import { createRule } from "../../engine/rule.js";
import { constraintShape } from "../support/idempotency-versions.js";

/** Branch names that move: a ref to one of them is not a pin. */
const BRANCHES = new Set(["main", "master", "develop", "development", "dev", "default", "trunk", "head", "latest", "release", "stable", "next", "staging", "production", "prod"]);

/** The source with any `user:password@` removed, so a credential in a URL never reaches a message. */
export function redactSource(source: string): string {
  return source.replace(/(https?:\/\/)[^/@\s]+@/, "$1").replace(/(\/\/)[^/@:\s]+:[^/@\s]+@/, "$1");
}

/**
 * Whether a ref that is not a well-known branch name is still almost surely a branch: release tags carry a
 * version number, and a commit is hexadecimal, so a ref with no digit that is not hexadecimal
 * (`feature-x`, `fix-login`) names a branch.
 */
function looksLikeBranch(ref: string): boolean {
  return !/\d/.test(ref) && !/^[0-9a-f]{7,40}$/i.test(ref);
}

/** The `ref` (or legacy `rev`) query parameter of a git source. */
function refOf(source: string): string | null {
  const query = source.indexOf("?");
  if (query < 0) return null;
  for (const pair of source.slice(query + 1).split("&")) {
    const [key, value] = pair.split("=");
    if ((key === "ref" || key === "rev") && value !== undefined && value !== "") return decodeURIComponent(value);
  }
  return null;
}

export default createRule({
  id: "versions/modules",
  principle: "idempotency",
  severity: "warning",
  title: "Module source not pinned to a version",
  description:
    "A git, GitHub or Bitbucket module source without ?ref= a tag or commit (a branch is not a pin), or a registry module without a version or with no upper bound. Module versions are not in the lock file: an unpinned module changes under you on the next init.",
  peers: {
    checkov: ["CKV_TF_2"],
    tflint: ["terraform_module_pinned_source", "terraform_module_version"],
    kics: ["3a81fc06-566f-492a-91dd-7448e409e2cd"],
  },
  scope: "module",
  check(ctx) {
    for (const call of ctx.module.moduleCalls) {
      const source = call.source;
      if (source === null) continue;
      const view = ctx.moduleCalls().find((v) => v.ref === call.ref);
      if (view === undefined) continue;
      const at = view.attr("source") ?? view;
      const address = `module.${call.name}`;
      const shown = redactSource(source);
      switch (call.sourceKind) {
        case "git":
        case "github":
        case "bitbucket": {
          const ref = refOf(source);
          if (ref === null) {
            ctx.report({ at, message: `${address} takes "${shown}" without ?ref=, so every init fetches whatever the default branch holds; pin it to a tag or commit (?ref=v1.2.0).` });
          } else if (BRANCHES.has(ref.toLowerCase())) {
            ctx.report({ at, message: `${address} takes "${shown}" at the branch "${ref}", which moves; pin it to a tag or commit instead.` });
          } else if (looksLikeBranch(ref)) {
            ctx.report({ at, message: `${address} takes "${shown}" at "${ref}", which has no version number and is not a commit, so it is most likely a branch, and branches move; pin it to a tag or commit instead.` });
          }
          // Any other ref may be a tag or a commit: not knowable without the remote, so silent.
          break;
        }
        case "registry": {
          const version = view.attr("version");
          if (version === undefined) {
            ctx.report({ at: view, message: `${address} takes the registry module "${shown}" with no version, so every init may fetch a new release; add version = "~> X.Y".` });
            break;
          }
          const text = call.version;
          if (text === null) break; // not a literal: unknown here
          const shape = constraintShape(text);
          if (shape === "unbounded" || shape === "none") {
            ctx.report({ at: version, message: `${address} takes the registry module "${shown}" at version "${text}", which has no upper bound, and module versions are not locked; use "~> X.Y" or an exact version.` });
          }
          break;
        }
        default:
          break;
      }
    }
  },
});
