/**
 * The gap between two runs of a rate() expression, as the program's contract/schedule.ts
 * computes it (a test keeps the two equal). Copied so the pack needs nothing outside policies/.
 * A cron()'s gaps need a cron reader the pack does without: the estimate reads the program's
 * own figure from the collector's environment, and assumes a day only when it has none.
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86_400 };

export function scheduleIntervalSeconds(expression: string): number {
  const rate = RATE.exec(expression);
  if (!rate) return 86_400;
  return Number(rate[1]) * (UNIT_SECONDS[(rate[2] ?? "").replace(/s$/, "")] ?? 86_400);
}
