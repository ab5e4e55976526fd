/**
 * The one place an alarm spec is put together (as cdk-monitoring-constructs' addAlarm): each
 * concern names a metric, its dimensions and a condition; the condition decides the rest.
 */
import type { AlarmSpec, AlarmSpecInput } from "./alarm-spec";
import { heartbeatTiming, perRunTiming } from "./timing";

/** CloudWatch's longest alarm warm-up: two days. */
const MAX_WARM_UP_MINUTES = 2880;

/** The runbook section an alarm's description links to. */
export const runbookLink = (anchor: string) => `Runbook: docs/runbooks.md#runbook-${anchor}`;
export const describe = (meaning: string, action: string, anchor: string) =>
  `${meaning} ${action} ${runbookLink(anchor)}`;

type Condition = Pick<
  AlarmSpec,
  "statistic" | "comparisonOperator" | "threshold" | "timing" | "treatMissingData" | "warmUpMinutes"
>;

/** How an AWS-metric alarm fires; the rows of alarm-rows.ts name one each. */
export const CONDITIONS = Object.freeze({
  /**
   * Any occurrence in a run: the metric is absent when nothing happens (Lambda reports Errors
   * only for periods with invocations, DynamoDB throttle events only when there are some).
   */
  any: (input: AlarmSpecInput): Condition => ({
    statistic: "Sum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    timing: perRunTiming(input.intervalSeconds, 1),
    treatMissingData: "notBreaching",
  }),
  /**
   * Slower than the duration threshold in consecutive runs. Maximum, not p99: a run has a
   * handful of invocations, so p99 is the maximum anyway and CloudWatch deems p99 significant
   * only from 1000 samples.
   */
  slow: (input: AlarmSpecInput): Condition => ({
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: input.lambdaDurationThresholdMs,
    timing: perRunTiming(input.intervalSeconds, input.lambdaDurationRuns),
    treatMissingData: "notBreaching",
  }),
  /** No start in the schedule's window: no data is exactly what this alarm looks for. */
  stopped: (input: AlarmSpecInput): Condition => {
    const heartbeat = heartbeatTiming(input.intervalSeconds);
    return {
      statistic: "Sum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      timing: heartbeat,
      treatMissingData: "breaching",
      // Without it, a fresh deployment alarms before its first run.
      warmUpMinutes: Math.min(
        MAX_WARM_UP_MINUTES,
        Math.ceil((heartbeat.periodSeconds * heartbeat.evaluationPeriods) / 60),
      ),
    };
  },
  /** A message waits in the queue; SQS stops reporting an empty queue after six idle hours. */
  queued: (input: AlarmSpecInput): Condition => ({
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    timing: {
      periodSeconds: input.queueDepthPeriodSeconds,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    treatMissingData: "notBreaching",
  }),
});

/** One row of the AWS-metric alarm table; `{name}` in a text stands for the subject's value. */
export interface AlarmRow {
  readonly key: string;
  readonly metricName: string;
  readonly when: keyof typeof CONDITIONS;
  /** What it means, what to do, and the runbook section. */
  readonly meaning: string;
  readonly action: string;
  readonly anchor: string;
}

/** What a row is applied to: the metric's namespace and dimensions, and the texts' values. */
export interface AlarmSubject {
  readonly namespace: string;
  readonly dimensions: AlarmSpec["dimensions"];
  readonly text?: Readonly<Record<string, string | number>>;
}

const fill = (template: string, text: AlarmSubject["text"] = {}) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(text[name] ?? whole));

/** The alarm a row describes for one subject; AWS-metric alarms all watch the pipeline. */
export function addAlarm(row: AlarmRow, subject: AlarmSubject, input: AlarmSpecInput): AlarmSpec {
  return {
    key: fill(row.key, subject.text),
    pipeline: true,
    namespace: subject.namespace,
    metricName: row.metricName,
    dimensions: subject.dimensions,
    ...CONDITIONS[row.when](input),
    description: describe(
      fill(row.meaning, subject.text),
      row.action,
      fill(row.anchor, subject.text),
    ),
  };
}
