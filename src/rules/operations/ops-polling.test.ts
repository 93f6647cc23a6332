import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-polling.js";

describe("ops/polling", () => {
  it("reports until and while-true loops that sleep a fixed time with no deadline", () => {
    const findings = runRule(rule, {
      "wait.sh": `#!/bin/bash
set -euo pipefail
until curl -sf http://localhost:8080/health; do
  sleep 5
done
while true; do
  status=$(aws ecs describe-tasks --tasks "$TASK" --query 'tasks[0].lastStatus' --output text)
  if [ "$status" = STOPPED ]; then break; fi
  sleep 10
done
`,
    });
    assert.deepEqual(summary(findings), [
      "wait.sh:3 wait.sh line 3 polls (`until curl -sf http://localhost:8080/health`) every 5 s with no deadline: if the condition never comes true it waits forever; give it a timeout (a counter or `timeout`) and back off between tries.",
      "wait.sh:6 wait.sh line 6 polls (`while true`) every 10 s with no deadline: if the condition never comes true it waits forever; give it a timeout (a counter or `timeout`) and back off between tries.",
    ]);
  });

  it("reports polling in user data and in Python", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "app" {
  user_data = <<EOF
#!/bin/bash
while [ ! -f /var/lib/cloud/instance/boot-finished ]; do sleep 2; done
systemctl start app
EOF
}
`,
      "wait_for_db.py": "import time\nwhile not db_ready():\n    time.sleep(3)\n",
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/ with no deadline.*/, "")), [
      "main.tf:4 the user_data of aws_instance.app polls (`while [ ! -f /var/lib/cloud/instance/boot-finished ]`) every 2 s",
      "wait_for_db.py:2 wait_for_db.py line 2 polls (`while not db_ready():`) every 3 s",
    ]);
  });

  it("accepts loops with a counter, a clock, a timeout or backoff", () => {
    assertClean(rule, {
      "a.sh": "#!/bin/bash\nfor i in $(seq 1 30); do curl -sf x && break; sleep 5; done\n",
      "b.sh": "#!/bin/bash\nattempt=0\nuntil curl -sf x; do\n  attempt=$((attempt + 1))\n  [ $attempt -ge 30 ] && exit 1\n  sleep 5\ndone\n",
      "c.sh": "#!/bin/bash\ntimeout 300 bash -c 'until curl -sf x; do sleep 5; done'\n",
      "d.sh": "#!/bin/bash\ndeadline=$((SECONDS + 300))\nuntil curl -sf x; do\n  [ $SECONDS -lt $deadline ] || exit 1\n  sleep 5\ndone\n",
      "e.sh": "#!/bin/bash\ndelay=1\nuntil curl -sf x; do\n  sleep $delay\n  delay=$((delay * 2))\ndone\n",
      "f.py": "import time\nstart = time.monotonic()\nwhile not ready():\n    if time.monotonic() - start > 300:\n        raise TimeoutError()\n    time.sleep(5)\n",
    });
  });

  it("ignores service loops and loops over input", () => {
    assertClean(rule, {
      "worker.sh": "#!/bin/bash\nwhile true; do\n  process_queue\n  sleep 60\ndone\n",
      "read.sh": "#!/bin/bash\nwhile read -r line; do\n  echo \"$line\"\n  sleep 1\ndone < input.txt\n",
      "daemon.py": "import time\nwhile True:\n    collect()\n    time.sleep(30)\n",
    });
  });

  it("stays silent when the boot script cannot be read", () => {
    assertClean(rule, {
      "main.tf": 'variable "boot" {}\nresource "aws_instance" "web" {\n  user_data = var.boot\n}\n',
    });
  });
});
