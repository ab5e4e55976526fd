import { expect } from "chai";
import type { AnalyticsCatalog as AnalyticsCatalogClass } from "../../../components/analytics-catalog";
import {
  buildCompactionDefinition,
  COMPACTION_STATE_NAMES,
} from "../../../components/analytics-catalog/compaction-definition";
import type { MonitoringPipeline as PipelineClass } from "../../../components/monitoring-pipeline";
import {
  byName,
  constructionError,
  mockedSuite,
  resetRecorded,
  settled,
} from "../../helpers/pulumi-mocks";

let AnalyticsCatalog: typeof AnalyticsCatalogClass;
let MonitoringPipeline: typeof PipelineClass;
import { baseArgs as base } from "./fixtures";

/** The days a scheduled run of the deployed definition checks. */
async function catchUpDays(stateMachine: string): Promise<number> {
  const sm = byName(await settled(), stateMachine).inputs;
  const states = JSON.parse(sm.definition as string).States;
  return states[COMPACTION_STATE_NAMES.catchUp].Result.catch_up_days as number;
}

describe("the compaction's catch-up window", () => {
  mockedSuite(async () => {
    ({ AnalyticsCatalog } = await import("../../../components/analytics-catalog/index.js"));
    ({ MonitoringPipeline } = await import("../../../components/monitoring-pipeline/index.js"));
  });

  it("is 30 days, the raw layer's default retention, and takes compaction.catchUpDays", async () => {
    new AnalyticsCatalog("cw-default", base);
    expect(await catchUpDays("cw-default-compaction")).to.equal(30);
    resetRecorded();
    new AnalyticsCatalog("cw-seven", { ...base, compaction: { catchUpDays: 7 } });
    expect(await catchUpDays("cw-seven-compaction")).to.equal(7);
  });

  it("is 30 days in a definition built without it, and refuses one out of range", () => {
    const o = { workgroup: "wg", database: "db", rawTable: "metrics", lakeBucket: "lake" };
    expect(buildCompactionDefinition(o)).to.deep.equal(
      buildCompactionDefinition({ ...o, catchUpDays: 30 }),
    );
    expect(() => buildCompactionDefinition({ ...o, catchUpDays: 63 })).to.throw(
      "catchUpDays must be a whole number from 1 to 62",
    );
  });

  for (const bad of [0, 63, 2.5]) {
    it(`refuses compaction.catchUpDays ${bad}, naming the key`, () => {
      const message = constructionError(
        () => new AnalyticsCatalog("cw-bad", { ...base, compaction: { catchUpDays: bad } }),
      );
      expect(message).to.include(
        `compaction.catchUpDays must be a whole number of days from 1 to 62 (got ${bad})`,
      );
    });
  }

  it("follows the pipeline's raw-metrics/ retention, so no day is checked after its raw objects expire", async () => {
    new MonitoringPipeline("cw-mp", {
      environment: "test",
      metricSource: "synthetic",
      lifecycle: { rawMetricsExpireDays: 10 },
    });
    expect(await catchUpDays("cw-mp-compaction")).to.equal(10);
    resetRecorded();
    new MonitoringPipeline("cw-long", {
      environment: "test",
      metricSource: "synthetic",
      lifecycle: { rawMetricsExpireDays: 200 },
    });
    expect(await catchUpDays("cw-long-compaction")).to.equal(62);
  });
});
