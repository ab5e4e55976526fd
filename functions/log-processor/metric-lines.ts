import { type HotTableItem, toHotTableItem } from "../shared/hot-table";
import { canonicalTimestamp, timestampWindowIssue } from "../shared/limits";
import { type MetricRecord, validateMetricRecord } from "../shared/metric-record";
import { fastMetricRecord } from "./fast-record";

export type LineOutcome =
  | {
      readonly ok: true;
      /** Its timestamp canonical (toISOString, millisecond precision): one instant, one key. */
      readonly record: MetricRecord;
      readonly coerced: boolean;
      readonly timeMs: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses and validates one raw-metrics/ line; the reason says exactly what is wrong.
 * `nowMs` bounds the timestamp window (see RECORD_LIMITS).
 */
export function parseMetricLine(raw: string, nowMs: number = Date.now()): LineOutcome {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: "not a JSON object" };
  }
  // Read before the fast path turns a numeric-string value into its number.
  let coerced = typeof (json as { value?: unknown }).value === "string";
  let record = fastMetricRecord(json as Record<string, unknown>);
  if (!record) {
    const result = validateMetricRecord(json);
    if (!result.ok) return { ok: false, reason: result.errors.join("; ") };
    ({ record, coerced } = result);
  }
  const timeMs = Date.parse(record.timestamp);
  const late = timestampWindowIssue(timeMs, nowMs);
  if (late) return { ok: false, reason: `timestamp: ${late}` };
  // "…00Z" and "…00.000Z" are one instant: the key is built from one spelling of it.
  record.timestamp = canonicalTimestamp(record.timestamp);
  return { ok: true, record, coerced, timeMs };
}

/** Where and when an object's lines are ingested: built once per object, read for every line. */
export interface EnrichContext {
  readonly sourceKey: string;
  readonly ingestedAtIso: string;
  readonly ingestedAtMs: number;
  readonly ttlDays: number;
}

export function enrichContext(sourceKey: string, ingestedAt: Date, ttlDays: number): EnrichContext {
  return {
    sourceKey,
    ingestedAtIso: ingestedAt.toISOString(),
    ingestedAtMs: ingestedAt.getTime(),
    ttlDays,
  };
}

/** The hot-table item of a valid line, with where and when it was ingested. */
export function enrich(
  record: MetricRecord,
  line: number,
  ctx: EnrichContext,
  recordTimeMs: number = Date.parse(record.timestamp),
): HotTableItem {
  const lagSeconds = Math.max(0, Math.round((ctx.ingestedAtMs - recordTimeMs) / 1000));
  return toHotTableItem(
    record,
    ctx.ttlDays,
    {
      ingested_at: ctx.ingestedAtIso,
      source_key: ctx.sourceKey,
      source_line: line,
      ingest_lag_seconds: lagSeconds,
    },
    recordTimeMs,
  );
}
