import { expect } from "chai";
import { estimateMonthlyCost, type CostCounts, type CostFacts } from "../../policies/cost/estimate";
import { indexWriteRates } from "../../policies/cost/hot-table-writes";
import { factsFromStack } from "../../policies/cost/from-stack";
import { CURATED_BYTES_PER_RAW_BYTE } from "../../policies/cost/lake-storage";
import { TYPES } from "../../policies/rules/types";
import { measureCuratedRatio } from "../../scripts/curated/measure-ratio";

// Published eu-west-1 prices (https://aws.amazon.com/s3/pricing/, Europe (Ireland)), written
// out here so the test does not take them from the model.
const STANDARD = 0.023;
const STANDARD_IA = 0.0125;
const GLACIER_IR = 0.004;
const TO_IA = 0.01 / 1000;
const TO_GLACIER_IR = 0.02 / 1000;
/** Measured by `npm run curated-ratio`: 849,234 Parquet bytes for 54,516,364 JSON bytes. */
const PARQUET_PER_JSON_BYTE = 0.0156;
const GB = 1024 ** 3;

const counts: CostCounts = {
  functionMemoryMb: [1024],
  stateTransitionsPerRun: 10,
  alarmMetrics: 0,
  compositeAlarms: 0,
  dashboards: 0,
  kmsKeys: 0,
};
const compacted: CostCounts = { ...counts, compactionStatesPerRun: 17, compactionStatesPerDay: 98 };

function s3Lines(e: ReturnType<typeof estimateMonthlyCost>) {
  return Object.fromEntries(
    e.lines
      .filter((l) => /storage|transition/i.test(l.item) && l.item.startsWith("S3"))
      .map((l) => [l.item, l.usd]),
  );
}

describe("the cost model's lake storage", () => {
  it("prices raw objects in Standard only, for the 30 days they live, with no transition", () => {
    // 1 synthetic instance, one run a day: 7 records of 266 bytes a day, kept 30 days.
    const facts: CostFacts = {
      schedule: "rate(1 day)",
      workflowType: "STANDARD",
      metricSource: "synthetic",
      instances: 1,
      lake: { infrequentAccessDays: 30, archiveDays: 90, expireDays: 730 },
      hotTableDays: 1,
      logDays: 30,
    };
    const lines = s3Lines(estimateMonthlyCost(facts, counts));
    expect(lines).to.deep.equal({
      "S3 Standard storage (raw-metrics/)": ((7 * 266 * 30) / GB) * STANDARD,
    });
  });

  it("keeps curated objects under 128 KB in Standard for their whole life", () => {
    const facts: CostFacts = {
      schedule: "rate(1 day)",
      workflowType: "STANDARD",
      metricSource: "synthetic",
      instances: 1,
      lake: { infrequentAccessDays: 30, archiveDays: 90, expireDays: 730 },
      hotTableDays: 1,
      logDays: 30,
    };
    const lines = s3Lines(estimateMonthlyCost(facts, compacted));
    const curatedPerDay = 7 * 266 * PARQUET_PER_JSON_BYTE; // 29 bytes: no rule moves it
    expect(lines["S3 Standard storage (curated-metrics/)"]).to.be.closeTo(
      ((curatedPerDay * 730) / GB) * STANDARD,
      1e-18,
    );
    expect(lines["S3 Standard-IA storage (curated-metrics/)"]).to.equal(0);
    expect(lines["S3 Glacier Instant Retrieval storage (curated-metrics/)"]).to.equal(0);
    expect(lines["S3 lifecycle transitions (curated-metrics/)"]).to.equal(0);
  });

  it("prices a fleet's curated day through Standard, Standard-IA and Glacier IR, as hand-computed", () => {
    const facts: CostFacts = {
      schedule: "rate(3 hours)",
      workflowType: "STANDARD",
      metricSource: "cloudwatch",
      instances: 10_000,
      lake: { infrequentAccessDays: 30, archiveDays: 90, expireDays: 730 },
      hotTableDays: 7,
      logDays: 90,
    };
    const lines = s3Lines(estimateMonthlyCost(facts, compacted));
    // 10,000 instances x 7 metrics x 288 five-minute datapoints a day x 266 bytes.
    const rawPerDay = 10_000 * 7 * 288 * 266; // 5,362,560,000 bytes
    const curatedPerDay = rawPerDay * PARQUET_PER_JSON_BYTE; // 83,655,936 bytes: one object
    expect(lines).to.have.all.keys(
      "S3 Standard storage (raw-metrics/)",
      "S3 Standard storage (curated-metrics/)",
      "S3 Standard-IA storage (curated-metrics/)",
      "S3 Glacier Instant Retrieval storage (curated-metrics/)",
      "S3 lifecycle transitions (curated-metrics/)",
    );
    const close = (item: string, usd: number) => expect(lines[item], item).to.be.closeTo(usd, 1e-9);
    close("S3 Standard storage (raw-metrics/)", ((rawPerDay * 30) / GB) * STANDARD); // $3.4460
    close("S3 Standard storage (curated-metrics/)", ((curatedPerDay * 30) / GB) * STANDARD);
    close("S3 Standard-IA storage (curated-metrics/)", ((curatedPerDay * 60) / GB) * STANDARD_IA);
    close(
      "S3 Glacier Instant Retrieval storage (curated-metrics/)",
      ((curatedPerDay * 640) / GB) * GLACIER_IR,
    );
    // One object a day, each moved twice.
    close("S3 lifecycle transitions (curated-metrics/)", 30 * (TO_IA + TO_GLACIER_IR));
    const total = Object.values(lines).reduce((a, b) => a + b, 0);
    // $3.4460 + $0.0538 + $0.0584 + $0.1995 + $0.0009.
    expect(total).to.be.closeTo(3.7586, 0.0001);
  });

  it("moves nothing to Glacier IR without an archive tier", () => {
    const facts: CostFacts = {
      schedule: "rate(3 hours)",
      workflowType: "STANDARD",
      metricSource: "cloudwatch",
      instances: 10_000,
      lake: { infrequentAccessDays: 30, expireDays: 365 },
      hotTableDays: 7,
      logDays: 90,
    };
    const lines = s3Lines(estimateMonthlyCost(facts, compacted));
    expect(lines["S3 Glacier Instant Retrieval storage (curated-metrics/)"]).to.equal(0);
    expect(lines["S3 lifecycle transitions (curated-metrics/)"]).to.be.closeTo(30 * TO_IA, 1e-12);
  });
});

