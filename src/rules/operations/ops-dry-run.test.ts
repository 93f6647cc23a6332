import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-dry-run.js";

describe("ops/dry-run", () => {
  it("reports an unguarded destroy script once, naming the other deletions", () => {
    const findings = runRule(rule, {
      "scripts/teardown.sh": "#!/bin/bash\nset -euo pipefail\naws s3 rm s3://shop-uploads --recursive\nterraform destroy -auto-approve\nkubectl delete namespace shop\n",
    });
    assert.deepEqual(summary(findings), [
      "scripts/teardown.sh:3 scripts/teardown.sh line 3 runs `aws s3 rm --recursive` (also terraform destroy -auto-approve, kubectl delete) with no dry-run mode and no confirmation: one run in the wrong directory or account deletes for real; default to a dry run, or ask before deleting.",
    ]);
  });

  it("reports Makefile targets, data directories and boto3 deletions", () => {
    const findings = runRule(rule, {
      Makefile: "destroy:\n\tterraform destroy -auto-approve\n",
      "wipe.sh": "#!/bin/bash\nrm -rf /var/lib/postgresql/data\n",
      "cleanup.py": "import boto3\ns3 = boto3.client('s3')\nfor b in buckets:\n    s3.delete_bucket(Bucket=b)\n",
    });
    assert.deepEqual(summary(findings).map((s) => s.replace(/ with no dry-run.*/, "")), [
      "Makefile:2 Makefile line 2 runs `terraform destroy -auto-approve`",
      "cleanup.py:4 cleanup.py line 4 runs `delete_bucket()`",
      "wipe.sh:2 wipe.sh line 2 runs `rm -rf /var/lib/postgresql/data`",
    ]);
  });

  it("accepts scripts with a dry run, a prompt or a confirmation variable", () => {
    assertClean(rule, {
      "a.sh": '#!/bin/bash\nDRY_RUN=${DRY_RUN:-true}\nif [ "$DRY_RUN" = false ]; then terraform destroy -auto-approve; fi\n',
      "b.sh": '#!/bin/bash\nread -r -p "Destroy $ENV? [y/N] " answer\n[ "$answer" = y ] || exit 1\nterraform destroy -auto-approve\n',
      "c.sh": '#!/bin/bash\nif [ "${CONFIRM:-}" != "yes" ]; then exit 1; fi\nkubectl delete namespace shop\n',
      "d.py": "import argparse, boto3\np = argparse.ArgumentParser()\np.add_argument('--dry-run', action='store_true')\nboto3.client('ec2').terminate_instances(InstanceIds=ids)\n",
    });
  });

  it("ignores commands that confirm by themselves or touch only temporary files", () => {
    assertClean(rule, {
      "a.sh": "#!/bin/bash\nterraform destroy\nrm -rf .terraform build/ /tmp/work\nkubectl delete pod x --dry-run=client\n",
      "b.sh": "#!/bin/bash\nwhile read -r key; do\n  echo \"$key\"\ndone < keys.txt\nrm -rf node_modules\n",
      "app/models.py": "def remove(item):\n    item.delete()\n",
      "tests/cleanup.sh": "#!/bin/bash\nterraform destroy -auto-approve\n",
    });
  });

  it("stays silent when the deleted target is only known at run time but is not a data path", () => {
    assertClean(rule, {
      "a.sh": '#!/bin/bash\nrm -rf "$1"\n',
    });
  });
});
