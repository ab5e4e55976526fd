/**
 * The gap between two runs of a schedule expression, as the program's config/schedule.ts
 * computes it (a test keeps the two equal). Copied so the pack needs nothing outside policies/.
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86_400 };

export function scheduleIntervalSeconds(expression: string): number {
  const rate = RATE.exec(expression);
  if (!rate) return 86_400;
  return Number(rate[1]) * (UNIT_SECONDS[(rate[2] ?? "").replace(/s$/, "")] ?? 86_400);
}
