import { collectionScheduleProblem, scheduleProblem } from "../../contract/schedule";
import { LOG_RETENTION_DAYS } from "../../contract/log-retention";
import { HANDLER_ENV } from "../../contract/handler-settings";
import { anomalyDetectionProblems } from "../shared/anomaly-args";
import { problemsIfKnown } from "../shared/input-check";
import { instanceIdProblems } from "../shared/target-checks";
import { knownTagProblems, mergedTagProblems } from "../shared/tags";
import { thresholdProblems } from "../shared/validation";
import type { CollectorWorkflowArgs, CollectorWorkflowFunctionArgs } from "./args";
import {
  COLLECTOR_WORKFLOW_DEFAULTS as D,
  EXPRESS_MAX_SECONDS,
  LAMBDA_LIMITS,
  MAX_EXECUTION_SECONDS,
  STATE_MACHINE_LOG_LEVELS,
} from "../../contract/defaults/collector-workflow";
import { buildDefinition } from "./definition";
import { definitionOptions, type ResolvedTiming, resolveTiming } from "./definition-options";
import { environmentProblems, targetCountProblems } from "./environment-size";
import { healthyRoundSeconds, worstCaseTaskSeconds } from "./execution-timeout";

/** The longest a branch can take: every attempt times out, with every backoff pause between. */
export function worstCaseBranchSeconds(t: ResolvedTiming): number {
  const { intervalSeconds, maxAttempts, backoffRate } = t.retry;
  return worstCaseTaskSeconds(t.taskTimeout, [
    { IntervalSeconds: intervalSeconds, MaxAttempts: maxAttempts, BackoffRate: backoffRate },
  ]);
}

const isInt = (v: number) => Number.isInteger(v);

const METRIC_SOURCES: readonly string[] = ["cloudwatch", "synthetic"];

/** Extra environment variables the handlers' own settings replace: each is a warning. */
export function ignoredEnvironmentKeys(args: CollectorWorkflowArgs): string[] {
  const reserved = new Set<string>(Object.values(HANDLER_ENV));
  return (["collector", "processor"] as const).flatMap((key) =>
    Object.keys(args[key]?.environment ?? {})
      .filter((v) => reserved.has(v))
      .map((v) => `${key}.environment.${v} is ignored: the handler's own setting wins`),
  );
}

const HEALTHY_ROUND =
  "one healthy round (plan, shard, notification, each up to its TimeoutSeconds, plus 60 s)";

/** executionTimeoutSeconds between one healthy round and the workflow type's longest execution. */
function executionTimeoutProblems(args: CollectorWorkflowArgs, type: string): string[] {
  if (type !== "STANDARD" && type !== "EXPRESS") return [];
  const max = MAX_EXECUTION_SECONDS[type];
  // Placeholder ARNs: the bound depends on the states' timeouts only.
  const floor = healthyRoundSeconds(buildDefinition(definitionOptions(args, "collector", "topic")));
  // Bad timing arguments are reported on their own.
  if (!Number.isFinite(floor)) return [];
  if (floor > max) {
    return [
      `${type} executions stop after ${max} s, but ${HEALTHY_ROUND} needs ${floor} s; shorten taskTimeoutSeconds or use STANDARD`,
    ];
  }
  const given = args.executionTimeoutSeconds;
  if (given === undefined || (isInt(given) && given >= floor && given <= max)) return [];
  return [
    `executionTimeoutSeconds must be a whole number from ${floor} (${HEALTHY_ROUND}) to ${max} (the longest ${type} execution), got ${given}`,
  ];
}

const NEEDS_TARGETS = "the cloudwatch metric source needs targets.tag or targets.instanceIds";

/** The problems of the instance ids, known now or resolved from an Output. */
export function instanceIdsProblems(args: CollectorWorkflowArgs, ids: readonly string[]): string[] {
  const source = args.metricSource ?? D.metricSource;
  const empty = source === "cloudwatch" && !args.targets?.tag && ids.length === 0;
  return [
    ...(empty ? [NEEDS_TARGETS] : []),
    ...instanceIdProblems("targets.instanceIds", ids),
    ...targetCountProblems(args, ids),
  ];
}

/** Where one validation collects its problems, with a whole-number range check. */
interface Problems {
  readonly problems: string[];
  range(key: string, v: number | undefined, min: number, max: number): void;
}

