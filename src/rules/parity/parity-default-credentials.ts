import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { createRule } from "../../engine/rule.js";
import { mapEntries, mapGet, scalarString, yamlDocuments } from "../support/verification-ci.js";

/** Passwords images document as their default, or that anyone would guess first. */
const TRIVIAL = new Set([
  "admin", "administrator", "password", "passw0rd", "p@ssw0rd", "root", "toor", "postgres", "mysql", "mariadb", "guest", "changeme", "change_me", "changeit",
  "secret", "example", "test", "pass", "1234", "12345", "123456", "12345678", "default", "minioadmin", "mongo", "mongodb", "redis", "elastic", "rabbitmq", "grafana", "keycloak", "sa",
]);

/** Environment variables that set a password (or a secret key) of a service in a local stack. */
const PASSWORD_VARIABLE = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET_KEY)$/i;

interface Setting {
  name: string;
  value: string;
  node: YamlNode;
}

/** `environment:` as a map or a list of `NAME=value`. */
function environmentOf(service: unknown): Setting[] {
  const env = mapGet(service, "environment");
  const out: Setting[] = [];
  if (isMap(env)) {
    for (const pair of env.items as Pair<YamlNode, YamlNode>[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      const value = scalarString(pair.value);
      if (value !== null && pair.value !== null) out.push({ name, value, node: pair.value });
    }
  } else if (isSeq(env)) {
    for (const item of env.items as YamlNode[]) {
      const text = scalarString(item);
      const m = text === null ? null : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
      if (m !== null) out.push({ name: m[1] as string, value: m[2] as string, node: item });
    }
  }
  return out;
}

/** The value a compose file gives: a literal, or the default of `${VAR:-default}`; null when it depends on the environment. */
function effective(value: string): string | null {
  const substitution = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}$/.exec(value.trim());
  if (substitution !== null) return substitution[1] as string;
  if (value.includes("$")) return null;
  return value.trim().replace(/^["']|["']$/g, "");
}

/** The first port the service publishes on every interface (`host:container`), or null when all are bound to the loopback or none is published. */
function publicPort(service: unknown): { host: string; container: string } | "host-network" | null {
  if (scalarString(mapGet(service, "network_mode")) === "host") return "host-network";
  const ports = mapGet(service, "ports");
  if (!isSeq(ports)) return null;
  for (const entry of ports.items) {
    const short = scalarString(entry);
    if (short !== null) {
      // [host_ip:]host_port:container_port[/proto], or a container port alone (published on a random host port).
      const m = /^(?:(\[[^\]]+\]|\d+\.\d+\.\d+\.\d+|localhost):)?(?:([^:]+):)?([^:]+)$/.exec(short.trim());
      if (m === null) continue;
      const host = m[1];
      if (host !== undefined && !/^(0\.0\.0\.0|\[::\])$/.test(host)) continue;
      const container = (m[3] as string).replace(/\/.*$/, "");
      return { host: m[2] ?? container, container };
    }
    const hostIp = scalarString(mapGet(entry, "host_ip"));
    if (hostIp !== null && !/^(0\.0\.0\.0|::)$/.test(hostIp)) continue;
    const target = scalarString(mapGet(entry, "target"));
    const published = scalarString(mapGet(entry, "published")) ?? target;
    if (published !== null && target !== null) return { host: published, container: target };
  }
  return null;
}

export default createRule({
  id: "parity/default-credentials",
  principle: "parity",
  severity: "warning",
  title: "Default password in a published local service",
  description:
    "A compose service that keeps a default or trivial password (POSTGRES_PASSWORD=postgres, GF_SECURITY_ADMIN_PASSWORD=admin, admin/admin) and publishes its port on every interface, so anyone on the same network can log in. The finding never shows the password.",
  peers: {},
  scope: "repository",
  check(ctx) {
    for (const file of ctx.files("compose")) {
      for (const doc of yamlDocuments(ctx, file)) {
        for (const [name, service] of mapEntries(mapGet(doc.contents, "services"))) {
          const env = environmentOf(service);
          const users = new Set(env.filter((s) => /(^|_)USER(NAME)?$/i.test(s.name)).map((s) => (effective(s.value) ?? "").toLowerCase()));
          const weak = env.find((s) => {
            if (/^POSTGRES_HOST_AUTH_METHOD$/i.test(s.name)) return effective(s.value)?.toLowerCase() === "trust";
            if (!PASSWORD_VARIABLE.test(s.name)) return false;
            const value = effective(s.value);
            if (value === null) return false;
            const lower = value.toLowerCase();
            return lower === "" || TRIVIAL.has(lower) || (users.has(lower) && lower !== "");
          });
          if (weak === undefined) continue;
          const port = publicPort(service);
          if (port === null) continue;
          const what = /^POSTGRES_HOST_AUTH_METHOD$/i.test(weak.name) ? "accepts logins without a password (POSTGRES_HOST_AUTH_METHOD=trust)" : `keeps a default or guessable password (${weak.name})`;
          const where = port === "host-network" ? "shares the host network (network_mode: host)" : `publishes port ${port.host} on every interface`;
          const bind = port === "host-network" ? "use published ports bound to 127.0.0.1" : `bind the port to 127.0.0.1 ("127.0.0.1:${port.host}:${port.container}")`;
          const range = weak.node.range;
          ctx.report({
            at: range === undefined || range === null ? { other: file } : { other: file, start: range[0], end: range[1], anchor: `${name}/${weak.name}` },
            message: `${file.path}: service "${name}" ${what} and ${where}, so anyone on the network can log in; ${bind} or generate the password.`,
          });
        }
      }
    }
  },
});
