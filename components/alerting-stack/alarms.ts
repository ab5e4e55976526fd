import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { scheduleIntervalSeconds } from "../../contract/schedule";
import { COMPACTION_DEFAULTS } from "../../contract/defaults/analytics-catalog";
import { buildAlarmSpecs, compositeAlarmRule, runbookLink, type AlarmSpec } from "./alarm-specs";
import type { AlertingStackArgs } from "./args";
import { compactionAlarmSpecs } from "./compaction-alarms";
import { ALERTING_STACK_DEFAULTS as D } from "../../contract/defaults/alerting-stack";
import type { ResolvedAlertingStack } from "./resolve";

/** What every alarm notifies, and whether it does. */
export interface AlarmActions {
  readonly actionsEnabled: boolean;
  readonly alarmActions: pulumi.Input<string>[];
  readonly okActions: pulumi.Input<string>[];
}

/** The metric alarms' specs: the pipeline's own, then the compaction's when it is watched. */
export function alarmSpecs(r: ResolvedAlertingStack, args: AlertingStackArgs): AlarmSpec[] {
  const specs = buildAlarmSpecs({
    environment: args.environment,
    intervalSeconds: r.intervalSeconds,
    thresholds: r.thresholds,
    lambdaDurationThresholdMs: r.lambdaDurationThresholdMs,
    hostMetricAlarms: r.hostMetricAlarms,
    hostThresholdRuns: D.hostThresholdRuns,
    lambdaDurationRuns: D.lambdaDurationRuns,
    queueDepthPeriodSeconds: D.queueDepthPeriodSeconds,
    collectorFunctionName: args.collectorFunctionName,
    processorFunctionName: args.processorFunctionName,
    stateMachineArn: args.stateMachineArn,
    tableName: args.tableName,
    tableIndexName: r.tableIndexName,
    schedulerDlqName: args.schedulerDlqName,
    processorFailureQueueName: args.processorFailureQueueName,
  });
  const compaction = args.compaction;
  if (!compaction) return specs;
  return [
    ...specs,
    ...compactionAlarmSpecs({
      stateMachineArn: compaction.stateMachineArn,
      deadLetterQueueName: compaction.deadLetterQueueName,
      intervalSeconds: scheduleIntervalSeconds(compaction.schedule ?? COMPACTION_DEFAULTS.schedule),
      enabled: compaction.enabled ?? COMPACTION_DEFAULTS.enabled,
      queueDepthPeriodSeconds: D.queueDepthPeriodSeconds,
      runbook: runbookLink,
    }),
  ];
}

/** One metric alarm, named `<prefix>-<key>`. */
export function createMetricAlarm(
  r: ResolvedAlertingStack,
  spec: AlarmSpec,
  actions: AlarmActions,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    r.names.logical(spec.key),
    {
      name: r.names.physical("alarm", spec.key),
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      comparisonOperator: spec.comparisonOperator,
      threshold: spec.threshold,
      period: spec.timing.periodSeconds,
      evaluationPeriods: spec.timing.evaluationPeriods,
      datapointsToAlarm: spec.timing.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      warmUpConfiguration:
        spec.warmUpMinutes !== undefined
          ? { warmUpPeriodDurationInMinutes: spec.warmUpMinutes }
          : undefined,
      ...actions,
      tags: r.tags,
    },
    opts,
  );
}

/** The composite alarm over the pipeline's own alarms and those another component joins. */
export function createHealthAlarm(
  r: ResolvedAlertingStack,
  own: pulumi.Output<string>[],
  joined: pulumi.Output<string[]>,
  actions: AlarmActions,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.CompositeAlarm {
  return new aws.cloudwatch.CompositeAlarm(
    r.names.logical("pipeline-health"),
    {
      alarmName: r.names.physical("alarm", "pipeline-health"),
      alarmDescription: `One of the pipeline's own alarms (Lambdas, table, workflow, heartbeat, failure queues, compaction) is in ALARM. Open the dashboard's alarm status to see which, then follow its runbook. ${runbookLink("pipeline-health")}`,
      alarmRule: pulumi
        .all([pulumi.all(own), joined])
        .apply(([names, other]) => compositeAlarmRule([...names, ...other])),
      ...actions,
      tags: r.tags,
    },
    opts,
  );
}
