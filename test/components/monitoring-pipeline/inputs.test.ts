import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  byName,
  constructionError,
  deploymentErrors,
  mockedSuite,
  ofType,
  type RecordedResource,
} from "../../helpers/pulumi-mocks";
import type * as Components from "../../../components";

let C: typeof Components;
const base = { environment: "test", metricSource: "synthetic" };
/** How the engine marks a secret input: the mocks see the signature and the value inside. */
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const ID_A = "i-0123456789abcdef0";
const ID_B = "i-0fedcba987654321f";

const subscriptions = (resources: RecordedResource[]) =>
  ofType(resources, "aws:sns/topicSubscription:TopicSubscription");
const collectorEnv = (resources: RecordedResource[], name: string) =>
  byName(resources, `${name}-collector`).inputs.environment.variables as Record<string, unknown>;

describe("MonitoringPipeline: arguments from other resources and stacks", () => {
  mockedSuite(async () => {
    C = await import("../../../components/index.js");
  });

  it("subscribes a secret address and keeps it secret in the subscription's inputs", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-secret", {
          ...base,
          alertEmails: ["ops@example.com", pulumi.secret("oncall@example.com")],
        }),
    );
    expect(errors).to.deep.equal([]);
    const subs = subscriptions(resources);
    expect(subs.map((s) => s.name)).to.deep.equal([
      // A plain address is named by its hash (sha256 of "ops@example.com"), an Output by its position.
      "in-secret-email-af3c82544f",
      "in-secret-email-input-1",
    ]);
    expect(subs[0]?.inputs.endpoint).to.equal("ops@example.com");
    expect(subs[1]?.inputs.endpoint).to.deep.equal({ ...SECRET, value: "oncall@example.com" });
    expect(subs[1]?.inputs.protocol).to.equal("email");
  });

  it("fails the deployment on a bad secret address without showing it", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-sbad", {
          ...base,
          alertEmails: ["ops@example.com", pulumi.secret("pager-at-example")],
        }),
    );
    expect(errors).to.deep.equal([
      "MonitoringPipeline in-sbad: invalid arguments:\n  - alerting: alertEmails: [1] (secret) is not an e-mail address",
    ]);
    expect(subscriptions(resources).map((s) => s.name)).to.deep.equal(["in-sbad-email-af3c82544f"]);
  });

  it("gives a bad address from another stack the message a plain one gets at once", async () => {
    const atOnce = constructionError(
      () => new C.MonitoringPipeline("in-plain", { ...base, alertEmails: ["nobody"] }),
    );
    const { errors } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-later", {
          ...base,
          alertEmails: [pulumi.output("nobody")],
        }),
    );
    const expected = (name: string) =>
      `MonitoringPipeline ${name}: invalid arguments:\n  - alerting: alertEmails: "nobody" is not an e-mail address`;
    expect(atOnce).to.equal(expected("in-plain"));
    expect(errors).to.deep.equal([expected("in-later")]);
  });

  it("finds an address from another stack that repeats a plain one", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.AlertingStack("in-twice", {
          environment: "test",
          schedule: "rate(3 hours)",
          alertEmails: ["ops@example.com", pulumi.output("OPS@example.com")],
          collectorFunctionName: "collector",
          processorFunctionName: "processor",
          stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:sm",
          stateMachineName: "sm",
          tableName: "table",
          schedulerDlqName: "dlq",
          processorFailureQueueName: "failures",
        }),
    );
    expect(errors).to.deep.equal([
      'AlertingStack in-twice: invalid arguments:\n  - alertEmails: "OPS@example.com" is listed twice',
    ]);
    expect(subscriptions(resources).map((s) => s.name)).to.deep.equal([
      "in-twice-email-af3c82544f",
    ]);
  });

  it("collects and fast-alerts on instance ids from another stack", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-ids", {
          environment: "test",
          fastAlerts: true,
          targets: { instanceIds: pulumi.output([ID_A, pulumi.output(ID_B)]) },
        }),
    );
    expect(errors).to.deep.equal([]);
    // The list reaches the collector as a lake object named by its digest, not as a variable.
    const list = byName(resources, "in-ids-target-list").inputs;
    expect(list.content).to.equal(`{"instance_ids":["${ID_A}","${ID_B}"]}`);
    expect(collectorEnv(resources, "in-ids").TARGET_INSTANCE_IDS_KEY).to.equal(list.key);
    expect(list.key).to.match(/^collector-config\/in-ids\/instance-ids-[0-9a-f]{16}\.json$/);
    const cpu = byName(resources, "in-ids-fast-cpu").inputs.metricQueries[0].expression;
    expect(cpu).to.equal(
      `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) WHERE InstanceId = '${ID_A}' OR InstanceId = '${ID_B}' GROUP BY InstanceId ORDER BY MAX() DESC`,
    );
  });

  it("fails the deployment when ids from another stack need more than one fast alarm a metric", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `i-${String(i).padStart(17, "0")}`);
    const { errors } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-many", {
          environment: "test",
          fastAlerts: true,
          targets: { instanceIds: pulumi.output(ids) },
        }),
    );
    expect(errors).to.include(
      "MonitoringPipeline in-many: invalid arguments:\n  - alerting: fastAlertInstanceIds: an Output that resolved to 30 ids needs 2 alarms for fast-cpu; the number of alarms is fixed before Outputs resolve, so pass a plain list or watch the fleet by tag",
    );
  });

  it("fails the deployment on a bad instance id from another stack, in both parts that read it", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-badid", {
          environment: "test",
          fastAlerts: true,
          targets: { instanceIds: pulumi.output([ID_A, "web-01"]) },
        }),
    );
    expect(errors.sort()).to.deep.equal([
      'MonitoringPipeline in-badid: invalid arguments:\n  - alerting: fastAlertInstanceIds: "web-01" is not an EC2 instance id',
      'MonitoringPipeline in-badid: invalid arguments:\n  - workflow: targets.instanceIds: "web-01" is not an EC2 instance id',
    ]);
    expect(resources.some((r) => r.name === "in-badid-collector")).to.equal(false);
    expect(resources.some((r) => r.name === "in-badid-fast-cpu")).to.equal(false);
  });

  it("refuses a plain bad instance id at once, and an empty list from another stack at deploy", async () => {
    expect(
      constructionError(
        () =>
          new C.MonitoringPipeline("in-now", {
            environment: "test",
            targets: { instanceIds: ["web-01"] },
          }),
      ),
    ).to.equal(
      [
        "MonitoringPipeline in-now: invalid arguments:",
        '  - workflow: targets.instanceIds: "web-01" is not an EC2 instance id',
        '  - alerting: fastAlertInstanceIds: "web-01" is not an EC2 instance id',
      ].join("\n"),
    );
    const { errors } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-empty", {
          environment: "test",
          targets: { instanceIds: pulumi.output([] as string[]) },
        }),
    );
    expect(errors).to.deep.equal([
      "MonitoringPipeline in-empty: invalid arguments:\n  - workflow: the cloudwatch metric source needs targets.tag or targets.instanceIds",
    ]);
  });

  it("encrypts with a key ARN from another stack, and refuses the AWS-managed SNS key at deploy", async () => {
    const key = `arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab`;
    const good = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-key", {
          ...base,
          existing: { kmsKeyArn: pulumi.output(key) },
        }),
    );
    expect(good.errors).to.deep.equal([]);
    expect(byName(good.resources, "in-key-topic").inputs.kmsMasterKeyId).to.equal(key);
    expect(ofType(good.resources, "aws:kms/key:Key")).to.deep.equal([]);
    const managed = "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns";
    const bad = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-awskey", {
          ...base,
          existing: { kmsKeyArn: pulumi.output(managed) },
        }),
    );
    expect(bad.errors).to.deep.equal([
      `MonitoringPipeline in-awskey: invalid arguments:\n  - alerting: kmsKeyArn "${managed}" is the AWS-managed SNS key, which CloudWatch alarms cannot use: their notifications would be dropped`,
    ]);
    expect(bad.resources.some((r) => r.name === "in-awskey-topic")).to.equal(false);
  });

  it("selects instances by a tag from another stack, a secret value staying secret", async () => {
    const { errors, resources } = await deploymentErrors(
      () =>
        new C.MonitoringPipeline("in-tag", {
          environment: "test",
          targets: { tag: { key: pulumi.output("Team"), value: pulumi.secret("payments") } },
        }),
    );
    expect(errors).to.deep.equal([]);
    // The function's whole environment becomes secret with it.
    const environment = byName(resources, "in-tag-collector").inputs.environment;
    expect(Object.keys(environment)).to.deep.equal([...Object.keys(SECRET), "value"]);
    expect(environment.value.variables.TARGET_TAG_KEY).to.equal("Team");
    expect(environment.value.variables.TARGET_TAG_VALUE).to.equal("payments");
  });
});
