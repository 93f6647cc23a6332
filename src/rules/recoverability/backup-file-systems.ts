import { createRule, type ModuleContext } from "../../engine/rule.js";
import { mayBeBackedUp, reproducibleByName } from "../support/recoverability-data.js";
import { isCallersChoice, isLibraryInstance, mayExist, refersTo } from "../support/recoverability-model.js";
import { asBool, asNumber, asString } from "../support/values.js";

/** FSx file systems and the default of automatic_backup_retention_days when it is not set. */
const FSX_TYPES: ReadonlyMap<string, number | null> = new Map([
  ["aws_fsx_windows_file_system", 7],
  ["aws_fsx_ontap_file_system", 30],
  ["aws_fsx_openzfs_file_system", 0],
  ["aws_fsx_lustre_file_system", 0],
]);

/** Whether some module of the repository sets a backup policy on a file system it gets from elsewhere. */
function policyPassedIn(ctx: ModuleContext): boolean {
  return ctx.repo.modules.some((m) =>
    m.resources.some((r) => {
      if (r.type !== "aws_efs_backup_policy") return false;
      const id = r.block.body.items.find((i) => i.type === "Attribute" && i.name === "file_system_id");
      return id !== undefined && !/^\s*aws_efs_file_system\./.test(r.file.text.slice(id.start, id.end).replace(/^file_system_id\s*=/, ""));
    }),
  );
}

export default createRule({
  id: "backup/file-systems",
  principle: "recoverability",
  severity: "warning",
  title: "File system without backups",
  description:
    "EFS file systems with no enabled backup policy and no AWS Backup selection, and FSx file systems whose automatic backups are off (automatic_backup_retention_days = 0).",
  peers: { checkov: ["CKV2_AWS_18"] },
  scope: "module",
  roles: ["root", "module"],
  check(ctx) {
    const library = isLibraryInstance(ctx);
    for (const efs of ctx.resources("aws_efs_file_system")) {
      if (!mayExist(ctx, efs)) continue;
      // Caches and scratch space can be rebuilt.
      if (reproducibleByName(efs, [asString(efs.value("creation_token"))]) !== null) continue;
      const policies = ctx.resources("aws_efs_backup_policy").filter((p) => {
        const id = p.attr("file_system_id");
        return id !== undefined && refersTo(ctx.module, id, efs.address);
      });
      if (policies.length > 0) {
        for (const policy of policies) {
          const block = policy.blocks("backup_policy")[0];
          const status = block?.attr("status");
          const value = status?.value();
          const text = asString(value);
          if (status === undefined || text === null || text.toUpperCase() === "ENABLED" || isCallersChoice(ctx, value)) continue;
          if (!mayExist(ctx, policy)) continue;
          ctx.report({
            at: status,
            message: `${policy.address} sets backups of ${efs.address} to ${text}: nothing restores the files after a deletion or a bad write; set status = "ENABLED" or select the file system in an AWS Backup plan.`,
            value,
          });
        }
        continue;
      }
      // In a library the caller adds the policy; a called module's file system may get one from its caller.
      if (library) continue;
      if (ctx.module.role === "module" && policyPassedIn(ctx)) continue;
      if (mayBeBackedUp(ctx, efs, "elasticfilesystem")) continue;
      ctx.report({
        at: efs,
        message: `${efs.address} has no backup: no aws_efs_backup_policy with status "ENABLED" and no AWS Backup selection covers it; add a backup policy or an aws_backup_selection.`,
      });
    }
    for (const fs of ctx.resources([...FSX_TYPES.keys()])) {
      if (!mayExist(ctx, fs)) continue;
      const deployment = asString(fs.value("deployment_type"));
      // Scratch Lustre file systems cannot be backed up: they are temporary by design.
      if (fs.resourceType === "aws_fsx_lustre_file_system" && (deployment === null || /^SCRATCH/.test(deployment))) continue;
      const retention = fs.attr("automatic_backup_retention_days");
      const value = retention?.value();
      const days = retention === undefined ? FSX_TYPES.get(fs.resourceType) ?? null : asNumber(value);
      const problems: string[] = [];
      if (days === 0 && !isCallersChoice(ctx, value)) problems.push(retention === undefined ? "automatic backups are off (automatic_backup_retention_days defaults to 0)" : "automatic_backup_retention_days = 0 turns automatic backups off");
      const skip = fs.value("skip_final_backup");
      if (asBool(skip) === true && !isCallersChoice(ctx, skip)) problems.push("skip_final_backup = true loses the files on destroy");
      if (problems.length === 0) continue;
      if (days === 0 && problems.length === 1 && (mayBeBackedUp(ctx, fs, "fsx") || (library && retention === undefined))) continue;
      ctx.report({
        at: problems.length === 1 && retention !== undefined && days === 0 ? retention : fs,
        message: `${fs.address}: ${problems.join("; ")}; keep automatic backups (automatic_backup_retention_days >= 7) and a final backup.`,
        ...(value === undefined ? {} : { value }),
      });
    }
  },
});
