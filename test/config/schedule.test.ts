import { expect } from "chai";
import { scheduleIntervalSeconds, scheduleProblem } from "../../config/schedule";

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
  ];
  for (const [expression, problem] of bad) {
    it(`rejects ${expression}`, () => expect(scheduleProblem(expression)).to.contain(problem));
  }

  it("derives the interval of rate expressions and assumes a day for cron", () => {
    expect(scheduleIntervalSeconds("rate(3 hours)")).to.equal(10_800);
    expect(scheduleIntervalSeconds("rate(5 minutes)")).to.equal(300);
    expect(scheduleIntervalSeconds("rate(1 day)")).to.equal(86_400);
    expect(scheduleIntervalSeconds("cron(0 */3 * * ? *)")).to.equal(86_400);
  });
});
