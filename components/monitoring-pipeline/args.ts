import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AnalyticsFleetArgs } from "../analytics-catalog/args";
import type { CollectorTargets } from "../collector-workflow/args";
import type { MetricStoreLifecycleArgs } from "../metric-store/args";
import type { AnomalyDetectionArgs } from "../shared/anomaly-args";
import type { ThresholdArgs } from "../shared/threshold-args";
import type { TagsInput } from "../shared/tags";

/** Resources the pipeline uses instead of creating its own. */
export interface MonitoringPipelineExistingArgs {
  /**
   * The lake bucket (an `aws.s3.Bucket`; an `aws.s3.BucketV2` goes by lakeBucketName). Its owner keeps its
   * settings; it must send events to EventBridge (the pipeline does not touch its notification
   * configuration), and be in the pipeline's region and account (checked before any resource
   * is created). @default none (created)
   */
  readonly lakeBucket?: aws.s3.Bucket;
  /**
   * Or the lake bucket by name or ARN: another stack's output, or an `aws.s3.BucketV2`'s
   * `bucket`. Read through the pipeline's provider, with the same conditions as lakeBucket.
   * @default none (created)
   */
  readonly lakeBucketName?: pulumi.Input<string>;
  /**
   * The hot table; its keys, its index's keys (keySchemas or hashKey / rangeKey) and TTL are
   * checked before any resource is created. @default none (created)
   */
  readonly hotTable?: aws.dynamodb.Table;
  /** The alert topic; its policy must let CloudWatch and the pipeline's roles publish. @default none (created) */
  readonly alertTopic?: aws.sns.Topic;
  /**
   * A customer-managed KMS key for the lake, the table, the query results and the alert topic;
   * its policy must let CloudWatch alarms use it. @default none (SSE-S3, AWS-managed keys, a created topic key)
   */
  readonly kmsKey?: aws.kms.Key;
  /**
   * Or that key by ARN, for example another stack's output; the same conditions as kmsKey.
   * @default none
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface MonitoringPipelineArgs {
  /** Deployment name (dev, prod): handlers, notifications, metric dimensions, descriptions. */
  readonly environment: string;
  /**
   * Prefix of every child's name and of the physical names derived from them; unique per
   * account and region. @default the component's name
   */
  readonly namePrefix?: string;
  /** EventBridge Scheduler expression, rate() or cron(); alarm periods follow it. @default "rate(3 hours)" */
  readonly schedule?: string;
  /** Time zone of a cron() schedule. @default "UTC" */
  readonly scheduleTimezone?: string;
  /** STANDARD or EXPRESS. @default "STANDARD" */
  readonly workflowType?: string;
  /** Where the collector reads metrics: "cloudwatch" or "synthetic". @default "cloudwatch" */
  readonly metricSource?: string;
  /**
   * The instances to collect; the cloudwatch source needs tag or instanceIds. The tag's key and
   * value, and the ids (the list or each id), may be Outputs, checked when they resolve.
   * @default {}
   */
  readonly targets?: CollectorTargets;
  /** Alert thresholds, for the processor's alerts, the alarms and the queries alike. @default cpu 80, memory 90, disk 85, errorRate 5 */
  readonly thresholds?: ThresholdArgs;
  /** The processor's anomaly detection per series. @default { enabled: false, sensitivity: 0.45, metrics: cpu, memory and disk utilization } */
  readonly anomalyDetection?: AnomalyDetectionArgs;
  /**
   * One e-mail subscription per address. An address may be an Output (another stack's, or a
   * secret, which stays secret), checked when it resolves; the list itself cannot be one: it
   * sets how many subscriptions there are. @default [] (warns)
   */
  readonly alertEmails?: pulumi.Input<string>[];
  /**
   * Fast alerts: Metrics Insights alarms on the source metrics (AWS/EC2, CWAgent) per threshold,
   * within a period or two of the data; billed per instance metric analyzed. @default false
   */
  readonly fastAlerts?: boolean;
  /** Datapoint resolution of the cloudwatch source, in seconds (a multiple of 60). @default 300 */
  readonly collectionPeriodSeconds?: number;
  /** Publish a notification after every successful run too. @default false */
  readonly notifyOnSuccess?: boolean;
  /**
   * The fleet the lake's queries are sized for (AnalyticsCatalog's `fleet`: the Athena scan
   * cutoff follows from it). @default none: a 1 GiB cutoff
   */
  readonly fleet?: AnalyticsFleetArgs;
  /**
   * The collector state machine's execution timeout in whole seconds (CollectorWorkflow's
   * executionTimeoutSeconds): at least one healthy round, at most 31536000 (Standard) or 300
   * (Express). @default every shard round at its worst, capped at the schedule's interval,
   * never below one healthy round: 5406 s with the defaults
   */
  readonly executionTimeoutSeconds?: number;
  /** Days an item stays in the hot table. @default 7 */
  readonly hotTableTtlDays?: number;
  /** Storage tiers and expiry of the lake. @default IA at 30 days, expiry at 365 */
  readonly lifecycle?: MetricStoreLifecycleArgs;
  /** Retention of every log group, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Deletion protection of the table and buckets (turning it off warns). @default true */
  readonly deletionProtection?: boolean;
  /** Resources to use instead of creating them. @default {} */
  readonly existing?: MonitoringPipelineExistingArgs;
  /**
   * Tags for every taggable child, at most 50 (keys up to 128 characters, not starting with
   * `aws:`; values up to 256). The map or any value may be an Output (another stack's, or a
   * secret, which stays secret on every child); it is checked when it resolves. @default {}
   */
  readonly tags?: TagsInput;
}
