/**
 * The store's limits, carried by the record schema so that a line DynamoDB would refuse is
 * quarantined with a clear reason instead of failing its whole object.
 *
 * Key sizes: the hot table writes a record under pk = "INSTANCE#<instance_id>" (partition key,
 * at most 2,048 bytes) and gsi1sk = "<timestamp>#<instance_id>#<metric_name>" (the index's sort
 * key, at most 1,024 bytes). With a 24-byte timestamp and a metric name of at most 128 bytes,
 * an instance id of at most 512 UTF-8 bytes keeps both keys well inside. Every other field is
 * bounded too, so an item stays far below DynamoDB's 400 KB item size (under 4 KB).
 */
export const RECORD_LIMITS = Object.freeze({
  /** UTF-8 bytes of instance_id (and of a log line's service). */
  instanceIdBytes: 512,
  /** Characters of each metadata string. */
  metadataChars: 128,
  /** Characters of a region name ("ap-southeast-4" is 14). */
  regionChars: 32,
  /**
   * The largest magnitude: DynamoDB numbers go to 9.99e125, but the document client refuses
   * a JS number beyond Number.MAX_SAFE_INTEGER (it could not round-trip exactly).
   */
  maxAbsValue: Number.MAX_SAFE_INTEGER,
  /** The smallest non-zero magnitude DynamoDB stores (1e-130). */
  minAbsValue: 1e-130,
  /** Timestamps before this instant are refused (no fleet reported before 2000). */
  earliestTimestampMs: Date.UTC(2000, 0, 1),
  /** Timestamps further than this in the future of the processor's clock are refused. */
  maxFutureMs: 86_400_000,
});

/**
 * A line longer than this (in UTF-16 code units, about bytes for JSON) is quarantined without
 * being parsed: its reason and its first `truncatedCopyChars` characters. Valid records are
 * under 4 KB and log lines rarely pass a few KB.
 */
export const LINE_LIMITS = Object.freeze({
  maxLineChars: 256 * 1024,
  truncatedCopyChars: 1024,
});

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, "utf8");

/** Why a value cannot be stored exactly, or undefined. */
export function valueIssue(value: number): string | undefined {
  const abs = Math.abs(value);
  if (abs > RECORD_LIMITS.maxAbsValue) {
    return `magnitude ${value} is above ${RECORD_LIMITS.maxAbsValue} (2^53 - 1)`;
  }
  if (abs !== 0 && abs < RECORD_LIMITS.minAbsValue) {
    return `magnitude ${value} is below 1e-130, the smallest DynamoDB stores`;
  }
  return undefined;
}

/** Why an instant is outside the accepted window, or undefined. */
export function timestampWindowIssue(timeMs: number, nowMs: number): string | undefined {
  if (timeMs < RECORD_LIMITS.earliestTimestampMs) return "is before 2000-01-01T00:00:00Z";
  if (timeMs > nowMs + RECORD_LIMITS.maxFutureMs) return "is more than a day in the future";
  return undefined;
}

/**
 * The one spelling of an instant the keys are built from: "…T10:00:00Z", "…T10:00:00.0Z" and
 * "…T10:00:00.000Z" all become "…T10:00:00.000Z" (toISOString's form, millisecond precision,
 * finer digits dropped as Date.parse drops them). Only for timestamps the schema accepted
 * (YYYY-MM-DDTHH:MM:SS, optional fraction, Z); cheaper than toISOString on every line.
 */
export function canonicalTimestamp(ts: string): string {
  if (ts.length === 24 && ts.charCodeAt(19) === 46) return ts;
  const fraction = ts.length > 20 ? ts.slice(20, -1) : "";
  return `${ts.slice(0, 19)}.${(fraction + "000").slice(0, 3)}Z`;
}
