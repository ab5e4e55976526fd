import { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { collectionScheduleProblem, scheduleIntervalSeconds } from "../../contract/schedule";
import { type CollectionPlan, createCollector } from "../../functions/data-collector/collector";
import { syntheticSource } from "../../functions/data-collector/sources/synthetic";
import { cronFirings, previousFiring, realFirings } from "../../contract/schedule-firings";
import { capturedMetrics, collectorSettings, silentLogger } from "./fixtures";

const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());
const firings = (expression: string, zone: string) => cronFirings(expression, zone)!;

// EventBridge Scheduler's documented daylight-saving rules: a local time the spring change
// skips does not run; a local time the autumn change repeats runs once.
describe("cron() firings as EventBridge Scheduler makes them, daylight-saving changes included", () => {
  describe("Europe/London (clocks go forward 2026-03-29 01:00 GMT, back 2026-10-25 02:00 BST)", () => {
    it("a daily 01:30 does not run on the spring day: the run after reads from the day before", () => {
      const daily = firings("cron(30 1 * * ? *)", "Europe/London");
      expect(iso(realFirings(daily, 3, new Date("2026-03-27T12:00:00Z")))).to.deep.equal([
        "2026-03-28T01:30:00.000Z",
        "2026-03-30T00:30:00.000Z",
        "2026-03-31T00:30:00.000Z",
      ]);
      // croner alone shifts the 29th's run to 02:00 BST, a run Scheduler never makes.
      expect(previousFiring(daily, new Date("2026-03-30T00:30:00Z"))?.toISOString()).to.equal(
        "2026-03-28T01:30:00.000Z",
      );
    });

    it("a daily 03:30 (after the gap) runs every day: 23 hours across the spring change", () => {
      const daily = firings("cron(30 3 * * ? *)", "Europe/London");
      expect(previousFiring(daily, new Date("2026-03-29T02:30:00Z"))?.toISOString()).to.equal(
        "2026-03-28T03:30:00.000Z",
      );
    });

    it("every 30 minutes across the autumn repeat: the repeated 01:00 and 01:30 count once", () => {
      const half = firings("cron(*/30 * * * ? *)", "Europe/London");
      // 01:00 and 01:30 BST are 00:00Z and 00:30Z; the same local times again (GMT) are 01:00Z
      // and 01:30Z, which Scheduler does not run a second time.
      expect(iso(realFirings(half, 4, new Date("2026-10-24T23:45:00Z")))).to.deep.equal([
        "2026-10-25T00:00:00.000Z",
        "2026-10-25T00:30:00.000Z",
        "2026-10-25T02:00:00.000Z",
        "2026-10-25T02:30:00.000Z",
      ]);
      expect(previousFiring(half, new Date("2026-10-25T02:00:00Z"))?.toISOString()).to.equal(
        "2026-10-25T00:30:00.000Z",
      );
    });

    it("hourly at :30 skips the missing 01:30 in spring: 00:30 GMT is the run before 02:30 BST", () => {
      const hourly = firings("cron(30 * * * ? *)", "Europe/London");
      expect(previousFiring(hourly, new Date("2026-03-29T01:30:00Z"))?.toISOString()).to.equal(
        "2026-03-29T00:30:00.000Z",
      );
    });
  });

  describe("America/New_York (forward 2026-03-08 02:00 EST, back 2026-11-01 02:00 EDT)", () => {
    it("a daily 02:30 does not run on the spring day", () => {
      const daily = firings("cron(30 2 * * ? *)", "America/New_York");
      expect(previousFiring(daily, new Date("2026-03-09T06:30:00Z"))?.toISOString()).to.equal(
        "2026-03-07T07:30:00.000Z",
      );
    });

    it("a daily 01:30 runs once on the autumn day, at its first pass (EDT): 25 hours to the next", () => {
      const daily = firings("cron(30 1 * * ? *)", "America/New_York");
      expect(iso(realFirings(daily, 3, new Date("2026-10-31T12:00:00Z")))).to.deep.equal([
        "2026-11-01T05:30:00.000Z",
        "2026-11-02T06:30:00.000Z",
        "2026-11-03T06:30:00.000Z",
      ]);
    });
  });

  describe("the stack config and the collector agree with Scheduler", () => {
    it("a daily run at a local time the spring change skips is refused before deploying (a 47-hour gap)", () => {
      expect(scheduleIntervalSeconds("cron(30 1 * * ? *)", "Europe/London")).to.equal(47 * 3600);
      expect(collectionScheduleProblem("cron(30 1 * * ? *)", "Europe/London")).to.match(
        /leaves up to 169200 s between runs.*a local time that exists every day/,
      );
      expect(collectionScheduleProblem("cron(30 2 * * ? *)", "America/New_York")).to.match(
        /169200 s/,
      );
      // The same time in UTC, or an hour outside the gap, runs every day.
      expect(collectionScheduleProblem("cron(30 1 * * ? *)", "UTC")).to.equal(undefined);
      expect(collectionScheduleProblem("cron(30 3 * * ? *)", "Europe/London")).to.equal(undefined);
      expect(scheduleIntervalSeconds("cron(30 3 * * ? *)", "Europe/London")).to.equal(25 * 3600);
    });

    async function planAt(expression: string, zone: string, scheduled: string) {
      const collector = createCollector({
        s3: new S3Client({ region: "eu-west-1" }),
        source: syntheticSource({ instances: 1, region: "eu-west-1" }),
        settings: collectorSettings("unused", {
          collectionSchedule: expression,
          collectionScheduleTimezone: zone,
          collectionIntervalSeconds: scheduleIntervalSeconds(expression, zone),
        }),
        logger: silentLogger(),
        metrics: capturedMetrics().metrics,
        clock: () => new Date(scheduled),
      });
      return (await collector.collect({
        action: "plan",
        scheduled_time: scheduled,
      })) as CollectionPlan;
    }

    it("the collector's window starts at the previous firing that really ran (every 30 minutes, autumn)", async () => {
      const plan = await planAt("cron(*/30 * * * ? *)", "Europe/London", "2026-10-25T02:00:00Z");
      // 10 minutes of lag: [00:20Z, 01:50Z), 90 minutes, where croner's own firing gave 30.
      expect(plan).to.include({
        window_start: "2026-10-25T00:20:00.000Z",
        window_end: "2026-10-25T01:50:00.000Z",
      });
    });

    it("a run after a skipped spring firing reads from the day before (New York, daily 02:30)", async () => {
      const plan = await planAt("cron(30 2 * * ? *)", "America/New_York", "2026-03-09T06:30:00Z");
      // 47 hours is over one window: the last 25 hours are read, the rest named for replay,
      // never a window starting at the 03:00 EDT run that did not happen.
      expect(plan).to.include({
        window_start: "2026-03-08T05:20:00.000Z",
        window_end: "2026-03-09T06:20:00.000Z",
      });
    });
  });
});
