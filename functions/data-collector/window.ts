import { MAX_WINDOW_SECONDS } from "../../contract/schedule-firings";

/**
 * The span of time one collection reads. A run scheduled at S reads
 * [S - interval - lag, S - lag), both ends rounded down to the source's period, so the windows
 * of consecutive runs tile time: no gap, no overlap. Under a cron() schedule, whose gaps may
 * differ, S - interval is the firing before S. The lag leaves late datapoints time to arrive
 * (EC2 basic monitoring publishes a 5-minute period a few minutes after it ends).
 */
export interface CollectionWindow {
  readonly start: Date;
  readonly end: Date;
  /**
   * Set when the gap since the previous run was longer than a window may be: the window was
   * cut to MAX_WINDOW_SECONDS and [truncatedFrom, start) was not read (replay it).
   */
  readonly truncatedFrom?: Date;
}

export interface WindowSettings {
  /** The schedule's interval in seconds (rate(3 hours): 10800). */
  readonly intervalSeconds: number;
  /** How far behind the scheduled time the window ends. */
  readonly lagSeconds: number;
  /** The source's statistic period (300 basic monitoring, 60 detailed). */
  readonly periodSeconds: number;
  /** A cron() schedule's firing before a given one; absent for rate(). */
  readonly previousRun?: (scheduled: Date) => Date | undefined;
}

const floorTo = (ms: number, periodSeconds: number) =>
  Math.floor(ms / (periodSeconds * 1000)) * periodSeconds * 1000;

/** The window of the run scheduled at `scheduled`. */
export function windowFor(scheduled: Date, s: WindowSettings): CollectionWindow {
  const lagMs = s.lagSeconds * 1000;
  const endMs = scheduled.getTime() - lagMs;
  const previous = s.previousRun?.(scheduled);
  const startMs = previous ? previous.getTime() - lagMs : endMs - s.intervalSeconds * 1000;
  const end = new Date(floorTo(endMs, s.periodSeconds));
  const start = new Date(floorTo(startMs, s.periodSeconds));
  const earliest = new Date(floorTo(endMs - MAX_WINDOW_SECONDS * 1000, s.periodSeconds));
  return start < earliest ? { start: earliest, end, truncatedFrom: start } : { start, end };
}

/** How far past the collector's clock a window may end: another clock's skew, not the future. */
export const CLOCK_SKEW_SECONDS = 300;

/**
 * How long CloudWatch keeps datapoints at a period (its documented retention): 1-minute data
 * 15 days, 5-minute data 63 days, 1-hour data 455 days. An older window cannot be read at
 * the source's period, so it is refused rather than reported as a run that found nothing.
 */
export function retentionSeconds(periodSeconds: number): number {
  const days = periodSeconds % 3600 === 0 ? 455 : periodSeconds % 300 === 0 ? 63 : 15;
  return days * 86_400;
}

/** Why a window lies outside what can be read at `now` (the future, or past retention). */
export function windowTimeProblem(
  w: CollectionWindow,
  now: Date,
  periodSeconds: number,
): string | undefined {
  const latest = now.getTime() + CLOCK_SKEW_SECONDS * 1000;
  if (w.end.getTime() > latest) {
    return `the window ends at ${w.end.toISOString()}, more than ${CLOCK_SKEW_SECONDS} s after the collector's clock (${now.toISOString()}): its datapoints do not exist yet`;
  }
  const retention = retentionSeconds(periodSeconds);
  const earliest = now.getTime() - retention * 1000;
  if (w.start.getTime() < earliest) {
    return `the window starts at ${w.start.toISOString()}, more than ${retention / 86_400} days before the collector's clock (${now.toISOString()}): CloudWatch keeps ${periodSeconds} s datapoints that long`;
  }
  return undefined;
}

/** Why an explicit window cannot be read, or undefined when it can. */
export function windowProblem(w: CollectionWindow, periodSeconds: number): string | undefined {
  const span = (w.end.getTime() - w.start.getTime()) / 1000;
  // An empty window is valid: nothing new is due yet (the local run's quick cycles).
  if (span < 0) return "window_end must not be before window_start";
  if (span > MAX_WINDOW_SECONDS) {
    return `a window spans at most ${MAX_WINDOW_SECONDS} s (got ${span} s); replay a longer gap as several windows`;
  }
  const aligned = (d: Date) => d.getTime() % (periodSeconds * 1000) === 0;
  if (!aligned(w.start) || !aligned(w.end)) {
    return `window_start and window_end must be multiples of the ${periodSeconds} s period`;
  }
  return undefined;
}

/** 20250301T090000Z (milliseconds only when there are some): an instant in an object key. */
export function compactInstant(at: Date): string {
  return at.toISOString().replace(".000Z", "Z").replace(/[-:]/g, "");
}
