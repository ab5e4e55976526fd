import { Cron } from "croner";

const CRON = /^cron\(([^()]+)\)$/;

/**
 * The longest window one collection reads (a longer replay is split into several executions):
 * a day, and the hour a daylight-saving change adds to a daily run in a local time zone. The
 * stack config refuses a schedule whose runs can be further apart.
 */
export const MAX_WINDOW_SECONDS = 90_000;

/**
 * The firings of an EventBridge Scheduler cron() expression, read by croner: AWS's six fields
 * (minutes hours day-of-month month day-of-week year) behind a seconds field of 0, with
 * day-of-week numbered 1 = SUN as AWS numbers it, and L, W and # as AWS reads them. Undefined
 * for rate(), whose runs are evenly spaced. Throws on a pattern croner cannot read.
 * Croner's own list includes firings Scheduler never makes: use realFirings / previousFiring.
 */
export function cronFirings(expression: string, timezone = "UTC"): Cron | undefined {
  const fields = CRON.exec(expression)?.[1];
  if (fields === undefined) return undefined;
  return new Cron(`0 ${fields.trim()}`, {
    mode: "7-part",
    alternativeWeekdays: true,
    timezone,
    paused: true,
  });
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The local date and time of `at` in `zone`, to the minute. */
function wallClock(at: number, zone: string): string {
  let format = wallClocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    wallClocks.set(zone, format);
  }
  return format.format(at);
}

/** The shifts of a clock going back, in minutes: 60 nearly everywhere, 30 on Lord Howe Island. */
const FALL_BACK_MINUTES = [30, 60, 120];

/**
 * Whether EventBridge Scheduler really fires at croner's firing `at`. Scheduler's documented
 * daylight-saving rules: a local time the spring change skips does not run (croner moves a
 * fixed-time job past the gap instead), and a local time the autumn change repeats runs once
 * (croner runs an interval job on both passes). Only the first pass is taken as real: if
 * Scheduler did fire on the second, the next window overlaps; it never leaves a gap.
 */
export function firesAt(firings: Cron, at: Date): boolean {
  if (!firings.match(at)) return false;
  const zone = firings.options.timezone ?? "UTC";
  const wall = wallClock(at.getTime(), zone);
  return FALL_BACK_MINUTES.every((m) => wallClock(at.getTime() - m * 60_000, zone) !== wall);
}

/** Firings croner skips before it finds a real one: a gap or a repeat is an hour at most. */
const MAX_SKIPPED = 64;

/** The next `count` firings Scheduler really makes after `from`. */
export function realFirings(firings: Cron, count: number, from: Date): Date[] {
  const runs: Date[] = [];
  let cursor = from;
  while (runs.length < count) {
    const batch = firings.nextRuns(Math.min(count - runs.length + MAX_SKIPPED, 1_000), cursor);
    if (batch.length === 0) break;
    for (const run of batch) if (firesAt(firings, run) && runs.length < count) runs.push(run);
    cursor = batch[batch.length - 1]!;
  }
  return runs;
}

/** The last firing Scheduler really made strictly before `at`, or undefined when there is none. */
export function previousFiring(firings: Cron, at: Date): Date | undefined {
  let cursor = at;
  for (let skipped = 0; skipped < MAX_SKIPPED; skipped++) {
    const run = firings.previousRuns(1, cursor)[0];
    if (run === undefined || firesAt(firings, run)) return run;
    cursor = run;
  }
  return undefined;
}
