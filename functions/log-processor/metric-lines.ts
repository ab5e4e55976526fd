import { canonicalTimestamp, timestampWindowIssue } from "../../contract/limits";
import { type MetricRecord, validateMetricRecord } from "../../contract/metric-record";
import { fastRecordTime } from "./fast-record";
import { loneSurrogateIssue } from "./lone-surrogates";

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
  const surrogate = loneSurrogateIssue(raw, json);
  if (surrogate) return { ok: false, reason: surrogate };
  // Read before the fast path turns a numeric-string value into its number.
  let coerced = typeof (json as { value?: unknown }).value === "string";
  let timeMs = fastRecordTime(json as Record<string, unknown>);
  let record = json as MetricRecord;
  if (Number.isNaN(timeMs)) {
    const result = validateMetricRecord(json);
    if (!result.ok) return { ok: false, reason: result.errors.join("; ") };
    ({ record, coerced } = result);
    timeMs = Date.parse(record.timestamp);
  }
  const late = timestampWindowIssue(timeMs, nowMs);
  if (late) return { ok: false, reason: `timestamp: ${late}` };
  // "…00Z" and "…00.000Z" are one instant: the key is built from one spelling of it.
  record.timestamp = canonicalTimestamp(record.timestamp);
  return { ok: true, record, coerced, timeMs };
}
