/**
 * Small SQL builders shared by the named queries. Everything they emit is valid in Athena
 * (Trino) and in DuckDB, once DuckDB has a `from_iso8601_timestamp` macro and runs in UTC.
 */

/** A double-quoted identifier (`timestamp` is reserved in Athena and must be quoted). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A numeric literal; thresholds come from config, so anything else is refused. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/** What the queries mean by "now": the engine's clock, or a fixed instant for repeatable runs. */
export interface Clock {
  readonly now: string;
  readonly today: string;
}

export function clock(now?: Date): Clock {
  if (!now) return { now: "current_timestamp", today: "current_date" };
  const at = `from_iso8601_timestamp(${literal(now.toISOString())})`;
  return { now: at, today: `CAST(${at} AS DATE)` };
}

/** The date a day partition stands for; NULL for the impossible days projection enumerates (02-30). */
export const PARTITION_DATE =
  "try(CAST(CAST(year AS varchar) || '-' || lpad(CAST(month AS varchar), 2, '0') || '-' || " +
  "lpad(CAST(day AS varchar), 2, '0') AS date))";

/**
 * Keeps only the day partitions from `days` days before today to today (UTC), bounded on both
 * sides: partition projection enumerates every candidate the predicate allows, so a lower
 * bound alone projects every hour up to the projection's last year. The year range is a plain
 * range Athena prunes on by itself; the partition's date makes it exact, impossible dates
 * (which integer projection enumerates) excluded.
 */
export function daysPartitionFilter(c: Clock, days: number): string {
  const since = `${c.today} - INTERVAL '${days}' DAY`;
  return (
    `year BETWEEN year(${since}) AND year(${c.today})\n` +
    `  AND ${PARTITION_DATE} BETWEEN ${since} AND ${c.today}`
  );
}

/** The record's ISO timestamp as a timestamp. */
export const RECORD_TIME = `from_iso8601_timestamp(${ident("timestamp")})`;

/** Rows whose own timestamp falls in the last `amount` units (the partition filter is per day). */
export function sinceFilter(c: Clock, amount: number, unit: "DAY" | "HOUR"): string {
  return `${RECORD_TIME} >= ${c.now} - INTERVAL '${amount}' ${unit}`;
}
