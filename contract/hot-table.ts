import type { MetricRecord } from "./metric-record";

/**
 * The hot table's key design. One table serves three access patterns:
 * - one instance over a time range:       Query pk = INSTANCE#<id>, sk BETWEEN <t1> AND <t2>~
 * - one metric type across instances:     Query index by-metric-type, gsi1pk = METRIC#<type>#<shard>
 *                                          for every shard 0..metricTypeIndexShards-1, gsi1sk range,
 *                                          results merged (hot-table-query.ts)
 * - the latest values of an instance:     Query pk = INSTANCE#<id>, ScanIndexForward = false, Limit n
 * The sort keys start with the ISO timestamp, so they sort by time. A run writes every item of
 * a type in the same time range, so one index key per type would take a whole run's writes on
 * one partition (DynamoDB gives each at most 1,000 write units a second, and a rising sort key
 * cannot be split for heat): the instance's stable hash spreads them over the shards.
 */
export const HOT_TABLE_KEYS = Object.freeze({
  partitionKey: "pk",
  sortKey: "sk",
  metricTypeIndex: "by-metric-type",
  metricTypeIndexPartitionKey: "gsi1pk",
  metricTypeIndexSortKey: "gsi1sk",
  ttlAttribute: "expires_at",
  /** Partition keys of metric items (other items, such as idempotency records, use others). */
  instancePrefix: "INSTANCE#",
  metricTypePrefix: "METRIC#",
  /**
   * Index partition keys per metric type. 128 keeps the busiest index partition near 420 write
   * units a second at 10,000 instances even with the whole table writing one type at its
   * default on-demand quota (40,000 a second): `npm run check` prints the figure. Changing it
   * hides items written under the other count from readers until the TTL removes them.
   */
  metricTypeIndexShards: 128,
});

/** FNV-1a of the id: stable across processes and deploys, and cheap enough for every line. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The index shard an instance's items are written under: the same for all of its items. */
export function metricTypeShard(instanceId: string): number {
  return stableHash(instanceId) % HOT_TABLE_KEYS.metricTypeIndexShards;
}

/** The index partition key of one metric type's shard: `METRIC#<type>#<shard>`. */
export function metricTypeIndexKey(metricType: string, shard: number): string {
  return `${HOT_TABLE_KEYS.metricTypePrefix}${metricType}#${shard}`;
}

/**
 * Every index partition key a reader queries for one metric type: each shard, then the
 * unsharded `METRIC#<type>` that items written before the sharding carry (the TTL removes
 * them within hotTableTtlDays; until then one more query finds them).
 */
export function metricTypeIndexKeys(metricType: string): string[] {
  const keys = Array.from({ length: HOT_TABLE_KEYS.metricTypeIndexShards }, (_, shard) =>
    metricTypeIndexKey(metricType, shard),
  );
  return [...keys, `${HOT_TABLE_KEYS.metricTypePrefix}${metricType}`];
}

/** Partition value of the log processor's idempotency records in the hot table. */
export const IDEMPOTENCY_PK = "IDEMPOTENCY#log-processor";

/** A metric item as readers get it back; the processor writes it as HotTableAttributes. */
export interface HotTableItem extends MetricRecord {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  /** Epoch seconds; DynamoDB TTL deletes the item after it. */
  expires_at: number;
  /** The lake object and line the item was ingested from, when, and how late. */
  ingested_at: string;
  source_key: string;
  source_line: number;
  ingest_lag_seconds: number;
}

/** Where and when an object's lines are ingested: built once per object, read for every line. */
export interface IngestContext {
  readonly sourceKey: string;
  readonly ingestedAtIso: string;
  readonly ingestedAtMs: number;
  readonly ttlDays: number;
}

export function ingestContext(sourceKey: string, ingestedAt: Date, ttlDays: number): IngestContext {
  return {
    sourceKey,
    ingestedAtIso: ingestedAt.toISOString(),
    ingestedAtMs: ingestedAt.getTime(),
    ttlDays,
  };
}
