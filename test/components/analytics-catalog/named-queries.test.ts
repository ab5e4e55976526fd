import { expect } from "chai";
import { TABLE_NAMES } from "../../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../../components/analytics-catalog/named-queries";
import {
  METRICS_COLUMNS,
  PARTITION_KEYS,
  QUARANTINE_COLUMNS,
} from "../../../components/analytics-catalog/tables";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";
import { references, type Dialect } from "./sql-references";

const DATABASE = "monitoring_test";
const options = {
  database: DATABASE,
  metricsTable: TABLE_NAMES.metrics,
  quarantineTable: TABLE_NAMES.quarantine,
  thresholds: DEFAULT_THRESHOLDS,
};
const queries = namedQueries(options);

/** The column names a table offers: struct columns also by "column.field". */
function columnsOf(columns: readonly { name: string; type: string }[]): Set<string> {
  const names = new Set<string>();
  for (const c of columns) {
    names.add(c.name);
    const struct = /^struct<(.*)>$/.exec(c.type);
    for (const field of struct?.[1]?.split(",") ?? []) {
      names.add(`${c.name}.${field.split(":")[0]}`);
    }
  }
  return names;
}
const TABLE_COLUMNS: Record<string, Set<string>> = {
  [`${DATABASE}.${TABLE_NAMES.metrics}`]: columnsOf([...METRICS_COLUMNS, ...PARTITION_KEYS]),
  [`${DATABASE}.${TABLE_NAMES.quarantine}`]: columnsOf([...QUARANTINE_COLUMNS, ...PARTITION_KEYS]),
};

describe("named queries", () => {
  it("are the seven agreed queries, with unique kebab-case names", () => {
    expect(queries.map((q) => q.name)).to.deep.equal([
      "avg-cpu-by-instance",
      "daily-peak-memory",
      "threshold-violations",
      "network-top-talkers",
      "disk-growth-per-instance",
      "data-freshness",
      "quarantined-lines-by-reason",
    ]);
    for (const q of queries) {
      expect(q.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(q.description.length, q.name).to.be.within(1, 1024);
    }
  });

  for (const dialect of ["athena", "trino"] as Dialect[]) {
    for (const q of queries) {
      it(`${q.name} parses as ${dialect} SQL and names only columns its table has`, () => {
        const refs = references(q.sql, dialect);
        expect(refs.tables).to.have.lengthOf(1);
        const table = refs.tables[0] as string;
        const available = TABLE_COLUMNS[table];
        expect(available, `unknown table ${table}`).to.not.equal(undefined);
        const unknown = refs.columns.filter((c) => !available?.has(c) && !refs.aliases.includes(c));
        expect(unknown, `${q.name} names unknown columns`).to.deep.equal([]);
      });
    }
  }

  it("filters every query, quarantine's too, on the year, month and day partitions", () => {
    expect(queries).to.have.lengthOf(7);
    for (const q of queries) {
      expect(references(q.sql, "athena").whereColumns, q.name).to.include.members([
        "year",
        "month",
        "day",
      ]);
    }
  });

  it("quotes the reserved word timestamp wherever a query reads it", () => {
    for (const q of queries) {
      expect(q.sql.replace(/"timestamp"/g, ""), q.name).to.not.match(/\btimestamp\b/i);
    }
  });

  it("compares readings with the configured thresholds, strictly above", () => {
    const sql = (cpu: number) =>
      namedQueries({ ...options, thresholds: { ...DEFAULT_THRESHOLDS, cpu } }).find(
        (q) => q.name === "threshold-violations",
      )?.sql ?? "";
    expect(sql(80)).to.contain("metric_name = 'cpu_utilization' AND value > 80)");
    expect(sql(72.5)).to.contain("metric_name = 'cpu_utilization' AND value > 72.5)");
    expect(sql(80)).to.contain("metric_name = 'memory_utilization' AND value > 90)");
    expect(sql(80)).to.contain("metric_name = 'disk_utilization' AND value > 85)");
    // The error-rate threshold applies to logs, which the metrics table does not hold.
    expect(sql(80)).to.not.contain("ErrorRate");
  });

  it("uses a fixed instant instead of the engine's clock when given one", () => {
    const fixed = namedQueries({ ...options, now: new Date("2024-06-01T12:00:00Z") });
    for (const q of fixed) {
      expect(q.sql, q.name).to.not.match(/current_(date|timestamp)/);
    }
    expect(fixed[0]?.sql).to.contain("from_iso8601_timestamp('2024-06-01T12:00:00.000Z')");
    expect(queries[0]?.sql).to.contain("current_date");
  });

  it("refuses a threshold that is not a finite number", () => {
    expect(() =>
      namedQueries({ ...options, thresholds: { ...DEFAULT_THRESHOLDS, memory: Number.NaN } }),
    ).to.throw("not a finite number: NaN");
  });
});