function collector(): Problems {
  const problems: string[] = [];
  return {
    problems,
    range: (key, v, min, max) => {
      if (v !== undefined && !(isInt(v) && v >= min && v <= max)) {
        problems.push(`${key} must be a whole number from ${min} to ${max} (got ${v})`);
      }
    },
  };
}

/** The name and the environment: both end up in physical names and metric dimensions. */
function identityProblems({ problems }: Problems, name: string, args: CollectorWorkflowArgs): void {
  // The function names are `${name}-collector` / `${name}-processor` (64 characters at most)
  // and auto-named roles add 23 characters to the name.
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) {
    problems.push(`name "${name}" must be 1-40 lower-case letters, digits or dashes`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(args.environment)) {
    problems.push(
      `environment "${args.environment}" must be 1-32 letters, digits, dashes or underscores`,
    );
  }
}

/** Both functions' settings and the processor's asynchronous retries. */
function functionProblems({ problems, range }: Problems, args: CollectorWorkflowArgs): void {
  const checkFunction = (key: string, f: CollectorWorkflowFunctionArgs | undefined) => {
    range(`${key}.memoryMb`, f?.memoryMb, LAMBDA_LIMITS.minMemoryMb, LAMBDA_LIMITS.maxMemoryMb);
    range(`${key}.timeoutSeconds`, f?.timeoutSeconds, 1, LAMBDA_LIMITS.maxTimeoutSeconds);
    range(`${key}.ephemeralStorageMb`, f?.ephemeralStorageMb, 512, 10_240);
    if (
      f?.reservedConcurrency !== undefined &&
      !(isInt(f.reservedConcurrency) && f.reservedConcurrency >= 0)
    ) {
      problems.push(
        `${key}.reservedConcurrency must be a whole number of at least 0 (got ${f.reservedConcurrency})`,
      );
    }
  };
  checkFunction("collector", args.collector);
  checkFunction("processor", args.processor);
  range("processor.maximumRetryAttempts", args.processor?.maximumRetryAttempts, 0, 2);
  range("processor.maximumEventAgeInSeconds", args.processor?.maximumEventAgeInSeconds, 60, 21_600);
}

/** The schedule, its zone and its retries; whether the schedule is sound enough to read. */
function scheduleProblems({ problems, range }: Problems, args: CollectorWorkflowArgs): boolean {
  const schedule = args.schedule ?? D.schedule;
  const zone = args.scheduleTimezone;
  // EventBridge Scheduler takes IANA zone names, the ones the runtime's Intl knows.
  const knownZone =
    zone === undefined || Intl.supportedValuesOf("timeZone").concat("UTC").includes(zone);
  const scheduleIssue =
    scheduleProblem(schedule) ??
    (knownZone ? collectionScheduleProblem(schedule, zone) : undefined);
  if (scheduleIssue) problems.push(`schedule "${schedule}" ${scheduleIssue}`);
  if (!knownZone) {
    problems.push(`scheduleTimezone "${zone}" is not an IANA time zone such as Europe/Dublin`);
  }
  range("scheduleRetry.maximumRetryAttempts", args.scheduleRetry?.maximumRetryAttempts, 0, 185);
  range(
    "scheduleRetry.maximumEventAgeInSeconds",
    args.scheduleRetry?.maximumEventAgeInSeconds,
    60,
    86_400,
  );

  return !scheduleIssue && knownZone;
}

/** The workflow type, its log level and the log retention. */
function workflowProblems({ problems }: Problems, args: CollectorWorkflowArgs): void {
  const workflowType = args.workflowType ?? D.workflowType;
  if (workflowType !== "STANDARD" && workflowType !== "EXPRESS") {
    problems.push(`workflowType must be STANDARD or EXPRESS (got ${String(workflowType)})`);
  }
  const level = args.stateMachineLogLevel;
  if (level !== undefined && !(STATE_MACHINE_LOG_LEVELS as readonly string[]).includes(level)) {
    problems.push(`stateMachineLogLevel must be one of ${STATE_MACHINE_LOG_LEVELS.join(", ")}`);
  }
  const retention = args.logRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    problems.push(
      `logRetentionDays must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")}), got ${retention}`,
    );
  }
}

