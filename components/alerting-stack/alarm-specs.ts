import type * as pulumi from "@pulumi/pulumi";
import {
  DIMENSIONS,
  METRICS_NAMESPACE,
  PIPELINE_METRICS,
} from "../../functions/shared/emitted-metrics";
import { THRESHOLD_RULES, type Thresholds } from "../../functions/shared/thresholds";
import { type ThresholdInputs, withThreshold } from "../shared/threshold-args";
import { AWS_METRICS } from "./aws-metrics";
import { heartbeatTiming, perRunTiming, type AlarmTiming } from "./timing";

export type MissingDataTreatment = "missing" | "notBreaching" | "breaching" | "ignore";

/** One CloudWatch metric alarm, before it becomes a resource. */
export interface AlarmSpec {
  /** Suffix of the child's and the alarm's name. */
  readonly key: string;
  /** Whether the composite pipeline-health alarm includes it (not host or application alarms). */
  readonly pipeline: boolean;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
  readonly statistic: "Maximum" | "Sum";
  readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  /** An Output when the caller's threshold is one. */
  readonly threshold: pulumi.Input<number>;
  readonly timing: AlarmTiming;
  readonly treatMissingData: MissingDataTreatment;
  /** Minutes after creation the alarm stays silent (a new pipeline has no data yet). */
  readonly warmUpMinutes?: number;
  /** What it means, what to do, and the runbook section; an Output when it shows one. */
  readonly description: pulumi.Input<string>;
}

export interface AlarmSpecInput {
  readonly environment: string;
  /** Alarms on the per-environment host metrics (false: the source emits none). */
  readonly hostMetricAlarms: boolean;
  readonly intervalSeconds: number;
  readonly thresholds: ThresholdInputs;
  readonly lambdaDurationThresholdMs: number;
  readonly hostThresholdRuns: number;
  readonly lambdaDurationRuns: number;
  readonly queueDepthPeriodSeconds: number;
  readonly collectorFunctionName: pulumi.Input<string>;
  readonly processorFunctionName: pulumi.Input<string>;
  readonly stateMachineArn: pulumi.Input<string>;
  readonly tableName: pulumi.Input<string>;
  readonly tableIndexName: string;
  readonly schedulerDlqName: pulumi.Input<string>;
  readonly processorFailureQueueName: pulumi.Input<string>;
}

/** CloudWatch's longest alarm warm-up: two days. */
const MAX_WARM_UP_MINUTES = 2880;

/** The runbook section an alarm's description links to. */
export const runbookLink = (anchor: string) => `Runbook: docs/runbooks.md#runbook-${anchor}`;
const describe = (meaning: string, action: string, anchor: string) =>
  `${meaning} ${action} ${runbookLink(anchor)}`;

const HOST_TEXT: Readonly<Partial<Record<keyof Thresholds, { label: string; action: string }>>> = {
  cpu: {
    label: "CPU",
    action: "Find the instance on the dashboard; check its top processes, then scale or fix.",
  },
  memory: {
    label: "memory",
    action: "Find the instance on the dashboard; look for a leak or resize the instance.",
  },
  disk: {
    label: "disk",
    action: "Find the instance on the dashboard; free space or grow the volume.",
  },
};

