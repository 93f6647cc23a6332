import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-scripts-strict.js";

describe("ops/scripts-strict", () => {
  it("reports a shell script without strict mode, once, listing what is missing", () => {
    const findings = runRule(rule, {
      "scripts/deploy.sh": "#!/bin/bash\nterraform init\nterraform plan | tee plan.txt\n",
    });
    assert.deepEqual(summary(findings), [
      "scripts/deploy.sh:1 scripts/deploy.sh runs without set -e and set -o pipefail: a failing command does not stop it, and the rest runs as if it had worked; start it with `set -euo pipefail`.",
    ]);
  });

  it("asks only for pipefail when set -e is there and pipes are used, and for set -eu in sh", () => {
    const findings = runRule(rule, {
      "a.sh": "#!/usr/bin/env bash\nset -e\ncurl -fsSL https://example.com/x | tar xz\ncp x /opt/x\n",
      "b.sh": "#!/bin/sh\napk add curl\ncurl -o /tmp/x https://example.com/x\n",
    });
    assert.deepEqual(summary(findings), [
      "a.sh:1 a.sh runs without set -o pipefail: a failure inside a pipeline is ignored; start it with `set -euo pipefail`.",
      "b.sh:1 b.sh runs without set -e and set -u: a failing command does not stop it, and the rest runs as if it had worked; start it with `set -eu`.",
    ]);
  });

  it("reports user data written inline and read from a template", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "web" {
  user_data = <<EOF
#!/bin/bash
apt-get update
apt-get install -y nginx
EOF
}
resource "aws_launch_template" "app" {
  user_data = base64encode(templatefile("\${path.module}/boot.sh.tftpl", {}))
}
`,
      "boot.sh.tftpl": "#!/bin/bash\nyum install -y httpd\nsystemctl start httpd\n",
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/: a failing.*/, "")), [
      "boot.sh.tftpl:1 boot.sh.tftpl runs without set -e",
      "main.tf:3 the user_data of aws_instance.web runs without set -e",
    ]);
  });

  it("reports failures hidden with || true, and Python handlers that pass", () => {
    const findings = runRule(rule, {
      "install.sh": "#!/bin/bash\nset -euo pipefail\napt-get install -y jq || true\ndocker rm -f old || true\ngrep -q x file || true\n",
      "tool.py": "import json\ntry:\n    load()\nexcept Exception:\n    pass\ntry:\n    other()\nexcept KeyError:\n    pass\n",
    });
    assert.deepEqual(summary(findings), [
      "install.sh:3 install.sh line 3 hides a failure of `apt-get install` with `|| true`: the script goes on as if it had worked; handle the error or let it stop the script.",
      "tool.py:4 tool.py line 4 catches every Exception and ignores it: errors vanish without a trace; catch the specific exception, log it, or let it fail.",
    ]);
  });

  it("reports container commands that run several steps with sh -c and no set -e", () => {
    const findings = runRule(rule, {
      "k8s/web.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          command:
            - sh
            - -c
            - |
              aws s3 cp s3://config/nginx.conf /etc/nginx/nginx.conf
              nginx -g "daemon off;"
        - name: strict
          image: nginx:1.27
          command: ["sh", "-ec", "cp a b; nginx"]
`,
    });
    assert.deepEqual(summary(findings), [
      "k8s/web.yaml:14 k8s/web.yaml (container web) runs a `sh -c` script of 2 commands without `set -e`: when one fails the next runs anyway, and the container starts as if nothing happened; begin the script with `set -e` (or use `sh -ec`).",
    ]);
  });

  it("accepts strict scripts and leaves sourced libraries, one-liners, cloud-config and clean-up handlers alone", () => {
    assertClean(rule, {
      "ok.sh": "#!/bin/bash\nset -euo pipefail\nterraform init\nterraform plan | tee plan.txt\n",
      "split.sh": "#!/bin/bash\nset -e\nset -o pipefail\nls | wc -l\necho done\n",
      "flags.sh": "#!/bin/bash -e\nmake build\nmake test\n",
      "env.sh": "export AWS_REGION=eu-west-1\nexport TF_IN_AUTOMATION=1\n",
      "lib/functions.sh": "#!/bin/bash\nlog() {\n  echo \"$1\"\n}\nfail() {\n  log \"$1\" >&2\n  exit 1\n}\n",
      "one.sh": "#!/bin/sh\nexec node server.js\n",
      "cleanup.sh": "#!/bin/bash\nset -euo pipefail\ncleanup() {\n  git checkout main || true\n}\ntrap cleanup EXIT\nmake\n",
      "main.tf": 'resource "aws_instance" "web" {\n  user_data = <<EOF\n#cloud-config\npackages:\n  - nginx\nEOF\n}\n',
    });
  });

  it("stays silent on scripts under test fixtures and boot scripts it cannot read", () => {
    assertClean(rule, {
      "test/fixtures/run.sh": "#!/bin/bash\nmake\nmake test\n",
      "main.tf": 'variable "boot" {}\nresource "aws_instance" "web" {\n  user_data = var.boot\n}\n',
    });
  });
});
