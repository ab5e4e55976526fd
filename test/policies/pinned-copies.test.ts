/**
 * The pack needs nothing outside policies/ (users install it on its own), so it keeps copies
 * of a few program constants. These tests keep the copies equal to the originals.
 */
import { expect } from "chai";
import { scheduleIntervalSeconds as programInterval } from "../../contract/schedule";
import { stackConfigSchema } from "../../config/stack-config";
import {
  HOST_METRIC_DIMENSION_SETS,
  HOST_METRICS,
  PIPELINE_METRICS,
} from "../../contract/emitted-metrics";
import { METRIC_TYPES } from "../../contract/metric-record";
import { HANDLER_ENV, handlerSettingsSchema } from "../../contract/handler-settings";
import { WORKLOAD } from "../../policies/cost/estimate";
import {
  DEFAULT_FACTS,
  DEFAULT_SYNTHETIC_INSTANCES,
  HANDLER_ENV_NAMES,
} from "../../policies/cost/from-stack";
import { scheduleIntervalSeconds } from "../../policies/cost/schedule";

describe("the pack's copies of program constants", () => {
  it("computes rate() intervals as contract/schedule.ts does", () => {
    for (const e of ["rate(1 minute)", "rate(5 minutes)", "rate(3 hours)", "rate(2 days)"]) {
      expect(scheduleIntervalSeconds(e), e).to.equal(programInterval(e));
    }
  });

  it("counts the metrics and metric types the handlers emit", () => {
    expect(WORKLOAD.hostMetrics).to.equal(HOST_METRICS.length);
    expect(WORKLOAD.hostMetricFleetDimensionSets).to.equal(HOST_METRIC_DIMENSION_SETS.length - 1);
    expect(WORKLOAD.pipelineMetrics).to.equal(Object.keys(PIPELINE_METRICS).length);
    expect(WORKLOAD.metricTypes).to.equal(METRIC_TYPES.length);
  });

  it("reads the handlers' environment variable names", () => {
    for (const [key, name] of Object.entries(HANDLER_ENV_NAMES)) {
      expect(HANDLER_ENV[key as keyof typeof HANDLER_ENV]).to.equal(name);
    }
  });

  it("assumes the synthetic source's default instance count", () => {
    const settings = handlerSettingsSchema.parse({
      environment: "x",
      lakeBucket: "b",
      hotTable: "t",
    });
    expect(DEFAULT_SYNTHETIC_INSTANCES).to.equal(settings.syntheticInstances);
  });

  it("falls back to the program's config defaults", () => {
    const defaults = stackConfigSchema.parse({ environment: "x", metricSource: "synthetic" });
    expect(DEFAULT_FACTS.schedule).to.equal(defaults.schedule);
    expect(DEFAULT_FACTS.workflowType).to.equal(defaults.workflowType);
    expect(DEFAULT_FACTS.hotTableDays).to.equal(defaults.retention.hotTableDays);
    expect(DEFAULT_FACTS.logDays).to.equal(defaults.retention.logDays);
    expect(DEFAULT_FACTS.lake.infrequentAccessDays).to.equal(
      defaults.retention.lakeInfrequentAccessDays,
    );
    expect(DEFAULT_FACTS.lake.expireDays).to.equal(defaults.retention.lakeExpireDays);
  });
});
