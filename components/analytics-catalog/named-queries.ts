import { DEFAULT_METRIC_NAME, METRIC_TYPES } from "../../contract/metric-record";
import { THRESHOLD_RULES, type Thresholds } from "../../contract/thresholds";
import {
  clock,
  type Clock,
  daysPartitionFilter,
  ident,
  literal,
  numberLiteral,
  RECORD_TIME,
  sinceFilter,
} from "./sql";
import { layeredSource } from "./curated";

/** A saved query: Athena stores it by name, and the local run executes the same SQL. */
export interface NamedQuerySpec {
  /** Stable kebab-case name. */
  readonly name: string;
  /** What the query answers. */
  readonly description: string;
  /** The query, in Athena's SQL. */
  readonly sql: string;
  /** Hours of metrics the query looks back over (its partition filter adds up to a day). */
  readonly windowHours?: number;
}

export interface NamedQueriesOptions {
  readonly database: string;
  readonly metricsTable: string;
  readonly quarantineTable: string;
  /** Each threshold, or null for one known only at deploy (written as thresholdMarker). */
  readonly thresholds: Readonly<Record<keyof Thresholds, number | null>>;
  /**
   * The curated (Parquet) table. Given, the metrics queries read each day from one layer:
   * Parquet where the day is compacted, JSON Lines otherwise. @default the raw table only
   */
  readonly curatedTable?: string;
  /** A fixed "now" instead of the engine's clock, for repeatable runs. @default the engine's clock */
  readonly now?: Date;
}

/** How far back each query looks. */
export const QUERY_WINDOWS = Object.freeze({
  cpuDays: 7,
  memoryDays: 14,
  violationHours: 24,
  networkHours: 24,
  diskDays: 7,
  freshnessDays: 2,
  quarantineDays: 7,
});

/** network_out is the collector's name for outbound bytes; network_in is the type's default. */
const NETWORK_IN = DEFAULT_METRIC_NAME.network;
const NETWORK_OUT = "network_out";

/** Where the SQL stands for a threshold known only at deploy; the deployed query has its value. */
export const thresholdMarker = (key: keyof Thresholds) => `{thresholds.${key}}`;

/** A threshold's SQL: its literal, or the marker of one known only at deploy. */
function thresholdSql(key: keyof Thresholds, value: number | null): string {
  return value === null ? thresholdMarker(key) : numberLiteral(value);
}

/** What the queries' SQL is built from: the tables, the clock and the threshold conditions. */
interface QueryContext {
  readonly c: Clock;
  /** The metrics a query reads over `days`: the raw table, or both layers for those days. */
  readonly from: (days: number) => string;
  readonly quarantine: string;
  /** The condition on a metric type's default metric. */
  readonly metric: (type: keyof typeof DEFAULT_METRIC_NAME) => string;
  /** Days of partitions an hour window spans. */
  readonly hours: (h: number) => number;
  /** Any reading above its rule's threshold. */
  readonly violated: string;
  /** A CASE's WHEN clauses giving each rule's threshold. */
  readonly thresholdOf: string;
}

function queryContext(options: NamedQueriesOptions): QueryContext {
  const c = clock(options.now);
  const raw = `${ident(options.database)}.${ident(options.metricsTable)}`;
  const curated =
    options.curatedTable && `${ident(options.database)}.${ident(options.curatedTable)}`;
  const rules = THRESHOLD_RULES.flatMap((rule) => {
    const type = METRIC_TYPES.find((t) => t === rule.metricType);
    if (!type) return []; // the error-rate rule watches logs, not the metrics table
    const cond = `metric_type = ${literal(type)} AND metric_name = ${literal(rule.metricName)}`;
    return [{ cond, threshold: thresholdSql(rule.threshold, options.thresholds[rule.threshold]) }];
  });
  return {
    c,
    from: (days) => (curated ? `${layeredSource(raw, curated, c, days)} AS m` : raw),
    quarantine: `${ident(options.database)}.${ident(options.quarantineTable)}`,
    metric: (type) =>
      `metric_type = ${literal(type)} AND metric_name = ${literal(DEFAULT_METRIC_NAME[type])}`,
    hours: (h) => Math.ceil(h / 24),
    violated: rules.map((r) => `(${r.cond} AND value > ${r.threshold})`).join("\n    OR "),
    thresholdOf: rules.map((r) => `WHEN ${r.cond} THEN ${r.threshold}`).join(" "),
  };
}

const w = QUERY_WINDOWS;