/** Every metric alarm of the stack; the thresholds come from THRESHOLD_RULES, as the processor's. */
export function buildAlarmSpecs(input: AlarmSpecInput): AlarmSpec[] {
  const perRun = (runs: number) => perRunTiming(input.intervalSeconds, runs);
  // Most alarms fire on any occurrence in a run; their metric is absent when nothing happens.
  const anyInRun = {
    statistic: "Sum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    timing: perRun(1),
    treatMissingData: "notBreaching",
  } as const;
  const env = { [DIMENSIONS.environment]: input.environment };
  const specs: AlarmSpec[] = [];

  for (const rule of THRESHOLD_RULES) {
    const threshold = input.thresholds[rule.threshold];
    if (rule.metricType === "log") {
      specs.push({
        key: "high-error-rate",
        pipeline: false,
        namespace: METRICS_NAMESPACE,
        metricName: rule.metricName,
        dimensions: env,
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        timing: perRun(1),
        // No raw-logs/ object, no error rate: nothing is wrong.
        treatMissingData: "notBreaching",
        description: withThreshold(threshold, (t) =>
          describe(
            `The worst service's share of ERROR/FATAL log lines in ${input.environment} is above ${t} %.`,
            "Query the lake's raw-logs/ for the service with the highest rate; fix or roll back that service.",
            "error-rate",
          ),
        ),
      });
      continue;
    }
    if (!input.hostMetricAlarms) continue;
    const text = HOST_TEXT[rule.threshold] ?? {
      label: rule.metricName,
      action: "Find the instance on the dashboard.",
    };
    specs.push({
      key: `high-${rule.threshold}`,
      pipeline: false,
      namespace: METRICS_NAMESPACE,
      metricName: rule.metricName,
      // The fleet-wide series: the alarm needs no list of instances.
      dimensions: env,
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold,
      timing: perRun(input.hostThresholdRuns),
      // A run without data leaves the alarm undecided; the heartbeat reports missed runs.
      treatMissingData: "missing",
      description: withThreshold(threshold, (t) =>
        describe(
          `An instance in ${input.environment} had ${text.label} above ${t} % in ${input.hostThresholdRuns} consecutive collections.`,
          text.action,
          `high-${rule.threshold}`,
        ),
      ),
    });
  }

  const lambda = AWS_METRICS.lambda;
  const functions = [
    { part: "collector", name: input.collectorFunctionName },
    { part: "processor", name: input.processorFunctionName },
  ];
  for (const fn of functions) {
    const dimensions = { [lambda.functionName]: fn.name };
    const common = { pipeline: true, namespace: lambda.namespace, dimensions } as const;
    specs.push({
      ...common,
      // Lambda reports Errors only for periods with invocations.
      ...anyInRun,
      key: `${fn.part}-errors`,
      metricName: lambda.errors,
      description: describe(
        `The ${fn.part} Lambda failed at least once in the last run.`,
        "Read its log group for the error and the event that caused it.",
        `${fn.part}-errors`,
      ),
    });
    specs.push({
      ...common,
      key: `${fn.part}-duration`,
      metricName: lambda.duration,
      // Maximum, not p99: a run has a handful of invocations, so p99 is the maximum anyway
      // and CloudWatch deems p99 significant only from 1000 samples.
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: input.lambdaDurationThresholdMs,
      timing: perRun(input.lambdaDurationRuns),
      treatMissingData: "notBreaching",
      description: describe(
        `The ${fn.part} Lambda ran longer than ${input.lambdaDurationThresholdMs} ms in ${input.lambdaDurationRuns} consecutive runs.`,
        "Compare with the data volume on the dashboard; raise memory or the timeout before it times out.",
        "lambda-duration",
      ),
    });
    specs.push({
      ...common,
      ...anyInRun,
      key: `${fn.part}-throttles`,
      metricName: lambda.throttles,
      description: describe(
        `The ${fn.part} Lambda was throttled.`,
        "Check the account's concurrency and the function's reserved concurrency.",
        "lambda-throttles",
      ),
    });
  }

  const ddb = AWS_METRICS.dynamodb;
  const targets: {
    part: string;
    label: string;
    dimensions: Record<string, pulumi.Input<string>>;
  }[] = [
    { part: "table", label: "the hot table", dimensions: { [ddb.tableName]: input.tableName } },
    {
      part: "index",
      label: `the hot table's ${input.tableIndexName} index`,
      dimensions: { [ddb.tableName]: input.tableName, [ddb.indexName]: input.tableIndexName },
    },
  ];
  for (const target of targets) {
    for (const [op, metricName] of [
      ["read", ddb.readThrottles],
      ["write", ddb.writeThrottles],
    ] as const) {
      specs.push({
        // DynamoDB reports throttle events only when there are some.
        ...anyInRun,
        key: `${target.part}-${op}-throttles`,
        pipeline: true,
        namespace: ddb.namespace,
        metricName,
        dimensions: target.dimensions,
        description: describe(
          `DynamoDB throttled ${op}s on ${target.label}.`,
          "The SDK retries them; if it repeats, check the table's on-demand limits and hot partition keys.",
          "dynamodb-throttles",
        ),
      });
    }
  }

  const states = AWS_METRICS.states;
  const heartbeat = heartbeatTiming(input.intervalSeconds);
  const sm = { [states.stateMachineArn]: input.stateMachineArn };
  specs.push({
    ...anyInRun,
    key: "executions-failed",
    pipeline: true,
    namespace: states.namespace,
    metricName: states.failed,
    dimensions: sm,
    description: describe(
      "A pipeline execution failed.",
      "Open the failed execution in the Step Functions console and find the failing state.",
      "executions-failed",
    ),
  });
  specs.push({
    ...anyInRun,
    key: "executions-timed-out",
    pipeline: true,
    namespace: states.namespace,
    metricName: states.timedOut,
    dimensions: sm,
    description: describe(
      "A pipeline execution timed out.",
      "Find the state that hung in the execution history; check the collector's source and duration.",
      "executions-timed-out",
    ),
  });
  specs.push({
    key: "heartbeat",
    pipeline: true,
    namespace: states.namespace,
    metricName: states.started,
    dimensions: sm,
    statistic: "Sum",
    comparisonOperator: "LessThanThreshold",
    threshold: 1,
    timing: heartbeat,
    // No data is exactly what this alarm looks for.
    treatMissingData: "breaching",
    // Without it, a fresh deployment alarms before its first run.
    warmUpMinutes: Math.min(
      MAX_WARM_UP_MINUTES,
      Math.ceil((heartbeat.periodSeconds * heartbeat.evaluationPeriods) / 60),
    ),
    description: describe(
      "No pipeline execution started within the schedule's window: collection has stopped.",
      "Check the schedule is enabled, its dead-letter queue, and the scheduler role's permission to start the state machine.",
      "heartbeat",
    ),
  });

  const sqs = AWS_METRICS.sqs;
  const queues = [
    {
      key: "scheduler-dlq-depth",
      name: input.schedulerDlqName,
      meaning:
        "The scheduler could not start the state machine; the events are in its dead-letter queue.",
      anchor: "scheduler-dlq",
    },
    {
      key: "processor-failure-queue-depth",
      name: input.processorFailureQueueName,
      meaning:
        "The log-processor failed an S3 object after its retries; the events are in its on-failure queue.",
      anchor: "processor-failure-queue",
    },
  ];
  for (const q of queues) {
    specs.push({
      key: q.key,
      pipeline: true,
      namespace: sqs.namespace,
      metricName: sqs.visible,
      dimensions: { [sqs.queueName]: q.name },
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
      description: describe(
        q.meaning,
        "Read a message for the cause, fix it, then redrive or replay the messages.",
        q.anchor,
      ),
    });
  }

  specs.push({
    ...anyInRun,
    key: "quarantined-lines",
    pipeline: false,
    namespace: METRICS_NAMESPACE,
    metricName: PIPELINE_METRICS.quarantinedLines,
    dimensions: env,
    description: describe(
      "The log-processor quarantined input lines it could not validate.",
      "Read quarantine/ in the lake: each line carries its reason; fix the producer and replay.",
      "quarantined-lines",
    ),
  });

  return specs;
}

/** The composite alarm's rule: ALARM when any of the pipeline's own alarms is. */
export function compositeAlarmRule(alarmNames: readonly string[]): string {
  return alarmNames.map((n) => `ALARM("${n}")`).join(" OR ");
}
