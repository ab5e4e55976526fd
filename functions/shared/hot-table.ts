import type { MetricRecord } from "./metric-record";

/**
 * The hot table's key design. One table serves three access patterns:
 * - one instance over a time range:       Query pk = INSTANCE#<id>, sk BETWEEN <t1> AND <t2>~
 * - one metric type across instances:     Query index by-metric-type, gsi1pk = METRIC#<type>, gsi1sk range
 * - the latest values of an instance:     Query pk = INSTANCE#<id>, ScanIndexForward = false, Limit n
 * The sort keys start with the ISO timestamp, so they sort by time.
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
});

/** Partition value of the log processor's idempotency records in the hot table. */
export const IDEMPOTENCY_PK = "IDEMPOTENCY#log-processor";

export interface HotTableItem extends MetricRecord {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  /** Epoch seconds; DynamoDB TTL deletes the item after it. */
  expires_at: number;
}

/** Where an item came from: the collector run that read it, or the lake line it was ingested from. */
export interface ItemProvenance {
  readonly execution_id?: string;
  readonly ingested_at?: string;
  readonly source_key?: string;
  readonly source_line?: number;
  readonly ingest_lag_seconds?: number;
}

/**
 * The item for a record. The key is a pure function of the record, so writing the same
 * record twice (a retried invocation, a re-delivered object) leaves one item.
 */
export function toHotTableItem(
  record: MetricRecord,
  ttlDays: number,
  from: ItemProvenance = {},
  recordTimeMs: number = Date.parse(record.timestamp),
): HotTableItem & ItemProvenance {
  const { timestamp, instance_id, metric_type, metric_name } = record;
  // One literal of one shape: the processor builds an item for every line it ingests.
  // Absent provenance fields stay undefined and are dropped when the item is marshalled.
  return {
    timestamp,
    instance_id,
    region: record.region,
    metric_type,
    metric_name,
    value: record.value,
    unit: record.unit,
    metadata: record.metadata,
    pk: `${HOT_TABLE_KEYS.instancePrefix}${instance_id}`,
    sk: `${timestamp}#${metric_type}#${metric_name}`,
    gsi1pk: `${HOT_TABLE_KEYS.metricTypePrefix}${metric_type}`,
    gsi1sk: `${timestamp}#${instance_id}#${metric_name}`,
    expires_at: Math.floor(recordTimeMs / 1000) + ttlDays * 86_400,
    execution_id: from.execution_id,
    ingested_at: from.ingested_at,
    source_key: from.source_key,
    source_line: from.source_line,
    ingest_lag_seconds: from.ingest_lag_seconds,
  };
}
