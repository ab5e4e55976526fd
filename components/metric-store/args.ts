import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { TagsInput } from "../shared/tags";

export interface MetricStoreLifecycleArgs {
  /** Days before objects move to S3 Standard-IA (at least 30), per prefix as docs/components/metric-store.md lists. @default 30 */
  readonly infrequentAccessDays?: number;
  /**
   * Days before objects move to the archive tier: Glacier Instant Retrieval where Athena reads
   * (curated-metrics/, quarantine/), Glacier Flexible Retrieval for raw-logs/ (no table reads
   * it). At least infrequentAccessDays + 30, and at most expireDays - 90 (S3's minimums).
   * @default no archive tier
   */
  readonly archiveDays?: number;
  /** Days before objects are deleted (curated-metrics/, raw-logs/, quarantine/). @default 365 */
  readonly expireDays?: number;
  /**
   * Days raw-metrics/ objects are kept: AnalyticsCatalog's daily compaction has copied them to
   * curated-metrics/ by then, which carries the tiers and the long retention. Set it to
   * expireDays where nothing compacts the lake. @default 30
   */
  readonly rawMetricsExpireDays?: number;
  /** Days a replaced or deleted object version is kept. @default 30 */
  readonly noncurrentVersionExpireDays?: number;
  /** Days before an unfinished multipart upload is aborted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
}

export interface MetricStoreArgs {
  /** Days an item stays in the hot table (DynamoDB TTL). @default 7 */
  readonly hotTableTtlDays?: number;
  /** Storage tiers and expiry of the lake bucket. */
  readonly lifecycle?: MetricStoreLifecycleArgs;
  /** Days server access logs are kept. @default 90 */
  readonly accessLogExpireDays?: number;
  /**
   * A customer-managed KMS key for the lake bucket and the table.
   * @default SSE-S3 for the bucket, the AWS-managed `aws/dynamodb` key for the table
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Keep every object version (security default; turning it off warns). @default true */
  readonly versioning?: boolean;
  /** Server access logging of the lake bucket (security default). @default true */
  readonly accessLogging?: boolean;
  /** Point-in-time recovery of the table (security default). @default true */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Table deletion protection, and buckets that refuse to be deleted while they hold objects.
   * Turning it off (dev stacks) warns. @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Tags for every taggable child, at most 50 (keys up to 128 characters, not starting with
   * `aws:`; values up to 256). The map or any value may be an Output (another stack's, or a
   * secret, which stays secret on every child); it is checked when it resolves. @default {}
   */
  readonly tags?: TagsInput;
  /** The lake bucket: an existing one, or settings of the one created. @default a bucket is created */
  readonly bucket?: MetricStoreBucketArgs;
  /** The hot table: an existing one, or settings of the one created. @default a table is created */
  readonly table?: MetricStoreTableArgs;
}

/** The lake bucket. */
export interface MetricStoreBucketArgs {
  /**
   * An existing bucket to use as the lake (for example `aws.s3.Bucket.get`; for an
   * `aws.s3.BucketV2`, pass its `bucket` as existingName). Its region and account must be the
   * component's (checked before any resource is created). The component then
   * changes nothing on it: its owner keeps its encryption, versioning, lifecycle, logging and
   * policy, and lifecycle/versioning/accessLogging arguments are ignored with a warning.
   * @default none (a bucket is created)
   */
  readonly existing?: aws.s3.Bucket;
  /**
   * An existing bucket by name or ARN: another stack's output, or an `aws.s3.BucketV2`'s
   * `bucket`. Read through the component's provider; nothing is changed on it, as with
   * `existing`, and the same checks apply. Give one of the two.
   * @default none (a bucket is created)
   */
  readonly existingName?: pulumi.Input<string>;
  /** Tags of the created bucket, over `tags` (together at most 50; may be an Output, as `tags`). @default {} */
  readonly tags?: TagsInput;
}

/** The hot table. */
export interface MetricStoreTableArgs {
  /**
   * An existing table (for example `aws.dynamodb.Table.get`). Its keys, its index's keys (as
   * keySchemas or hashKey / rangeKey) and TTL attribute are checked against what the handlers
   * write before any resource is created; the other settings here are ignored with a warning.
   * @default none (a table is created)
   */
  readonly existing?: aws.dynamodb.Table;
  /** PAY_PER_REQUEST or PROVISIONED. @default "PAY_PER_REQUEST" */
  readonly billingMode?: string;
  /** Read capacity units of the table and its index (PROVISIONED only). @default 5 */
  readonly readCapacity?: number;
  /** Write capacity units of the table and its index (PROVISIONED only). @default 5 */
  readonly writeCapacity?: number;
  /** Tags of the created table, over `tags` (together at most 50; may be an Output, as `tags`). @default {} */
  readonly tags?: TagsInput;
}
