/**
 * MetricStore's defaults. Every entry is repeated in docs/components/metric-store.md's "Default settings" table;
 * the security ones log a warning when an argument weakens them.
 */
export const METRIC_STORE_DEFAULTS = Object.freeze({
  /** Days an item stays in the hot table before DynamoDB TTL removes it. */
  hotTableTtlDays: 7,
  lifecycle: Object.freeze({
    infrequentAccessDays: 30,
    /** No archive tier unless asked for. */
    archiveDays: undefined as number | undefined,
    expireDays: 365,
    /** raw-metrics/ once compacted: a month to re-run a day's compaction from it. */
    rawMetricsExpireDays: 30,
    noncurrentVersionExpireDays: 30,
    abortIncompleteUploadDays: 7,
  }),
  accessLogExpireDays: 90,
  /** On-demand capacity: no idle cost, no throttling at a run's burst. */
  billingMode: "PAY_PER_REQUEST",
  /** Read and write units of a PROVISIONED table and of its index. */
  provisionedCapacity: 5,
  /** Security defaults. */
  versioning: true,
  accessLogging: true,
  pointInTimeRecovery: true,
  deletionProtection: true,
});

/**
 * The archive tier of the prefixes Athena reads: Glacier Instant Retrieval, which Athena reads
 * like Standard (it skips Glacier Flexible Retrieval and Deep Archive objects silently).
 */
export const ARCHIVE_STORAGE_CLASS = "GLACIER_IR";
/** The archive tier of raw-logs/, which no table reads: Glacier Flexible Retrieval (restore first). */
export const UNQUERIED_ARCHIVE_STORAGE_CLASS = "GLACIER";
/**
 * S3's minimum storage durations (days), billed in full for an object deleted or moved earlier;
 * S3 also refuses a Standard-IA transition before 30 days, and a Glacier one less than 30 days
 * after the Standard-IA one. https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export const MIN_STORAGE_DAYS = Object.freeze({ standardIa: 30, glacier: 90 });
/** S3 moves no object under 128 KB to another class (the default since September 2024, set explicitly). */
export const TRANSITION_MINIMUM_OBJECT_SIZE = "all_storage_classes_128K";
/** Prefix of the server access logs in the log bucket. */
export const ACCESS_LOG_PREFIX = "access-logs/";
