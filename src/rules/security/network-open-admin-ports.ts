import { createRule } from "../../engine/rule.js";
import { render } from "../../eval/value.js";
import { allPorts, isOpenCidr, opensPort, securityGroupRules } from "../support/security-groups.js";

/** Ports that administer or store something, and what listens there. */
export const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [21, "FTP"],
  [22, "SSH"],
  [23, "Telnet"],
  [135, "Windows RPC"],
  [445, "SMB"],
  [943, "OpenVPN Access Server admin UI"],
  [1433, "SQL Server"],
  [1521, "Oracle"],
  [2181, "ZooKeeper"],
  [2379, "etcd"],
  [2375, "Docker API"],
  [2376, "Docker API (TLS)"],
  [3306, "MySQL"],
  [3389, "RDP"],
  [5432, "PostgreSQL"],
  [5601, "Kibana"],
  [5900, "VNC"],
  [5984, "CouchDB"],
  [6379, "Redis"],
  [7000, "Cassandra"],
  [8091, "Couchbase admin console"],
  [8500, "Consul HTTP API"],
  [9042, "Cassandra"],
  [9200, "Elasticsearch"],
  [9300, "Elasticsearch"],
  [10250, "kubelet"],
  [11211, "Memcached"],
  [15672, "RabbitMQ management"],
  [27017, "MongoDB"],
  [27018, "MongoDB"],
  [27019, "MongoDB"],
]);

export default createRule({
  id: "network/open-admin-ports",
  principle: "security",
  severity: "error",
  title: "Administration or database port open to the internet",
  description:
    "Security group ingress from 0.0.0.0/0 or ::/0 to SSH, RDP, databases, caches, ZooKeeper, Elasticsearch or every port. Only a load balancer should be public.",
  peers: {
    checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277"],
    trivy: ["AVD-AWS-0107"],
    kics: ["381c3f2a-ef6f-4eff-99f7-b169cda3422c"],
  },
  scope: "module",
  check(ctx) {
    for (const rule of securityGroupRules(ctx)) {
      if (rule.direction !== "ingress" || rule.cidrs === null) continue;
      const open = rule.cidrs.find(isOpenCidr);
      if (open === undefined) continue;
      const owner = rule.group?.address ?? (rule.view.ref.address);
      const cidr = render(open);
      if (allPorts(rule)) {
        ctx.report({ at: rule.at, message: `${owner} allows every port from ${cidr}.`, value: open });
        continue;
      }
      const exposed = [...ADMIN_PORTS].filter(([port]) => opensPort(rule, port));
      if (exposed.length === 0) continue;
      const names = [...new Set(exposed.map(([port, name]) => `${name} (${port})`))];
      const list = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
      ctx.report({ at: rule.at, message: `${owner} opens ${list} to ${cidr}.`, value: open });
    }
  },
});
