/**
 * The compaction workflow: turns finished UTC days of raw-metrics/ into Parquet under
 * curated-metrics/, run by Athena through Step Functions' Athena integration. JSONPath and
 * intrinsics only, so the local run executes the same document with the Athena Tasks bound
 * to DuckDB and the S3 and Step Functions Tasks to local stand-ins.
 *
 * A scheduled run (no input) checks every closed day of the catch-up window, yesterday
 * included, and compacts those that need it (see compaction-day.ts): a day that was never
 * compacted, failed half-way, or got a late object heals on the next run by itself. A run with
 * `{ "days_ago": N }` replaces that one day whatever its state. Only the oldest running
 * execution works; a newer one overlapping it stops before touching anything.
 */
import type { Json } from "../collector-workflow/asl";
import { LAKE_PREFIXES } from "../../contract/lake";
import {
  ATHENA_RETRY,
  ATHENA_START_SYNC,
  DAY_STATE_NAMES,
  dayProcessor,
  format,
} from "./compaction-day";
import { COMPACTION_DEFAULTS } from "../../contract/defaults/analytics-catalog";
import { ident } from "./sql";

export {
  ATHENA_START_SYNC,
  COMPACTION_QUERY_TIMEOUT_SECONDS,
  LIST_MAX_KEYS,
  MARKER_NAME,
  S3_DELETE,
  S3_LIST,
  S3_PUT,
} from "./compaction-day";

/** Stable state names: the local run binds its Tasks by them. */
export const COMPACTION_STATE_NAMES = Object.freeze({
  checkInput: "CheckInput",
  catchUp: "PlanCatchUp",
  oneDay: "PlanOneDay",
  invalidInput: "InvalidInput",
  listRunning: "ListRunningExecutions",
  anyRunning: "AnyRunningExecution",
  findOldest: "FindOldestExecution",
  isOldest: "IsOldestExecution",
  alreadyRunning: "AlreadyRunning",
  yieldToOlder: "YieldToOlderExecution",
  plan: "PlanCompaction",
  readPlan: "ReadPlan",
  days: "CompactDays",
  summarize: "Summarize",
  anyFailed: "AnyDayFailed",
  someFailed: "DayCompactionFailed",
  done: "Done",
  ...DAY_STATE_NAMES,
});

export const ATHENA_GET_RESULTS = "arn:aws:states:::athena:getQueryResults";
export const SFN_LIST_EXECUTIONS = "arn:aws:states:::aws-sdk:sfn:listExecutions";

/** The longest look-back a run accepts: ten years of days. */
export const MAX_DAYS_AGO = 3650;
/** The longest catch-up window: two months of days checked on every run. */
export const MAX_CATCH_UP_DAYS = 62;
/** Days compacted at once: Athena's concurrent-query quota is shared with the analysts. */
export const COMPACTION_MAX_CONCURRENCY = 4;
/** Executions listed to find the oldest running one; with more, every run yields. */
const RUNNING_LISTED = 100;
/**
 * The whole execution: a full window of UNLOADs at their time-out, with room for retries, and
 * under a day, so a daily schedule's runs do not overlap.
 */
export const COMPACTION_EXECUTION_TIMEOUT_SECONDS = 20 * 3600;

export interface CompactionDefinitionOptions {
  readonly workgroup: string;
  readonly database: string;
  readonly rawTable: string;
  readonly lakeBucket: string;
  /** Closed days a scheduled run checks, yesterday first: at most the raw layer's retention. @default 30 */
  readonly catchUpDays?: number;
}

/**
 * The plan: the days to check and their partition paths, computed by the engine from its own
 * clock, newest first. `ago` is a VALUES list of day intervals; `force` skips the checks.
 */
export function planSql(ago: readonly string[], force: boolean): string {
  const values = ago.map((n) => `(INTERVAL '${n}' DAY)`).join(", ");
  return (
    "SELECT date_format(d, '%Y-%m-%d') AS day, date_format(d, 'year=%Y/month=%m/day=%d/') AS path, " +
    `'${force}' AS force FROM (SELECT current_date - ago AS d FROM (VALUES ${values}) AS t(ago)) ORDER BY d DESC`
  );
}

