import { createRule, type Location, type ModuleContext } from "../../engine/rule.js";
import type { AttrView } from "../../engine/views.js";
import { bootDownloads, type BootStep } from "../support/idempotency-scripts.js";
import { USER_DATA_ARGUMENTS, scriptOf, type ScriptText } from "../support/scripts.js";

/** Boot scripts of other clouds, in addition to the AWS user data arguments. */
const OTHER_BOOT_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ["aws_lightsail_instance", ["user_data"]],
  ["google_compute_instance", ["metadata_startup_script"]],
  ["google_compute_instance_template", ["metadata_startup_script"]],
  ["azurerm_linux_virtual_machine", ["custom_data", "user_data"]],
  ["azurerm_linux_virtual_machine_scale_set", ["custom_data", "user_data"]],
  ["digitalocean_droplet", ["user_data"]],
  ["hcloud_server", ["user_data"]],
]);

/** Module inputs that carry a boot script into a module (terraform-aws-modules/autoscaling, ec2-instance, …). */
const MODULE_BOOT_INPUTS = new Set(["user_data", "user_data_base64", "custom_data", "metadata_startup_script"]);

function describeSteps(steps: readonly BootStep[], script: ScriptText): string {
  const kinds: string[] = [];
  for (const step of steps) {
    const label = script.inline ? step.kind : `${step.kind} (line ${step.line})`;
    if (!kinds.some((k) => k.startsWith(step.kind))) kinds.push(label);
  }
  const shown = kinds.slice(0, 3).join(", ");
  return kinds.length > 3 ? `${shown} and more` : shown;
}

/** Where to point: the first step's line in a template file or a plain heredoc, else the argument. */
function locationOf(script: ScriptText, attr: AttrView, step: BootStep): Location {
  if (script.offset === null) return attr;
  const at = script.at;
  if ("other" in at) return { other: at.other, start: script.offset + step.start, end: script.offset + step.end, anchor: `${script.path}:${step.kind}` };
  return { file: attr.file, start: script.offset + step.start, end: script.offset + step.end, anchor: `${attr.anchor}:${step.kind}` };
}

function check(ctx: ModuleContext, owner: string, attr: AttrView): void {
  const script = scriptOf(ctx, attr);
  if (script === null) return;
  const steps = bootDownloads(script.text);
  const first = steps[0];
  if (first === undefined) return;
  const source = script.inline ? attr.name : `${attr.name} (${script.path})`;
  const piped = steps.some((s) => s.kind.endsWith("| sh"));
  ctx.report({
    at: locationOf(script, attr, first),
    message: `${owner} ${source} downloads and installs software at boot (${describeSteps(steps, script)}), so each new machine depends on outside mirrors and may get different versions${piped ? ", and runs a downloaded script unchecked" : ""}; bake it into the image (Packer) and pin versions and checksums.`,
  });
}

export default createRule({
  id: "provisioning/boot-downloads",
  principle: "idempotency",
  severity: "warning",
  title: "Software downloaded and installed at boot",
  description:
    "User data, cloud-init and startup scripts that install packages (apt, yum, dnf, apk, pip, npm), download files (curl, wget) or pipe a download into a shell, so every boot depends on the internet and may install something new.",
  peers: {},
  scope: "module",
  // Examples demonstrate a module; their machines are scaffolding for the demonstration.
  roles: ["root", "module"],
  check(ctx) {
    for (const resource of ctx.resources()) {
      const names = USER_DATA_ARGUMENTS.get(resource.resourceType) ?? OTHER_BOOT_ARGUMENTS.get(resource.resourceType);
      if (names === undefined) continue;
      for (const name of names) {
        const attr = resource.attr(name);
        if (attr !== undefined) check(ctx, resource.address, attr);
      }
    }
    // cloud-init documents assembled from parts: each part's content.
    for (const data of ctx.dataSources(["cloudinit_config", "template_cloudinit_config"])) {
      for (const part of data.blocks("part")) {
        const content = part.attr("content");
        if (content !== undefined) check(ctx, data.address, content);
      }
    }
    for (const call of ctx.moduleCalls()) {
      for (const attr of call.attrs()) if (MODULE_BOOT_INPUTS.has(attr.name)) check(ctx, call.address, attr);
    }
  },
});