describe("the hot-table index's write rate", () => {
  it("puts the busiest of 128 shards near 420 write units a second at 10,000 instances", () => {
    // 10,000 / 128 = 78.125 a shard, sd sqrt(10,000 x 1/128 x 127/128) = 8.80; +3 sd -> 105.
    const r = indexWriteRates(10_000, 128);
    expect(r.busiestShardInstances).to.equal(105);
    // 40,000 units/s (the table's on-demand quota) x 105 / 10,000; 105 x 3 disk metrics / 60 s.
    expect(r.peakUnitsPerSecond).to.be.closeTo(420, 1e-9);
    expect(r.sustainedUnitsPerSecond).to.be.closeTo(5.25, 1e-9);
  });

  it("shows why one key a type throttles: the whole quota on one partition", () => {
    const r = indexWriteRates(10_000, 1);
    expect(r.peakUnitsPerSecond).to.equal(40_000);
    expect(r.sustainedUnitsPerSecond).to.equal(500);
  });

  it("caps a small fleet's burst at the items its busiest shard has in one run", () => {
    // 10 instances: 1 in the fullest shard; 1 x 3 disk metrics x 36 datapoints = 108 < 4,000.
    expect(indexWriteRates(10, 128, 36).peakUnitsPerSecond).to.equal(108);
    expect(indexWriteRates(10_000, 128, 36).peakUnitsPerSecond).to.be.closeTo(420, 1e-9);
  });
});

describe("the lake's tiers read from the stack", () => {
  it("takes raw-metrics/' lifetime from its rule and the archive from curated-metrics/'", () => {
    const lifecycle = {
      type: TYPES.lifecycle,
      name: "lake-lifecycle",
      props: {
        rules: [
          {
            filter: { prefix: "curated-metrics/" },
            transitions: [
              { days: 30, storageClass: "STANDARD_IA" },
              { days: 90, storageClass: "GLACIER_IR" },
            ],
            expiration: { days: 730 },
          },
          { filter: { prefix: "raw-metrics/" }, expiration: { days: 45 } },
        ],
      },
    };
    expect(factsFromStack([lifecycle]).lake).to.deep.equal({
      infrequentAccessDays: 30,
      archiveDays: 90,
      expireDays: 730,
      rawMetricsExpireDays: 45,
    });
  });
});

describe("the curated layer's measured size", () => {
  it("compacts a day of records with DuckDB to the ratio the model prices, within 15 %", async function () {
    this.timeout(60_000);
    const m = await measureCuratedRatio({ instances: 20 });
    expect(m.records).to.equal(20 * 7 * 288);
    expect(m.ratio).to.be.within(PARQUET_PER_JSON_BYTE * 0.85, PARQUET_PER_JSON_BYTE * 1.15);
    expect(CURATED_BYTES_PER_RAW_BYTE).to.equal(PARQUET_PER_JSON_BYTE);
  });
});
