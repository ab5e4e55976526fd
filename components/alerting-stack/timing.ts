import { scheduleIntervalSeconds } from "../../contract/schedule";

/** PutMetricAlarm's limits on an alarm's period and evaluation range. */
const CLOUDWATCH_ALARM_LIMITS = Object.freeze({
  /** Periods are 10, 20, 30 (high resolution only) or a multiple of 60 seconds. */
  periodStepSeconds: 60,
  /** The longest period used here: a day, the longest the console offers. */
  maxPeriodSeconds: 86_400,
  /** Period x evaluation periods, for periods of an hour or more. */
  maxRangeSeconds: 7 * 86_400,
  /** Period x evaluation periods, for periods under an hour. */
  maxShortRangeSeconds: 86_400,
  shortPeriodBelowSeconds: 3_600,
});

/** A heartbeat waits this share of the interval past a missed run (at least 5 minutes). */
const HEARTBEAT_GRACE_SHARE = 0.1;
const HEARTBEAT_MIN_GRACE_SECONDS = 300;

export interface AlarmTiming {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

const roundUpToStep = (seconds: number) =>
  Math.max(
    CLOUDWATCH_ALARM_LIMITS.periodStepSeconds,
    Math.ceil(seconds / CLOUDWATCH_ALARM_LIMITS.periodStepSeconds) *
      CLOUDWATCH_ALARM_LIMITS.periodStepSeconds,
  );

/** The longest evaluation range CloudWatch accepts for a period. */
export function maxRangeSeconds(periodSeconds: number): number {
  const l = CLOUDWATCH_ALARM_LIMITS;
  return periodSeconds < l.shortPeriodBelowSeconds ? l.maxShortRangeSeconds : l.maxRangeSeconds;
}

/**
 * The period for a metric emitted once per run: the run interval in whole minutes, so every
 * period holds a run's data point and the alarm is never starved into INSUFFICIENT_DATA
 * between runs. Intervals over a day span several one-day periods.
 */
export function runPeriodSeconds(intervalSeconds: number): number {
  return Math.min(roundUpToStep(intervalSeconds), CLOUDWATCH_ALARM_LIMITS.maxPeriodSeconds);
}

/**
 * Timing of an alarm that fires when `runs` runs breach. Each run's data point lands in one
 * of the periods its interval spans, so the range is `runs` intervals and `runs` data points
 * must breach. Runs that do not fit CloudWatch's range are dropped (at least one is kept).
 */
export function perRunTiming(interval: number, runs: number): AlarmTiming {
  const period = runPeriodSeconds(interval);
  const periodsPerRun = Math.ceil(interval / period);
  const maxPeriods = Math.floor(maxRangeSeconds(period) / period);
  const fittingRuns = Math.max(1, Math.min(runs, Math.floor(maxPeriods / periodsPerRun)));
  return {
    periodSeconds: period,
    evaluationPeriods: fittingRuns * periodsPerRun,
    datapointsToAlarm: fittingRuns,
  };
}

/**
 * Timing of the heartbeat: a window of one interval plus a grace (late runs, metric delivery
 * delay) in whole-minute periods of at most a day; every period must be empty to alarm.
 */
export function heartbeatTiming(interval: number): AlarmTiming {
  const grace = Math.max(HEARTBEAT_MIN_GRACE_SECONDS, Math.ceil(interval * HEARTBEAT_GRACE_SHARE));
  const window = interval + grace;
  const periods = Math.ceil(window / CLOUDWATCH_ALARM_LIMITS.maxPeriodSeconds);
  const period = roundUpToStep(Math.ceil(window / periods));
  return { periodSeconds: period, evaluationPeriods: periods, datapointsToAlarm: periods };
}

/**
 * Seconds between two runs: given, or derived from the expression (for cron(), the longest
 * gap between its firings in UTC; give the interval for a schedule in another time zone).
 */
export function runIntervalSeconds(schedule: string, intervalSeconds?: number): number {
  return intervalSeconds ?? scheduleIntervalSeconds(schedule);
}

/** Why CloudWatch would reject this timing, or undefined when it accepts it. */
export function timingProblem(timing: AlarmTiming): string | undefined {
  const range = timing.periodSeconds * timing.evaluationPeriods;
  const max = maxRangeSeconds(timing.periodSeconds);
  if (range > max) {
    return `needs an evaluation range of ${range} s, more than CloudWatch's ${max} s`;
  }
  return undefined;
}
