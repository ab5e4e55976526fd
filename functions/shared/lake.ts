import type { MetricType } from "./metric-record";

/** Top-level prefixes of the lake bucket. */
export const LAKE_PREFIXES = Object.freeze({
  metrics: "raw-metrics/",
  logs: "raw-logs/",
  quarantine: "quarantine/",
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
 * An object a collector invocation writes: one per metric type, shard and hour of the records
 * (so the hour partitions hold what their names say). `stamp` names the window or instant read:
 * deterministic, so a retried or replayed run overwrites its own objects instead of adding more.
 */
export function metricObjectKey(
  hour: Date,
  metricType: MetricType,
  stamp: string,
  shard: { readonly index: number; readonly count: number } = { index: 0, count: 1 },
): string {
  return (
    `${LAKE_PREFIXES.metrics}${partitionPath(hour)}` +
    `${metricType}-${stamp}-shard-${shard.index}-of-${shard.count}.jsonl`
  );
}

/** Where the bad lines of an object go: quarantine/<original key>.errors.jsonl. */
export function quarantineKey(sourceKey: string): string {
  return `${LAKE_PREFIXES.quarantine}${sourceKey}.errors.jsonl`;
}
