import { METRIC_STORE_DEFAULTS } from "./metric-store";

/**
 * CollectorWorkflow's defaults. Every entry is repeated in docs/components/collector-workflow.md's "Default settings"
 * table; the security ones log a warning when an argument weakens them.
 */
export const COLLECTOR_WORKFLOW_DEFAULTS = Object.freeze({
  schedule: "rate(3 hours)",
  /** Time zone of a cron() schedule (EventBridge Scheduler's IANA names). */
  scheduleTimezone: "UTC",
  workflowType: "STANDARD" as "STANDARD" | "EXPRESS",
  metricSource: "cloudwatch" as "cloudwatch" | "synthetic",
  notifyOnSuccess: false,
  /** MetricStore's default item lifetime. */
  hotTableTtlDays: METRIC_STORE_DEFAULTS.hotTableTtlDays,
  logRetentionDays: 30,
  collector: Object.freeze({
    /** The seeds ran on 128 MB; 256 MB halves the cold start of the bundled SDK clients. */
    memoryMb: 256,
    timeoutSeconds: 30,
  }),
  processor: Object.freeze({
    /** Objects are streamed line by line, so memory is for CPU and the SDK, not the object. */
    memoryMb: 512,
    timeoutSeconds: 300,
  }),
  /** Per-branch Task timeout: above the collector's 30 s so its own timeout error is caught. */
  taskTimeoutSeconds: 45,
  /** Shards collected at once per metric type (four types run side by side: 40 invocations). */
  maxConcurrency: 10,
  /** Instances per shard: 700 GetMetricData queries, a few calls, seconds per invocation. */
  shardSize: 100,
  /** Where each collection window ends, behind its scheduled time: late datapoints arrive. */
  collectionLagSeconds: 600,
  /** Datapoint resolution: EC2 basic monitoring (60 with detailed monitoring). */
  collectionPeriodSeconds: 300,
  /** The seeds' backoff: 10 s, 20 s, 40 s. */
  retry: Object.freeze({ intervalSeconds: 10, maxAttempts: 3, backoffRate: 2 }),
  /** EventBridge Scheduler's retries before the event goes to the dead-letter queue. */
  scheduleRetry: Object.freeze({ maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 }),
  /** Asynchronous S3 -> processor invocations: Lambda's own retries, then the failure queue. */
  processorAsync: Object.freeze({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 }),
  /** SQS' maximum: 14 days to inspect and redrive a failed event. */
  queueRetentionSeconds: 1_209_600,
  /** State machine log level: ERROR for Standard; Express keeps no history, so ALL with data. */
  stateMachineLogLevel: Object.freeze({ STANDARD: "ERROR", EXPRESS: "ALL" }),
  /** Security / audit defaults. */
  tracing: true,
});

/** Step Functions' longest execution per workflow type: a year (Standard), five minutes (Express). */
export const MAX_EXECUTION_SECONDS = Object.freeze({ STANDARD: 31_536_000, EXPRESS: 300 });

/** Express executions stop at five minutes; the branches' worst case must fit. */
export const EXPRESS_MAX_SECONDS = MAX_EXECUTION_SECONDS.EXPRESS;

/** Lambda limits. */
export const LAMBDA_LIMITS = Object.freeze({
  minMemoryMb: 128,
  maxMemoryMb: 10_240,
  maxTimeoutSeconds: 900,
});

export const STATE_MACHINE_LOG_LEVELS = ["ALL", "ERROR", "FATAL", "OFF"] as const;
export type StateMachineLogLevel = (typeof STATE_MACHINE_LOG_LEVELS)[number];
