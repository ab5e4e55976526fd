import { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { type CollectionPlan, createCollector } from "../../functions/data-collector/collector";
import type { CollectorEvent } from "../../functions/data-collector/event";
import { syntheticSource } from "../../functions/data-collector/sources/synthetic";
import { retentionSeconds } from "../../functions/data-collector/window";
import { settingsFromEnv } from "../../contract/handler-settings";
import { capturedMetrics, collectorSettings, silentLogger } from "./fixtures";

/** The collector's clock in these tests. */
const NOW = Date.parse("2025-03-01T09:30:00Z");
const t = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toISOString();
const DAY = 86_400;

function planner(periodSeconds = 300) {
  const collector = createCollector({
    s3: new S3Client({ region: "eu-west-1" }),
    source: syntheticSource({ instances: 1, region: "eu-west-1" }),
    settings: collectorSettings("unused", { collectionPeriodSeconds: periodSeconds }),
    logger: silentLogger(),
    metrics: capturedMetrics().metrics,
    clock: () => new Date(NOW),
  });
  return (event: CollectorEvent) =>
    collector.collect({ action: "plan", ...event }) as Promise<CollectionPlan>;
}

describe("collection windows are sane: none in the future, none past retention, none too long", () => {
  it("CloudWatch's retention per period: 1-minute data 15 days, 5-minute 63, 1-hour 455", () => {
    expect(retentionSeconds(60)).to.equal(15 * DAY);
    expect(retentionSeconds(120)).to.equal(15 * DAY);
    expect(retentionSeconds(300)).to.equal(63 * DAY);
    expect(retentionSeconds(900)).to.equal(63 * DAY);
    expect(retentionSeconds(3600)).to.equal(455 * DAY);
  });

  it("a window may end up to 300 s past the clock (skew), not one period more", async () => {
    const plan = planner();
    const edge = await plan({ window_start: t(0), window_end: t(300) });
    expect(edge.window_end).to.equal(t(300));
    await plan({ window_start: t(0), window_end: t(600) }).then(
      () => expect.fail("a window ending 600 s ahead was accepted"),
      (err: Error) =>
        expect(err.message).to.equal(
          `Invalid collector event: the window ends at ${t(600)}, more than 300 s after the collector's clock (${t(0)}): its datapoints do not exist yet`,
        ),
    );
  });

  it("a scheduled time in the future is refused too (its derived window ends past the clock)", async () => {
    // Due at now + 1 h: the window ends at now + 50 min.
    await planner()({ scheduled_time: t(3600) }).then(
      () => expect.fail("accepted"),
      (err: Error) => expect(err.message).to.contain("more than 300 s after the collector's clock"),
    );
  });

  it("5-minute data: a window starting exactly 63 days back is read; one period earlier is refused", async () => {
    const plan = planner(300);
    const oldest = await plan({ window_start: t(-63 * DAY), window_end: t(-63 * DAY + 300) });
    expect(oldest.window_start).to.equal(t(-63 * DAY));
    await plan({ window_start: t(-63 * DAY - 300), window_end: t(-63 * DAY + 300) }).then(
      () => expect.fail("accepted"),
      (err: Error) =>
        expect(err.message).to.equal(
          `Invalid collector event: the window starts at ${t(-63 * DAY - 300)}, more than 63 days before the collector's clock (${t(0)}): CloudWatch keeps 300 s datapoints that long`,
        ),
    );
  });

  it("1-minute data: 15 days back is the edge", async () => {
    const plan = planner(60);
    await plan({ window_start: t(-15 * DAY), window_end: t(-15 * DAY + 60) });
    await plan({ window_start: t(-15 * DAY - 60), window_end: t(-15 * DAY + 60) }).then(
      () => expect.fail("accepted"),
      (err: Error) => expect(err.message).to.contain("more than 15 days before"),
    );
  });

  it("a scheduled time in 1969 (an epoch 0 minus the interval) is refused, not read as empty", async () => {
    await planner()({ scheduled_time: "1970-01-01T00:00:00Z" }).then(
      () => expect.fail("accepted"),
      (err: Error) =>
        expect(err.message).to.match(/the window starts at 1969-12-31T20:50:00.000Z, more than 63/),
    );
  });

  it("a window spans at most 25 hours (90000 s), and the settings' interval stops at the same figure", async () => {
    const plan = planner();
    await plan({ window_start: t(-90_000), window_end: t(0) });
    await plan({ window_start: t(-90_000 - 300), window_end: t(0) }).then(
      () => expect.fail("accepted"),
      (err: Error) =>
        expect(err.message).to.contain("a window spans at most 90000 s (got 90300 s)"),
    );
    const env = { PIPELINE_ENVIRONMENT: "dev", LAKE_BUCKET: "b", HOT_TABLE: "t" };
    const interval = (s: number) =>
      settingsFromEnv({ ...env, COLLECTION_INTERVAL_SECONDS: String(s) });
    // 25 hours (docs/limits.md).
    expect(interval(90_000).collectionIntervalSeconds).to.equal(90_000);
    expect(() => interval(90_001)).to.throw(/COLLECTION_INTERVAL_SECONDS/);
  });
});
