import { scheduleProblem } from "../../contract/schedule";
import { isKnownNow, problemsIfKnown } from "../shared/input-check";
import { emailListProblems, instanceIdProblems } from "../shared/target-checks";
import { knownTagProblems } from "../shared/tags";
import { thresholdProblems } from "../shared/validation";
import type { AlertingStackArgs } from "./args";
import { AWS_MANAGED_SNS_KEY } from "../../contract/defaults/alerting-stack";
import { heartbeatTiming, runIntervalSeconds, timingProblem } from "./timing";
import { extraProblems } from "./validate-extras";

// Same shape the stack config accepts; CloudWatch alarm and dashboard names allow it.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
// The Environment dimension value is also quoted inside the dashboard's SEARCH expressions.
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Why the topic cannot use this key, known now or resolved from an Output. */
export function topicKeyProblems(kmsKeyArn: string): string[] {
  if (!kmsKeyArn.endsWith(AWS_MANAGED_SNS_KEY)) return [];
  return [
    `kmsKeyArn "${kmsKeyArn}" is the AWS-managed SNS key, which CloudWatch alarms cannot use: their notifications would be dropped`,
  ];
}

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
  problems.push(
    ...problemsIfKnown(args.fastAlertInstanceIds, (ids) =>
      instanceIdProblems("fastAlertInstanceIds", ids),
    ),
  );
  if (args.topic?.existing && args.topic.displayName !== undefined) {
    problems.push(
      "topic.displayName applies to the created topic only; it cannot be set with topic.existing",
    );
  }
  // Addresses from Outputs are checked with the whole list when they resolve.
  const knownEmails = (args.alertEmails ?? []).filter((e): e is string => isKnownNow(e));
  problems.push(...emailListProblems("alertEmails", knownEmails));
  problems.push(...problemsIfKnown(args.kmsKeyArn, topicKeyProblems));
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
  problems.push(...knownTagProblems("tags", args.tags));
  problems.push(...extraProblems(args));
  return problems;
}
