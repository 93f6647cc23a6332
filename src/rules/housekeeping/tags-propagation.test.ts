import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertClean, runRule, summary } from "../testing.js";
import rule from "./tags-propagation.js";

const allTags = 'Project = "shop", Environment = "prod", ManagedBy = "terraform", Owner = "web"';

describe("tags/propagation", () => {
  it("reports an autoscaling group on a launch configuration that propagates only Name", () => {
    const findings = runRule(rule, {
      "main.tf": `resource "aws_launch_configuration" "lc" {
  name_prefix   = "web-"
  image_id      = "ami-123"
  instance_type = "t3.micro"
}
resource "aws_autoscaling_group" "asg" {
  launch_configuration = aws_launch_configuration.lc.name
  min_size             = 1
  max_size             = 2
  tag {
    key                 = "Name"
    value               = "web"
    propagate_at_launch = true
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:6 aws_autoscaling_group.asg gives its instances only Name, not Project, Environment, ManagedBy, Owner; it also uses aws_launch_configuration.lc, which cannot carry tag_specifications, so the instances' volumes stay untagged; move to a launch template with tag_specifications for instance and volume.",
    ]);
  });

  it("reports a group that propagates nothing, and a launch template without volume tags", () => {
    const findings = runRule(rule, {
      "main.tf": `provider "aws" {
  default_tags {
    tags = { ${allTags} }
  }
}
resource "aws_launch_template" "web" {
  image_id = "ami-123"
}
resource "aws_autoscaling_group" "web" {
  min_size = 1
  max_size = 2
  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}
`,
    });
    assert.deepEqual(summary(findings), [
      "main.tf:6 aws_launch_template.web has no tag_specifications for volume, so the EBS volumes of the instances launched from it stay untagged (default tags do not reach them); add tag_specifications with resource_type = \"volume\".",
      "main.tf:9 aws_autoscaling_group.web launches instances with no tags, neither propagated nor from its launch template: default tags do not reach them; add the keys as tag blocks with propagate_at_launch = true or to the launch template's tag_specifications.",
    ]);
  });

  it("counts tags from dynamic blocks over known maps, the launch template's instance tags, and the old tags list", () => {
    assertClean(rule, {
      "main.tf": `locals {
  tags = { ${allTags} }
}
resource "aws_launch_template" "web" {
  tag_specifications {
    resource_type = "instance"
    tags          = local.tags
  }
  tag_specifications {
    resource_type = "volume"
    tags          = local.tags
  }
}
resource "aws_autoscaling_group" "from_template" {
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.web.id
      }
    }
  }
}
resource "aws_autoscaling_group" "dynamic" {
  launch_template {
    id = aws_launch_template.web.id
  }
  dynamic "tag" {
    for_each = local.tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
`,
    });
  });

  it("stays silent when the tags are unknown or the caller of a reusable module decides them", () => {
    assertClean(rule, {
      "main.tf": `variable "tags" {
  type = map(string)
}
resource "aws_launch_template" "web" {
  dynamic "tag_specifications" {
    for_each = toset(["instance", "volume"])
    content {
      resource_type = tag_specifications.value
      tags          = var.tags
    }
  }
}
resource "aws_autoscaling_group" "web" {
  launch_template {
    id = aws_launch_template.web.id
  }
  dynamic "tag" {
    for_each = var.tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
`,
    });
    // A library module that only its examples call: its variables' defaults are the caller's choice.
    assertClean(rule, {
      "main.tf": `variable "tag_specifications" {
  type    = list(object({ resource_type = string, tags = map(string) }))
  default = []
}
resource "aws_launch_template" "this" {
  dynamic "tag_specifications" {
    for_each = var.tag_specifications
    content {
      resource_type = tag_specifications.value.resource_type
      tags          = tag_specifications.value.tags
    }
  }
}
`,
      "examples/basic/main.tf": 'module "lt" {\n  source = "../.."\n}\n',
    });
  });

  it("leaves launch templates used only by aws_instance to that instance's own tags", () => {
    assertClean(rule, {
      "main.tf": 'resource "aws_launch_template" "base" {\n  image_id = "ami-1"\n}\nresource "aws_instance" "web" {\n  launch_template {\n    id = aws_launch_template.base.id\n  }\n}\n',
    });
  });

  it("reports a module used twice once, and only what holds for every use", () => {
    const findings = runRule(rule, {
      "main.tf": 'module "a" {\n  source = "./asg"\n  name   = "a"\n}\nmodule "b" {\n  source = "./asg"\n  name   = "b"\n}\n',
      "asg/main.tf": 'variable "name" {\n  type = string\n}\nresource "aws_autoscaling_group" "this" {\n  tag {\n    key                 = "Name"\n    value               = var.name\n    propagate_at_launch = true\n  }\n}\n',
    });
    assert.deepEqual(summary(findings), [
      "asg/main.tf:4 aws_autoscaling_group.this gives its instances only Name, not Project, Environment, ManagedBy, Owner; add tag blocks with propagate_at_launch = true for the required keys.",
    ]);
  });
});
