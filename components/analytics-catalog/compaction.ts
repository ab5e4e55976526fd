import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedTags } from "../shared/tags";
import { LAKE_PREFIXES } from "../../contract/lake";
import { createEncryptedQueue } from "../collector-workflow/encrypted-queue";
import { schedulerTrustPolicy, stateMachineTrustPolicy } from "../collector-workflow/iam-policies";
import type { AccountScope } from "../shared/account-scope";
import type { AnalyticsCatalogCompactionArgs } from "./args";
import { buildCompactionDefinition } from "./compaction-definition";
import { compactionPolicyDocument } from "./compaction-policy";
import { COMPACTION_DEFAULTS, TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import type { ChildNames } from "../shared/naming";
import { stateMachineLogGroupName } from "../shared/naming";

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
export function createCompaction(parent: pulumi.Resource, names: ChildNames, i: CompactionInputs) {
  const machine = createCompactionStateMachine(parent, names, i);
  const alarms = createCompactionAlarms(parent, names, i, machine.stateMachine);
  const scheduled = createCompactionSchedule(parent, names, i, machine.stateMachine);
  return { ...machine, alarms, ...scheduled };
}

/** The state machine, its role (trusting exactly it) and its log group. */
function createCompactionStateMachine(
  parent: pulumi.Resource,
  names: ChildNames,
  i: CompactionInputs,
) {
  const child = { parent };
  const d = COMPACTION_DEFAULTS;
  const tags = i.tags;
  // A fixed name, so the role can trust exactly this state machine before it exists.
  const stateMachineName = names.physical("stateMachine", "compaction");
  const logGroup = new aws.cloudwatch.LogGroup(
    names.logical("compaction", "logs"),
    {
      name: stateMachineLogGroupName(stateMachineName),
      retentionInDays: i.settings.logRetentionDays ?? d.logRetentionDays,
      kmsKeyId: i.kmsKeyArn,
      tags,
    },
    child,
  );
  const roleName = names.logical("compaction", "role");
  const role = new aws.iam.Role(
    roleName,
    {
      ...names.autoNamed("iamRole", roleName),
      description: `Execution role of the ${names.prefix} compaction state machine`,
      assumeRolePolicy: i.scope.apply((s) =>
        JSON.stringify(stateMachineTrustPolicy(s, stateMachineName)),
      ),
      tags,
    },
    child,
  );
  const stateMachineArn = pulumi.interpolate`arn:${i.scope.partition}:states:${i.scope.region}:${i.scope.accountId}:stateMachine:${stateMachineName}`;
  const rolePolicy = new aws.iam.RolePolicy(
    names.logical("compaction", "policy"),
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
  const stateMachine = new aws.sfn.StateMachine(
    names.logical("compaction"),
    {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: role.arn,
      definition: compactionDefinition(i),
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
  return { stateMachine, role, logGroup };
}

/** The deployed ASL document. */
function compactionDefinition(i: CompactionInputs): pulumi.Output<string> {
  const catchUpDays = i.settings.catchUpDays ?? COMPACTION_DEFAULTS.catchUpDays;
  return pulumi.all([i.workgroup.name, i.lakeBucketName]).apply(([workgroup, lakeBucket]) =>
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
}

/** A run that failed or timed out leaves a day missing from the curated layer. */
function createCompactionAlarms(
  parent: pulumi.Resource,
  names: ChildNames,
  i: CompactionInputs,
  stateMachine: aws.sfn.StateMachine,
): aws.cloudwatch.MetricAlarm[] {
  return [
    ["failed", "ExecutionsFailed"],
    ["timed-out", "ExecutionsTimedOut"],
  ].map(([suffix, metric]) => {
    const name = names.logical("compaction", suffix ?? "");
    return new aws.cloudwatch.MetricAlarm(
      name,
      {
        ...names.autoNamed("alarm", name),
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
        tags: i.tags,
      },
      { parent },
    );
  });
}

/** The daily schedule, its group, its role and its dead-letter queue. */
function createCompactionSchedule(
  parent: pulumi.Resource,
  names: ChildNames,
  i: CompactionInputs,
  stateMachine: aws.sfn.StateMachine,
) {
  const child = { parent };
  const d = COMPACTION_DEFAULTS;
  const tags = i.tags;
  // Starts the scheduler gives up on land here, not nowhere. SSE-SQS: the scheduler role
  // then needs no key grant to deliver.
  const dlq = createEncryptedQueue(names.logical("compaction", "dlq"), parent, tags);
  // Its own group: the role trusts it alone, not every schedule of the account.
  const groupName = names.logical("compaction", "schedules");
  const group = new aws.scheduler.ScheduleGroup(
    groupName,
    { ...names.autoNamed("scheduleGroup", groupName), tags },
    child,
  );
  const { schedulerRole, schedulerPolicy } = createCompactionSchedulerRole(
    parent,
    names,
    i,
    group,
    { stateMachine, dlq: dlq.queue },
  );
  const catchUpDays = i.settings.catchUpDays ?? d.catchUpDays;
  const scheduleName = names.logical("compaction", "schedule");
  const schedule = new aws.scheduler.Schedule(
    scheduleName,
    {
      ...names.autoNamed("schedule", scheduleName),
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
  return { schedule, schedulerRole, dlq };
}

/** The role the schedule starts the state machine with, trusting its own group alone. */
function createCompactionSchedulerRole(
  parent: pulumi.Resource,
  names: ChildNames,
  i: CompactionInputs,
  group: aws.scheduler.ScheduleGroup,
  targets: { stateMachine: aws.sfn.StateMachine; dlq: aws.sqs.Queue },
) {
  const child = { parent };
  const tags = i.tags;
  const { stateMachine } = targets;
  const dlq = { queue: targets.dlq };
  const roleName = names.logical("compaction", "scheduler-role");
  const schedulerRole = new aws.iam.Role(
    roleName,
    {
      ...names.autoNamed("iamRole", roleName),
      description: `Lets the ${names.prefix} compaction schedule start the compaction state machine`,
      assumeRolePolicy: pulumi
        .all([i.scope, group.arn])
        .apply(([s, groupArn]) => JSON.stringify(schedulerTrustPolicy(s, groupArn))),
      tags,
    },
    child,
  );
  const schedulerPolicy = new aws.iam.RolePolicy(
    names.logical("compaction", "scheduler-policy"),
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
  return { schedulerRole, schedulerPolicy };
}
