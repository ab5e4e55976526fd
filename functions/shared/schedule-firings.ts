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

/** The last firing strictly before `at`, or undefined when there is none. */
export function previousFiring(firings: Cron, at: Date): Date | undefined {
  return firings.previousRuns(1, at)[0];
}
