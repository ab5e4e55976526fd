import { expect } from "chai";
import {
  ACCOUNT_ID,
  REGION,
  byName,
  constructionError,
  mockedSuite,
  ofType,
  resetRecorded,
  settled,
  statementsOf,
  valueOf,
  type RecordedResource,
} from "../../helpers/pulumi-mocks";
import type {
  AlertingStack as AlertingStackClass,
  AlertingStackArgs,
} from "../../../components/alerting-stack";
import type { AnalyticsCatalog as AnalyticsCatalogClass } from "../../../components/analytics-catalog";
import type { MonitoringPipeline as PipelineClass } from "../../../components/monitoring-pipeline";
import { baseArgs as catalogArgs } from "../analytics-catalog/fixtures";

let AlertingStack: typeof AlertingStackClass;
let AnalyticsCatalog: typeof AnalyticsCatalogClass;
let MonitoringPipeline: typeof PipelineClass;

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPACTION_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:cat-compaction`;
const alarmArn = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${name}`;

const args = (over: Partial<AlertingStackArgs> = {}): AlertingStackArgs => ({
  environment: "prod",
  schedule: "rate(3 hours)",
  metricSource: "synthetic",
  alertEmails: ["ops@example.com"],
  collectorFunctionName: "collector-fn",
  processorFunctionName: "processor-fn",
  stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:pipeline`,
  stateMachineName: "pipeline",
  tableName: "hot-table",
  schedulerDlqName: "scheduler-dlq",
  processorFailureQueueName: "processor-failures",
  compaction: {
    stateMachineArn: COMPACTION_ARN,
    deadLetterQueueName: "cat-compaction-dlq",
    alarmNames: ["cat-compaction-failed", "cat-compaction-timed-out"],
  },
  ...over,
});

async function build(name: string, over: Partial<AlertingStackArgs> = {}) {
  const stack = new AlertingStack(name, args(over));
  await valueOf(stack.dashboardUrl);
  return settled();
}

interface Widget {
  type: string;
  properties: { title: string; period?: number; metrics?: unknown[][]; alarms?: string[] };
}
const widgetsOf = (resources: RecordedResource[]) =>
  (
    JSON.parse(
      ofType(resources, "aws:cloudwatch/dashboard:Dashboard")[0]?.inputs.dashboardBody as string,
    ) as { widgets: Widget[] }
  ).widgets;

describe("the compaction watched", () => {
  mockedSuite(async () => {
    ({ AlertingStack } = await import("../../../components/alerting-stack/index.js"));
    ({ AnalyticsCatalog } = await import("../../../components/analytics-catalog/index.js"));
    ({ MonitoringPipeline } = await import("../../../components/monitoring-pipeline/index.js"));
  });

  it("its schedule parks undeliverable starts in an encrypted, TLS-only dead-letter queue it may write to", async () => {
    const catalog = new AnalyticsCatalog("cat", catalogArgs);
    expect(await valueOf(catalog.compactionDlqName)).to.equal("cat-compaction-dlq");
    const resources = await settled();
    const queue = byName(resources, "cat-compaction-dlq").inputs;
    expect(queue).to.deep.include({
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
    });
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:cat-compaction-dlq`;
    expect(statementsOf(byName(resources, "cat-compaction-dlq-policy"))).to.deep.equal([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    const target = byName(resources, "cat-compaction-schedule").inputs.target;
    expect(target.deadLetterConfig).to.deep.equal({ arn: queueArn });
    expect(statementsOf(byName(resources, "cat-compaction-scheduler-policy"))).to.deep.include({
      Sid: "SendToDeadLetterQueue",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: queueArn,
    });
    expect(await valueOf(catalog.compactionAlarmNames)).to.deep.equal([
      "cat-compaction-failed",
      "cat-compaction-timed-out",
    ]);
  });

  it("alarms when no compaction started in a day and a tenth: two empty 13.2-hour periods, missing data breaching", async () => {
    const resources = await build("cw");
    const alarm = byName(resources, "cw-compaction-not-started").inputs;
    expect(alarm).to.deep.include({
      name: "cw-compaction-not-started",
      namespace: "AWS/States",
      metricName: "ExecutionsStarted",
      dimensions: { StateMachineArn: COMPACTION_ARN },
      statistic: "Sum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      period: 47_520,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "breaching",
      warmUpConfiguration: { warmUpPeriodDurationInMinutes: 1584 },
    });
    // A day plus 2.4 hours of slack: a missed 01:30 run alarms by 03:54 the next day.
    expect(alarm.period * alarm.evaluationPeriods).to.equal(86_400 + 8_640);
    expect(alarm.alarmDescription).to.match(
      / Runbook: docs\/runbooks\.md#runbook-compaction-not-started$/,
    );
    expect(byName(resources, "cw-compaction-dlq-depth").inputs).to.deep.include({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "cat-compaction-dlq" },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      period: 300,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    });
    expect(byName(resources, "cw-compaction-dlq-depth").inputs.alarmDescription).to.match(
      / Runbook: docs\/runbooks\.md#runbook-compaction-dlq$/,
    );
  });

  it("its alarms, its own and the catalog's, join the pipeline-health composite and the dashboard", async () => {
    const resources = await build("cw-join");
    const rule = byName(resources, "cw-join-pipeline-health").inputs.alarmRule as string;
    for (const name of [
      "cw-join-compaction-not-started",
      "cw-join-compaction-dlq-depth",
      "cat-compaction-failed",
      "cat-compaction-timed-out",
    ]) {
      expect(rule).to.include(`ALARM("${name}")`);
    }
    const widgets = widgetsOf(resources);
    const status = widgets.find((w) => w.type === "alarm")?.properties.alarms ?? [];
    expect(status).to.include.members([
      alarmArn("cw-join-compaction-not-started"),
      alarmArn("cw-join-compaction-dlq-depth"),
      alarmArn("cat-compaction-failed"),
      alarmArn("cat-compaction-timed-out"),
    ]);
    const executions = widgets.find((w) => w.properties.title === "Compaction executions (daily)");
    expect(executions?.properties.period).to.equal(86_400);
    expect(
      executions?.properties.metrics?.map((row) => [row[0], row[1], row[2], row[3]]),
    ).to.deep.equal([
      ["AWS/States", "ExecutionsStarted", "StateMachineArn", COMPACTION_ARN],
      ["AWS/States", "ExecutionsSucceeded", "StateMachineArn", COMPACTION_ARN],
      ["AWS/States", "ExecutionsFailed", "StateMachineArn", COMPACTION_ARN],
      ["AWS/States", "ExecutionsTimedOut", "StateMachineArn", COMPACTION_ARN],
    ]);
    const queues = widgets.find((w) => w.properties.title === "Failure queue depths");
    expect(queues?.properties.metrics?.map((row) => row[3])).to.deep.equal([
      "scheduler-dlq",
      "processor-failures",
      "cat-compaction-dlq",
    ]);
  });

  it("a disabled schedule gets no not-started alarm; its queue is still watched", async () => {
    const resources = await build("cw-off", {
      compaction: { stateMachineArn: COMPACTION_ARN, deadLetterQueueName: "q", enabled: false },
    });
    const names = ofType(resources, ALARM).map((r) => r.name);
    expect(names).to.include("cw-off-compaction-dlq-depth");
    expect(names).not.to.include("cw-off-compaction-not-started");
  });

  it("a compaction every 6 days can be watched; every 7 days passes CloudWatch's 7-day range", async () => {
    const six = await build("cw-six", {
      compaction: {
        stateMachineArn: COMPACTION_ARN,
        deadLetterQueueName: "q",
        schedule: "rate(6 days)",
      },
    });
    const alarm = byName(six, "cw-six-compaction-not-started").inputs;
    // Six days and a tenth (570,240 s) in seven equal whole-minute periods.
    expect([alarm.period, alarm.evaluationPeriods]).to.deep.equal([81_480, 7]);
    expect(alarm.period * alarm.evaluationPeriods).to.be.within(6 * 86_400 + 51_840, 604_800);
    resetRecorded();
    const message = constructionError(
      () =>
        new AlertingStack(
          "cw-seven",
          args({
            compaction: {
              stateMachineArn: COMPACTION_ARN,
              deadLetterQueueName: "q",
              schedule: "rate(7 days)",
            },
          }),
        ),
    );
    expect(message).to.include(
      'compaction.schedule "rate(7 days)" is too sparse for its not-started alarm: it needs an evaluation range of 665280 s, more than CloudWatch\'s 604800 s',
    );
    expect(ofType(await settled(), ALARM)).to.have.length(0);
  });

  it("MonitoringPipeline wires the catalog's compaction into the alerting composite", async () => {
    const p = new MonitoringPipeline("mpc", {
      environment: "test",
      metricSource: "synthetic",
      alertEmails: ["ops@example.com"],
    });
    await valueOf(p.dashboardUrl);
    const resources = await settled();
    const rule = byName(resources, "mpc-pipeline-health").inputs.alarmRule as string;
    for (const name of [
      "mpc-compaction-not-started",
      "mpc-compaction-dlq-depth",
      "mpc-compaction-failed",
      "mpc-compaction-timed-out",
    ]) {
      expect(rule).to.include(`ALARM("${name}")`);
    }
    expect(byName(resources, "mpc-compaction-not-started").inputs.dimensions).to.deep.equal({
      StateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:mpc-compaction`,
    });
    expect(byName(resources, "mpc-compaction-dlq-depth").inputs.dimensions).to.deep.equal({
      QueueName: "mpc-compaction-dlq",
    });
  });
});
