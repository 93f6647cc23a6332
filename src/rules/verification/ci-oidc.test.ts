import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ci-oidc.js";

const TF = { "main.tf": 'terraform {\n  backend "s3" {}\n}\nresource "aws_s3_bucket" "b" {}\n' };

const KEYS_ACTION = `on: pull_request
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
      - run: terraform init && terraform plan
`;

const OIDC = `on: pull_request
permissions:
  id-token: write
  contents: read
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/terraform-plan
          aws-region: eu-west-1
      - run: terraform init && terraform plan
`;

describe("ci/oidc", () => {
  it("reports a Terraform pipeline that signs in with stored keys", () => {
    assert.deepEqual(summary(runRule(rule, { ...TF, ".github/workflows/plan.yml": KEYS_ACTION })), [
      ".github/workflows/plan.yml:8 The Terraform pipeline .github/workflows/plan.yml signs in to AWS with a long-lived access key (secrets.AWS_ACCESS_KEY_ID); use OIDC instead: aws-actions/configure-aws-credentials with role-to-assume and `permissions: id-token: write`, then delete the stored key.",
    ]);
  });

  it("reports keys passed as environment variables, in GitHub, GitLab and Jenkins", () => {
    const env = "on: push\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.CI_KEY }}\n      AWS_SECRET_ACCESS_KEY: ${{ secrets.CI_SECRET }}\n    steps:\n      - run: terraform apply -auto-approve\n";
    assert.match(runRule(rule, { ...TF, ".github/workflows/apply.yml": env })[0]?.message ?? "", /long-lived access key \(secrets\.CI_KEY\)/);
    const gitlab = "variables:\n  AWS_ACCESS_KEY_ID: $DEPLOY_KEY_ID\nplan:\n  script:\n    - terraform plan\n";
    assert.match(runRule(rule, { ...TF, ".gitlab-ci.yml": gitlab })[0]?.message ?? "", /\(\$DEPLOY_KEY_ID\); use GitLab's OIDC id_tokens/);
    const jenkins = "pipeline {\n  stages {\n    stage('plan') {\n      steps {\n        withCredentials([[$class: 'AmazonWebServicesCredentialsBinding', credentialsId: 'aws']]) {\n          sh 'terraform plan'\n        }\n      }\n    }\n  }\n}\n";
    assert.equal(runRule(rule, { ...TF, Jenkinsfile: jenkins }).length, 1);
  });

  it("accepts OIDC role-to-assume", () => {
    assertClean(rule, { ...TF, ".github/workflows/plan.yml": OIDC });
  });

  it("stays silent when keys are literal (secrets/hardcoded) or unknown", () => {
    // A key written into the file is secrets/hardcoded's finding, not a stored credential.
    assertClean(rule, { ...TF, ".github/workflows/plan.yml": KEYS_ACTION.replace("${{ secrets.AWS_ACCESS_KEY_ID }}", "AKIAEXAMPLEEXAMPLE12") });
    // GitLab project variables never appear in the file: nothing to see.
    assertClean(rule, { ...TF, ".gitlab-ci.yml": "plan:\n  script:\n    - terraform plan\n" });
  });

  it("traps: keys for a pipeline that does not run Terraform, keys handed to Terraform as variables", () => {
    const app = KEYS_ACTION.replace("terraform init && terraform plan", "aws s3 sync build s3://site");
    assertClean(rule, { ...TF, ".github/workflows/site.yml": app });
    const tfVar = OIDC.replace("jobs:", "env:\n  TF_VAR_AWS_ACCESS_KEY_ID: ${{ secrets.APP_KEY }}\njobs:");
    assertClean(rule, { ...TF, ".github/workflows/plan.yml": tfVar });
  });
});
