import { expect } from "chai";
import { settingsFromEnv } from "../../contract/handler-settings";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";

const base = { PIPELINE_ENVIRONMENT: "dev", LAKE_BUCKET: "lake", HOT_TABLE: "table" };

describe("handler settings", () => {
  it("applies the defaults and splits the instance ids", () => {
    const settings = settingsFromEnv({ ...base, TARGET_INSTANCE_IDS: "i-1, i-2,," });
    expect(settings).to.deep.include({
      hotTableTtlDays: 7,
      metricSource: "cloudwatch",
      syntheticInstances: 3,
      targetInstanceIds: ["i-1", "i-2"],
      thresholds: DEFAULT_THRESHOLDS,
    });
  });

  it("names every bad variable in one error", () => {
    expect(() =>
      settingsFromEnv({
        LAKE_BUCKET: "lake",
        HOT_TABLE_TTL_DAYS: "soon",
        METRIC_SOURCE: "ec2",
        THRESHOLDS: "{cpu:80",
      }),
    ).to.throw(
      /PIPELINE_ENVIRONMENT: .*; HOT_TABLE: .*; HOT_TABLE_TTL_DAYS: .*; METRIC_SOURCE: .*; THRESHOLDS: must be JSON/,
    );
  });

  it("reads a cron() schedule and its zone, and names either when it cannot", () => {
    const ok = settingsFromEnv({
      ...base,
      COLLECTION_SCHEDULE: "cron(0 9,17 * * ? *)",
      COLLECTION_SCHEDULE_TIMEZONE: "Europe/Berlin",
    });
    expect(ok).to.deep.include({
      collectionSchedule: "cron(0 9,17 * * ? *)",
      collectionScheduleTimezone: "Europe/Berlin",
    });
    for (const [variable, value] of [
      ["COLLECTION_SCHEDULE", "rate(3 hours)"],
      ["COLLECTION_SCHEDULE", "cron("],
      ["COLLECTION_SCHEDULE_TIMEZONE", "Mars/Olympus"],
      ["COLLECTION_SCHEDULE_TIMEZONE", ""],
    ]) {
      expect(
        () => settingsFromEnv({ ...base, [variable!]: value }),
        `${variable}=${value}`,
      ).to.throw(new RegExp(`Invalid handler settings: ${variable}: must be`));
    }
  });
});
