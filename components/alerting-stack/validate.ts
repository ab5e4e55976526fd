import { scheduleProblem } from "../../config/schedule";
import { thresholdProblems } from "../shared/validation";
import type { AlertingStackArgs } from "./args";
import { AWS_MANAGED_SNS_KEY } from "./defaults";
import { heartbeatTiming, runIntervalSeconds, timingProblem } from "./timing";
import { extraProblems } from "./validate-extras";

// Same shape the stack config accepts; CloudWatch alarm and dashboard names allow it.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
// The Environment dimension value is also quoted inside the dashboard's SEARCH expressions.
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem with the args, so one run reports them all. */
export function validateAlertingStackArgs(name: string, args: AlertingStackArgs): string[] {
  const problems: string[] = [];
  if (!NAME.test(name)) {
    problems.push(
      `name "${name}" must be 1-64 letters, digits, dashes or underscores (it prefixes alarm and dashboard names)`,
    );
  }
  if (!ENVIRONMENT.test(args.environment)) {
    problems.push(
      `environment "${args.environment}" must be 1-64 letters, digits, dots, dashes or underscores`,
    );
  }
  const schedule = scheduleProblem(args.schedule);
  if (schedule) problems.push(`schedule "${args.schedule}" ${schedule}`);
  const given = args.scheduleIntervalSeconds;
  if (given !== undefined && !(Number.isInteger(given) && given >= 60)) {
    problems.push(
      `scheduleIntervalSeconds must be a whole number of seconds, at least 60 (got ${given})`,
    );
  }
  if (!schedule && (given === undefined || Number.isInteger(given))) {
    const heartbeat = timingProblem(heartbeatTiming(runIntervalSeconds(args.schedule, given)));
    if (heartbeat) {
      problems.push(
        `schedule "${args.schedule}" is too sparse for a heartbeat alarm: it ${heartbeat}`,
      );
    }
  }
  problems.push(...thresholdProblems(args.thresholds ?? {}));
  const period = args.sourcePeriodSeconds;
  if (period !== undefined && !(Number.isInteger(period) && period >= 60 && period % 60 === 0)) {
    problems.push(`sourcePeriodSeconds must be a multiple of 60 (got ${period})`);
  }
  for (const id of args.fastAlertInstanceIds ?? []) {
    if (!/^i-[0-9a-f]{8,17}$/.test(id)) {
      problems.push(`fastAlertInstanceIds: "${id}" is not an EC2 instance id`);
    }
  }
  const seen = new Set<string>();
  if (args.topic?.existing && args.topic.displayName !== undefined) {
    problems.push(
      "topic.displayName applies to the created topic only; it cannot be set with topic.existing",
    );
  }
  for (const email of args.alertEmails ?? []) {
    if (!EMAIL.test(email)) problems.push(`alertEmails: "${email}" is not an e-mail address`);
    const folded = email.toLowerCase();
    if (seen.has(folded)) problems.push(`alertEmails: "${email}" is listed twice`);
    seen.add(folded);
  }
  if (typeof args.kmsKeyArn === "string" && args.kmsKeyArn.endsWith(AWS_MANAGED_SNS_KEY)) {
    problems.push(
      `kmsKeyArn "${args.kmsKeyArn}" is the AWS-managed SNS key, which CloudWatch alarms cannot use: their notifications would be dropped`,
    );
  }
  const duration = args.lambdaDurationThresholdMs;
  if (duration !== undefined && !(duration > 0 && duration <= 900_000)) {
    problems.push(`lambdaDurationThresholdMs must be above 0 and at most 900000 (got ${duration})`);
  }
  const window = args.keyDeletionWindowDays;
  if (window !== undefined && !(Number.isInteger(window) && window >= 7 && window <= 30)) {
    problems.push(`keyDeletionWindowDays must be a whole number from 7 to 30 (got ${window})`);
  }
  if (args.kmsKeyArn !== undefined || args.topic?.existing) {
    const given = args.topic?.existing ? "topic.existing" : "kmsKeyArn";
    for (const key of ["keyDeletionWindowDays", "keyRotation"] as const) {
      if (args[key] !== undefined) {
        problems.push(`${key} applies to the created key only; it cannot be set with ${given}`);
      }
    }
  }
  problems.push(...extraProblems(args));
  return problems;
}
