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

/**
 * Keeps only the day partitions from `days` days before today to today (UTC). The year bound
 * is a plain range Athena prunes on by itself; the yyyymmdd comparison makes it exact.
 * year(), month() and day() exist in both engines, unlike date-from-parts functions.
 */
export function daysPartitionFilter(c: Clock, days: number): string {
  const since = `${c.today} - INTERVAL '${days}' DAY`;
  return (
    `year >= year(${since})\n` +
    `  AND year * 10000 + month * 100 + day >= ` +
    `year(${since}) * 10000 + month(${since}) * 100 + day(${since})`
  );
}

/** The record's ISO timestamp as a timestamp. */
export const RECORD_TIME = `from_iso8601_timestamp(${ident("timestamp")})`;

/** Rows whose own timestamp falls in the last `amount` units (the partition filter is per day). */
export function sinceFilter(c: Clock, amount: number, unit: "DAY" | "HOUR"): string {
  return `${RECORD_TIME} >= ${c.now} - INTERVAL '${amount}' ${unit}`;
}
