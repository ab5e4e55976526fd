/**
 * The compaction workflow: turns one finished UTC day of raw-metrics/ into Parquet under
 * curated-metrics/, run by Athena through Step Functions' Athena integration. JSONPath and
 * intrinsics only, so the local run executes the same document with the Athena Tasks bound
 * to DuckDB and the S3 Tasks to the local lake.
 *
 * Re-running a day replaces it: the day's curated prefix is emptied (listed and deleted until
 * nothing is left) before the UNLOAD, which refuses a non-empty prefix anyway. Queries never
 * see half a day for long: a day is read from Parquet only once its prefix holds objects.
 */
import type { Json } from "../collector-workflow/asl";
import { intrinsicLiteral } from "../collector-workflow/definition";
import { LAKE_PREFIXES } from "../../functions/shared/lake";
import { unloadStatement } from "./curated";
import { ident } from "./sql";

/** Stable state names: the local run binds its Tasks by them. */
export const COMPACTION_STATE_NAMES = Object.freeze({
  checkInput: "CheckInput",
  defaultInput: "CompactYesterday",
  invalidInput: "InvalidInput",
  plan: "PlanCompaction",
  readPlan: "ReadPlan",
  listStale: "ListStaleObjects",
  anyStale: "AnyStaleObjects",
  deleteStale: "DeleteStaleObjects",
  deleteObject: "DeleteStaleObject",
  unload: "UnloadDay",
  done: "Done",
});

export const ATHENA_START_SYNC = "arn:aws:states:::athena:startQueryExecution.sync";
export const ATHENA_GET_RESULTS = "arn:aws:states:::athena:getQueryResults";
export const S3_LIST = "arn:aws:states:::aws-sdk:s3:listObjectsV2";
export const S3_DELETE = "arn:aws:states:::aws-sdk:s3:deleteObject";

/** The longest look-back a run accepts: ten years of days. */
export const MAX_DAYS_AGO = 3650;
/** One hour: a day of a 10,000-instance fleet is a few GB of JSON for Athena. */
export const COMPACTION_QUERY_TIMEOUT_SECONDS = 3600;
/** The whole execution: the plan, the deletes and the UNLOAD, with room for retries. */
export const COMPACTION_EXECUTION_TIMEOUT_SECONDS = 3 * COMPACTION_QUERY_TIMEOUT_SECONDS;

export interface CompactionDefinitionOptions {
  readonly workgroup: string;
  readonly database: string;
  readonly rawTable: string;
  readonly lakeBucket: string;
}

