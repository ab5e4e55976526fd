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
  ]) {
    it(`accepts ${ok}`, () => expect(scheduleProblem(ok)).to.equal(undefined));
  }

  const bad: [string, string][] = [
    ["every 3 hours", "must be a rate() or cron() expression"],
    ["rate(3 hour)", "must use the plural unit"],
    ["rate(1 hours)", "must use the singular unit"],
    ["rate(0 minutes)", "at least 1"],
    ["cron(0 */3 * * *)", "needs 6 fields"],
    ["cron(0 12 * * MON *)", "needs ? in either day-of-month or day-of-week"],
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
