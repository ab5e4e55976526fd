import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTags } from "../shared/tags";
import { LAKE_PREFIXES } from "../../functions/shared/lake";
import { createEncryptedQueue } from "../collector-workflow/encrypted-queue";
import { schedulerTrustPolicy, stateMachineTrustPolicy } from "../collector-workflow/iam-policies";
import type { AccountScope } from "../shared/account-scope";
import type { AnalyticsCatalogCompactionArgs } from "./args";
import { buildCompactionDefinition } from "./compaction-definition";
import { compactionPolicyDocument } from "./compaction-policy";
import { COMPACTION_DEFAULTS, TABLE_NAMES } from "./defaults";

export interface CompactionInputs {
  readonly environment: string;
  readonly databaseName: string;
  readonly lakeBucketName: pulumi.Input<string>;
  readonly lakeBucketArn: pulumi.Input<string>;
  readonly workgroup: aws.athena.Workgroup;
  readonly resultsBucketArn: pulumi.Input<string>;
  readonly scope: pulumi.Output<AccountScope>;
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly alarmTopicArn?: pulumi.Input<string>;
  readonly settings: AnalyticsCatalogCompactionArgs;
  readonly tags: ResolvedTags;
}

/**
 * The compaction: a Standard state machine (its role, log group and alarms) started once a
 * day by EventBridge Scheduler to turn yesterday's raw-metrics/, and any closed day of the
 * catch-up window not compacted yet or grown since, into Parquet.
 */
export function createCompaction(parent: pulumi.Resource, name: string, i: CompactionInputs) {
  const child = { parent };
  const d = COMPACTION_DEFAULTS;
  const tags = i.tags;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-compaction-logs`,
    {
      name: `/aws/vendedlogs/states/${name}-compaction`,
      retentionInDays: i.settings.logRetentionDays ?? d.logRetentionDays,
      kmsKeyId: i.kmsKeyArn,
      tags,
    },
    child,
  );
  // A fixed name, so the role can trust exactly this state machine before it exists.
  const stateMachineName = `${name}-compaction`;
  const role = new aws.iam.Role(
    `${name}-compaction-role`,
    {
      description: `Execution role of the ${name} compaction state machine`,
      assumeRolePolicy: i.scope.apply((s) =>
        JSON.stringify(stateMachineTrustPolicy(s, stateMachineName)),
      ),
      tags,
    },
    child,
  );
  const stateMachineArn = pulumi.interpolate`arn:${i.scope.partition}:states:${i.scope.region}:${i.scope.accountId}:stateMachine:${stateMachineName}`;
  const catchUpDays = i.settings.catchUpDays ?? d.catchUpDays;
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-compaction-policy`,
    {
      role: role.id,
      policy: pulumi.jsonStringify(
        compactionPolicyDocument({
          partition: i.scope.partition,
          region: i.scope.region,
          accountId: i.scope.accountId,
          workgroupArn: i.workgroup.arn,
          databaseName: i.databaseName,
          rawTableName: TABLE_NAMES.metrics,
          lakeBucketArn: i.lakeBucketArn,
          resultsBucketArn: i.resultsBucketArn,
          kmsKeyArn: i.kmsKeyArn,
          stateMachineArn,
        }),
      ),
    },
    child,
  );
  const definition = pulumi
    .all([i.workgroup.name, i.lakeBucketName])
    .apply(([workgroup, lakeBucket]) =>
      JSON.stringify(
        buildCompactionDefinition({
          workgroup,
          database: i.databaseName,
          rawTable: TABLE_NAMES.metrics,
          lakeBucket,
          catchUpDays,
        }),
        null,
        2,
      ),
    );
  const stateMachine = new aws.sfn.StateMachine(
    `${name}-compaction`,
    {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: role.arn,
      definition,
      loggingConfiguration: {
        level: "ERROR",
        includeExecutionData: false,
        logDestination: pulumi.interpolate`${logGroup.arn}:*`,
      },
      tracingConfiguration: { enabled: true },
      tags,
    },
    // Step Functions checks the role's log-delivery permissions on creation.
    { ...child, dependsOn: [rolePolicy] },
  );

  const alarms = [
    ["failed", "ExecutionsFailed"],
    ["timed-out", "ExecutionsTimedOut"],
  ].map(
    ([suffix, metric]) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-compaction-${suffix}`,
        {
          alarmDescription: `A ${i.environment} compaction run ${suffix === "failed" ? "failed" : "timed out"}: a day is missing from ${LAKE_PREFIXES.curated}. Runbook: docs/runbooks.md#runbook-compaction-failed`,
          namespace: "AWS/States",
          metricName: metric ?? "",
          dimensions: { StateMachineArn: stateMachine.arn },
          statistic: "Sum",
          period: 86_400,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: i.alarmTopicArn ? [i.alarmTopicArn] : [],
          tags,
        },
        child,
      ),
  );

  // Starts the scheduler gives up on land here, not nowhere. SSE-SQS: the scheduler role
  // then needs no key grant to deliver.
  const dlq = createEncryptedQueue(`${name}-compaction-dlq`, parent, tags);
  // Its own group: the role trusts it alone, not every schedule of the account.
  const group = new aws.scheduler.ScheduleGroup(`${name}-compaction-schedules`, { tags }, child);
  const schedulerRole = new aws.iam.Role(
    `${name}-compaction-scheduler-role`,
    {
      description: `Lets the ${name} compaction schedule start the compaction state machine`,
      assumeRolePolicy: pulumi
        .all([i.scope, group.arn])
        .apply(([s, groupArn]) => JSON.stringify(schedulerTrustPolicy(s, groupArn))),
      tags,
    },
    child,
  );
  const schedulerPolicy = new aws.iam.RolePolicy(
    `${name}-compaction-scheduler-policy`,
    {
      role: schedulerRole.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "StartCompaction",
            Effect: "Allow",
            Action: ["states:StartExecution"],
            Resource: stateMachine.arn,
          },
          {
            Sid: "SendToDeadLetterQueue",
            Effect: "Allow",
            Action: ["sqs:SendMessage"],
            Resource: dlq.queue.arn,
          },
        ],
      }),
    },
    child,
  );
  const schedule = new aws.scheduler.Schedule(
    `${name}-compaction-schedule`,
    {
      description: `Compacts the closed days of ${i.environment}'s raw metrics into Parquet (${catchUpDays} days checked)`,
      groupName: group.name,
      scheduleExpression: i.settings.schedule ?? d.schedule,
      // Invariant: a day is a UTC day, as the lake's partitions are.
      scheduleExpressionTimezone: "UTC",
      flexibleTimeWindow: { mode: "OFF" },
      state: (i.settings.enabled ?? d.enabled) ? "ENABLED" : "DISABLED",
      target: {
        arn: stateMachine.arn,
        roleArn: schedulerRole.arn,
        // No days_ago: yesterday and every other closed day of the window that needs it.
        input: JSON.stringify({}),
        retryPolicy: d.scheduleRetry,
        deadLetterConfig: { arn: dlq.queue.arn },
      },
    },
    { ...child, dependsOn: [schedulerPolicy] },
  );
  return { stateMachine, role, logGroup, schedule, schedulerRole, alarms, dlq };
}
