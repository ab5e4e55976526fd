import { createHash } from "node:crypto";
import type { MetricType } from "./metric-types";

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

/** Characters of the source object's name kept in its quarantine key. */
export const QUARANTINE_NAME_CHARS = 100;

/**
 * Where the bad lines of one object version go, partitioned like raw by the UTC hour `at` they
 * were quarantined in: quarantine/year=…/hour=HH/<name>-<hash>.errors.jsonl. The name is the
 * source's file name, sanitized and cut to QUARANTINE_NAME_CHARS; the hash (of the whole key
 * and `version`, its version id or eTag) keeps two sources apart. At most 175 bytes, whatever
 * the source key (up to S3's 1,024). The quarantine lines name the full source_key.
 */
export function quarantineKey(sourceKey: string, at: Date, version = ""): string {
  const base = sourceKey.slice(sourceKey.lastIndexOf("/") + 1);
  const name = base.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, QUARANTINE_NAME_CHARS);
  const hash = createHash("sha256")
    .update(JSON.stringify([sourceKey, version]))
    .digest("hex");
  return `${LAKE_PREFIXES.quarantine}${partitionPath(at)}${name}-${hash.slice(0, 16)}.errors.jsonl`;
}