/** The branches' timeouts and retries, and the execution's bounds. */
function timingProblems(
  { problems, range }: Problems,
  args: CollectorWorkflowArgs,
  scheduleSound: boolean,
): void {
  const workflowType = args.workflowType ?? D.workflowType;
  const t = resolveTiming(args);
  range("taskTimeoutSeconds", args.taskTimeoutSeconds, 1, 3600);
  if (t.collectorTimeout >= t.taskTimeout) {
    problems.push(
      `taskTimeoutSeconds (${t.taskTimeout}) must be more than collector.timeoutSeconds (${t.collectorTimeout}), so the function's own timeout error reaches the branch's Catch`,
    );
  }
  range("retry.intervalSeconds", args.retry?.intervalSeconds, 1, 3600);
  range("retry.maxAttempts", args.retry?.maxAttempts, 0, 10);
  // The compaction's own bound (MAX_CATCH_UP_DAYS): the processor reads the same window.
  range("compaction.catchUpDays", args.compaction?.catchUpDays, 1, 62);
  const backoff = args.retry?.backoffRate;
  if (backoff !== undefined && !(Number.isFinite(backoff) && backoff >= 1 && backoff <= 10)) {
    problems.push(`retry.backoffRate must be from 1 to 10 (got ${backoff})`);
  }
  if (workflowType === "EXPRESS" && worstCaseBranchSeconds(t) > EXPRESS_MAX_SECONDS) {
    problems.push(
      `an Express workflow stops after ${EXPRESS_MAX_SECONDS} s, but a branch can take ${worstCaseBranchSeconds(t)} s (taskTimeoutSeconds x (retry.maxAttempts + 1) + backoff); shorten them or use STANDARD`,
    );
  }
  // Its bounds read the schedule's firings: only a schedule known to be valid is read.
  if (scheduleSound) problems.push(...executionTimeoutProblems(args, workflowType));
}

/** The collection's window, shards and thresholds. */
function collectionProblems({ problems, range }: Problems, args: CollectorWorkflowArgs): void {
  const period = args.collectionPeriodSeconds;
  if (
    period !== undefined &&
    !(isInt(period) && period >= 60 && period <= 3600 && period % 60 === 0)
  ) {
    problems.push(
      `collectionPeriodSeconds must be a multiple of 60 from 60 to 3600 (got ${period})`,
    );
  }
  range("collectionLagSeconds", args.collectionLagSeconds, 0, 3600);
  range("shardSize", args.shardSize, 1, 1000);
  range("maxConcurrency", args.maxConcurrency, 1, 40);
  range("hotTableTtlDays", args.hotTableTtlDays, 1, 365);
  problems.push(...thresholdProblems(args.thresholds ?? {}));
  problems.push(...anomalyDetectionProblems(args.anomalyDetection));
}

/** The metric source and the fleet it reads. */
function targetProblems({ problems, range }: Problems, args: CollectorWorkflowArgs): void {
  const source = args.metricSource ?? D.metricSource;
  if (!METRIC_SOURCES.includes(source)) {
    problems.push(`metricSource must be one of ${METRIC_SOURCES.join(", ")} (got ${source})`);
  }
  const targets = args.targets ?? {};
  if (source === "cloudwatch" && !targets.tag && targets.instanceIds === undefined) {
    problems.push(NEEDS_TARGETS);
  }
  problems.push(...problemsIfKnown(targets.instanceIds, (ids) => instanceIdsProblems(args, ids)));
  if (targets.tag && targets.instanceIds) {
    problems.push("targets: give either tag or instanceIds, not both");
  }
  range("targets.syntheticInstances", targets.syntheticInstances, 1, 100);
}

/** Every problem with the args, so one run reports them all. */
export function validateCollectorWorkflowArgs(name: string, args: CollectorWorkflowArgs): string[] {
  const c = collector();
  identityProblems(c, name, args);
  functionProblems(c, args);
  const scheduleSound = scheduleProblems(c, args);
  workflowProblems(c, args);
  timingProblems(c, args, scheduleSound);
  collectionProblems(c, args);
  targetProblems(c, args);
  // The variables' size reads the schedule's interval: only a schedule already found sound.
  if (scheduleSound) c.problems.push(...environmentProblems(name, args));
  c.problems.push(...knownTagProblems("tags", args.tags));
  for (const key of ["collector", "processor"] as const) {
    c.problems.push(...mergedTagProblems(`${key}.tags`, args.tags, args[key]?.tags));
  }
  return c.problems;
}
