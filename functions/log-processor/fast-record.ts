import * as z from "zod";
import { METRIC_TYPES, type MetricRecord } from "../shared/metric-record";
import { CLOUDWATCH_UNITS } from "../shared/units";

/*
 * A fast path for the common, canonical line: the shape the collector itself writes.
 * It accepts a subset of what metricRecordSchema accepts and returns the same record;
 * anything else (numeric strings, unit spellings, extra keys, any doubt) returns undefined
 * and goes through the zod schema, which stays the authority and words the errors.
 * Validating every line with zod alone is about three times the cost of JSON.parse.
 */

// The very patterns the schema uses.
const TIMESTAMP = z.regexes.datetime({ precision: null, offset: false, local: false });
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
const TYPES = new Set<string>(METRIC_TYPES);
const UNITS = new Set<string>(CLOUDWATCH_UNITS);
const RECORD_KEYS = 8;

const keyCount = (o: object): number => Object.keys(o).length;

export function fastMetricRecord(json: Record<string, unknown>): MetricRecord | undefined {
  const { timestamp, instance_id, region, metric_type, metric_name, value, unit, metadata } = json;
  if (
    typeof timestamp !== "string" ||
    typeof instance_id !== "string" ||
    instance_id.length === 0 ||
    typeof region !== "string" ||
    typeof metric_type !== "string" ||
    typeof metric_name !== "string" ||
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    typeof unit !== "string" ||
    typeof metadata !== "object" ||
    metadata === null ||
    keyCount(json) !== RECORD_KEYS
  ) {
    return undefined;
  }
  if (!TYPES.has(metric_type) || !UNITS.has(unit)) return undefined;
  if (unit === "Percent" && (value < 0 || value > 100)) return undefined;
  if (!TIMESTAMP.test(timestamp) || !REGION.test(region) || !METRIC_NAME.test(metric_name)) {
    return undefined;
  }
  const { collection_method, pipeline_version, synthetic } = metadata as Record<string, unknown>;
  const metaKeys = keyCount(metadata);
  if (
    typeof collection_method !== "string" ||
    collection_method.length === 0 ||
    typeof pipeline_version !== "string" ||
    pipeline_version.length === 0 ||
    !(
      (metaKeys === 2 && synthetic === undefined) ||
      (metaKeys === 3 && typeof synthetic === "boolean")
    )
  ) {
    return undefined;
  }
  // Exactly the record's keys, each checked: the freshly parsed object is the record.
  return json as unknown as MetricRecord;
}
