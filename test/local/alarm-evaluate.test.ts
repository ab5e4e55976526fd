import { expect } from "chai";
import type { MissingDataTreatment } from "../../components/alerting-stack/alarm-specs";
import {
  type AlarmRule,
  type AlarmState,
  type Datapoint,
  evaluateAlarm,
} from "../../local/alarms/evaluate";

/**
 * Pinned to the Amazon CloudWatch User Guide:
 * - "Configuring how CloudWatch alarms treat missing data" (alarms-and-missing-data.html): the
 *   table of a 3-out-of-3 alarm whose evaluation range is 5, for each treatment;
 * - "Avoiding premature transitions to alarm state" (AlarmThatSendsEmail.html);
 * - PutMetricAlarm's TreatMissingData: AWS/DynamoDB alarms always ignore missing data.
 * Data points are written oldest first: 0 within the threshold, X breaching, - missing.
 */
const X = 10;
const O = 0;
const _ = undefined;

const rule = (
  treatMissingData: MissingDataTreatment,
  overrides: Partial<AlarmRule> = {},
): AlarmRule => ({
  comparisonOperator: "GreaterThanThreshold",
  threshold: 5,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  treatMissingData,
  namespace: "InfraMonitoring",
  ...overrides,
});

const state = (r: AlarmRule, points: Datapoint[], current: AlarmState = "OK") =>
  evaluateAlarm(r, points, current).state;

describe("local alarm evaluation (CloudWatch's documented semantics)", () => {
  describe("the guide's 3-out-of-3 table, evaluation range 5", () => {
    const treatments: MissingDataTreatment[] = ["missing", "ignore", "breaching", "notBreaching"];
    const cases: { points: Datapoint[]; expected: (AlarmState | "retain")[] }[] = [
      // 3 real points: the newest three decide (0 X X): not all breach.
      { points: [O, _, X, _, X], expected: ["OK", "OK", "OK", "OK"] },
      // One good point: 3 of 3 can no longer be reached, whatever fills the gaps.
      { points: [O, _, _, _, _], expected: ["OK", "OK", "OK", "OK"] },
      { points: [_, _, _, _, _], expected: ["INSUFFICIENT_DATA", "retain", "ALARM", "OK"] },
      // 4 real points: the newest three (X X X) decide; the treatment is not used.
      { points: [O, X, X, _, X], expected: ["ALARM", "ALARM", "ALARM", "ALARM"] },
      // Premature-transition rule: the only breaching point is 3 periods old, the rest missing.
      { points: [_, _, X, _, _], expected: ["ALARM", "retain", "ALARM", "OK"] },
    ];
    for (const { points, expected } of cases) {
      const shown = points.map((p) => (p === undefined ? "-" : p === X ? "X" : "0")).join(" ");
      treatments.forEach((t, i) => {
        const want = expected[i];
        it(`${shown} with ${t}: ${want}`, () => {
          for (const current of ["OK", "ALARM", "INSUFFICIENT_DATA"] as const) {
            expect(state(rule(t), points, current), `from ${current}`).to.equal(
              want === "retain" ? current : want,
            );
          }
        });
      });
    }
  });

  it("M out of N: 2 of 3 breaching points alarm even when not consecutive", () => {
    const r = rule("missing", { datapointsToAlarm: 2 });
    expect(state(r, [X, O, X])).to.equal("ALARM");
    expect(state(r, [O, X, O], "ALARM")).to.equal("OK");
    expect(state(r, [X, X, O, O, O], "ALARM")).to.equal("OK");
  });

  it("with enough real points older ones fill the gaps, not the treatment", () => {
    // 3 real breaching points in the range of 5: ALARM although notBreaching would fill OK.
    expect(state(rule("notBreaching"), [X, _, X, _, X])).to.equal("ALARM");
    // ...and breaching does not fill the gap when three real good points exist.
    expect(state(rule("breaching"), [O, O, _, O, _], "ALARM")).to.equal("OK");
  });

  it("fills missing points only as few times as needed, keeping every real point", () => {
    // 1 real good point + 2 filled breaching: 2 of 3, not 3.
    expect(state(rule("breaching"), [_, _, _, _, O])).to.equal("OK");
    // 2 of 3 alarm: 1 real breaching + 2 filled breaching.
    expect(state(rule("breaching", { datapointsToAlarm: 2 }), [_, _, _, X, _])).to.equal("ALARM");
    expect(state(rule("notBreaching", { datapointsToAlarm: 2 }), [_, _, _, X, _])).to.equal("OK");
  });

  it("does not alarm early: a breaching point younger than M periods is not enough", () => {
    // missing: the breaching point is 2 periods old, M is 3: the state is kept.
    expect(state(rule("missing"), [_, _, _, X, _], "OK")).to.equal("OK");
    expect(state(rule("missing"), [_, _, _, X, _], "INSUFFICIENT_DATA")).to.equal(
      "INSUFFICIENT_DATA",
    );
  });

  it("only the evaluation range counts: older periods are not retrieved", () => {
    // Range for N=3 is 5: the three breaching points 6-8 periods back are out of it.
    expect(state(rule("notBreaching"), [X, X, X, _, _, _, _, _], "ALARM")).to.equal("OK");
  });

  it("the heartbeat: LessThanThreshold 1 with missing data breaching", () => {
    const heartbeat = rule("breaching", {
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      namespace: "AWS/States",
    });
    expect(state(heartbeat, [_])).to.equal("ALARM");
    expect(state(heartbeat, [1], "ALARM")).to.equal("OK");
    expect(state(heartbeat, [0])).to.equal("ALARM");
    // Equal to the threshold is not less than it.
    expect(state(heartbeat, [1])).to.equal("OK");
  });

  it("AWS/DynamoDB alarms ignore missing data whatever the treatment says", () => {
    const ddb = rule("notBreaching", {
      namespace: "AWS/DynamoDB",
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
    });
    expect(state(ddb, [_, _, _], "ALARM")).to.equal("ALARM");
    expect(state(ddb, [_, _, 0], "ALARM")).to.equal("OK");
    // The same alarm in another namespace treats missing data as not breaching.
    expect(state({ ...ddb, namespace: "AWS/Lambda" }, [_, _, _], "ALARM")).to.equal("OK");
  });

  it("words the reason as CloudWatch does, with the data points it used", () => {
    const result = evaluateAlarm(rule("missing", { datapointsToAlarm: 2 }), [O, X, X], "OK");
    expect(result.reason).to.equal(
      "Threshold Crossed: 2 out of the last 3 datapoints [0, 10, 10] were greater than the threshold (5) (minimum 2 datapoints for OK -> ALARM transition).",
    );
    expect(result.evaluated).to.deep.equal([0, 10, 10]);
  });
});
