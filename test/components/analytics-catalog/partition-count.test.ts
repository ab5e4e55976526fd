import { expect } from "chai";
import {
  ANALYTICS_CATALOG_DEFAULTS,
  TABLE_NAMES,
} from "../../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../../components/analytics-catalog/named-queries";
import { clock } from "../../../components/analytics-catalog/sql";
import {
  projectionParameters,
  PROJECTION_TEMPLATE_SUFFIX,
} from "../../../components/analytics-catalog/tables";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";
import { projectedPartitions } from "./projected-partitions";

const PARAMETERS = projectionParameters(
  ANALYTICS_CATALOG_DEFAULTS.projectionYears,
  `s3://lake/raw-metrics/${PROJECTION_TEMPLATE_SUFFIX}`,
);
// Mid-year, just after a year turns (the window then spans two projected years), and over the
// impossible 02-30 and 02-31 that integer projection enumerates; raw only, and both layers
// (each of the three SELECTs is counted on its own).
const CASES = ["2025-06-15T13:00:00Z", "2026-01-01T00:30:00Z", "2024-03-01T23:59:00Z"].flatMap(
  (at) => [undefined, TABLE_NAMES.curated].map((curatedTable) => ({ at, curatedTable })),
);
for (const { at, curatedTable } of CASES) {
  describe(`partitions Athena projects per named query (now = ${at}, ${curatedTable ? "both layers" : "raw"})`, () => {
    const queries = namedQueries({
      curatedTable,
      database: "db",
      metricsTable: TABLE_NAMES.metrics,
      quarantineTable: TABLE_NAMES.quarantine,
      thresholds: DEFAULT_THRESHOLDS,
      now: new Date(at),
    });

    it("every query, quarantine's too, states its window", () => {
      // The windows docs/components/analytics-catalog.md gives each query.
      expect(queries.map((q) => [q.name, q.windowHours])).to.deep.equal([
        ["avg-cpu-by-instance", 7 * 24],
        ["daily-peak-memory", 14 * 24],
        ["threshold-violations", 24],
        ["network-top-talkers", 24],
        ["disk-growth-per-instance", 7 * 24],
        ["data-freshness", 2 * 24],
        ["quarantined-lines-by-reason", 7 * 24],
      ]);
    });
    for (const { name, windowHours: hours = 0, sql } of queries.filter((q) => q.windowHours)) {
      const layered = curatedTable !== undefined && !name.startsWith("quarantined");
      it(`${name}: at most its ${hours} hours plus one day`, async () => {
        const counts = await projectedPartitions(PARAMETERS, sql);
        expect(counts).to.have.length(layered ? 3 : 1);
        const [query = 0, curated = 0, raw = 0] = counts;
        // The query covers its hours; Parquet its closed days (the window less the two open
        // days); JSON Lines only today and yesterday, the open days, each record once.
        expect(query).to.be.within(hours, hours + 24);
        if (layered) {
          expect(curated).to.equal(query - 48);
          expect(raw).to.equal(48);
        }
      });
    }
    for (const { name, sql } of queries) {
      it(`${name}: every SELECT bounded below and above by partition columns`, async () => {
        // Widening the projection to every year changes nothing only if each SELECT's
        // partition terms bound the years on both sides.
        const wide = projectionParameters(
          { first: 2000, last: 2150 },
          `s3://lake/raw-metrics/${PROJECTION_TEMPLATE_SUFFIX}`,
        );
        const [narrowCounts, wideCounts] = await Promise.all([
          projectedPartitions(PARAMETERS, sql),
          projectedPartitions(wide, sql),
        ]);
        expect(wideCounts).to.deep.equal(narrowCounts);
      });
    }
  });
}

describe("the projected-partition count", () => {
  const c = clock(new Date("2025-06-15T13:00:00Z"));
  const since = `${c.today} - INTERVAL '7' DAY`;

  it("counts what the issue saw: a lower bound alone projects every hour up to 2099", async () => {
    const lowerOnly = `SELECT count(*) FROM t WHERE year >= year(${since})
  AND year * 10000 + month * 100 + day >= year(${since}) * 10000 + month(${since}) * 100 + day(${since})`;
    const [count] = await projectedPartitions(PARAMETERS, lowerOnly);
    expect(count).to.be.above(650_000);
  });

  it("counts a table without partition terms as its whole projection", async () => {
    const [count] = await projectedPartitions(PARAMETERS, "SELECT * FROM t WHERE value > 1");
    expect(count).to.equal((2099 - 2024 + 1) * 12 * 31 * 24);
  });
});