/** The input checked: no days_ago plans the catch-up window, a valid one plans that day. */
function inputStates(catchUpDays: number): Record<string, Json> {
  const s = COMPACTION_STATE_NAMES;
  const window = Array.from({ length: catchUpDays }, (_, k) => String(k + 1));
  return {
    [s.checkInput]: {
      Type: "Choice",
      Comment: "days_ago goes into SQL: only a whole number in range is let through",
      Choices: [
        // Not IsPresent rather than IsPresent: false, which the local engine never matches.
        { Not: { Variable: "$.days_ago", IsPresent: true }, Next: s.catchUp },
        {
          And: [
            { Variable: "$.days_ago", IsPresent: true },
            { Variable: "$.days_ago", IsNumeric: true },
            { Variable: "$.days_ago", NumericGreaterThanEquals: 1 },
            { Variable: "$.days_ago", NumericLessThanEquals: MAX_DAYS_AGO },
          ],
          Next: s.oneDay,
        },
      ],
      Default: s.invalidInput,
    },
    [s.catchUp]: {
      Type: "Pass",
      Result: { query: planSql(window, false), catch_up_days: catchUpDays },
      ResultPath: "$.plan",
      Next: s.listRunning,
    },
    [s.oneDay]: {
      Type: "Pass",
      // A fraction of a day is refused by Athena's INTERVAL: the run fails, nothing is written.
      Parameters: { "query.$": format(planSql(["{}"], true), ["$.days_ago"]) },
      ResultPath: "$.plan",
      Next: s.listRunning,
    },
    [s.invalidInput]: {
      Type: "Fail",
      Error: "InvalidInput",
      Cause: `days_ago must be a whole number from 1 to ${MAX_DAYS_AGO}`,
    },
  };
}

