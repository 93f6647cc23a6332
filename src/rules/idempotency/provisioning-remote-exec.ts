import { createRule } from "../../engine/rule.js";
import type { TopBlockView } from "../../engine/views.js";
import { asString } from "../support/values.js";

/** Provisioners that reach into the machine over SSH or WinRM (chef, puppet and friends were removed in 0.15, but old code still has them). */
const REMOTE = new Set(["remote-exec", "file", "chef", "puppet", "salt-masterless", "habitat"]);

/** SSH unless a connection block says winrm. */
function transport(resource: TopBlockView): string {
  for (const connection of [...resource.blocks("connection"), ...resource.blocks("provisioner").flatMap((p) => p.blocks("connection"))]) {
    if (asString(connection.value("type")) === "winrm") return "WinRM";
  }
  return "SSH";
}

export default createRule({
  id: "provisioning/remote-exec",
  principle: "idempotency",
  severity: "warning",
  title: "Machine configured over SSH by a provisioner",
  description:
    "remote-exec and file provisioners and connection blocks: the machine is configured over SSH after it boots, once, at create time, so the result depends on the network, the key and the state of the mirrors that day.",
  peers: {},
  scope: "module",
  // Examples demonstrate a module; their machines are scaffolding for the demonstration.
  roles: ["root", "module"],
  check(ctx) {
    for (const resource of ctx.resources()) {
      const provisioners = resource.blocks("provisioner").filter((p) => REMOTE.has(p.labels[0] ?? ""));
      const connections = resource.blocks("connection");
      const first = provisioners[0] ?? connections[0];
      if (first === undefined) continue;
      const kinds = [...new Set(provisioners.map((p) => p.labels[0] ?? ""))];
      let what: string;
      if (provisioners.length === 0) what = "has a connection block (SSH or WinRM into the machine)";
      else if (provisioners.length === 1) what = `runs a ${kinds[0]} provisioner over ${transport(resource)}`;
      else if (kinds.length === 1) what = `runs ${provisioners.length} ${kinds[0]} provisioners over ${transport(resource)}`;
      else what = `runs ${kinds.slice(0, -1).join(", ")} and ${kinds[kinds.length - 1]} provisioners over ${transport(resource)}`;
      ctx.report({
        at: first,
        message: `${resource.address} ${what}: the machine is configured once, at create time, and only if the network and the key work that day; bake the software into the image (Packer) and keep user_data for instance-specific settings.`,
      });
    }
  },
});
