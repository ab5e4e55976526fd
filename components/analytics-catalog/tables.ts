import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { metricRecordFields } from "../../contract/metric-record";
import { quarantineLineSchema } from "../../contract/quarantine";
import { glueColumns } from "./columns";
import type { GlueColumn } from "./glue-column";

/**
 * The lake's Hive partitions. They are ints: the lake writes `month=01`, which Athena's
 * projection reads back with `digits` = 2 and DuckDB's hive partitioning infers as an
 * integer too, so `month = 1` and yyyymmdd arithmetic mean the same in both engines.
 */
export const PARTITION_KEYS: readonly GlueColumn[] = Object.freeze(
  ["year", "month", "day", "hour"].map((name) => Object.freeze({ name, type: "int" })),
);

/**
 * The placeholders are Athena's, filled per partition at query time, not Pulumi's or
 * JavaScript's: this string is deliberately not a template literal.
 */
export const PROJECTION_TEMPLATE_SUFFIX = "year=${year}/month=${month}/day=${day}/hour=${hour}/";

/** Partition projection: Athena computes partitions from these, so no crawler or MSCK REPAIR. */
export function projectionParameters(
  years: { readonly first: number; readonly last: number },
  locationTemplate: pulumi.Input<string>,
  /** The curated layer stops at the day. */
  withHour = true,
): Record<string, pulumi.Input<string>> {
  const integer = (key: string, range: string, digits?: number) => ({
    [`projection.${key}.type`]: "integer",
    [`projection.${key}.range`]: range,
    ...(digits ? { [`projection.${key}.digits`]: String(digits) } : {}),
  });
  return {
    "projection.enabled": "true",
    ...integer("year", `${years.first},${years.last}`),
    ...integer("month", "1,12", 2),
    ...integer("day", "1,31", 2),
    ...(withHour ? integer("hour", "0,23", 2) : {}),
    "storage.location.template": locationTemplate,
  };
}

/**
 * JSON lines through the OpenX SerDe: with ignore.malformed.json a damaged line reads as
 * nulls instead of failing the whole query (the Hive JSON SerDe has no such switch).
 */
export function jsonStorage(
  location: pulumi.Input<string>,
  columns: readonly GlueColumn[],
): aws.types.input.glue.CatalogTableStorageDescriptor {
  return {
    location,
    columns: [...columns],
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    serDeInfo: {
      name: "openx-json",
      serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
      parameters: { "ignore.malformed.json": "true", "serialization.format": "1" },
    },
  };
}

/** The metrics table's columns: one per field of the record schema. */
export const METRICS_COLUMNS: readonly GlueColumn[] = Object.freeze(
  glueColumns(metricRecordFields),
);
/** The quarantine table's columns: one per field of a quarantine line. */
export const QUARANTINE_COLUMNS: readonly GlueColumn[] = Object.freeze(
  glueColumns(quarantineLineSchema),
);
