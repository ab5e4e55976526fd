import { HOST_METRICS } from "../../contract/emitted-metrics";
import { RECORD_LIMITS } from "../../contract/limits";
import { METRIC_TYPES, NUMERIC_STRING } from "../../contract/metric-record";
import { CLOUDWATCH_UNITS } from "../../contract/units";
import { utcMillis } from "../shared/utc-millis";

/*
 * A fast path for the common, canonical line: the shape the collector itself writes. It
 * accepts a subset of what metricRecordSchema accepts and yields the same record; anything else
 * (unit spellings, extra keys, other timestamp spellings, any doubt) goes through the zod
 * schema, which stays the authority and words the errors. Validating every line with zod alone
 * is about three times the cost of JSON.parse.
 */

// The very patterns the schema uses (for timestamps, utcMillis accepts a subset of its datetime).
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
const TYPES = new Set<string>(METRIC_TYPES);
const UNITS = new Set<string>(CLOUDWATCH_UNITS);
const RECORD_KEYS = 8;
const KNOWN = new Map(HOST_METRICS.map((m) => [m.name, m]));
// A string of n UTF-16 units is at most 3n UTF-8 bytes: shorter ids need no byte count.
const SHORT_ID = Math.floor(RECORD_LIMITS.instanceIdBytes / 3);
const META = RECORD_LIMITS.metadataChars;
// Read once: the limits are constants, and a property read per line shows in the bench.
const { maxAbsValue: MAX_ABS, minAbsValue: MIN_ABS, regionChars: REGION_CHARS } = RECORD_LIMITS;

/** Within the store's number range: zero, or a magnitude DynamoDB and the marshaller accept. */
const storable = (v: number): boolean => {
  const abs = Math.abs(v);
  return abs <= MAX_ABS && (abs === 0 || abs >= MIN_ABS);
};

const keyCount = (o: object): number => Object.keys(o).length;

/** A numeric-string value as the schema reads it (the seed's collector wrote strings). */
const numberOf = (v: unknown): unknown =>
  typeof v === "string" && NUMERIC_STRING.test(v) ? Number(v) : v;

/**
 * When `json` is a canonical record, makes it the record the schema would return (a
 * numeric-string value becomes its number) and returns its timestamp's epoch milliseconds.
 * Otherwise NaN, `json` untouched: the schema decides.
 */
export function fastRecordTime(json: Record<string, unknown>): number {
  const { timestamp, instance_id, region, metric_type, metric_name, unit, metadata } = json;
  const value = numberOf(json.value);
  if (
    typeof timestamp !== "string" ||
    typeof instance_id !== "string" ||
    instance_id.length === 0 ||
    instance_id.length > SHORT_ID ||
    typeof region !== "string" ||
    region.length > REGION_CHARS ||
    typeof metric_type !== "string" ||
    typeof metric_name !== "string" ||
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    !storable(value) ||
    typeof unit !== "string" ||
    typeof metadata !== "object" ||
    metadata === null ||
    keyCount(json) !== RECORD_KEYS
  ) {
    return NaN;
  }
  if (!TYPES.has(metric_type) || !UNITS.has(unit)) return NaN;
  if (unit === "Percent" && (value < 0 || value > 100)) return NaN;
  // A known name keeps its unit and type; it matches the name pattern by construction.
  const known = KNOWN.get(metric_name);
  if (
    known ? known.unit !== unit || known.metricType !== metric_type : !METRIC_NAME.test(metric_name)
  ) {
    return NaN;
  }
  if (!REGION.test(region)) return NaN;
  const { collection_method, pipeline_version, synthetic } = metadata as Record<string, unknown>;
  const metaKeys = keyCount(metadata);
  if (
    typeof collection_method !== "string" ||
    collection_method.length === 0 ||
    collection_method.length > META ||
    typeof pipeline_version !== "string" ||
    pipeline_version.length === 0 ||
    pipeline_version.length > META ||
    !(
      (metaKeys === 2 && synthetic === undefined) ||
      (metaKeys === 3 && typeof synthetic === "boolean")
    )
  ) {
    return NaN;
  }
  const timeMs = utcMillis(timestamp);
  // Exactly the record's keys, each checked: the freshly parsed object is the record.
  if (!Number.isNaN(timeMs)) json.value = value;
  return timeMs;
}
