import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./parity-default-credentials.js";

describe("parity/default-credentials", () => {
  it("reports a default password on a service published on every interface, without the value", () => {
    const compose = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n    ports:\n      - \"5432:5432\"\n";
    const findings = runRule(rule, { "docker-compose.yml": compose });
    assert.deepEqual(summary(findings), [
      'docker-compose.yml:5 docker-compose.yml: service "db" keeps a default or guessable password (POSTGRES_PASSWORD) and publishes port 5432 on every interface, so anyone on the network can log in; bind the port to 127.0.0.1 ("127.0.0.1:5432:5432") or generate the password.',
    ]);
    assert.ok(!findings[0]?.message.includes(": postgres"));
  });

  it("reads list-style environments, admin/admin pairs, ${VAR:-default} and trust authentication", () => {
    const grafana = "services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      - GF_SECURITY_ADMIN_USER=admin\n      - GF_SECURITY_ADMIN_PASSWORD=admin\n    ports:\n      - 3000:3000\n";
    assert.match(runRule(rule, { "compose.yaml": grafana })[0]?.message ?? "", /service "grafana" keeps a default or guessable password \(GF_SECURITY_ADMIN_PASSWORD\) and publishes port 3000/);
    const fallback = "services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:-root}\n    ports:\n      - \"0.0.0.0:3306:3306\"\n";
    assert.equal(runRule(rule, { "docker-compose.yml": fallback }).length, 1);
    const trust = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n    network_mode: host\n";
    assert.match(runRule(rule, { "docker-compose.yml": trust })[0]?.message ?? "", /accepts logins without a password .* shares the host network/);
  });

  it("accepts loopback-bound ports and unpublished services", () => {
    assertClean(rule, { "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n    ports:\n      - \"127.0.0.1:5432:5432\"\n" });
    assertClean(rule, { "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n    ports:\n      - target: 5432\n        published: 5432\n        host_ip: 127.0.0.1\n" });
    assertClean(rule, { "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n    expose:\n      - 5432\n" });
  });

  it("stays silent when the password comes from the environment", () => {
    assertClean(rule, { "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n    ports:\n      - \"5432:5432\"\n" });
  });

  it("traps: a project-specific password, a user name that looks like a default", () => {
    assertClean(rule, { "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: k3xT9-local-only\n    ports:\n      - \"5432:5432\"\n" });
  });
});
