import { lambdaAlarms, queueAlarms, tableAlarms, workflowAlarms } from "./aws-alarms";
import { quarantinedLinesAlarm, thresholdAlarms } from "./host-alarms";
import type { AlarmSpec, AlarmSpecInput } from "./alarm-spec";

export type { AlarmSpec, AlarmSpecInput, MissingDataTreatment } from "./alarm-spec";
export { runbookLink } from "./alarm-conditions";

/**
 * Every metric alarm of the stack, one concern after the other: the thresholds of
 * THRESHOLD_RULES (as the processor's), then the AWS service metrics' alarms, whose rows are in
 * alarm-rows.ts, then the processor's quarantined lines.
 */
export function buildAlarmSpecs(input: AlarmSpecInput): AlarmSpec[] {
  return [
    ...thresholdAlarms(input),
    ...lambdaAlarms(input),
    ...tableAlarms(input),
    ...workflowAlarms(input),
    ...queueAlarms(input),
    quarantinedLinesAlarm(input),
  ];
}

/** The composite alarm's rule: ALARM when any of the pipeline's own alarms is. */
export function compositeAlarmRule(alarmNames: readonly string[]): string {
  return alarmNames.map((n) => `ALARM("${n}")`).join(" OR ");
}
