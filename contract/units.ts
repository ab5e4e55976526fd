/** The unit names CloudWatch accepts for custom metrics (PutMetricData `Unit`). */
export const CLOUDWATCH_UNITS = [
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
] as const;

export type CloudWatchUnit = (typeof CLOUDWATCH_UNITS)[number];

const byLowerCase = new Map<string, CloudWatchUnit>(
  CLOUDWATCH_UNITS.map((u) => [u.toLowerCase(), u]),
);
// Spellings seen in the original collector and in agent output.
byLowerCase.set("%", "Percent");

/** The CloudWatch spelling of a unit, whatever its case ("percent" -> "Percent"); undefined if unknown. */
export function normalizeUnit(unit: string): CloudWatchUnit | undefined {
  return byLowerCase.get(unit.trim().toLowerCase());
}
