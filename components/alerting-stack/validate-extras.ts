import { scheduleIntervalSeconds, scheduleProblem } from "../../contract/schedule";
import type { AlertingStackArgs } from "./args";
import { fastAlertTagProblem, MAX_INSIGHTS_PERIOD_SECONDS } from "./fast-alerts";
import { heartbeatTiming, timingProblem } from "./timing";

const SOURCES = ["cloudwatch", "host", "synthetic"];

/** Problems with the fast-alert scope, the metric source and the compaction watch. */
export function extraProblems(args: AlertingStackArgs): string[] {
  const problems: string[] = [];
  const period = args.sourcePeriodSeconds;
  if (args.fastAlerts && period !== undefined && period > MAX_INSIGHTS_PERIOD_SECONDS) {
    problems.push(
      `sourcePeriodSeconds ${period} is longer than the ${MAX_INSIGHTS_PERIOD_SECONDS} s (3 hours) of data a Metrics Insights alarm can read: the fast alerts would never evaluate`,
    );
  }
  // The tag reaches a query and the agent's dimensions only with fast alerts on.
  if (args.fastAlerts && args.fastAlertTag) {
    const tag = fastAlertTagProblem(args.fastAlertTag);
    if (tag) problems.push(`fastAlertTag: ${tag}`);
    const ids = args.fastAlertInstanceIds;
    if (ids !== undefined && !(Array.isArray(ids) && ids.length === 0)) {
      problems.push("fastAlertTag and fastAlertInstanceIds cannot both be set: give one target");
    }
  }
  if (args.metricSource !== undefined && !SOURCES.includes(args.metricSource)) {
    problems.push(`metricSource must be one of ${SOURCES.join(", ")} (got ${args.metricSource})`);
  }
  const schedule = args.compaction?.schedule;
  const bad = schedule === undefined ? undefined : scheduleProblem(schedule);
  if (bad) problems.push(`compaction.schedule "${schedule}" ${bad}`);
  if (schedule !== undefined && !bad) {
    const watch = timingProblem(heartbeatTiming(scheduleIntervalSeconds(schedule)));
    if (watch) {
      problems.push(
        `compaction.schedule "${schedule}" is too sparse for its not-started alarm: it ${watch}`,
      );
    }
  }
  return problems;
}
