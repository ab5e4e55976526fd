import { AWS_METRICS } from "../../components/alerting-stack";
import { type Datum, sameMetric } from "./emf-datapoints";
import type { Datapoint } from "./evaluate";
import { LOCAL_INTERVAL_SECONDS } from "./local-stack";

/**
 * The local clock: each execution's ExecutionsStarted data point marks a cycle's start, and a
 * data point belongs to the last cycle that started at or before it.
 */
export function cycleStarts(data: readonly Datum[], stateMachineArn: string): number[] {
  const { namespace, started, stateMachineArn: dim } = AWS_METRICS.states;
  const starts = data
    .filter((d) => sameMetric(d, namespace, started, { [dim]: stateMachineArn }))
    .map((d) => d.timestamp);
  return [...new Set(starts)].sort((a, b) => a - b);
}

/** Index of the cycle a timestamp falls in, or -1 before the first cycle. */
export function cycleOf(starts: readonly number[], timestamp: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? Infinity) <= timestamp) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export type Statistic = "Sum" | "Maximum";

/** A period's value from its data points, by the alarm's or widget's statistic. */
export const aggregate = (values: readonly number[], stat: Statistic) =>
  stat === "Sum" ? values.reduce((a, b) => a + b, 0) : Math.max(...values);

/** Cycles per period: a period of P seconds spans P / 60 one-minute cycles (at least one). */
export const cyclesPerPeriod = (periodSeconds: number) =>
  Math.max(1, Math.round(periodSeconds / LOCAL_INTERVAL_SECONDS));

/**
 * The metric's value in each of the `periods` periods ending with cycle `last` (oldest first),
 * undefined where it had no data point: what GetMetricData returns for the alarm.
 */
export function periodValues(
  points: readonly Datum[],
  starts: readonly number[],
  options: { last: number; periods: number; cyclesPerPeriod: number; stat: Statistic },
): Datapoint[] {
  const byPeriod = new Map<number, number[]>();
  for (const d of points) {
    const cycle = cycleOf(starts, d.timestamp);
    if (cycle < 0 || cycle > options.last) continue;
    const age = Math.floor((options.last - cycle) / options.cyclesPerPeriod);
    if (age >= options.periods) continue;
    byPeriod.set(age, [...(byPeriod.get(age) ?? []), d.value]);
  }
  return Array.from({ length: options.periods }, (_, i) => {
    const values = byPeriod.get(options.periods - 1 - i);
    return values ? aggregate(values, options.stat) : undefined;
  });
}
