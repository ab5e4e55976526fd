/**
 * The span of time one collection reads. A run scheduled at S reads
 * [S - interval - lag, S - lag), both ends rounded down to the source's period, so the windows
 * of consecutive runs tile time: no gap, no overlap. The lag leaves late datapoints time to
 * arrive (EC2 basic monitoring publishes a 5-minute period a few minutes after it ends).
 */
export interface CollectionWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface WindowSettings {
  /** The schedule's interval in seconds (rate(3 hours): 10800). */
  readonly intervalSeconds: number;
  /** How far behind the scheduled time the window ends. */
  readonly lagSeconds: number;
  /** The source's statistic period (300 basic monitoring, 60 detailed). */
  readonly periodSeconds: number;
}

/** The longest window one invocation reads (a longer replay is split into several executions). */
export const MAX_WINDOW_SECONDS = 86_400;

const floorTo = (ms: number, periodSeconds: number) =>
  Math.floor(ms / (periodSeconds * 1000)) * periodSeconds * 1000;

/** The window of the run scheduled at `scheduled`. */
export function windowFor(scheduled: Date, s: WindowSettings): CollectionWindow {
  const endMs = scheduled.getTime() - s.lagSeconds * 1000;
  return {
    start: new Date(floorTo(endMs - s.intervalSeconds * 1000, s.periodSeconds)),
    end: new Date(floorTo(endMs, s.periodSeconds)),
  };
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
