import { expect } from "chai";
import {
  heartbeatTiming,
  maxRangeSeconds,
  perRunTiming,
  runIntervalSeconds,
  runPeriodSeconds,
  timingProblem,
} from "../../../components/alerting-stack/timing";

const interval = (schedule: string, given?: number) => runIntervalSeconds(schedule, given);

describe("AlertingStack alarm timing", () => {
  it("rate(3 hours): one 3-hour period per run, so every period holds a data point", () => {
    const i = interval("rate(3 hours)");
    expect(runPeriodSeconds(i)).to.equal(10_800);
    expect(perRunTiming(i, 2)).to.deep.equal({
      periodSeconds: 10_800,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    expect(perRunTiming(i, 3)).to.deep.equal({
      periodSeconds: 10_800,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
  });

  it("rate(3 hours): the heartbeat waits the interval plus 10 % (18 minutes)", () => {
    expect(heartbeatTiming(interval("rate(3 hours)"))).to.deep.equal({
      periodSeconds: 11_880,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    });
  });

  it("rate(5 minutes): 5-minute periods, and a heartbeat with the 5-minute minimum grace", () => {
    const i = interval("rate(5 minutes)");
    expect(perRunTiming(i, 3)).to.deep.equal({
      periodSeconds: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    expect(heartbeatTiming(i)).to.deep.equal({
      periodSeconds: 600,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    });
  });

  it("rate(1 day): one-day periods; the heartbeat spans two periods, both empty to alarm", () => {
    const i = interval("rate(1 day)");
    expect(perRunTiming(i, 2)).to.deep.equal({
      periodSeconds: 86_400,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    expect(heartbeatTiming(i)).to.deep.equal({
      periodSeconds: 47_520,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
  });

  it("cron(): the longest gap between firings, unless the interval is given", () => {
    expect(interval("cron(0 */3 * * ? *)")).to.equal(10_800);
    expect(perRunTiming(interval("cron(0 */3 * * ? *)"), 2).periodSeconds).to.equal(10_800);
    // 09:00 and 17:00: a run's data point can be 16 hours from the one before.
    expect(perRunTiming(interval("cron(0 9,17 * * ? *)"), 1).periodSeconds).to.equal(57_600);
    expect(interval("cron(0 9,17 * * ? *)", 3_600)).to.equal(3_600);
  });

  it("rounds an interval up to whole minutes, never below one minute", () => {
    expect(runPeriodSeconds(90)).to.equal(120);
    expect(runPeriodSeconds(30)).to.equal(60);
  });

  it("over a day: one-day periods, several per run, and the runs that fit in seven days", () => {
    // rate(3 days): 3 periods per run; 3 runs would need 9 days, so 2 runs (6 periods).
    expect(perRunTiming(interval("rate(3 days)"), 3)).to.deep.equal({
      periodSeconds: 86_400,
      evaluationPeriods: 6,
      datapointsToAlarm: 2,
    });
    expect(perRunTiming(interval("rate(3 days)"), 1)).to.deep.equal({
      periodSeconds: 86_400,
      evaluationPeriods: 3,
      datapointsToAlarm: 1,
    });
  });

  it("every derived timing is one CloudWatch accepts", () => {
    const schedules = [
      "rate(1 minute)",
      "rate(7 minutes)",
      "rate(59 minutes)",
      "rate(1 hour)",
      "rate(5 hours)",
      "rate(23 hours)",
      "rate(2 days)",
      "rate(6 days)",
    ];
    for (const schedule of schedules) {
      const i = interval(schedule);
      for (const timing of [perRunTiming(i, 1), perRunTiming(i, 3), heartbeatTiming(i)]) {
        const where = `${schedule} ${JSON.stringify(timing)}`;
        expect(timing.periodSeconds % 60, where).to.equal(0);
        expect(timing.periodSeconds, where).to.be.within(60, 86_400);
        expect(timing.datapointsToAlarm, where).to.be.within(1, timing.evaluationPeriods);
        expect(timingProblem(timing), where).to.equal(undefined);
      }
      // The heartbeat window always exceeds the interval: an on-time run is never missed.
      const hb = heartbeatTiming(i);
      expect(hb.periodSeconds * hb.evaluationPeriods, schedule).to.be.greaterThan(i);
    }
  });

  it("reports evaluation ranges CloudWatch rejects: one day under hourly periods, seven days above", () => {
    expect(maxRangeSeconds(3_540)).to.equal(86_400);
    expect(maxRangeSeconds(3_600)).to.equal(604_800);
    expect(
      timingProblem({ periodSeconds: 3_540, evaluationPeriods: 25, datapointsToAlarm: 1 }),
    ).to.equal("needs an evaluation range of 88500 s, more than CloudWatch's 86400 s");
    expect(
      timingProblem({ periodSeconds: 3_600, evaluationPeriods: 168, datapointsToAlarm: 1 }),
    ).to.equal(undefined);
    expect(
      timingProblem({ periodSeconds: 3_600, evaluationPeriods: 169, datapointsToAlarm: 1 }),
    ).to.match(/more than CloudWatch's 604800 s/);
  });

  it("a weekly schedule is too sparse for a heartbeat", () => {
    expect(timingProblem(heartbeatTiming(interval("rate(7 days)")))).to.match(/604800/);
  });
});
