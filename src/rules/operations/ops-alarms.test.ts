import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./ops-alarms.js";

describe("ops/alarms", () => {
  it("reports each watched kind of resource that no alarm covers", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_db_instance" "main" {
  identifier = "shop"
}
resource "aws_lambda_function" "worker" {
  function_name = "worker"
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:1 aws_db_instance.main has no CloudWatch alarm: nobody hears about storage, CPU and connections (FreeStorageSpace, CPUUtilization, DatabaseConnections); add aws_cloudwatch_metric_alarm on them with alarm_actions to an SNS topic.",
      "main.tf:4 aws_lambda_function.worker has no CloudWatch alarm: nobody hears about errors and throttles (Errors, Throttles); add aws_cloudwatch_metric_alarm on them with alarm_actions to an SNS topic.",
      "main.tf:7 aws_sqs_queue.jobs has no CloudWatch alarm: nobody hears about the age of the oldest message (ApproximateAgeOfOldestMessage); add aws_cloudwatch_metric_alarm on them with alarm_actions to an SNS topic.",
    ]);
  });

  it("reports alarms that notify nobody", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_db_instance" "main" {
  identifier = "shop"
}
resource "aws_cloudwatch_metric_alarm" "storage" {
  metric_name = "FreeStorageSpace"
  namespace   = "AWS/RDS"
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.main.identifier
  }
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_actions   = [aws_sns_topic.ops.arn]
  actions_enabled = false
  dimensions = {
    DBInstanceIdentifier = "shop"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:4 aws_cloudwatch_metric_alarm.storage has no alarm_actions: it changes state in the console and nobody is told; send it to an SNS topic that reaches the team (alarm_actions).",
      "main.tf:13 aws_cloudwatch_metric_alarm.cpu sets actions_enabled = false: it changes state in the console and nobody is told; send it to an SNS topic that reaches the team (alarm_actions).",
    ]);
  });

  it("accepts resources watched by reference, by name, or through a metric query", () => {
    assertClean(rule, {
      "main.tf": `resource "aws_lb" "web" {
  name = "web"
}
resource "aws_autoscaling_group" "web" {
  name = "web-asg"
}
resource "aws_ecs_service" "api" {
  name = "api"
}
resource "aws_cloudwatch_metric_alarm" "lb" {
  alarm_actions = ["arn:aws:sns:eu-west-1:111122223333:ops"]
  dimensions = {
    LoadBalancer = aws_lb.web.arn_suffix
  }
}
resource "aws_cloudwatch_metric_alarm" "asg" {
  alarm_actions = ["arn:aws:sns:eu-west-1:111122223333:ops"]
  dimensions = {
    AutoScalingGroupName = "web-asg"
  }
}
resource "aws_cloudwatch_metric_alarm" "ecs" {
  alarm_actions = ["arn:aws:sns:eu-west-1:111122223333:ops"]
  metric_query {
    id = "m1"
    metric {
      metric_name = "CPUUtilization"
      namespace   = "AWS/ECS"
      dimensions = {
        ClusterName = "main"
        ServiceName = aws_ecs_service.api.name
      }
    }
  }
}
`,
    });
  });

  it("stays silent when alarms name resources it cannot read, or another system monitors", () => {
    assertClean(rule, {
      "main.tf": `variable "actions" {}
variable "queue_name" {}
resource "aws_sqs_queue" "jobs" {
  name = var.queue_name
}
resource "aws_cloudwatch_metric_alarm" "age" {
  alarm_actions = var.actions
  dimensions = {
    QueueName = data.terraform_remote_state.app.outputs.queue
  }
}
`,
    });
    assertClean(rule, {
      "main.tf": 'resource "aws_lambda_function" "worker" {\n  function_name = "worker"\n}\nmodule "monitors" {\n  source = "acme/datadog-monitors/aws"\n}\n',
    });
  });

  it("leaves library modules, examples and development environments alone", () => {
    assertClean(rule, {
      "modules/db/main.tf": 'resource "aws_db_instance" "this" {\n  identifier = "x"\n}\n',
      "modules/db/examples/basic/main.tf": 'module "db" {\n  source = "../.."\n}\n',
      "envs/dev/main.tf": 'resource "aws_db_instance" "this" {\n  identifier = "dev"\n}\n',
    });
  });
});
