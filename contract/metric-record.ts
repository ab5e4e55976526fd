import * as z from "zod";
import { HOST_METRICS } from "./emitted-metrics";
import { RECORD_LIMITS, utf8Bytes, valueIssue } from "./limits";
import { METRIC_TYPES, type MetricType } from "./metric-types";
import { normalizeUnit } from "./units";

export { METRIC_TYPES, type MetricType };

/** The metric a record stands for when it names none (the original record shape had no name). */
export const DEFAULT_METRIC_NAME: Readonly<Record<MetricType, string>> = Object.freeze({
  cpu: "cpu_utilization",
  memory: "memory_utilization",
  disk: "disk_utilization",
  network: "network_in",
});

export const PIPELINE_VERSION = "1.0";

/** What the schema accepts as a numeric-string value (the seed's collector wrote strings). */
export const NUMERIC_STRING = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

const value = z
  .union([z.number(), z.string().regex(NUMERIC_STRING).transform(Number)], {
    error: (iss) =>
      typeof iss.input === "number"
        ? "must be a finite number"
        : "must be a number or a numeric string",
  })
  // A numeric string can still overflow to Infinity ("1e999").
  .pipe(z.number({ error: "must be a finite number" }))
  .superRefine((v, ctx) => {
    const issue = valueIssue(v);
    if (issue) ctx.addIssue({ code: "custom", message: issue });
  });

const unit = z.string({ error: "must be a CloudWatch unit name" }).transform((raw, ctx) => {
  const normalized = normalizeUnit(raw);
  if (normalized) return normalized;
  ctx.addIssue({ code: "custom", message: `"${raw}" is not a CloudWatch unit name` });
  return z.NEVER;
});

const metadataText = z.string().min(1).max(RECORD_LIMITS.metadataChars);

// Strict, as the record: extra fields are quarantined (named in the reason), never dropped.
export const metricMetadataSchema = z.strictObject({
  /** How the value was read: cloudwatch, cloudwatch-agent, host or synthetic. */
  collection_method: metadataText,
  pipeline_version: metadataText,
  /** True only for generated demo values. */
  synthetic: z.boolean().optional(),
});

/** The record's fields, before cross-field rules; the Glue columns are derived from these. */
export const metricRecordFields = z.strictObject({
  timestamp: z.iso.datetime({ error: "must be an ISO-8601 UTC timestamp ending in Z" }),
  instance_id: z
    .string({ error: "is required" })
    .min(1, { error: "is required" })
    .refine((id) => utf8Bytes(id) <= RECORD_LIMITS.instanceIdBytes, {
      error: `is over ${RECORD_LIMITS.instanceIdBytes} bytes (the hot table's key limit)`,
    }),
  region: z
    .string({ error: "is required" })
    .max(RECORD_LIMITS.regionChars, { error: "must be an AWS region name such as eu-west-1" })
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, {
      error: "must be an AWS region name such as eu-west-1",
    }),
  metric_type: z.enum(METRIC_TYPES, { error: `must be one of ${METRIC_TYPES.join(", ")}` }),
  metric_name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/, {
      error: "must be a metric name (letters, digits, _ . -)",
    })
    .optional(),
  value,
  unit,
  metadata: metricMetadataSchema,
});

/** The unit and type of each metric the collector produces, by metric name. */
const KNOWN_METRICS = new Map(HOST_METRICS.map((m) => [m.name, m]));

/**
 * One metric reading, the unit of the lake, the hot table and every alert.
 * The seed's sample record (no metric name, unit "percent") validates as is.
 */
export const metricRecordSchema = metricRecordFields
  .superRefine((r, ctx) => {
    if (r.unit === "Percent" && (r.value < 0 || r.value > 100)) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `percentage ${r.value} is outside 0-100`,
      });
    }
    // A known metric means one thing: cpu_utilization = 5000 Count is not a CPU reading.
    const known = KNOWN_METRICS.get(r.metric_name ?? DEFAULT_METRIC_NAME[r.metric_type]);
    if (known && known.unit !== r.unit) {
      ctx.addIssue({
        code: "custom",
        path: ["unit"],
        message: `${known.name} is measured in ${known.unit}, not ${r.unit}`,
      });
    }
    if (known && known.metricType !== r.metric_type) {
      ctx.addIssue({
        code: "custom",
        path: ["metric_type"],
        message: `${known.name} is a ${known.metricType} metric, not ${r.metric_type}`,
      });
    }
  })
  .transform((r) => ({ ...r, metric_name: r.metric_name ?? DEFAULT_METRIC_NAME[r.metric_type] }));

export type MetricRecordInput = z.input<typeof metricRecordSchema>;
export type MetricRecord = z.output<typeof metricRecordSchema>;

export type MetricValidation =
  { ok: true; record: MetricRecord; coerced: boolean } | { ok: false; errors: string[] };

/** "field.path: message" for every issue, so a quarantined line says exactly what is wrong. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((i) =>
    // Each extra field named as a field of its own.
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => `${[...i.path, k].join(".")}: is not a field of the record`)
      : [`${i.path.length ? i.path.join(".") : "(record)"}: ${i.message}`],
  );
}

/** Validates one record; `coerced` is true when the value arrived as a numeric string. */
export function validateMetricRecord(input: unknown): MetricValidation {
  const parsed = metricRecordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error) };
  const coerced = typeof (input as { value?: unknown }).value === "string";
  return { ok: true, record: parsed.data, coerced };
}