/** The saved queries as rows; each SQL filters on year/month/day, so Athena reads only the partitions it needs. */
const QUERIES: readonly (Omit<NamedQuerySpec, "sql"> & {
  readonly sql: (q: QueryContext) => string;
})[] = [
  {
    name: "avg-cpu-by-instance",
    windowHours: w.cpuDays * 24,
    description: `Average, maximum and minimum CPU utilization per instance over the last ${w.cpuDays} days.`,
    sql: (q) => `SELECT instance_id,
  avg(value) AS avg_cpu,
  max(value) AS max_cpu,
  min(value) AS min_cpu,
  count(*) AS samples
FROM ${q.from(w.cpuDays)}
WHERE ${daysPartitionFilter(q.c, w.cpuDays)}
  AND ${sinceFilter(q.c, w.cpuDays, "DAY")}
  AND ${q.metric("cpu")}
GROUP BY instance_id
ORDER BY avg_cpu DESC, instance_id`,
  },
  {
    name: "daily-peak-memory",
    windowHours: w.memoryDays * 24,
    description: `Peak memory utilization per instance and UTC day over the last ${w.memoryDays} days.`,
    sql: (q) => `SELECT year, month, day, instance_id,
  max(value) AS peak_memory
FROM ${q.from(w.memoryDays)}
WHERE ${daysPartitionFilter(q.c, w.memoryDays)}
  AND ${q.metric("memory")}
GROUP BY year, month, day, instance_id
ORDER BY year DESC, month DESC, day DESC, peak_memory DESC, instance_id`,
  },
  {
    name: "threshold-violations",
    windowHours: w.violationHours,
    description: `Readings strictly above their alert threshold in the last ${w.violationHours} hours, per instance and metric.`,
    sql: (q) => `SELECT instance_id, metric_type, metric_name,
  max(CASE ${q.thresholdOf} END) AS threshold,
  count(*) AS violations,
  max(value) AS peak_value,
  min(${RECORD_TIME}) AS first_seen,
  max(${RECORD_TIME}) AS last_seen
FROM ${q.from(q.hours(w.violationHours))}
WHERE ${daysPartitionFilter(q.c, q.hours(w.violationHours))}
  AND ${sinceFilter(q.c, w.violationHours, "HOUR")}
  AND (${q.violated})
GROUP BY instance_id, metric_type, metric_name
ORDER BY violations DESC, instance_id, metric_name`,
  },
  {
    name: "network-top-talkers",
    windowHours: w.networkHours,
    description: `The 10 instances that moved the most bytes in and out in the last ${w.networkHours} hours.`,
    sql: (q) => `SELECT instance_id,
  sum(CASE WHEN metric_name = ${literal(NETWORK_IN)} THEN value ELSE 0 END) AS bytes_in,
  sum(CASE WHEN metric_name = ${literal(NETWORK_OUT)} THEN value ELSE 0 END) AS bytes_out,
  sum(value) AS bytes_total
FROM ${q.from(q.hours(w.networkHours))}
WHERE ${daysPartitionFilter(q.c, q.hours(w.networkHours))}
  AND ${sinceFilter(q.c, w.networkHours, "HOUR")}
  AND metric_type = 'network'
  AND metric_name IN (${literal(NETWORK_IN)}, ${literal(NETWORK_OUT)})
  AND unit = 'Bytes'
GROUP BY instance_id
ORDER BY bytes_total DESC, instance_id
LIMIT 10`,
  },
  {
    name: "disk-growth-per-instance",
    windowHours: w.diskDays * 24,
    description: `Change in disk utilization (percentage points) per instance over the last ${w.diskDays} days: latest minus earliest reading.`,
    sql: (q) => `SELECT instance_id,
  min_by(value, ${RECORD_TIME}) AS first_value,
  max_by(value, ${RECORD_TIME}) AS last_value,
  max_by(value, ${RECORD_TIME}) - min_by(value, ${RECORD_TIME}) AS growth,
  count(*) AS samples
FROM ${q.from(w.diskDays)}
WHERE ${daysPartitionFilter(q.c, w.diskDays)}
  AND ${sinceFilter(q.c, w.diskDays, "DAY")}
  AND ${q.metric("disk")}
GROUP BY instance_id
ORDER BY growth DESC, instance_id`,
  },
  {
    name: "data-freshness",
    windowHours: w.freshnessDays * 24,
    description: `Newest reading per metric type and minutes since it; a type missing here has sent nothing for ${w.freshnessDays} days.`,
    sql: (q) => `SELECT metric_type,
  max(${RECORD_TIME}) AS latest,
  date_diff('minute', max(${RECORD_TIME}), ${q.c.now}) AS minutes_since_latest,
  count(DISTINCT instance_id) AS instances
FROM ${q.from(w.freshnessDays)}
WHERE ${daysPartitionFilter(q.c, w.freshnessDays)}
GROUP BY metric_type
ORDER BY metric_type`,
  },
  {
    name: "quarantined-lines-by-reason",
    windowHours: w.quarantineDays * 24,
    description: `Lines quarantined in the last ${w.quarantineDays} days, grouped by source prefix and reason, with one example line.`,
    sql: (q) => `SELECT split_part(source_key, '/', 1) AS source,
  reason,
  count(*) AS lines,
  count(DISTINCT source_key) AS objects,
  min(raw_line) AS example_line,
  max(from_iso8601_timestamp(quarantined_at)) AS last_seen
FROM ${q.quarantine}
WHERE ${daysPartitionFilter(q.c, w.quarantineDays)}
  AND from_iso8601_timestamp(quarantined_at) >= ${q.c.now} - INTERVAL '${w.quarantineDays}' DAY
GROUP BY split_part(source_key, '/', 1), reason
ORDER BY lines DESC, source, reason`,
  },
];

/** The saved queries' SQL for these tables, thresholds and clock. */
export function namedQueries(options: NamedQueriesOptions): NamedQuerySpec[] {
  const q = queryContext(options);
  return QUERIES.map(({ sql, ...query }) => ({ ...query, sql: sql(q) }));
}
