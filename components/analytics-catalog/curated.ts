/**
 * The curated layer: each finished UTC day of raw-metrics/ rewritten as Parquet (ZSTD, sorted
 * by instance and time) under curated-metrics/year=YYYY/month=MM/day=DD/. The day is the
 * partition (one object per day is big enough for the lifecycle tiers to apply); the hour
 * stays a column. Athena runs the SELECT below inside an UNLOAD, DuckDB inside a COPY: the
 * same statement decides what a curated day holds in both engines.
 */
import { type Clock, daysPartitionFilter, ident, literal, PARTITION_DATE } from "./sql";
import { METRICS_COLUMNS, PARTITION_KEYS } from "./tables";
import type { GlueColumn } from "./glue-column";

/** The curated table's partitions: the raw layer's, down to the day. */
export const CURATED_PARTITION_KEYS: readonly GlueColumn[] = Object.freeze(
  PARTITION_KEYS.filter((k) => k.name !== "hour"),
);
/** The curated table's data columns: the record's fields, then the raw layer's hour. */
export const CURATED_COLUMNS: readonly GlueColumn[] = Object.freeze([
  ...METRICS_COLUMNS,
  ...PARTITION_KEYS.filter((k) => k.name === "hour"),
]);

/** Athena's placeholders (not JavaScript's), filled per partition at query time. */
export const CURATED_TEMPLATE_SUFFIX = "year=${year}/month=${month}/day=${day}/";

/** Every column both layers offer, in one order: what a query over either layer may read. */
const ALL_COLUMNS = [...CURATED_COLUMNS, ...CURATED_PARTITION_KEYS].map((c) => ident(c.name));

/** year=YYYY/month=MM/day=DD/ for a UTC day given as YYYY-MM-DD. */
export function curatedDayPath(day: string): string {
  const [y, m, d] = day.split("-");
  return `year=${y}/month=${m}/day=${d}/`;
}

/** A UTC day as YYYY-MM-DD, refusing anything else (it ends up inside SQL and object keys). */
export function parseDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new Error(`day "${day}" is not a calendar date as YYYY-MM-DD`);
  }
  return day;
}

/** A checked day as a SQL date literal, valid in Athena and DuckDB. */
export function dayLiteral(day: string): string {
  return `DATE ${literal(parseDay(day))}`;
}

/** What makes a record the same record: a replay or an overlapping window writes it again. */
export const RECORD_IDENTITY = ["instance_id", "region", "metric_type", "metric_name", "timestamp"];

/**
 * Raw rows over `where`, one per record identity: of the copies a replay or an overlapping
 * window wrote, the one in the object whose path sorts last (the later window of a source).
 * Both engines expose the object's path as "$path" (Athena's hidden column; DuckDB's view).
 */
export function dedupedRaw(rawTable: string, where: string, columns: readonly string[]): string {
  const identity = RECORD_IDENTITY.map(ident);
  const select = columns.map((c) =>
    identity.includes(c) ? c : `max_by(${c}, ${ident("$path")}) AS ${c}`,
  );
  return `SELECT ${select.join(", ")}
FROM ${rawTable}
WHERE ${where}
GROUP BY ${identity.join(", ")}`;
}

/**
 * One raw day, as the curated layer stores it: each record once (see dedupedRaw), sorted so
 * Parquet's row-group statistics narrow reads by instance.
 */
export function compactionSelect(rawTable: string, dayExpression: string): string {
  const columns = CURATED_COLUMNS.map((c) => ident(c.name));
  return `${dedupedRaw(
    rawTable,
    `year = year(${dayExpression}) AND ${PARTITION_DATE} = ${dayExpression}`,
    columns,
  )}
ORDER BY instance_id, ${ident("timestamp")}, metric_type, metric_name`;
}

/**
 * Athena's UNLOAD of one day into its curated prefix; `dayExpression` and `location` are
 * SQL (the workflow fills them from its plan step). UNLOAD refuses a prefix that holds
 * objects, so the workflow empties the prefix first: a re-run replaces the day, never adds
 * to it. The partition columns stay out of the files: both engines read them from the path.
 */
export function unloadStatement(rawTable: string, dayExpression: string, location: string): string {
  return `UNLOAD (${compactionSelect(rawTable, dayExpression)})
TO ${location}
WITH (format = 'PARQUET', compression = 'ZSTD')`;
}

/** Days before today whose JSON Lines a query over both layers reads: yesterday's may still grow. */
export const OPEN_DAYS = 1;

/**
 * What a query over both layers reads in place of the raw table, over its window of `days`:
 * the open days (today and yesterday) from JSON Lines, each record once, whether or not
 * yesterday is compacted yet, so an object that lands after its day was compacted is answered
 * at once; the closed days from Parquet. A day is read from exactly one layer, so no record
 * counts twice. Raw objects are read only for the open days (older ones may expire); a late
 * object for a closed day is answered once the next compaction run has re-opened and
 * recompacted its day.
 */
export function layeredSource(
  rawTable: string,
  curatedTable: string,
  c: Clock,
  days: number,
): string {
  // One equality per open day: engines prune on these without evaluating anything per file.
  const openDays = Array.from({ length: Math.min(days, OPEN_DAYS) + 1 }, (_, k) =>
    k === 0 ? c.today : `${c.today} - INTERVAL '${k}' DAY`,
  );
  const open = `(${openDays
    .map((d) => `(year = year(${d}) AND month = month(${d}) AND day = day(${d}))`)
    .join(" OR ")})`;
  return `(SELECT ${ALL_COLUMNS.join(", ")} FROM ${curatedTable} WHERE ${daysPartitionFilter(c, days)}
    AND NOT ${open}
  UNION ALL
  ${dedupedRaw(rawTable, open, ALL_COLUMNS)})`;
}
