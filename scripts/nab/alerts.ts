import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import type { RowWindow } from "./sweeper";

/** What a rule's alerts did on one series: alerts start where a run of flagged rows starts. */
export interface AlertCounts {
  readonly windows: number;
  readonly caught: number;
  readonly alerts: number;
  readonly falseAlerts: number;
  readonly days: number;
}

/**
 * Counts alerts over rows `from..end`: one alert per run of consecutive flagged rows (deduplicated
 * per episode, as the pipeline's alerts are); true when it starts inside a labelled window.
 */
export function countAlerts(
  flagged: readonly boolean[],
  windows: readonly RowWindow[],
  timestamps: readonly number[],
  from: number,
): AlertCounts {
  const scored = windows.filter((w) => w.end >= from);
  const caughtIds = new Set<number>();
  let alerts = 0;
  let falseAlerts = 0;
  for (let i = from; i < flagged.length; i++) {
    if (!flagged[i] || (i > from && flagged[i - 1])) continue;
    alerts++;
    const hit = scored.findIndex((w) => i >= w.start && i <= w.end);
    if (hit < 0) falseAlerts++;
    else caughtIds.add(hit);
  }
  const span = (timestamps.at(-1) ?? 0) - (timestamps[from] ?? 0);
  return {
    windows: scored.length,
    caught: caughtIds.size,
    alerts,
    falseAlerts,
    days: span / 86_400_000,
  };
}

/** The processor's immediate alert: one datapoint strictly above the default CPU threshold. */
export function aboveCpuThreshold(values: readonly number[]): boolean[] {
  return values.map((v) => v > DEFAULT_THRESHOLDS.cpu);
}

/** The high-cpu alarm: in ALARM while the last `runs` datapoints are all above the threshold. */
export function cpuAlarm(values: readonly number[], runs = 2): boolean[] {
  const above = aboveCpuThreshold(values);
  return above.map((_, i) => i + 1 >= runs && above.slice(i + 1 - runs, i + 1).every(Boolean));
}

/** Adds up per-series counts. */
export function sumCounts(list: readonly AlertCounts[]): AlertCounts {
  const add = (k: keyof AlertCounts) => list.reduce((n, c) => n + c[k], 0);
  return {
    windows: add("windows"),
    caught: add("caught"),
    alerts: add("alerts"),
    falseAlerts: add("falseAlerts"),
    days: add("days"),
  };
}
