import { expect } from "chai";
import type { AnalyticsCatalog as AnalyticsCatalogClass } from "../../../components/analytics-catalog";
import { TABLE_NAMES } from "../../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../../components/analytics-catalog/named-queries";
import {
  bytesPerHour,
  namedQueryScanBytes,
  partitionDays,
  scanEstimates,
  sizedCutoffBytes,
} from "../../../components/analytics-catalog/scan-model";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";
import {
  byName,
  captureWarnings,
  constructionError,
  mockedSuite,
  settled,
} from "../../helpers/pulumi-mocks";
import { baseArgs } from "./fixtures";

const GIB = 1024 ** 3;
const FLEET = { instances: 10_000, periodSeconds: 60 };
const queries = namedQueries({
  database: "db",
  metricsTable: TABLE_NAMES.metrics,
  quarantineTable: TABLE_NAMES.quarantine,
  curatedTable: TABLE_NAMES.curated,
  thresholds: DEFAULT_THRESHOLDS,
});

describe("the scan model", () => {
  it("an hour of 10,000 instances at 60 s: 4.2 million records, 266 bytes raw and 8 curated each", () => {
    expect(bytesPerHour(FLEET)).to.deep.equal({
      raw: 4_200_000 * 266,
      curated: 4_200_000 * 8,
      quarantine: 4_200_000 * 266 * 0.02,
    });
  });

  it("reads each named query's day window from its partition filter, the deployed SQL", () => {
    expect(Object.fromEntries(queries.map((q) => [q.name, partitionDays(q.sql)]))).to.deep.equal({
      "avg-cpu-by-instance": 8,
      "daily-peak-memory": 15,
      "threshold-violations": 2,
      "network-top-talkers": 2,
      "disk-growth-per-instance": 8,
      "data-freshness": 3,
      "quarantined-lines-by-reason": 8,
    });
    // A time filter on a data column is no partition window.
    expect(
      partitionDays(
        "SELECT * FROM q WHERE from_iso8601_timestamp(quarantined_at) >= now() - INTERVAL '7' DAY",
      ),
    ).to.equal(undefined);
  });

  it("prices both layers: 13 closed days of Parquet and 2 open days of raw for daily-peak-memory", () => {
    const sql = queries.find((q) => q.name === "daily-peak-memory")?.sql ?? "";
    const hour = bytesPerHour(FLEET);
    expect(namedQueryScanBytes(sql, FLEET)).to.equal(24 * (13 * hour.curated + 2 * hour.raw));
    expect(namedQueryScanBytes('SELECT 1 FROM "db"."metrics"', FLEET)).to.equal(Infinity);
  });

  it("ranks the compaction's day and every named query, largest first", () => {
    const names = scanEstimates(queries, FLEET).map((s) => s.name);
    expect(names.slice(0, 2)).to.deep.equal(["daily-peak-memory", "avg-cpu-by-instance"]);
    expect(names).to.include("compaction UNLOAD of a day");
    expect(names).to.have.length(8);
  });

  it("sizes the cutoff in whole GiB with 25 % headroom, 1 GiB at least", () => {
    expect(sizedCutoffBytes(0)).to.equal(GIB);
    expect(sizedCutoffBytes(GIB * 0.8)).to.equal(GIB);
    expect(sizedCutoffBytes(GIB * 0.8 + 1)).to.equal(2 * GIB);
    expect(sizedCutoffBytes(60 * GIB)).to.equal(75 * GIB);
  });
});

let AnalyticsCatalog: typeof AnalyticsCatalogClass;

describe("AnalyticsCatalog sizes its scan cutoff from the fleet", () => {
  mockedSuite(async () => {
    ({ AnalyticsCatalog } = await import("../../../components/analytics-catalog/index.js"));
  });
  const cutoffOf = async (name: string) =>
    byName(await settled(), `${name}-workgroup`).inputs.configuration.bytesScannedCutoffPerQuery;

  it("keeps 1 GiB without a fleet", async () => {
    new AnalyticsCatalog("sc-none", baseArgs);
    expect(await cutoffOf("sc-none")).to.equal(GIB);
  });

  it("10,000 instances at 60 s: the largest query (59.7 GiB) with headroom, 75 GiB", async () => {
    new AnalyticsCatalog("sc-prod", { ...baseArgs, fleet: { instances: 10_000 } });
    expect(await cutoffOf("sc-prod")).to.equal(75 * GIB);
  });

  it("5-minute data needs a fifth of the bytes", async () => {
    new AnalyticsCatalog("sc-five", {
      ...baseArgs,
      fleet: { instances: 10_000, periodSeconds: 300 },
    });
    expect(await cutoffOf("sc-five")).to.equal(15 * GIB);
  });

  it("keeps a given cutoff, warning when the largest query at the fleet passes it", async () => {
    const warnings = await captureWarnings(
      () =>
        new AnalyticsCatalog("sc-given", {
          ...baseArgs,
          fleet: { instances: 10_000 },
          bytesScannedCutoffPerQuery: 2 * GIB,
        }),
    );
    expect(await cutoffOf("sc-given")).to.equal(2 * GIB);
    expect(warnings).to.include(
      "AnalyticsCatalog: bytesScannedCutoffPerQuery 2.0 GiB is under what daily-peak-memory scans at 10000 instances (59.7 GiB): Athena will cancel it",
    );
    const quiet = await captureWarnings(
      () =>
        new AnalyticsCatalog("sc-enough", {
          ...baseArgs,
          fleet: { instances: 10_000 },
          bytesScannedCutoffPerQuery: 60 * GIB,
        }),
    );
    expect(quiet.filter((w) => w.startsWith("AnalyticsCatalog:"))).to.deep.equal([]);
  });

  it("refuses a fleet it cannot size, naming the field", () => {
    const message = constructionError(
      () =>
        new AnalyticsCatalog("sc-bad", {
          ...baseArgs,
          fleet: { instances: 1_000_001, periodSeconds: 0 },
        }),
    );
    expect(message).to.include(
      "fleet.instances must be a whole number from 1 to 1000000 (got 1000001)",
    );
    expect(message).to.include("fleet.periodSeconds must be whole seconds from 1 to 86400 (got 0)");
  });
});
