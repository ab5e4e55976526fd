import type * as pulumi from "@pulumi/pulumi";
import type { ThresholdArgs } from "../shared/threshold-args";
import type { TagsInput } from "../shared/tags";

/** The years partition projection covers. */
export interface ProjectionYearsArgs {
  /** The first year. */
  readonly first: number;
  /** The last year. */
  readonly last: number;
}

/** The query results bucket. */
export interface AnalyticsResultsBucketArgs {
  /** Tags of the results bucket, over `tags` (together at most 50; may be an Output, as `tags`). @default {} */
  readonly tags?: TagsInput;
}

/** The Athena workgroup; its configuration follows from the catalog's args, its tags from `tags`. */
export interface AnalyticsWorkgroupArgs {
  /**
   * The workgroup's description; may be an Output (passed to the workgroup as it is).
   * @default "Infrastructure-monitoring queries (<environment>)"
   */
  readonly description?: pulumi.Input<string>;
  /** ENABLED or DISABLED. @default "ENABLED" */
  readonly state?: string;
}

/** The daily compaction of raw-metrics/ into the curated Parquet layer. */
export interface AnalyticsCatalogCompactionArgs {
  /** Create the schedule enabled (the state machine exists either way). @default true */
  readonly enabled?: boolean;
  /** When it runs, in UTC (EventBridge Scheduler cron() or rate()). @default "cron(30 1 * * ? *)" */
  readonly schedule?: string;
  /** Days the compaction's execution logs are kept. @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Closed days each run checks (yesterday first) and compacts if never compacted or grown
   * since: at most the lake's raw-metrics/ retention (MetricStore's
   * `lifecycle.rawMetricsExpireDays`), and at most 62. @default 30
   */
  readonly catchUpDays?: number;
}

/** The fleet the lake's queries are sized for. */
export interface AnalyticsFleetArgs {
  /** Instances the collector reads (1 to 1,000,000). */
  readonly instances: number;
  /** Seconds between two datapoints of a series: 60 with detailed monitoring. @default 60 */
  readonly periodSeconds?: number;
}

export interface AnalyticsCatalogArgs {
  /** Short name of the deployment (dev, prod), used in descriptions. */
  readonly environment: string;
  /** The lake bucket (MetricStore's `bucketName`). */
  readonly lakeBucketName: pulumi.Input<string>;
  /** The lake bucket's ARN (MetricStore's `bucketArn`), for the query policy. */
  readonly lakeBucketArn: pulumi.Input<string>;
  /** Alert thresholds the threshold-violations query applies. @default cpu 80, memory 90, disk 85, errorRate 5 */
  readonly thresholds?: ThresholdArgs;
  /**
   * Glue database name: lower-case letters, digits and underscores.
   * @default the component name with dashes turned into underscores
   */
  readonly databaseName?: string;
  /** Years partition projection covers; queries outside them return nothing. @default { first: 2024, last: 2099 } */
  readonly projectionYears?: ProjectionYearsArgs;
  /**
   * Bytes one query may scan before Athena cancels it (at least 10 MiB). A cutoff under what
   * the largest query scans at `fleet` warns.
   * @default sized from `fleet`: the largest compaction or named query with 25 % headroom, in
   * whole GiB, at least 1 GiB; 1 GiB without `fleet`
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * The fleet the queries are sized for (see `bytesScannedCutoffPerQuery`).
   * @default none: a 1 GiB cutoff, enough for about 500 instances at 5-minute data
   */
  readonly fleet?: AnalyticsFleetArgs;
  /** Days query results are kept in the results bucket. @default 7 */
  readonly resultsExpireDays?: number;
  /** Athena engine version of the workgroup. @default "Athena engine version 3" */
  readonly engineVersion?: string;
  /** Publish the workgroup's query metrics to CloudWatch. @default true */
  readonly publishCloudwatchMetrics?: boolean;
  /**
   * Workgroup settings override client-side settings (results location, encryption, cutoff).
   * Security default; turning it off warns. @default true
   */
  readonly enforceWorkgroupConfiguration?: boolean;
  /**
   * A customer-managed KMS key: SSE-KMS for the results bucket and the query results, and
   * decrypt rights in the query policy (pass the lake's key if the lake uses one).
   * @default SSE-S3
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * The results bucket refuses deletion while it holds objects, and the workgroup while it
   * holds named queries. Turning it off (dev stacks) warns. @default true
   */
  readonly deletionProtection?: boolean;
  /** The daily compaction into curated-metrics/ (Parquet). @default enabled, 01:30 UTC */
  readonly compaction?: AnalyticsCatalogCompactionArgs;
  /** SNS topic the compaction's alarms notify (AlertingStack's `topicArn`). @default no actions */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /**
   * Tags for every taggable child, at most 50 (keys up to 128 characters, not starting with
   * `aws:`; values up to 256). The map or any value may be an Output (another stack's, or a
   * secret, which stays secret on every child); it is checked when it resolves. @default {}
   */
  readonly tags?: TagsInput;
  /** Settings of the results bucket. @default {} */
  readonly resultsBucket?: AnalyticsResultsBucketArgs;
  /** Settings of the workgroup. @default {} */
  readonly workgroup?: AnalyticsWorkgroupArgs;
}
