import { expect } from "chai";
import {
  collectionScheduleProblem,
  scheduleIntervalSeconds,
  scheduleProblem,
} from "../../contract/schedule";

describe("schedule expressions", () => {
  for (const ok of [
    "rate(3 hours)",
    "rate(1 hour)",
    "rate(5 minutes)",
    "rate(1 day)",
    "cron(0 */3 * * ? *)",
    "cron(15 10 ? * MON-FRI *)",
    "cron(0 8 L * ? *)",
    "cron(0 8 15W * ? *)",
    "cron(0 8 ? * 6L *)",
    "cron(0 8 ? * 2#1 *)",
    "cron(0,30 8-17 ? jan-mar MON-FRI 2025-2030)",
    // A range of one value is a range.
    "cron(5-5 * * * ? *)",
  ]) {
    it(`accepts ${ok}`, () => expect(scheduleProblem(ok)).to.equal(undefined));
  }

  const bad: [string, string][] = [
    ["every 3 hours", "must be a rate() or cron() expression"],
    ["rate(3 hour)", "must use the plural unit"],
    ["rate(1 hours)", "must use the singular unit"],
    ["rate(0 minutes)", "at least 1"],
    ["cron(0 */3 * * *)", "needs 6 fields"],
    ["cron(0 12 * * MON *)", "needs ? in exactly one of day-of-month and day-of-week"],
    ["cron(0 12 ? * ? *)", "needs ? in exactly one of day-of-month and day-of-week"],
    ["cron(99 99 99 99 ? 1900)", 'cron(): minutes "99" is not 0-59'],
    ["cron(0 24 * * ? *)", 'cron(): hours "24" is not 0-23'],
    ["cron(0 12 32 * ? *)", 'cron(): day-of-month "32" is not 1-31'],
    ["cron(0 12 ? 13 MON *)", 'cron(): month "13" is not 1-12 or JAN-DEC'],
    ["cron(0 12 ? * 8 *)", 'cron(): day-of-week "8" is not 1-7 or SUN-SAT'],
    ["cron(0 12 * * ? 1969)", 'cron(): year "1969" is not 1970-2199'],
    ["cron(0/0 * * * ? *)", 'cron(): minutes "0/0" has a bad step'],
    ["cron(1-2-3 * * * ? *)", 'cron(): minutes "1-2-3" is not 0-59'],
    ["cron(0 12 ? * MON#6 *)", 'cron(): day-of-week "MON#6" is not 1-7 or SUN-SAT'],
    // A range that wraps around: croner, which reads the firings, refuses it.
    ["cron(5-2 * * * ? *)", 'cron(): minutes "5-2" runs from a higher to a lower value'],
    ["cron(0 22-2 * * ? *)", 'cron(): hours "22-2" runs from a higher to a lower value'],
    [
      "cron(0 8 ? * FRI-MON *)",
      'cron(): day-of-week "FRI-MON" runs from a higher to a lower value',
    ],
  ];
  for (const [expression, problem] of bad) {
    it(`rejects ${expression}`, () => expect(scheduleProblem(expression)).to.contain(problem));
  }

  it("derives the interval of rate expressions", () => {
    expect(scheduleIntervalSeconds("rate(3 hours)")).to.equal(10_800);
    expect(scheduleIntervalSeconds("rate(5 minutes)")).to.equal(300);
    expect(scheduleIntervalSeconds("rate(1 day)")).to.equal(86_400);
  });

  it("takes a cron()'s longest gap between firings, in its time zone", () => {
    expect(scheduleIntervalSeconds("cron(0 */3 * * ? *)")).to.equal(10_800);
    expect(scheduleIntervalSeconds("cron(*/15 * * * ? *)")).to.equal(900);
    // 09:00 and 17:00: gaps of 8 and 16 hours.
    expect(scheduleIntervalSeconds("cron(0 9,17 * * ? *)")).to.equal(16 * 3600);
    // Day-of-week 1 is Sunday, as AWS numbers it: 2-6 is Monday to Friday.
    expect(scheduleIntervalSeconds("cron(0 8 ? * 2-6 *)")).to.equal(3 * 86_400);
    expect(scheduleIntervalSeconds("cron(0 8 ? * MON-FRI *)")).to.equal(3 * 86_400);
    // The third Friday of each month: five weeks at most.
    expect(scheduleIntervalSeconds("cron(0 12 ? * 6#3 *)")).to.equal(35 * 86_400);
    // The last day of each month: 31 days at most.
    expect(scheduleIntervalSeconds("cron(0 0 L * ? *)")).to.equal(31 * 86_400);
    // 03:30 every day in Berlin: the spring-forward night is an hour shorter, autumn's longer.
    expect(scheduleIntervalSeconds("cron(30 3 * * ? *)", "Europe/Berlin")).to.equal(90_000);
    // 02:30 does not exist on the spring-forward day: Scheduler skips that run, 47 hours.
    expect(scheduleIntervalSeconds("cron(30 2 * * ? *)", "Europe/Berlin")).to.equal(169_200);
  });

  it("refuses a cron() that fires fewer than twice", () => {
    expect(scheduleProblem("cron(0 12 1 1 ? 2030)")).to.equal(
      "cron() fires fewer than twice from 2025 on",
    );
    expect(scheduleProblem("cron(0 12 1 1 ? 2020-2024)")).to.equal(
      "cron() fires fewer than twice from 2025 on",
    );
    expect(scheduleProblem("cron(0 12 1 1 ? 2030-2031)")).to.equal(undefined);
  });

  it("refuses a schedule whose runs can be more than a day and an hour apart", () => {
    expect(collectionScheduleProblem("rate(1 day)")).to.equal(undefined);
    expect(collectionScheduleProblem("cron(0 9,17 * * ? *)")).to.equal(undefined);
    // A daily run in local time: the autumn night is 25 hours long.
    expect(collectionScheduleProblem("cron(30 3 * * ? *)", "Europe/Berlin")).to.equal(undefined);
    expect(collectionScheduleProblem("cron(30 2 * * ? *)", "Europe/Berlin")).to.contain(
      "leaves up to 169200 s",
    );
    expect(collectionScheduleProblem("rate(25 hours)")).to.equal(undefined);
    expect(collectionScheduleProblem("rate(26 hours)")).to.equal(
      "leaves up to 93600 s between runs, but one collection reads at most 90000 s (a day and an hour): run at least daily, at a local time that exists every day (EventBridge Scheduler skips a run whose local time the spring daylight-saving change skips)",
    );
    expect(collectionScheduleProblem("cron(0 8 ? * MON-FRI *)")).to.contain(
      "leaves up to 259200 s",
    );
  });
});
