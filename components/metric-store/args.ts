import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface MetricStoreLifecycleArgs {
  /** Days before objects move to S3 Standard-IA (at least 30), per prefix as README "Lake lifecycle" lists. @default 30 */
  readonly infrequentAccessDays?: number;
  /** Days before objects move to Glacier Flexible Retrieval. @default no archive tier */
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
  /** Tags for every taggable child. @default {} */
  readonly tags?: Record<string, string>;
  /** Overrides of the lake bucket's own arguments, applied over the defaults. */
  readonly bucket?: { readonly args?: Partial<aws.s3.BucketArgs> };
  /** Overrides of the table's arguments; keys, index and TTL attribute stay as the handlers need. */
  readonly table?: { readonly args?: Partial<aws.dynamodb.TableArgs> };
}
