import { cronFirings, MAX_WINDOW_SECONDS, realFirings } from "./schedule-firings";

/**
 * EventBridge Scheduler expressions: rate(value unit) or cron(minutes hours day-of-month
 * month day-of-week year). Checked here so a typo fails the preview, not the deployment.
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]+)\)$/;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for min, min + 1, … */
  readonly names?: readonly string[];
  /** Whether ? (no specific value) is allowed. */
  readonly any?: boolean;
  /** Extra single-value forms: L, 15W, LW (day-of-month); 6L, 3#2 (day-of-week). */
  readonly special?: RegExp;
}

/** The six fields of an EventBridge Scheduler cron() expression, with their ranges. */
const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, any: true, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: DAYS,
    any: true,
    special: /^([1-7]L|L|[1-7]#[1-5])$/,
  },
  { name: "year", min: 1970, max: 2199 },
];

function cronValue(field: CronField, text: string): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named !== -1) return field.min + named;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

/** Why one cron() field is invalid, or undefined. */
function cronFieldProblem(field: CronField, text: string): string | undefined {
  if (text === "?") return field.any ? undefined : `${field.name} cannot be ?`;
  for (const item of text.split(",")) {
    const [range = "", step, extra] = item.split("/");
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
      return `${field.name} "${item}" has a bad step`;
    }
    if (range === "*" || field.special?.test(range.toUpperCase())) continue;
    const bounds = range.split("-");
    const values = bounds.map((b) => cronValue(field, b));
    if (bounds.length > 2 || values.some((v) => v === undefined)) {
      return `${field.name} "${item}" is not ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ""}`;
    }
    // The collector reads firings with croner, which refuses a range that wraps around.
    if ((values[0] as number) > (values[1] ?? Infinity)) {
      return `${field.name} "${item}" runs from a higher to a lower value`;
    }
  }
  return undefined;
}

/** Why croner cannot read a checked cron(), or why it would not run on. */
function cronFiringProblem(expression: string): string | undefined {
  try {
    if (longestCronGap(expression, "UTC") === undefined) {
      return "cron() fires fewer than twice from 2025 on";
    }
  } catch (err) {
    return `cron(): ${(err as Error).message}`;
  }
  return undefined;
}

/** Why an expression is not a valid schedule, or undefined when it is. */
export function scheduleProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? "";
    if (value < 1) return "rate() needs a value of at least 1";
    // AWS rejects "rate(1 hours)" and "rate(5 hour)".
    if ((value === 1) !== !unit.endsWith("s")) {
      return `rate(${value} ${unit}) must use the ${value === 1 ? "singular" : "plural"} unit`;
    }
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const fields = (cron[1] ?? "").trim().split(/\s+/);
    if (fields.length !== 6) {
      return `cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
    }
    for (const [i, field] of CRON_FIELDS.entries()) {
      const problem = cronFieldProblem(field, fields[i] ?? "");
      if (problem) return `cron(): ${problem}`;
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
      return "cron() needs ? in exactly one of day-of-month and day-of-week";
    }
    return cronFiringProblem(expression);
  }
  return 'must be a rate() or cron() expression, e.g. "rate(3 hours)" or "cron(0 */3 * * ? *)"';
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86_400 };

/** Firings of a cron() read for its gaps: a year of daily runs, 41 days of hourly ones. */
const CRON_SAMPLE = 1_000;
/** Read from a fixed instant, so the same expression always gives the same gaps. */
const CRON_SAMPLE_FROM = new Date("2025-01-01T00:00:00Z");
const cronGaps = new Map<string, number | undefined>();

/**
 * The longest gap between consecutive firings of a cron() among CRON_SAMPLE of them, in
 * seconds; undefined when it fires fewer than twice from 2025 on. Memoised: reading a
 * thousand firings takes about 0.1 s.
 */
function longestCronGap(expression: string, timezone: string): number | undefined {
  const id = `${timezone} ${expression}`;
  if (!cronGaps.has(id)) {
    // The firings Scheduler really makes: a daily run at a time the spring change skips is
    // 47 hours from the one before.
    const firings = cronFirings(expression, timezone);
    const runs = firings ? realFirings(firings, CRON_SAMPLE, CRON_SAMPLE_FROM) : [];
    const gaps = runs.slice(1).map((run, i) => (run.getTime() - runs[i]!.getTime()) / 1000);
    cronGaps.set(id, gaps.length ? Math.max(...gaps) : undefined);
  }
  return cronGaps.get(id);
}

/**
 * The longest gap between two runs, in seconds: the period alarms on scheduled metrics need,
 * and the length of a collection window. rate(): its value; cron(): the longest gap among its
 * next thousand firings from 2025 (scheduleProblem refuses one that fires fewer than twice).
 */
export function scheduleIntervalSeconds(expression: string, timezone = "UTC"): number {
  const rate = RATE.exec(expression);
  if (rate) return Number(rate[1]) * (UNIT_SECONDS[(rate[2] ?? "").replace(/s$/, "")] ?? 86_400);
  return longestCronGap(expression, timezone) ?? 86_400;
}

/** Why the collector could not read every datapoint between two runs, or undefined. */
export function collectionScheduleProblem(
  expression: string,
  timezone = "UTC",
): string | undefined {
  const gap = scheduleIntervalSeconds(expression, timezone);
  if (gap <= MAX_WINDOW_SECONDS) return undefined;
  return `leaves up to ${gap} s between runs, but one collection reads at most ${MAX_WINDOW_SECONDS} s (a day and an hour): run at least daily, at a local time that exists every day (EventBridge Scheduler skips a run whose local time the spring daylight-saving change skips)`;
}
