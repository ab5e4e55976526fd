import { expect } from "chai";
import {
  ACCOUNT_ID,
  REGION,
  byName,
  captureWarnings,
  constructionError,
  mockedSuite,
  ofType,
  resetRecorded,
  settled,
  valueOf,
  type RecordedResource,
} from "../../helpers/pulumi-mocks";
import type {
  AlertingStack as AlertingStackClass,
  AlertingStackArgs,
} from "../../../components/alerting-stack";
import type { DashboardBody } from "../../../components/alerting-stack/dashboard";
import type { MetricRecord } from "../../../contract/metric-record";
import { DEFAULT_THRESHOLDS, evaluateRecord } from "../../../contract/thresholds";

let AlertingStack: typeof AlertingStackClass;

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SM_ARN = `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:pipeline`;
const ROLES = [
  `arn:aws:iam::${ACCOUNT_ID}:role/state-machine`,
  `arn:aws:iam::${ACCOUNT_ID}:role/processor`,
];

const baseArgs = (over: Partial<AlertingStackArgs> = {}): AlertingStackArgs => ({
  environment: "dev",
  // A source that publishes the InfraMonitoring host series the host alarms watch.
  metricSource: "synthetic",
  schedule: "rate(3 hours)",
  thresholds: DEFAULT_THRESHOLDS,
  alertEmails: ["ops@example.com", "sre@example.com"],
  collectorFunctionName: "collector-fn",
  processorFunctionName: "processor-fn",
  stateMachineArn: SM_ARN,
  stateMachineName: "pipeline",
  tableName: "hot-table",
  schedulerDlqName: "scheduler-dlq",
  processorFailureQueueName: "processor-failures",
  publisherRoleArns: ROLES,
  ...over,
});

async function build(name: string, over: Partial<AlertingStackArgs> = {}) {
  const stack = new AlertingStack(name, baseArgs(over));
  await valueOf(stack.dashboardUrl);
  return { stack, resources: await settled() };
}

/** The alarm inputs these tests pin, by alarm key. */
function alarmTable(resources: RecordedResource[], name: string) {
  return Object.fromEntries(
    ofType(resources, ALARM).map((r) => [
      r.name.slice(name.length + 1),
      {
        namespace: r.inputs.namespace,
        metric: r.inputs.metricName,
        dimensions: r.inputs.dimensions,
        statistic: r.inputs.statistic,
        comparison: r.inputs.comparisonOperator,
        threshold: r.inputs.threshold,
        period: r.inputs.period,
        evaluation: r.inputs.evaluationPeriods,
        datapoints: r.inputs.datapointsToAlarm,
        missing: r.inputs.treatMissingData,
      },
    ]),
  );
}

const host = (metric: string, threshold: number) => ({
  namespace: "InfraMonitoring",
  metric,
  dimensions: { Environment: "dev" },
  statistic: "Maximum",
  comparison: "GreaterThanThreshold",
  threshold,
  period: 10_800,
  evaluation: 2,
  datapoints: 2,
  missing: "missing",
});
const countAbove0 = (namespace: string, metric: string, dimensions: Record<string, string>) => ({
  namespace,
  metric,
  dimensions,
  statistic: "Sum",
  comparison: "GreaterThanThreshold",
  threshold: 0,
  period: 10_800,
  evaluation: 1,
  datapoints: 1,
  missing: "notBreaching",
});
const duration = (fn: string) => ({
  namespace: "AWS/Lambda",
  metric: "Duration",
  dimensions: { FunctionName: fn },
  statistic: "Maximum",
  comparison: "GreaterThanThreshold",
  threshold: 3000,
  period: 10_800,
  evaluation: 3,
  datapoints: 3,
  missing: "notBreaching",
});
const depth = (queue: string) => ({
  namespace: "AWS/SQS",
  metric: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: queue },
  statistic: "Maximum",
  comparison: "GreaterThanThreshold",
  threshold: 0,
  period: 300,
  evaluation: 1,
  datapoints: 1,
  missing: "notBreaching",
});
const table = { TableName: "hot-table" };
const index = { TableName: "hot-table", GlobalSecondaryIndexName: "by-metric-type" };
const sm = { StateMachineArn: SM_ARN };

const PIPELINE_ALARMS = [
  "collector-errors",
  "collector-duration",
  "collector-throttles",
  "processor-errors",
  "processor-duration",
  "processor-throttles",
  "table-read-throttles",
  "table-write-throttles",
  "index-read-throttles",
  "index-write-throttles",
  "executions-failed",
  "executions-timed-out",
  "heartbeat",
  "scheduler-dlq-depth",
  "processor-failure-queue-depth",
];

