import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { TABLE_NAMES } from "../contract/defaults/analytics-catalog";
import type { GlueColumn } from "../components/analytics-catalog";
import { namedQueries, type NamedQuerySpec } from "../components/analytics-catalog";
import { ident, literal } from "../components/analytics-catalog";
import {
  METRICS_COLUMNS,
  PARTITION_KEYS,
  QUARANTINE_COLUMNS,
} from "../components/analytics-catalog";
import { LAKE_PREFIXES } from "../contract/lake";
import { CURATED_COLUMNS, CURATED_PARTITION_KEYS } from "../components/analytics-catalog";
import { DEFAULT_THRESHOLDS } from "../contract/thresholds";
import { LOCAL_STACK } from "./layout";
import type { Cell } from "./table";

/** The named queries exactly as AnalyticsCatalog stores them for the local stack's database. */
export function localNamedQueries(): NamedQuerySpec[] {
  return namedQueries({
    database: LOCAL_STACK.database,
    metricsTable: TABLE_NAMES.metrics,
    quarantineTable: TABLE_NAMES.quarantine,
    curatedTable: TABLE_NAMES.curated,
    thresholds: DEFAULT_THRESHOLDS,
  });
}

/** How the local compaction names its Parquet files (written beside s3rver's objects). */
export const CURATED_FILE_SUFFIX = ".parquet";

/** s3rver stores each object's body in a file named after the key plus this suffix. */
export const S3RVER_OBJECT_SUFFIX = "._S3rver_object";

/** The Glue (Hive) types as DuckDB spells them, for the types the tables use. */
function duckType(hive: string): string {
  const struct = /^struct<(.*)>$/.exec(hive);
  if (struct) {
    const fields = (struct[1] ?? "").split(",").map((f) => f.split(":"));
    return `STRUCT(${fields.map(([n, t]) => `${ident(n ?? "")} ${duckType(t ?? "")}`).join(", ")})`;
  }
  const types: Record<string, string> = {
    string: "VARCHAR",
    double: "DOUBLE",
    bigint: "BIGINT",
    boolean: "BOOLEAN",
    int: "INTEGER",
  };
  return types[hive] ?? hive;
}

const columnsArg = (columns: readonly GlueColumn[]) =>
  `{${columns.map((c) => `${literal(c.name)}: ${literal(duckType(c.type))}`).join(", ")}}`;
/** A table with the right columns and no rows, for a prefix nothing was written under yet. */
const emptyTable = (columns: readonly GlueColumn[]) =>
  `SELECT ${columns.map((c) => `CAST(NULL AS ${duckType(c.type)}) AS ${ident(c.name)}`).join(", ")} WHERE false`;

/**
 * What DuckDB needs to run Athena's SQL unchanged (each is a difference from Athena):
 * - the Glue tables become views over the lake's files on disk, in a schema named like the
 *   Glue database; their columns come from the same Glue column lists; the raw table offers
 *   the object's path as "$path", as Athena's hidden column does;
 * - partitions come from the Hive directories (`hive_types` keeps them INTEGER, as partition
 *   projection does), not from projection;
 * - s3rver keeps each object as `<key>._S3rver_object`, so the globs end with that suffix;
 * - a malformed line is skipped (`ignore_errors`), where Athena's OpenX SerDe reads nulls;
 * - `from_iso8601_timestamp` is a macro, and the session runs in UTC as Athena's does.
 */