/** Athena's throttling and internal errors are worth retrying; a failed query is not. */
const ATHENA_RETRY = [
  {
    ErrorEquals: ["Athena.TooManyRequestsException", "Athena.InternalServerException"],
    IntervalSeconds: 30,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
];

const S3_RETRY = [
  { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
];

/**
 * States.Format over a template whose `{}` are the arguments, one each; everything else is
 * escaped, and SQL's line breaks become spaces (an intrinsic is one line).
 */
function format(template: string, args: readonly string[]): string {
  const parts = template.replace(/\s*\n\s*/g, " ").split("{}");
  if (parts.length - 1 !== args.length)
    throw new Error(`${parts.length - 1} {} for ${args.length} arguments`);
  const escaped = parts.map((part) => intrinsicLiteral(part).slice(1, -1)).join("{}");
  return `States.Format('${escaped}', ${args.join(", ")})`;
}

/** The plan: which day, and its partition path, computed by the engine from its own clock. */
export const PLAN_SQL =
  "SELECT date_format(d, '%Y-%m-%d') AS day, date_format(d, 'year=%Y/month=%m/day=%d/') AS path " +
  "FROM (SELECT current_date - INTERVAL '{}' DAY AS d)";

/**
 * The definition. Input: `{ "days_ago": N }` (a whole number from 1; default 1, yesterday).
 * Output: the compacted day and its prefix.
 */
export function buildCompactionDefinition(o: CompactionDefinitionOptions): Record<string, Json> {
  const s = COMPACTION_STATE_NAMES;
  const raw = `${ident(o.database)}.${ident(o.rawTable)}`;
  const athena = (query: string, args: string[]) => ({
    "QueryString.$": format(query, args),
    WorkGroup: o.workgroup,
    QueryExecutionContext: { Database: o.database },
  });
  const location = `s3://${o.lakeBucket}/${LAKE_PREFIXES.curated}`;
  const unload = unloadStatement(raw, "DATE '{}'", `'${location}{}'`);
  const curatedPrefix = format(`${LAKE_PREFIXES.curated}{}`, ["$.target.path"]);
  return {
    Comment: `Compact one finished day of ${LAKE_PREFIXES.metrics} into Parquet under ${LAKE_PREFIXES.curated}`,
    StartAt: s.checkInput,
    TimeoutSeconds: COMPACTION_EXECUTION_TIMEOUT_SECONDS,
    States: {
      [s.checkInput]: {
        Type: "Choice",
        Comment: "days_ago goes into SQL: only a whole number in range is let through",
        Choices: [
          {
            And: [
              { Variable: "$.days_ago", IsPresent: true },
              { Variable: "$.days_ago", IsNumeric: true },
              { Variable: "$.days_ago", NumericGreaterThanEquals: 1 },
              { Variable: "$.days_ago", NumericLessThanEquals: MAX_DAYS_AGO },
            ],
            Next: s.plan,
          },
          { Variable: "$.days_ago", IsPresent: false, Next: s.defaultInput },
        ],
        Default: s.invalidInput,
      },
      [s.defaultInput]: { Type: "Pass", Result: 1, ResultPath: "$.days_ago", Next: s.plan },
      [s.invalidInput]: {
        Type: "Fail",
        Error: "InvalidInput",
        Cause: `days_ago must be a whole number from 1 to ${MAX_DAYS_AGO}`,
      },
      [s.plan]: {
        Type: "Task",
        Resource: ATHENA_START_SYNC,
        // A fraction of a day is refused by Athena's INTERVAL: the run fails, nothing is written.
        Parameters: athena(PLAN_SQL, ["$.days_ago"]),
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
        ResultSelector: {
          "day.$": "$.ResultSet.Rows[1].Data[0].VarCharValue",
          "path.$": "$.ResultSet.Rows[1].Data[1].VarCharValue",
        },
        ResultPath: "$.target",
        TimeoutSeconds: 60,
        Retry: ATHENA_RETRY,
        Next: s.listStale,
      },
      [s.listStale]: {
        Type: "Task",
        Resource: S3_LIST,
        Parameters: {
          Bucket: o.lakeBucket,
          "Prefix.$": curatedPrefix,
          // Keeps the listing well inside the 256 KB a state may pass on.
          MaxKeys: 500,
        },
        // The whole listing: an empty one has no Contents, which a ResultSelector cannot default.
        ResultPath: "$.stale",
        TimeoutSeconds: 60,
        Retry: S3_RETRY,
        Next: s.anyStale,
      },
      [s.anyStale]: {
        Type: "Choice",
        Choices: [{ Variable: "$.stale.KeyCount", NumericGreaterThan: 0, Next: s.deleteStale }],
        Default: s.unload,
      },
      [s.deleteStale]: {
        Type: "Map",
        Comment: "Empty the day's curated prefix, a listing (up to 1,000 keys) at a time",
        ItemsPath: "$.stale.Contents",
        ItemSelector: { "Key.$": "$$.Map.Item.Value.Key" },
        MaxConcurrency: 10,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: s.deleteObject,
          States: {
            [s.deleteObject]: {
              Type: "Task",
              Resource: S3_DELETE,
              Parameters: { Bucket: o.lakeBucket, "Key.$": "$.Key" },
              TimeoutSeconds: 60,
              Retry: S3_RETRY,
              End: true,
            },
          },
        },
        ResultPath: null,
        Next: s.listStale,
      },
      [s.unload]: {
        Type: "Task",
        Resource: ATHENA_START_SYNC,
        Parameters: athena(unload, ["$.target.day", "$.target.day", "$.target.path"]),
        ResultSelector: {
          "QueryExecutionId.$": "$.QueryExecution.QueryExecutionId",
          "BytesScanned.$": "$.QueryExecution.Statistics.DataScannedInBytes",
        },
        ResultPath: "$.unload",
        TimeoutSeconds: COMPACTION_QUERY_TIMEOUT_SECONDS,
        Retry: ATHENA_RETRY,
        Next: s.done,
      },
      [s.done]: {
        Type: "Pass",
        Parameters: {
          "day.$": "$.target.day",
          "prefix.$": curatedPrefix,
          "bytes_scanned.$": "$.unload.BytesScanned",
        },
        End: true,
      },
    },
  };
}