describe("AlertingStack", () => {
  mockedSuite(async () => {
    ({ AlertingStack } = await import("../../../components/alerting-stack/index.js"));
  });

  it("creates exactly the key, topic, policy, subscriptions, 20 alarms, the composite and the dashboard", async () => {
    const { resources } = await build("as-children");
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).to.deep.equal({
      "infra-monitoring-pipeline:index:AlertingStack": 1,
      "aws:kms/key:Key": 1,
      "aws:kms/alias:Alias": 1,
      "aws:sns/topic:Topic": 1,
      "aws:sns/topicPolicy:TopicPolicy": 1,
      "aws:sns/topicSubscription:TopicSubscription": 2,
      [ALARM]: 20,
      "aws:cloudwatch/compositeAlarm:CompositeAlarm": 1,
      "aws:cloudwatch/dashboard:Dashboard": 1,
    });
    for (const r of resources) expect(r.name).to.match(/^as-children(-|$)/);
  });

  it("pins every alarm's namespace, metric, dimensions, statistic, threshold, comparison, periods and missing data", async () => {
    const { resources } = await build("as-table");
    expect(alarmTable(resources, "as-table")).to.deep.equal({
      "high-cpu": host("cpu_utilization", 80),
      "high-memory": host("memory_utilization", 90),
      "high-disk": host("disk_utilization", 85),
      "high-error-rate": {
        ...countAbove0("InfraMonitoring", "ErrorRate", { Environment: "dev" }),
        statistic: "Maximum",
        threshold: 5,
      },
      "collector-errors": countAbove0("AWS/Lambda", "Errors", { FunctionName: "collector-fn" }),
      "collector-duration": duration("collector-fn"),
      "collector-throttles": countAbove0("AWS/Lambda", "Throttles", {
        FunctionName: "collector-fn",
      }),
      "processor-errors": countAbove0("AWS/Lambda", "Errors", { FunctionName: "processor-fn" }),
      "processor-duration": duration("processor-fn"),
      "processor-throttles": countAbove0("AWS/Lambda", "Throttles", {
        FunctionName: "processor-fn",
      }),
      "table-read-throttles": countAbove0("AWS/DynamoDB", "ReadThrottleEvents", table),
      "table-write-throttles": countAbove0("AWS/DynamoDB", "WriteThrottleEvents", table),
      "index-read-throttles": countAbove0("AWS/DynamoDB", "ReadThrottleEvents", index),
      "index-write-throttles": countAbove0("AWS/DynamoDB", "WriteThrottleEvents", index),
      "executions-failed": countAbove0("AWS/States", "ExecutionsFailed", sm),
      "executions-timed-out": countAbove0("AWS/States", "ExecutionsTimedOut", sm),
      heartbeat: {
        namespace: "AWS/States",
        metric: "ExecutionsStarted",
        dimensions: sm,
        statistic: "Sum",
        comparison: "LessThanThreshold",
        threshold: 1,
        period: 11_880,
        evaluation: 1,
        datapoints: 1,
        missing: "breaching",
      },
      "scheduler-dlq-depth": depth("scheduler-dlq"),
      "processor-failure-queue-depth": depth("processor-failures"),
      "quarantined-lines": countAbove0("InfraMonitoring", "QuarantinedLines", {
        Environment: "dev",
      }),
    });
  });

  it("fast alerts: one Metrics Insights alarm per host threshold on the source metrics, by instance", async () => {
    const { resources } = await build("fa", {
      fastAlerts: true,
      fastAlertInstanceIds: ["i-0123456789abcdef0", "i-0fedcba987654321f"],
      hostMetricAlarms: false,
      thresholds: { ...DEFAULT_THRESHOLDS, cpu: 75 },
    });
    const alarms = ofType(resources, ALARM);
    const fast = alarms.filter((r) => r.name.startsWith("fa-fast-"));
    expect(fast.map((r) => r.name)).to.deep.equal([
      "fa-fast-cpu",
      "fa-fast-memory",
      "fa-fast-disk",
    ]);
    const ids = `WHERE InstanceId = 'i-0123456789abcdef0' OR InstanceId = 'i-0fedcba987654321f'`;
    expect(
      fast.map((r) => (r.inputs.metricQueries as { expression: string }[])[0]?.expression),
    ).to.deep.equal([
      `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) ${ids} GROUP BY InstanceId ORDER BY MAX() DESC`,
      `SELECT MAX(mem_used_percent) FROM "CWAgent" ${ids} GROUP BY InstanceId ORDER BY MAX() DESC`,
      `SELECT MAX(disk_used_percent) FROM "CWAgent" ${ids} GROUP BY InstanceId ORDER BY MAX() DESC`,
    ]);
    expect(fast[0]?.inputs).to.deep.include({
      metricQueries: [
        {
          id: "q1",
          expression: (fast[0]?.inputs.metricQueries as { expression: string }[])[0]?.expression,
          period: 300,
          returnData: true,
          label: "fast-cpu",
        },
      ],
      comparisonOperator: "GreaterThanThreshold",
      threshold: 75,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    });
    expect(fast[0]?.inputs).not.to.have.property("metricName");
    // No alarm on InfraMonitoring host series the cloudwatch source no longer emits.
    expect(alarms.map((r) => r.name)).not.to.include.members(["fa-high-cpu", "fa-high-memory"]);
    expect(alarms).to.have.length(20 - 3 + 3);
  });

  it("fast alerts are off by default, and watch every instance of the region when none is listed", async () => {
    const off = await build("fa-off");
    expect(ofType(off.resources, ALARM).filter((r) => r.name.includes("-fast-"))).to.deep.equal([]);
    resetRecorded();
    const all = await build("fa-all", { fastAlerts: true });
    const cpu = byName(all.resources, "fa-all-fast-cpu");
    expect((cpu.inputs.metricQueries as { expression: string }[])[0]?.expression).to.equal(
      'SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) GROUP BY InstanceId ORDER BY MAX() DESC',
    );
  });

  it("keeps the heartbeat silent for its first window, so a new stack does not alarm before its first run", async () => {
    const { resources } = await build("as-warmup");
    expect(byName(resources, "as-warmup-heartbeat").inputs.warmUpConfiguration).to.deep.equal({
      warmUpPeriodDurationInMinutes: 198,
    });
    const others = ofType(resources, ALARM).filter((r) => r.name !== "as-warmup-heartbeat");
    for (const r of others) expect(r.inputs.warmUpConfiguration, r.name).to.equal(undefined);
  });

  it("watches the dimension sets the handlers emit: fleet-wide host series, environment-wide error rate", async () => {
    const { resources } = await build("as-dims");
    // docs/components/alerting-stack.md: the alarms watch the fleet-wide series, [Environment].
    for (const key of ["high-cpu", "high-memory", "high-disk"]) {
      const dims = Object.keys(byName(resources, `as-dims-${key}`).inputs.dimensions as object);
      expect(dims, key).to.deep.equal(["Environment"]);
    }
    const errorRate = byName(resources, "as-dims-high-error-rate").inputs;
    expect(errorRate.metricName).to.equal("ErrorRate");
    expect(Object.keys(errorRate.dimensions as object)).to.deep.equal(["Environment"]);
  });

  it("derives periods from the schedule: rate(5 minutes) and rate(1 day)", async () => {
    const five = alarmTable(
      (await build("as-five", { schedule: "rate(5 minutes)" })).resources,
      "as-five",
    );
    expect(five["high-cpu"]).to.include({ period: 300, evaluation: 2, datapoints: 2 });
    expect(five.heartbeat).to.include({ period: 600, evaluation: 1, datapoints: 1 });
    resetRecorded();
    const day = alarmTable(
      (await build("as-day", { schedule: "rate(1 day)" })).resources,
      "as-day",
    );
    expect(day["collector-duration"]).to.include({ period: 86_400, evaluation: 3, datapoints: 3 });
    expect(day.heartbeat).to.include({ period: 47_520, evaluation: 2, datapoints: 2 });
  });

  it("takes a cron() schedule's interval when given", async () => {
    const { resources } = await build("as-cron", {
      schedule: "cron(0 */3 * * ? *)",
      scheduleIntervalSeconds: 10_800,
    });
    expect(alarmTable(resources, "as-cron")["high-cpu"]).to.include({ period: 10_800 });
  });

  it("thresholds follow the config", async () => {
    const thresholds = { cpu: 70, memory: 75, disk: 60, errorRate: 2.5 };
    const { resources } = await build("as-thr", { thresholds, lambdaDurationThresholdMs: 5000 });
    const t = alarmTable(resources, "as-thr");
    expect(t["high-cpu"]?.threshold).to.equal(70);
    expect(t["high-memory"]?.threshold).to.equal(75);
    expect(t["high-disk"]?.threshold).to.equal(60);
    expect(t["high-error-rate"]?.threshold).to.equal(2.5);
    expect(t["processor-duration"]?.threshold).to.equal(5000);
  });

  it("alarms on exactly the values the log-processor alerts on: same rules, same numbers, strictly above", async () => {
    const thresholds = { cpu: 61, memory: 72, disk: 83, errorRate: 4 };
    const { resources } = await build("as-same", { thresholds });
    const alarms = ofType(resources, ALARM);
    // The rules docs/components/alerting-stack.md states: metric, record type, its threshold.
    const rules = [
      { metricName: "cpu_utilization", metricType: "cpu", threshold: 61 },
      { metricName: "memory_utilization", metricType: "memory", threshold: 72 },
      { metricName: "disk_utilization", metricType: "disk", threshold: 83 },
      { metricName: "ErrorRate", metricType: "log", threshold: 4 },
    ];
    for (const rule of rules) {
      const alarm = alarms.find(
        (a) => a.inputs.namespace === "InfraMonitoring" && a.inputs.metricName === rule.metricName,
      );
      expect(alarm, rule.metricName).to.not.equal(undefined);
      const threshold = alarm?.inputs.threshold as number;
      expect(threshold, rule.metricName).to.equal(rule.threshold);
      expect(alarm?.inputs.comparisonOperator).to.equal("GreaterThanThreshold");
      if (rule.metricType === "log") continue;
      // The processor's evaluation agrees at the boundary: equal is fine, above is a violation.
      const record = (value: number): MetricRecord => ({
        timestamp: "2026-01-01T00:00:00Z",
        instance_id: "i-0123456789abcdef0",
        region: REGION,
        metric_type: rule.metricType as MetricRecord["metric_type"],
        metric_name: rule.metricName,
        value,
        unit: "Percent",
        metadata: { collection_method: "synthetic", pipeline_version: "1.0" },
      });
      expect(evaluateRecord(record(threshold), thresholds)).to.equal(undefined);
      expect(evaluateRecord(record(threshold + 0.5), thresholds)?.threshold).to.equal(threshold);
    }
  });

  it("sends alarm and OK notifications of every alarm to the topic, with a runbook link", async () => {
    const { stack, resources } = await build("as-actions");
    const topicArn = await valueOf(stack.topicArn);
    const alarms = [
      ...ofType(resources, ALARM),
      ...ofType(resources, "aws:cloudwatch/compositeAlarm:CompositeAlarm"),
    ];
    expect(alarms).to.have.length(21);
    for (const a of alarms) {
      expect(a.inputs.alarmActions, a.name).to.deep.equal([topicArn]);
      expect(a.inputs.okActions, a.name).to.deep.equal([topicArn]);
      expect(a.inputs.actionsEnabled, a.name).to.equal(true);
      const description = a.inputs.alarmDescription as string;
      expect(description, a.name).to.match(/ Runbook: docs\/runbooks\.md#runbook-[a-z0-9-]+$/);
      expect(description.length, a.name).to.be.at.most(1024);
    }
  });

  it("combines only the pipeline's own alarms in the composite pipeline-health alarm", async () => {
    const { stack, resources } = await build("as-health");
    const composite = byName(resources, "as-health-pipeline-health").inputs;
    expect(composite.alarmName).to.equal("as-health-pipeline-health");
    expect(composite.alarmRule).to.equal(
      PIPELINE_ALARMS.map((k) => `ALARM("as-health-${k}")`).join(" OR "),
    );
    expect(composite.alarmRule).to.not.match(/high-|quarantined/);
    expect(composite.alarmActions).to.deep.equal([await valueOf(stack.topicArn)]);
  });

  it("encrypts the topic with a created key that CloudWatch alarms of this account may use", async () => {
    const { stack, resources } = await build("as-key");
    const key = byName(resources, "as-key-topic-key").inputs;
    expect(key).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(JSON.parse(key.policy as string).Statement).to.deep.equal([
      {
        Sid: "EnableAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "AllowCloudWatchAlarmsToPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:*` },
        },
      },
    ]);
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/as-key-topic-key`;
    expect(byName(resources, "as-key-topic").inputs.kmsMasterKeyId).to.equal(keyArn);
    expect(byName(resources, "as-key-topic-key-alias").inputs).to.include({
      name: "alias/as-key-alerts",
      targetKeyId: keyArn,
    });
    expect(await valueOf(stack.topicKmsKeyArn)).to.equal(keyArn);
  });

  it("uses a given key instead of creating one", async () => {
    const given = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { stack, resources } = await build("as-given", { kmsKeyArn: given });
    expect(ofType(resources, "aws:kms/key:Key")).to.have.length(0);
    expect(ofType(resources, "aws:kms/alias:Alias")).to.have.length(0);
    expect(byName(resources, "as-given-topic").inputs.kmsMasterKeyId).to.equal(given);
    expect(await valueOf(stack.topicKmsKeyArn)).to.equal(given);
  });

  it("lets this account's alarms and the pipeline roles publish, and nobody without TLS", async () => {
    const { stack, resources } = await build("as-policy", {
      publisherRoleArns: [...ROLES, ROLES[0] as string],
    });
    const topicArn = await valueOf(stack.topicArn);
    const policy = byName(resources, "as-policy-topic-policy").inputs;
    expect(policy.arn).to.equal(topicArn);
    expect(JSON.parse(policy.policy as string).Statement).to.deep.equal([
      {
        Sid: "AllowCloudWatchAlarmsToPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:*` },
          StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
        },
      },
      {
        Sid: "AllowPipelineRolesToPublish",
        Effect: "Allow",
        Principal: { AWS: ROLES },
        Action: "sns:Publish",
        Resource: topicArn,
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: [
          "sns:AddPermission",
          "sns:DeleteTopic",
          "sns:GetDataProtectionPolicy",
          "sns:GetTopicAttributes",
          "sns:ListSubscriptionsByTopic",
          "sns:ListTagsForResource",
          "sns:Publish",
          "sns:PutDataProtectionPolicy",
          "sns:RemovePermission",
          "sns:SetTopicAttributes",
          "sns:Subscribe",
        ],
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("leaves out the roles statement when no role publishes (an empty principal is invalid)", async () => {
    const { resources } = await build("as-noroles", { publisherRoleArns: [] });
    const sids = JSON.parse(
      byName(resources, "as-noroles-topic-policy").inputs.policy as string,
    ).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).to.deep.equal(["AllowCloudWatchAlarmsToPublish", "DenyInsecureTransport"]);
  });

  it("subscribes each address by e-mail, named by the address so reordering changes nothing", async () => {
    const first = ofType(
      (await build("as-mail")).resources,
      "aws:sns/topicSubscription:TopicSubscription",
    );
    expect(first.map((s) => s.inputs.endpoint).sort()).to.deep.equal([
      "ops@example.com",
      "sre@example.com",
    ]);
    for (const s of first) expect(s.inputs.protocol).to.equal("email");
    resetRecorded();
    const swapped = ofType(
      (await build("as-mail2", { alertEmails: ["sre@example.com", "ops@example.com"] })).resources,
      "aws:sns/topicSubscription:TopicSubscription",
    );
    const byEndpoint = (subs: RecordedResource[]) =>
      Object.fromEntries(subs.map((s) => [s.inputs.endpoint, s.name.replace(/^as-mail2?-/, "")]));
    expect(byEndpoint(swapped)).to.deep.equal(byEndpoint(first));
  });

  it("exports the topic, every alarm's name and ARN, and the dashboard's name and console URL", async () => {
    const { stack } = await build("as-out");
    const names = await valueOf(stack.alarmNames);
    expect(names).to.have.length(21);
    expect(names.at(-1)).to.equal("as-out-pipeline-health");
    const arns = await valueOf(stack.alarmArns);
    expect(arns).to.have.length(21);
    expect(arns[0]).to.equal(`arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:as-out-high-cpu`);
    expect(await valueOf(stack.topicArn)).to.match(/^arn:aws:sns:/);
    expect(await valueOf(stack.dashboardName)).to.equal("as-out");
    expect(await valueOf(stack.dashboardUrl)).to.equal(
      `https://${REGION}.console.aws.amazon.com/cloudwatch/home?region=${REGION}#dashboards:name=as-out`,
    );
  });

  it("builds the dashboard from the given resources, with every alarm in the status widget", async () => {
    const { stack, resources } = await build("as-dash");
    const body = JSON.parse(
      byName(resources, "as-dash-dashboard").inputs.dashboardBody as string,
    ) as DashboardBody;
    expect(body.widgets[0]?.properties).to.deep.include({ alarms: await valueOf(stack.alarmArns) });
    const text = JSON.stringify(body);
    for (const name of ["collector-fn", "processor-fn", SM_ARN, "hot-table", "scheduler-dlq"]) {
      expect(text).to.include(name);
    }
    expect(text).to.include(`"region":"${REGION}"`);
  });

  it("reports every invalid argument at once, before creating anything", async () => {
    const message = constructionError(
      () =>
        new AlertingStack(
          "bad name!",
          baseArgs({
            environment: "",
            schedule: "rate(7 days)",
            thresholds: { cpu: 0, memory: 90, disk: 101, errorRate: 5 },
            alertEmails: ["ops@example.com", "OPS@example.com", "not-an-address"],
            kmsKeyArn: "alias/aws/sns",
            keyDeletionWindowDays: 3,
            lambdaDurationThresholdMs: -1,
          }),
        ),
    );
    expect(message).to.include("AlertingStack bad name!: invalid arguments");
    for (const part of [
      'name "bad name!"',
      'environment ""',
      'schedule "rate(7 days)" is too sparse for a heartbeat alarm',
      "thresholds.cpu must be a percentage",
      "thresholds.disk must be a percentage",
      '"OPS@example.com" is listed twice',
      '"not-an-address" is not an e-mail address',
      "the AWS-managed SNS key, which CloudWatch alarms cannot use",
      "keyDeletionWindowDays must be a whole number from 7 to 30",
      "keyDeletionWindowDays applies to the created key only",
      "lambdaDurationThresholdMs must be above 0",
    ]) {
      expect(message).to.include(part);
    }
    expect(ofType(await settled(), ALARM)).to.have.length(0);
  });

  it("rejects a malformed schedule", () => {
    expect(() => new AlertingStack("as-sched", baseArgs({ schedule: "every 3 hours" }))).to.throw(
      'schedule "every 3 hours" must be a rate() or cron() expression',
    );
  });

  it("warns when rotation or notifications are turned off, or nobody is subscribed", async () => {
    const warnings = await captureWarnings(
      () =>
        new AlertingStack(
          "as-warn",
          baseArgs({ keyRotation: false, actionsEnabled: false, alertEmails: [] }),
        ),
    );
    expect(warnings).to.have.length(3);
    expect(warnings[0]).to.include("keyRotation overrides a security default");
    expect(warnings[1]).to.include("actionsEnabled overrides a security default");
    expect(warnings[2]).to.include("no alertEmails");
    const resources = await settled();
    expect(byName(resources, "as-warn-topic-key").inputs.enableKeyRotation).to.equal(false);
    for (const a of ofType(resources, ALARM)) expect(a.inputs.actionsEnabled).to.equal(false);
    const quiet = await captureWarnings(() => new AlertingStack("as-quiet", baseArgs()));
    expect(quiet).to.deep.equal([]);
  });

  it("applies the topic's display name and keeps its key", async () => {
    const { resources } = await build("as-over", { topic: { displayName: "Pipeline alerts" } });
    const topic = byName(resources, "as-over-topic").inputs;
    expect(topic.displayName).to.equal("Pipeline alerts");
    expect(topic.kmsMasterKeyId).to.equal(
      `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/as-over-topic-key`,
    );
  });

  it("tags every taggable child", async () => {
    const { resources } = await build("as-tags", { tags: { team: "sre" } });
    const taggable = resources.filter((r) =>
      [
        ALARM,
        "aws:cloudwatch/compositeAlarm:CompositeAlarm",
        "aws:sns/topic:Topic",
        "aws:kms/key:Key",
      ].includes(r.type),
    );
    expect(taggable).to.have.length(23);
    for (const r of taggable) expect(r.inputs.tags, r.name).to.deep.equal({ team: "sre" });
  });

  it("two instances in one stack do not collide", async () => {
    new AlertingStack("as-one", baseArgs());
    new AlertingStack("as-two", baseArgs({ environment: "prod" }));
    const all = await settled();
    const alarmNames = ofType(all, ALARM).map((r) => r.inputs.name as string);
    expect(alarmNames).to.have.length(40);
    expect(new Set(alarmNames).size).to.equal(40);
    const logical = all.map((r) => `${r.type} ${r.name}`);
    expect(new Set(logical).size).to.equal(logical.length);
    const dashboards = ofType(all, "aws:cloudwatch/dashboard:Dashboard");
    expect(dashboards.map((d) => d.inputs.dashboardName).sort()).to.deep.equal([
      "as-one",
      "as-two",
    ]);
  });
});
