/**
 * One evaluation of a CloudWatch metric alarm over its evaluation range, following the
 * documented rules (Amazon CloudWatch User Guide, "Alarm evaluation" and "Configuring how
 * CloudWatch alarms treat missing data":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#CloudWatch-alarms-avoiding-premature-transition).
 */
import type { MissingDataTreatment } from "../../components/alerting-stack";

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmRule {
  readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingDataTreatment;
  /** Alarms on AWS/DynamoDB metrics always ignore missing data, whatever they are set to. */
  readonly namespace: string;
}

/** A period's value, or undefined when the metric had no data point in it. */
export type Datapoint = number | undefined;

export interface Evaluation {
  readonly state: AlarmState;
  readonly reason: string;
  /** The data points the decision used, newest last (filled ones included, as CloudWatch lists them). */
  readonly evaluated: readonly Datapoint[];
}

/**
 * How many periods CloudWatch retrieves: more than the evaluation periods, so that a few
 * missing recent points can be made up from older real ones. The guide's example retrieves
 * 5 for 3 evaluation periods; the exact rule is not documented, so N + 2 is used.
 */
export const evaluationRange = (evaluationPeriods: number) => evaluationPeriods + 2;

const breaches = (rule: AlarmRule, value: number) =>
  rule.comparisonOperator === "GreaterThanThreshold"
    ? value > rule.threshold
    : value < rule.threshold;

const DYNAMODB_NAMESPACE = "AWS/DynamoDB";

/**
 * The alarm's next state. `range` holds the evaluation range's periods, oldest first (longer
 * input is cut to the most recent evaluationRange(N)); `current` is the state it is in.
 */
export function evaluateAlarm(
  rule: AlarmRule,
  range: readonly Datapoint[],
  current: AlarmState,
): Evaluation {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  const points = range.slice(-evaluationRange(n));
  const real = points.filter((p): p is number => p !== undefined);
  const treatment: MissingDataTreatment =
    rule.namespace === DYNAMODB_NAMESPACE ? "ignore" : rule.treatMissingData;
  const decide = (evaluated: readonly Datapoint[], filledAs?: boolean): Evaluation => {
    const breaching = evaluated.filter((p) =>
      p === undefined ? filledAs === true : breaches(rule, p),
    ).length;
    const state: AlarmState = breaching >= m ? "ALARM" : "OK";
    return { state, reason: reasonFor(rule, evaluated, breaching, state), evaluated };
  };

  // Enough real points: the most recent N real ones decide; treatment is not needed.
  if (real.length >= n) return decide(real.slice(-n));

  if (treatment === "breaching" || treatment === "notBreaching") {
    // Every real point counts; missing ones fill up to N, as few times as possible.
    const filled: Datapoint[] = [...Array<undefined>(n - real.length).fill(undefined), ...real];
    return decide(filled, treatment === "breaching");
  }
  if (real.length === 0) {
    if (treatment === "ignore") return keep(current, "no data points; missing data is ignored");
    return {
      state: "INSUFFICIENT_DATA",
      reason: `no data points in the last ${points.length} period(s)`,
      evaluated: [],
    };
  }
  // missing / ignore with some real points, fewer than N.
  const breachingReal = real.filter((p) => breaches(rule, p)).length;
  if (breachingReal >= m) return decide(real);
  // Even if every missing point breached, M could not be reached: OK.
  if (real.length - breachingReal > n - m) return decide(real);
  if (treatment === "missing" && prematureAlarmGuardAllows(rule, points.slice(-n))) {
    return decide(points.slice(-n), true);
  }
  return keep(current, `${real.length} of ${n} data points; not enough to decide`);
}

/**
 * "Avoiding premature transitions to alarm state": the alarm goes to ALARM when the oldest
 * breaching point of the last N periods is at least M periods old and every more recent
 * point is breaching or missing, even with fewer than M real points.
 */
function prematureAlarmGuardAllows(rule: AlarmRule, lastN: readonly Datapoint[]): boolean {
  const oldest = lastN.findIndex((p) => p !== undefined && breaches(rule, p));
  if (oldest < 0) return false;
  const age = lastN.length - oldest;
  return (
    age >= rule.datapointsToAlarm &&
    lastN.slice(oldest + 1).every((p) => p === undefined || breaches(rule, p))
  );
}

const keep = (current: AlarmState, reason: string): Evaluation => ({
  state: current,
  reason,
  evaluated: [],
});

const shownValue = (p: Datapoint) => (p === undefined ? "missing" : String(p));

/** Worded like CloudWatch's NewStateReason ("Threshold Crossed: 2 out of the last 2 datapoints ..."). */
function reasonFor(
  rule: AlarmRule,
  evaluated: readonly Datapoint[],
  breaching: number,
  state: AlarmState,
): string {
  const op = rule.comparisonOperator === "GreaterThanThreshold" ? "greater" : "less";
  const values = `[${evaluated.map(shownValue).join(", ")}]`;
  return state === "ALARM"
    ? `Threshold Crossed: ${breaching} out of the last ${evaluated.length} datapoints ${values} were ${op} than the threshold (${rule.threshold}) (minimum ${rule.datapointsToAlarm} datapoints for OK -> ALARM transition).`
    : `Threshold Crossed: ${evaluated.length - breaching} out of the last ${evaluated.length} datapoints ${values} were not ${op} than the threshold (${rule.threshold}) (minimum 1 datapoint for ALARM -> OK transition).`;
}
