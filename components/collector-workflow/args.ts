import type * as pulumi from "@pulumi/pulumi";
import type { AnomalyDetectionArgs } from "../shared/anomaly-args";
import type { ThresholdArgs } from "../shared/threshold-args";
import type { TagsInput } from "../shared/tags";

/** An EC2 tag that selects instances. */
export interface CollectorTargetTag {
  /** The tag's key; may be an Output. */
  readonly key: pulumi.Input<string>;
  /** The tag's value; may be an Output. */
  readonly value: pulumi.Input<string>;
}

/** Which EC2 instances the collector reads, or how many fake ones the synthetic source makes. */
export interface CollectorTargets {
  /** Instances carrying this tag. @default none */
  readonly tag?: CollectorTargetTag;
  /**
   * Or these instances: the list, or each id, may be an Output (another stack's), checked
   * when it resolves as a plain list is at once. @default none
   */
  readonly instanceIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Fake instances of the synthetic source. @default 3 */
  readonly syntheticInstances?: number;
}

export interface CollectorWorkflowFunctionArgs {
  /** Memory in MB (128-10240). @default 256 for the collector, 512 for the processor */
  readonly memoryMb?: number;
  /** Timeout in seconds (1-900). @default 30 for the collector, 300 for the processor */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency; 0 stops every invocation. @default none (unreserved) */
  readonly reservedConcurrency?: number;
  /** The deployment package. @default the bundled handler (handlerArchive()) */
  readonly code?: pulumi.Input<pulumi.asset.Archive>;
  /**
   * Extra environment variables. The handler's own variables win: a clashing key is ignored
   * with a warning. @default {}
   */
  readonly environment?: Record<string, string>;
  /** Lambda layer ARNs (for example an extension). @default none */
  readonly layers?: pulumi.Input<string>[];
  /** Subnets to run in; with securityGroupIds, the function runs in a VPC. @default none (no VPC) */
  readonly subnetIds?: pulumi.Input<string>[];
  /** Security groups of the function in a VPC. @default none */
  readonly securityGroupIds?: pulumi.Input<string>[];
  /** Ephemeral /tmp storage in MB (512-10240). @default 512 */
  readonly ephemeralStorageMb?: number;
  /** Extra tags of the function, over `tags` (together at most 50; may be an Output, as `tags`). @default {} */
  readonly tags?: TagsInput;
}

/** The log-processor function and its asynchronous invocation settings. */
export interface CollectorWorkflowProcessorArgs extends CollectorWorkflowFunctionArgs {
  /** Retries of a failed object event, by EventBridge's delivery and by Lambda (0-2). @default 2 */
  readonly maximumRetryAttempts?: number;
  /** Seconds an object event may wait for processing (60-21600). @default 21600 */
  readonly maximumEventAgeInSeconds?: number;
}

/** EventBridge Scheduler's retry policy before the dead-letter queue. */
export interface CollectorWorkflowScheduleRetryArgs {
  /** 0-185. @default 3 */
  readonly maximumRetryAttempts?: number;
  /** 60-86400. @default 3600 */
  readonly maximumEventAgeInSeconds?: number;
}

export interface CollectorWorkflowRetryArgs {
  /** Seconds before the first retry. @default 10 */
  readonly intervalSeconds?: number;
  /** Retries after the first attempt. @default 3 */
  readonly maxAttempts?: number;
  /** Multiplier of the interval per retry (10 s, 20 s, 40 s). @default 2 */
  readonly backoffRate?: number;
}

