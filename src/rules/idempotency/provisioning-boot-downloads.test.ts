import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootDownloads } from "../support/idempotency-scripts.js";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./provisioning-boot-downloads.js";

describe("provisioning/boot-downloads", () => {
  it("reports a templatefile() boot script that installs packages, at the line in the template", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_launch_template" "web" {
  user_data = base64encode(templatefile("\${path.module}/userdata.sh", { port = 80 }))
}
`,
      "userdata.sh": "#!/bin/bash\napt-get update\nDEBIAN_FRONTEND=noninteractive apt-get install -y nginx\necho ok > /var/www/html/index.html\n",
    });
    assert.deepEqual(summary(findings), [
      "userdata.sh:3 aws_launch_template.web user_data (userdata.sh) downloads and installs software at boot (apt-get install (line 3)), so each new machine depends on outside mirrors and may get different versions; bake it into the image (Packer) and pin versions and checksums.",
    ]);
  });

  it("reports an inline heredoc that pipes a download into a shell", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_instance" "web" {
  user_data = <<EOF
#!/bin/bash
curl -fsSL https://get.docker.com | sh
pip3 install awscli
EOF
}
`,
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? "", /^aws_instance\.web user_data downloads and installs software at boot \(curl \| sh, pip3 install\), .* and runs a downloaded script unchecked;/);
    assert.equal(findings[0]?.range.start.line, 4);
  });

  it("reads cloud-init documents and module inputs", () => {
    const cloudInit = runRule(rule, {
      "main.tf": `data "cloudinit_config" "boot" {
  part {
    content_type = "text/cloud-config"
    content      = <<EOF
#cloud-config
packages:
  - nginx
EOF
  }
}
module "asg" {
  source    = "terraform-aws-modules/autoscaling/aws"
  version   = "~> 8.0"
  user_data = base64encode("#!/bin/sh\\nyum install -y httpd\\n")
}
`,
    });
    assert.deepEqual(
      cloudInit.map((f) => f.message.split(" downloads")[0]),
      ["data.cloudinit_config.boot content", "module.asg user_data"],
    );
  });

  it("stays silent on scripts that only write configuration or talk to the metadata service", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_instance" "ecs" {
  user_data = <<EOF
#!/bin/bash
echo ECS_CLUSTER=\${var.cluster} >> /etc/ecs/ecs.config
TOKEN=$(curl -s -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
REGION=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)
# apt-get install -y nginx
systemctl restart ecs
EOF
}
`,
    });
  });

  it("stays silent when the script cannot be read (a variable without a value)", () => {
    assertClean(rule, { "main.tf": 'resource "aws_instance" "web" {\n  user_data = var.user_data\n}\nvariable "user_data" {}\n' });
    assertClean(rule, { "main.tf": 'resource "aws_instance" "web" {\n  user_data = templatefile(var.script, {})\n}\nvariable "script" {}\n' });
  });

  it("leaves examples alone", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_s3_bucket" "b" {}\n',
      "examples/complete/main.tf": 'module "b" {\n  source = "../../"\n}\nresource "aws_instance" "demo" {\n  user_data = "#!/bin/sh\\nyum install -y httpd\\n"\n}\n',
    });
  });
});

describe("bootDownloads", () => {
  const kinds = (text: string): string[] => bootDownloads(text).map((s) => s.kind);

  it("finds package managers, downloads and installers", () => {
    assert.deepEqual(kinds("yum -y update\ndnf install -y git\napk add --no-cache curl\nnpm install -g pm2\namazon-linux-extras install docker\n"), [
      "yum update",
      "dnf install",
      "apk add",
      "npm install",
      "amazon-linux-extras install",
    ]);
    assert.deepEqual(kinds("wget https://example.com/agent.rpm\ncurl -Lo /usr/local/bin/jq https://github.com/jqlang/jq/releases/download/jq-1.7/jq-linux64\ncurl -s https://example.com/x.tgz | tar xz\ngit clone https://github.com/acme/app.git\n"), [
      "wget",
      "curl download",
      "curl download",
      "git clone",
    ]);
  });

  it("ignores apt-get update alone, health checks, echo and comments", () => {
    assert.deepEqual(kinds("apt-get update\ncurl -f http://localhost:8080/health\ncurl https://example.com/api/ping\necho 'apt-get install x'\n# yum install y\n"), []);
  });
});
