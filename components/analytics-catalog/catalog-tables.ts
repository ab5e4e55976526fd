import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES } from "../../contract/lake";
import type { AnalyticsCatalogArgs } from "./args";
import { CURATED_COLUMNS, CURATED_PARTITION_KEYS, CURATED_TEMPLATE_SUFFIX } from "./curated";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import type { ResolvedAnalyticsCatalog } from "./resolve";
import {
  jsonStorage,
  METRICS_COLUMNS,
  PARTITION_KEYS,
  PROJECTION_TEMPLATE_SUFFIX,
  projectionParameters,
  QUARANTINE_COLUMNS,
} from "./tables";

/** The Glue database and its three tables over the lake. */
export interface CatalogTables {
  readonly database: aws.glue.CatalogDatabase;
  readonly metricsTable: aws.glue.CatalogTable;
  readonly quarantineTable: aws.glue.CatalogTable;
  readonly curatedTable: aws.glue.CatalogTable;
}

/** A JSON-lines table over one raw prefix, partitioned by UTC hour (partition projection). */
function jsonTable(
  parent: pulumi.Resource,
  r: ResolvedAnalyticsCatalog,
  database: aws.glue.CatalogDatabase,
  t: { key: string; name: string; description: string; location: pulumi.Output<string> },
  columns: Parameters<typeof jsonStorage>[1],
): aws.glue.CatalogTable {
  return new aws.glue.CatalogTable(
    r.names.logical(t.key),
    {
      databaseName: database.name,
      name: t.name,
      description: t.description,
      tableType: "EXTERNAL_TABLE",
      parameters: {
        EXTERNAL: "TRUE",
        classification: "json",
        ...projectionParameters(
          r.projectionYears,
          pulumi.concat(t.location, PROJECTION_TEMPLATE_SUFFIX),
        ),
      },
      partitionKeys: [...PARTITION_KEYS],
      storageDescriptor: jsonStorage(t.location, columns),
    },
    { parent },
  );
}

/** The Parquet table over curated-metrics/, one partition per UTC day. */
function curatedTable(
  parent: pulumi.Resource,
  r: ResolvedAnalyticsCatalog,
  database: aws.glue.CatalogDatabase,
  location: pulumi.Output<string>,
): aws.glue.CatalogTable {
  return new aws.glue.CatalogTable(
    r.names.logical("curated-table"),
    {
      databaseName: database.name,
      name: TABLE_NAMES.curated,
      description:
        "Parquet compacted from raw-metrics/ under curated-metrics/, one partition per UTC day",
      tableType: "EXTERNAL_TABLE",
      parameters: {
        EXTERNAL: "TRUE",
        classification: "parquet",
        "parquet.compression": "ZSTD",
        ...projectionParameters(
          r.projectionYears,
          pulumi.concat(location, CURATED_TEMPLATE_SUFFIX),
          false,
        ),
      },
      partitionKeys: [...CURATED_PARTITION_KEYS],
      storageDescriptor: {
        location,
        columns: [...CURATED_COLUMNS],
        inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        serDeInfo: {
          name: "parquet",
          serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
          parameters: { "serialization.format": "1" },
        },
      },
    },
    { parent },
  );
}

/** The database and the metrics, quarantine and curated tables. */
export function createCatalogTables(
  parent: pulumi.Resource,
  r: ResolvedAnalyticsCatalog,
  args: AnalyticsCatalogArgs,
): CatalogTables {
  const database = new aws.glue.CatalogDatabase(
    r.names.logical("database"),
    {
      name: r.databaseName,
      description: `Infrastructure-monitoring lake (${args.environment})`,
      tags: r.tags,
    },
    { parent },
  );
  const at = (prefix: string) => pulumi.interpolate`s3://${args.lakeBucketName}/${prefix}`;
  const metricsTable = jsonTable(
    parent,
    r,
    database,
    {
      key: "metrics-table",
      name: TABLE_NAMES.metrics,
      description: "Metric records under raw-metrics/, partitioned by UTC hour",
      location: at(LAKE_PREFIXES.metrics),
    },
    METRICS_COLUMNS,
  );
  // Partitioned like raw, by the UTC hour a line was quarantined: a query reads its window
  // only, however much bad input the lake has seen.
  const quarantineTable = jsonTable(
    parent,
    r,
    database,
    {
      key: "quarantine-table",
      name: TABLE_NAMES.quarantine,
      description:
        "Rejected input lines under quarantine/, with the reason, partitioned by UTC hour",
      location: at(LAKE_PREFIXES.quarantine),
    },
    QUARANTINE_COLUMNS,
  );
  const curated = curatedTable(parent, r, database, at(LAKE_PREFIXES.curated));
  return { database, metricsTable, quarantineTable, curatedTable: curated };
}
