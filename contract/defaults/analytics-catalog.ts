/**
 * AnalyticsCatalog's defaults. Every entry is repeated in docs/components/analytics-catalog.md's "Default settings"
 * table; the security ones log a warning when an argument weakens them.
 */
export const ANALYTICS_CATALOG_DEFAULTS = Object.freeze({
  projectionYears: Object.freeze({ first: 2024, last: 2099 }),
  /** 1 GiB: about $0.005 of scanning at $5 per TB. Without `fleet`; with it, sized from it. */
  bytesScannedCutoffPerQuery: 1024 ** 3,
  resultsExpireDays: 7,
  engineVersion: "Athena engine version 3",
  publishCloudwatchMetrics: true,
  /** Security defaults. */
  enforceWorkgroupConfiguration: true,
  deletionProtection: true,
});

/** The largest fleet the catalog sizes its queries for. */
export const MAX_FLEET_INSTANCES = 1_000_000;
/** A fleet's period when not given: detailed monitoring's, the most data a fleet can send. */
export const DEFAULT_FLEET_PERIOD_SECONDS = 60;

/** Athena refuses a smaller per-query cutoff. */
export const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 2;

/** Table names inside the component's own database. */
export const TABLE_NAMES = Object.freeze({
  metrics: "metrics",
  quarantine: "quarantine",
  curated: "metrics_curated",
});

/** Days before an unfinished multipart upload of a result is aborted. */
export const RESULTS_ABORT_UPLOAD_DAYS = 1;

/** The compaction's defaults (AnalyticsCatalogArgs.compaction). */
export const COMPACTION_DEFAULTS = Object.freeze({
  enabled: true,
  /** 01:30 UTC: yesterday is closed and its last 3-hourly run has landed. */
  schedule: "cron(30 1 * * ? *)",
  logRetentionDays: 30,
  /** MetricStore's rawMetricsExpireDays: a day is checked for as long as its raw objects exist. */
  catchUpDays: 30,
  /** EventBridge Scheduler's retries of a failed start. */
  scheduleRetry: Object.freeze({ maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 }),
});