export interface CollectorWorkflowArgs {
  /** Deployment name, passed to the handlers and shown in notifications. */
  readonly environment: string;
  /** The lake bucket's name (MetricStore.bucketName). */
  readonly lakeBucketName: pulumi.Input<string>;
  /** The lake bucket's ARN (MetricStore.bucketArn). */
  readonly lakeBucketArn: pulumi.Input<string>;
  /** The hot table's name (MetricStore.tableName). */
  readonly tableName: pulumi.Input<string>;
  /** The hot table's ARN (MetricStore.tableArn). */
  readonly tableArn: pulumi.Input<string>;
  /** Days a hot-table item lives (MetricStore.hotTableTtlDays). @default 7 */
  readonly hotTableTtlDays?: number;
  /** The SNS topic for run notifications and threshold alerts. */
  readonly alertTopicArn: pulumi.Input<string>;
  /**
   * The topic's customer-managed KMS key; publishers get kms:GenerateDataKey* and kms:Decrypt on it.
   * @default none (an unencrypted or AWS-managed topic)
   */
  readonly alertTopicKmsKeyArn?: pulumi.Input<string>;
  /** The lake's customer-managed KMS key (MetricStore kmsKeyArn). @default none (SSE-S3) */
  readonly lakeKmsKeyArn?: pulumi.Input<string>;
  /** EventBridge Scheduler expression, rate() or cron(). @default "rate(3 hours)" */
  readonly schedule?: string;
  /** Time zone of a cron() schedule. @default "UTC" */
  readonly scheduleTimezone?: string;
  /** Standard (exactly-once, 90-day history) or Express (cheap at high frequency). @default "STANDARD" */
  readonly workflowType?: string;
  /** Where the collector reads metrics: "cloudwatch" or "synthetic". @default "cloudwatch" */
  readonly metricSource?: string;
  /** The instances to collect; the cloudwatch source needs tag or instanceIds. @default {} */
  readonly targets?: CollectorTargets;
  /** Alert thresholds of the processor, in percent. @default cpu 80, memory 90, disk 85, errorRate 5 */
  readonly thresholds?: ThresholdArgs;
  /** The processor's anomaly detection per series. @default { enabled: false, sensitivity: 0.45, metrics: cpu, memory and disk utilization } */
  readonly anomalyDetection?: AnomalyDetectionArgs;
  /** Publish a notification after every successful run too. @default false */
  readonly notifyOnSuccess?: boolean;
  /** Retention of every log group, in days (a CloudWatch Logs value). @default 30 */
  readonly logRetentionDays?: number;
  /** KMS key for the log groups. @default none (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** KMS key for the two queues. @default none (SSE-SQS) */
  readonly queueKmsKeyArn?: pulumi.Input<string>;
  /**
   * The compaction that turns raw days into Parquet (AnalyticsCatalog's `compactionStateMachineArn`
   * and its `catchUpDays`). A metrics object that lands in a day already compacted (before
   * yesterday) starts the compaction's catch-up run, so queries answer it within minutes instead
   * of after the next nightly run. @default none: a late day waits for the nightly run
   */
  readonly compaction?: CollectorWorkflowCompactionArgs;
  /** The data-collector function. */
  readonly collector?: CollectorWorkflowFunctionArgs;
  /** The log-processor function and its asynchronous invocation settings. */
  readonly processor?: CollectorWorkflowProcessorArgs;
  /**
   * Datapoint resolution of the cloudwatch source, in seconds (a multiple of 60): 300 matches
   * EC2 basic monitoring, 60 detailed monitoring. @default 300
   */
  readonly collectionPeriodSeconds?: number;
  /**
   * How far behind its scheduled time a run's window ends (0-3600 s), so late datapoints
   * have arrived: a run due at S reads [S - interval - lag, S - lag). @default 600
   */
  readonly collectionLagSeconds?: number;
  /** Instances per shard of a run's fan-out (1-1000). @default 100 */
  readonly shardSize?: number;
  /** Shards collected at once per metric type: the Map state's MaxConcurrency (1-40). @default 10 */
  readonly maxConcurrency?: number;
  /** TimeoutSeconds of each collector Task; must exceed the collector's timeout. @default 45 */
  readonly taskTimeoutSeconds?: number;
  /** Retry of each branch on Lambda service errors. @default 10 s, x2, 3 retries */
  readonly retry?: CollectorWorkflowRetryArgs;
  /**
   * The state machine's execution timeout (TimeoutSeconds), in whole seconds: at least one
   * healthy round (every Task once, up to its timeout, plus 60 s: 180 s by default), at most
   * 31536000 (Standard) or 300 (Express).
   * @default every round of the plan's 200-shard cap at its worst (every attempt times out,
   * every retry waits its backoff), plus 60 s, capped at the schedule's interval so a hung run
   * ends when the next starts, never below one healthy round: 5406 s with the defaults
   */
  readonly executionTimeoutSeconds?: number;
  /** EventBridge Scheduler's retry policy before the dead-letter queue. */
  readonly scheduleRetry?: CollectorWorkflowScheduleRetryArgs;
  /**
   * State machine log level: ALL, ERROR, FATAL or OFF; OFF warns.
   * @default "ERROR" for Standard, "ALL" with execution data for Express
   */
  readonly stateMachineLogLevel?: string;
  /** X-Ray tracing of the functions and the state machine (turning it off warns). @default true */
  readonly tracing?: boolean;
  /**
   * Turn on the lake bucket's EventBridge delivery (an `aws.s3.BucketNotification`, which owns
   * the bucket's whole notification configuration). Set false for a bucket whose owner manages
   * its notifications: it must then have EventBridge delivery on. @default true
   */
  readonly lakeEventBridge?: boolean;
  /**
   * Tags for every taggable child, at most 50 (keys up to 128 characters, not starting with
   * `aws:`; values up to 256). The map or any value may be an Output (another stack's, or a
   * secret, which stays secret on every child); it is checked when it resolves. @default {}
   */
  readonly tags?: TagsInput;
}

/** The compaction a late object re-opens its day with. */
export interface CollectorWorkflowCompactionArgs {
  /** ARN of the compaction's state machine: the processor may start its catch-up run. */
  readonly stateMachineArn: pulumi.Input<string>;
  /** Closed days the compaction's catch-up run checks (1-62): older days are never re-opened. @default 30 */
  readonly catchUpDays?: number;
}
