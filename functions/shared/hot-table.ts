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
});

export interface HotTableItem extends MetricRecord {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  /** Epoch seconds; DynamoDB TTL deletes the item after it. */
  expires_at: number;
}

/**
 * The item for a record. The key is a pure function of the record, so writing the same
 * record twice (a retried invocation, a re-delivered object) leaves one item.
 */
export function toHotTableItem(
  record: MetricRecord,
  ttlDays: number,
  extra: Record<string, unknown> = {},
): HotTableItem {
  const expiresAt = Math.floor(Date.parse(record.timestamp) / 1000) + ttlDays * 86_400;
  return {
    ...extra,
    ...record,
    pk: `INSTANCE#${record.instance_id}`,
    sk: `${record.timestamp}#${record.metric_type}#${record.metric_name}`,
    gsi1pk: `METRIC#${record.metric_type}`,
    gsi1sk: `${record.timestamp}#${record.instance_id}#${record.metric_name}`,
    expires_at: expiresAt,
  };
}