/** Only the oldest running execution goes on; a newer one fails (a replay) or yields. */
function overlapStates(): Record<string, Json> {
  const s = COMPACTION_STATE_NAMES;
  const running = "$.running.Executions";
  return {
    [s.listRunning]: {
      Type: "Task",
      Resource: SFN_LIST_EXECUTIONS,
      Parameters: {
        "StateMachineArn.$": "$$.StateMachine.Id",
        StatusFilter: "RUNNING",
        MaxResults: RUNNING_LISTED,
      },
      ResultPath: "$.running",
      TimeoutSeconds: 60,
      Retry: [
        {
          ErrorEquals: ["States.TaskFailed"],
          IntervalSeconds: 5,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
      ],
      Next: s.anyRunning,
    },
    [s.anyRunning]: {
      Type: "Choice",
      Comment: "The listing is eventually consistent: this run itself may not be in it yet",
      Choices: [{ Variable: `${running}[0]`, IsPresent: true, Next: s.findOldest }],
      Default: s.plan,
    },
    [s.findOldest]: {
      Type: "Pass",
      Comment: "Newest first: the oldest running execution is the last listed",
      Parameters: {
        "oldest.$": `States.ArrayGetItem(${running}, States.MathAdd(States.ArrayLength(${running}), -1))`,
        "self.$": "$$.Execution.Id",
      },
      ResultPath: "$.running",
      Next: s.isOldest,
    },
    [s.isOldest]: {
      Type: "Choice",
      Choices: [
        {
          Variable: "$.running.oldest.ExecutionArn",
          StringEqualsPath: "$.running.self",
          Next: s.plan,
        },
        { Variable: "$.days_ago", IsPresent: true, Next: s.alreadyRunning },
      ],
      Default: s.yieldToOlder,
    },
    [s.alreadyRunning]: {
      Type: "Fail",
      Error: "AlreadyRunning",
      // The older execution's ARN.
      CausePath: "$.running.oldest.ExecutionArn",
    },
    [s.yieldToOlder]: {
      Type: "Pass",
      Comment: "Overlapping the older run is the only risk to a day; the next run checks again",
      Parameters: { days: [], "yielded_to.$": "$.running.oldest.ExecutionArn" },
      End: true,
    },
  };
}

/** The plan's query run by Athena, and its rows read: the days to check. */
function planStates(o: CompactionDefinitionOptions): Record<string, Json> {
  const s = COMPACTION_STATE_NAMES;
  return {
    [s.plan]: {
      Type: "Task",
      Resource: ATHENA_START_SYNC,
      Parameters: {
        "QueryString.$": "$.plan.query",
        WorkGroup: o.workgroup,
        QueryExecutionContext: { Database: o.database },
      },
      ResultSelector: { "QueryExecutionId.$": "$.QueryExecution.QueryExecutionId" },
      ResultPath: "$.plan",
      TimeoutSeconds: 300,
      Retry: ATHENA_RETRY,
      Next: s.readPlan,
    },
    [s.readPlan]: {
      Type: "Task",
      Resource: ATHENA_GET_RESULTS,
      Parameters: { "QueryExecutionId.$": "$.plan.QueryExecutionId" },
      // Row 0 is the header.
      ResultSelector: { "rows.$": "$.ResultSet.Rows[1:]" },
      ResultPath: "$.plan",
      TimeoutSeconds: 60,
      Retry: ATHENA_RETRY,
      Next: s.days,
    },
  };
}

/** Every planned day through the day processor, then the run fails if any day did. */
function dayStates(o: CompactionDefinitionOptions): Record<string, Json> {
  const s = COMPACTION_STATE_NAMES;
  return {
    [s.days]: {
      Type: "Map",
      ItemsPath: "$.plan.rows",
      ItemSelector: {
        "day.$": "$$.Map.Item.Value.Data[0].VarCharValue",
        "path.$": "$$.Map.Item.Value.Data[1].VarCharValue",
        "force.$": "$$.Map.Item.Value.Data[2].VarCharValue",
      },
      MaxConcurrency: COMPACTION_MAX_CONCURRENCY,
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        ...dayProcessor({ ...o, rawTable: `${ident(o.database)}.${ident(o.rawTable)}` }),
      },
      // Paths, not intrinsics, take the outcomes out of the array.
      ResultSelector: { "all.$": "$", "outcomes.$": "$[*].outcome" },
      ResultPath: "$.days",
      Next: s.summarize,
    },
    [s.summarize]: {
      Type: "Pass",
      Parameters: {
        "days.$": "$.days.all",
        "failed.$": "States.ArrayContains($.days.outcomes, 'failed')",
        // Every day's outcome: which failed and why, and which were compacted anyway.
        "cause.$": "States.JsonToString($.days.all)",
      },
      Next: s.anyFailed,
    },
    [s.anyFailed]: {
      Type: "Choice",
      Choices: [{ Variable: "$.failed", BooleanEquals: true, Next: s.someFailed }],
      Default: s.done,
    },
    [s.someFailed]: {
      Type: "Fail",
      Error: "DayCompactionFailed",
      CausePath: "$.cause",
    },
    [s.done]: { Type: "Pass", Parameters: { "days.$": "$.days" }, End: true },
  };
}

/**
 * The definition. Input: `{}` (the schedule's: catch up) or `{ "days_ago": N }` (a whole number
 * from 1: that day, replaced). Output: `{ days: [{ day, outcome, ... }] }`, one per day checked.
 */
export function buildCompactionDefinition(o: CompactionDefinitionOptions): Record<string, Json> {
  const catchUpDays = o.catchUpDays ?? COMPACTION_DEFAULTS.catchUpDays;
  if (!(Number.isInteger(catchUpDays) && catchUpDays >= 1 && catchUpDays <= MAX_CATCH_UP_DAYS))
    throw new Error(`catchUpDays must be a whole number from 1 to ${MAX_CATCH_UP_DAYS}`);
  return {
    Comment: `Compact finished days of ${LAKE_PREFIXES.metrics} into Parquet under ${LAKE_PREFIXES.curated}`,
    StartAt: COMPACTION_STATE_NAMES.checkInput,
    TimeoutSeconds: COMPACTION_EXECUTION_TIMEOUT_SECONDS,
    States: {
      ...inputStates(catchUpDays),
      ...overlapStates(),
      ...planStates(o),
      ...dayStates(o),
    },
  };
}