export async function openLake(
  lakeDir: string,
  /** How object files end on disk: s3rver's suffix, or ".jsonl" for a plain directory lake. */
  objectSuffix = S3RVER_OBJECT_SUFFIX,
): Promise<DuckDBConnection> {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  await db.run("SET TimeZone = 'UTC'");
  await db.run("CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)");
  // Trino's date_format takes MySQL's %Y/%m/%d, which strftime reads alike.
  await db.run("CREATE MACRO date_format(d, f) AS strftime(d, f)");
  const schema = ident(LOCAL_STACK.database);
  await db.run(`CREATE SCHEMA ${schema}`);
  // Athena's hidden "$path" is the object's location: the compaction and the queries over both
  // layers keep one copy of a record by it.
  const dir = path.join(lakeDir, LAKE_PREFIXES.metrics);
  const metrics = existsSync(dir)
    ? `SELECT * EXCLUDE (filename), filename AS ${ident("$path")}
        FROM read_json(${literal(`${dir}/**/*${objectSuffix}`)},
          format = 'newline_delimited', ignore_errors = true, filename = true,
          columns = ${columnsArg(METRICS_COLUMNS)},
          hive_partitioning = true, hive_types = ${columnsArg(PARTITION_KEYS)})`
    : `SELECT *, CAST(NULL AS VARCHAR) AS ${ident("$path")} FROM (${emptyTable([...METRICS_COLUMNS, ...PARTITION_KEYS])})`;
  await db.run(`CREATE VIEW ${schema}.${ident(TABLE_NAMES.metrics)} AS ${metrics}`);
  await quarantineView(db, lakeDir, objectSuffix);
  const curatedDir = path.join(lakeDir, LAKE_PREFIXES.curated);
  const hasParquet =
    existsSync(curatedDir) &&
    readdirSync(curatedDir, { recursive: true }).some((f) =>
      String(f).endsWith(CURATED_FILE_SUFFIX),
    );
  const curated = hasParquet
    ? `SELECT * FROM read_parquet(${literal(`${curatedDir}/**/*${CURATED_FILE_SUFFIX}`)},
        hive_partitioning = true, hive_types = ${columnsArg(CURATED_PARTITION_KEYS)})`
    : emptyTable([...CURATED_COLUMNS, ...CURATED_PARTITION_KEYS]);
  await db.run(`CREATE VIEW ${schema}.${ident(TABLE_NAMES.curated)} AS ${curated}`);
  return db;
}

/**
 * The quarantine table: partitions read from `quarantine/year=/month=/day=/hour=/` only, as
 * Athena's projection reads them. Objects laid out otherwise (the layout before quarantine was
 * partitioned) get no partition values, so no bounded query reads them, as in Athena.
 */
async function quarantineView(db: DuckDBConnection, lakeDir: string, objectSuffix: string) {
  const dir = path.join(lakeDir, LAKE_PREFIXES.quarantine);
  const table = `${ident(LOCAL_STACK.database)}.${ident(TABLE_NAMES.quarantine)}`;
  if (!existsSync(dir)) {
    await db.run(
      `CREATE VIEW ${table} AS ${emptyTable([...QUARANTINE_COLUMNS, ...PARTITION_KEYS])}`,
    );
    return;
  }
  const layout = `/${LAKE_PREFIXES.quarantine}year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/hour=(\\d{2})/`;
  const part = (k: { name: string }, i: number) =>
    `TRY_CAST(NULLIF(regexp_extract(filename, ${literal(layout)}, ${i + 1}), '') AS INTEGER) AS ${ident(k.name)}`;
  await db.run(`CREATE VIEW ${table} AS
    SELECT ${QUARANTINE_COLUMNS.map((c) => ident(c.name)).join(", ")}, ${PARTITION_KEYS.map(part).join(", ")}
    FROM read_json(${literal(`${dir}/**/*${objectSuffix}`)}, format = 'newline_delimited',
      ignore_errors = true, filename = true, hive_partitioning = false,
      columns = ${columnsArg(QUARANTINE_COLUMNS)})`);
}

export interface QueryResult {
  readonly columns: string[];
  readonly rows: Cell[][];
}

/** One statement over the lake in `lakeDir`, on a connection of its own. */
export async function queryLake(lakeDir: string, sql: string): Promise<QueryResult> {
  const db = await openLake(lakeDir);
  try {
    const reader = await db.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as Cell[][] };
  } finally {
    db.closeSync();
  }
}
