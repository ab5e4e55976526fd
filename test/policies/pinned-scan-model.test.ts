/** The pack's copy of the catalog's scan model answers as the original does. */
import { expect } from "chai";
import { TABLE_NAMES as CATALOG_TABLES } from "../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../components/analytics-catalog/named-queries";
import * as catalog from "../../components/analytics-catalog/scan-model";
import { HOST_METRICS } from "../../contract/emitted-metrics";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import * as pack from "../../policies/cost/athena-scans";

describe("the pack's copy of the scan model", () => {
  it("keeps the catalog's constants and table names", () => {
    expect(pack.LAKE_RECORD_BYTES).to.deep.equal(catalog.LAKE_RECORD_BYTES);
    expect(pack.TABLE_NAMES).to.deep.equal(CATALOG_TABLES);
    for (const key of [
      "RECORDS_PER_INSTANCE_PERIOD",
      "QUARANTINE_SHARE_OF_RAW",
      "RAW_OPEN_DAYS",
      "CUTOFF_HEADROOM",
    ] as const) {
      expect(pack[key], key).to.equal(catalog[key]);
    }
    expect(catalog.RECORDS_PER_INSTANCE_PERIOD).to.equal(HOST_METRICS.length);
  });

  it("estimates every deployed query as the catalog does, at several fleets", () => {
    const queries = namedQueries({
      database: "db",
      metricsTable: CATALOG_TABLES.metrics,
      quarantineTable: CATALOG_TABLES.quarantine,
      curatedTable: CATALOG_TABLES.curated,
      thresholds: DEFAULT_THRESHOLDS,
    });
    for (const fleet of [
      { instances: 1, periodSeconds: 60 },
      { instances: 10_000, periodSeconds: 60 },
      { instances: 777, periodSeconds: 300 },
    ]) {
      expect(pack.scanEstimates(queries, fleet)).to.deep.equal(
        catalog.scanEstimates(queries, fleet),
      );
      const [largest] = catalog.scanEstimates(queries, fleet);
      expect(pack.sizedCutoffBytes(largest?.bytes ?? 0)).to.equal(
        catalog.sizedCutoffBytes(largest?.bytes ?? 0),
      );
    }
  });
});
