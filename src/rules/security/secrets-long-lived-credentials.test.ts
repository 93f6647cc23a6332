import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./secrets-long-lived-credentials.js";

describe("secrets/long-lived-credentials", () => {
  it("reports access key resources, naming their user", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\nresource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n',
    });
    assert.deepEqual(summary(findings), [
      "main.tf:4 aws_iam_access_key.ci creates a long-lived access key for aws_iam_user.ci, whose secret also lands in the Terraform state; give the workload a role instead (an instance profile, IRSA or ECS task role, or OIDC for CI).",
    ]);
  });

  it("lowers SES SMTP keys to a note: a role cannot replace them", () => {
    const findings = runRule(rule, {
      "main.tf": 'resource "aws_iam_access_key" "smtp" {\n  user = "smtp"\n}\nresource "aws_ssm_parameter" "smtp" {\n  name  = "/smtp/password"\n  type  = "SecureString"\n  value = aws_iam_access_key.smtp.ses_smtp_password_v4\n}\n',
    });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, "note");
  });

  it("reports CI files that hand static keys to jobs, once per file", () => {
    const findings = runRule(rule, {
      ".github/workflows/deploy.yml": `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.KEY }}
          aws-secret-access-key: \${{ secrets.SECRET }}
          aws-region: eu-west-1
`,
      ".gitlab-ci.yml": "deploy:\n  script:\n    - aws configure set aws_access_key_id $DEPLOY_KEY\n    - terraform apply\n",
      "Jenkinsfile": "pipeline {\n  stages {\n    stage('apply') {\n      steps {\n        withCredentials([[$class: 'AmazonWebServicesCredentialsBinding', credentialsId: 'aws']]) {\n          sh 'terraform apply'\n        }\n      }\n    }\n  }\n}\n",
    });
    assert.deepEqual(summary(findings), [
      ".github/workflows/deploy.yml:6 .github/workflows/deploy.yml gives its jobs a static AWS access key (AWS_ACCESS_KEY_ID, in 4 places); use OIDC instead (permissions id-token: write, and aws-actions/configure-aws-credentials with role-to-assume), then delete the keys.",
      ".gitlab-ci.yml:3 .gitlab-ci.yml gives its jobs a static AWS access key (aws_access_key_id); use GitLab's OIDC id_tokens with aws sts assume-role-with-web-identity instead, then delete the keys.",
      "Jenkinsfile:5 Jenkinsfile gives its jobs a static AWS access key (AmazonWebServicesCredentialsBinding); let the CI system assume a role through OIDC instead, then delete the keys.",
    ]);
  });

  it("says what a key is for when the workflow already signs in through OIDC", () => {
    const findings = runRule(rule, {
      ".github/workflows/deploy.yml": `on: push
permissions:
  id-token: write
  contents: read
env:
  TF_VAR_AWS_ACCESS_KEY_ID: \${{ secrets.APP_KEY }}
  TF_VAR_AWS_SECRET_ACCESS_KEY: \${{ secrets.APP_SECRET }}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
`,
    });
    assert.deepEqual(summary(findings), [
      ".github/workflows/deploy.yml:6 .github/workflows/deploy.yml signs in through OIDC but still passes a static AWS access key to Terraform (TF_VAR_AWS_ACCESS_KEY_ID, in 2 places), so a long-lived key ends up in what Terraform deploys; give that workload an IAM role (an instance profile or an ECS task role) instead, then delete the keys.",
    ]);
  });

  it("stays silent when the key resource may not exist (unknown or zero count)", () => {
    assertClean(rule, {
      "main.tf": 'variable "create_key" {\n  default = false\n}\nresource "aws_iam_access_key" "x" {\n  count = var.create_key ? 1 : 0\n  user  = "x"\n}\nresource "aws_iam_access_key" "old" {\n  user   = "x"\n  status = "Inactive"\n}\nvariable "enabled" {}\nresource "aws_iam_access_key" "maybe" {\n  count = var.enabled ? 1 : 0\n  user  = "x"\n}\n',
    });
  });

  it("stays silent on traps: OIDC workflows, emulator dummy keys, documentation", () => {
    assertClean(rule, {
      ".github/workflows/deploy.yml": `on: push
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    services:
      localstack:
        image: localstack/localstack:3.0
    env:
      AWS_ACCESS_KEY_ID: test
      AWS_SECRET_ACCESS_KEY: test
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
`,
      "README.md": "Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before running terraform.\n",
    });
  });
});
