import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "./alarm-specs";
import { AWS_METRICS } from "./aws-metrics";
import { heartbeatTiming } from "./timing";

export interface CompactionAlarmInput {
  readonly stateMachineArn: pulumi.Input<string>;
  readonly deadLetterQueueName: pulumi.Input<string>;
  /** Seconds between two scheduled compactions (a day by default). */
  readonly intervalSeconds: number;
  /** A disabled schedule starts nothing: no not-started alarm. */
  readonly enabled: boolean;
  readonly queueDepthPeriodSeconds: number;
  readonly runbook: (anchor: string) => string;
}

/** CloudWatch's longest alarm warm-up: two days. */
const MAX_WARM_UP_MINUTES = 2880;

/**
 * The compaction's own watch, beside the failed and timed-out alarms AnalyticsCatalog keeps:
 * a start that never happened, and a start the scheduler gave up on.
 */
export function compactionAlarmSpecs(input: CompactionAlarmInput): AlarmSpec[] {
  const states = AWS_METRICS.states;
  const sqs = AWS_METRICS.sqs;
  // The heartbeat's window: one interval plus a tenth (at least 5 minutes) in equal periods of
  // at most a day, every one empty. For the daily 01:30 run that is two 13.2-hour periods:
  // a missed day alarms by 03:54 the next day, a run up to 2.4 hours late does not.
  const timing = heartbeatTiming(input.intervalSeconds);
  const specs: AlarmSpec[] = [];
  if (input.enabled) {
    specs.push({
      key: "compaction-not-started",
      pipeline: true,
      namespace: states.namespace,
      metricName: states.started,
      dimensions: { [states.stateMachineArn]: input.stateMachineArn },
      statistic: "Sum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      timing,
      // No data is exactly what this alarm looks for.
      treatMissingData: "breaching",
      // A new stack has not reached its first 01:30 yet.
      warmUpMinutes: Math.min(
        MAX_WARM_UP_MINUTES,
        Math.ceil((timing.periodSeconds * timing.evaluationPeriods) / 60),
      ),
      description:
        "No compaction started within its schedule's interval and slack: yesterday is not in curated-metrics/ and the queries read raw JSON. " +
        "Check the compaction schedule is enabled, its dead-letter queue, and the scheduler role's permission to start the state machine; then start the compaction by hand. " +
        input.runbook("compaction-not-started"),
    });
  }
  specs.push({
    key: "compaction-dlq-depth",
    pipeline: true,
    namespace: sqs.namespace,
    metricName: sqs.visible,
    dimensions: { [sqs.queueName]: input.deadLetterQueueName },
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    timing: {
      periodSeconds: input.queueDepthPeriodSeconds,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    // SQS stops reporting an empty queue after six idle hours.
    treatMissingData: "notBreaching",
    description:
      "The scheduler could not start the compaction after its retries; the events are in the compaction's dead-letter queue. " +
      "Read a message for the cause, fix it, then start the compaction by hand (it catches up every closed day). " +
      input.runbook("compaction-dlq"),
  });
  return specs;
}
