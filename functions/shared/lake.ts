import type { MetricType } from "./metric-record";

/** Top-level prefixes of the lake bucket. */
export const LAKE_PREFIXES = Object.freeze({
  metrics: "raw-metrics/",
  logs: "raw-logs/",
  quarantine: "quarantine/",
  /** Parquet compacted from raw-metrics/, one prefix per UTC day (AnalyticsCatalog's compaction). */
  curated: "curated-metrics/",
});

/** The prefixes whose new objects S3 hands to the log processor (the lake's notification). */
export const PROCESSOR_TRIGGER_PREFIXES: readonly string[] = Object.freeze([
  LAKE_PREFIXES.metrics,
  LAKE_PREFIXES.logs,
]);

const pad = (n: number) => String(n).padStart(2, "0");

/** Hive-style partition path for an instant, in UTC: year=YYYY/month=MM/day=DD/hour=HH/. */
export function partitionPath(at: Date): string {
  return (
    `year=${at.getUTCFullYear()}/month=${pad(at.getUTCMonth() + 1)}/` +
    `day=${pad(at.getUTCDate())}/hour=${pad(at.getUTCHours())}/`
  );
}

/**
 * The object one collector run writes for one metric type. Deterministic in its inputs,
 * so a retried invocation overwrites its own object instead of adding a second one.
 */
export function metricObjectKey(at: Date, metricType: MetricType, executionId: string): string {
  const safeId = executionId.replace(/[^A-Za-z0-9_.-]/g, "_");
  return `${LAKE_PREFIXES.metrics}${partitionPath(at)}${metricType}-${safeId}.jsonl`;
}

/** Where the bad lines of an object go: quarantine/<original key>.errors.jsonl. */
export function quarantineKey(sourceKey: string): string {
  return `${LAKE_PREFIXES.quarantine}${sourceKey}.errors.jsonl`;
}
