import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Thresholds } from "../../functions/shared/thresholds";
import type { StateMachineLogLevel } from "./defaults";

/** Which EC2 instances the collector reads, or how many fake ones the synthetic source makes. */
export interface CollectorTargets {
  /** Instances carrying this tag. */
  readonly tag?: { readonly key: string; readonly value: string };
  /** Or these instances. */
  readonly instanceIds?: readonly string[];
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
   * Overrides of the function's own arguments, applied over the defaults. Role, code, handler,
   * runtime, name and the handler's environment variables stay as the component sets them.
   */
  readonly args?: Partial<aws.lambda.FunctionArgs>;
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
  /** The lake bucket (MetricStore.bucketName / bucketArn). */
  readonly lakeBucketName: pulumi.Input<string>;
  readonly lakeBucketArn: pulumi.Input<string>;
  /** The hot table (MetricStore.tableName / tableArn). */
  readonly tableName: pulumi.Input<string>;
  readonly tableArn: pulumi.Input<string>;
  /** Days a hot-table item lives (MetricStore.hotTableTtlDays). @default 7 */
  readonly hotTableTtlDays?: number;
  /** The SNS topic for run notifications and threshold alerts. */
  readonly alertTopicArn: pulumi.Input<string>;
  /** The topic's customer-managed KMS key; publishers get kms:GenerateDataKey* and kms:Decrypt on it. */
  readonly alertTopicKmsKeyArn?: pulumi.Input<string>;
  /** The lake's customer-managed KMS key (MetricStore kmsKeyArn). @default none (SSE-S3) */
  readonly lakeKmsKeyArn?: pulumi.Input<string>;
  /** EventBridge Scheduler expression, rate() or cron(). @default "rate(3 hours)" */
  readonly schedule?: string;
  /** Time zone of a cron() schedule. @default "UTC" */
  readonly scheduleTimezone?: string;
  /** Standard (exactly-once, 90-day history) or Express (cheap at high frequency). @default "STANDARD" */
  readonly workflowType?: "STANDARD" | "EXPRESS";
  /** Where the collector reads metrics. @default "cloudwatch" */
  readonly metricSource?: "cloudwatch" | "synthetic";
  /** The instances to collect; the cloudwatch source needs tag or instanceIds. @default {} */
  readonly targets?: CollectorTargets;
  /** Alert thresholds of the processor, in percent. @default cpu 80, memory 90, disk 85, errorRate 5 */
  readonly thresholds?: Partial<Thresholds>;
  /** Publish a notification after every successful run too. @default false */
  readonly notifyOnSuccess?: boolean;
  /** Retention of every log group, in days (a CloudWatch Logs value). @default 30 */
  readonly logRetentionDays?: number;
  /** KMS key for the log groups. @default none (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** KMS key for the two queues. @default none (SSE-SQS) */
  readonly queueKmsKeyArn?: pulumi.Input<string>;
  /** The data-collector function. */
  readonly collector?: CollectorWorkflowFunctionArgs;
  /** The log-processor function and its asynchronous invocation settings. */
  readonly processor?: CollectorWorkflowFunctionArgs & {
    /** Lambda's retries of a failed S3 event (0-2). @default 2 */
    readonly maximumRetryAttempts?: number;
    /** Seconds an S3 event may wait for processing (60-21600). @default 21600 */
    readonly maximumEventAgeInSeconds?: number;
  };
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
  /** EventBridge Scheduler's retry policy before the dead-letter queue. */
  readonly scheduleRetry?: {
    /** 0-185. @default 3 */
    readonly maximumRetryAttempts?: number;
    /** 60-86400. @default 3600 */
    readonly maximumEventAgeInSeconds?: number;
  };
  /** State machine log level; OFF warns. @default "ERROR" for Standard, "ALL" with execution data for Express */
  readonly stateMachineLogLevel?: StateMachineLogLevel;
  /** X-Ray tracing of the functions and the state machine (turning it off warns). @default true */
  readonly tracing?: boolean;
  /** Tags for every taggable child. @default {} */
  readonly tags?: Record<string, string>;
}
