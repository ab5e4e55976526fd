/**
 * MetricStore's defaults. Every entry is repeated in the README's "Default settings" table;
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

/** The storage class of the archive tier (Glacier Flexible Retrieval). */
export const ARCHIVE_STORAGE_CLASS = "GLACIER";
/** Prefix of the server access logs in the log bucket. */
export const ACCESS_LOG_PREFIX = "access-logs/";
