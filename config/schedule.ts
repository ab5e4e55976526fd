/**
 * EventBridge Scheduler expressions: rate(value unit) or cron(minutes hours day-of-month
 * month day-of-week year). Checked here so a typo fails the preview, not the deployment.
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]+)\)$/;
const CRON_FIELD = /^[0-9A-Za-z*?,/\-#L W]+$/;

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
    if (!fields.every((f) => CRON_FIELD.test(f)))
      return "cron() has a field with invalid characters";
    if (fields[2] !== "?" && fields[4] !== "?") {
      return "cron() needs ? in either day-of-month or day-of-week";
    }
    return undefined;
  }
  return 'must be a rate() or cron() expression, e.g. "rate(3 hours)" or "cron(0 */3 * * ? *)"';
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86_400 };

/**
 * The longest gap between two runs, in seconds: the period alarms on scheduled metrics need.
 * cron() gaps are not derived; a day is assumed, the longest common cron cadence.
 */
export function scheduleIntervalSeconds(expression: string): number {
  const rate = RATE.exec(expression);
  if (!rate) return 86_400;
  return Number(rate[1]) * (UNIT_SECONDS[(rate[2] ?? "").replace(/s$/, "")] ?? 86_400);
}
