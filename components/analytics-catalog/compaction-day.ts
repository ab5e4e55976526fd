/**
 * One day of the compaction: the states each iteration of the compaction's Map runs. A day is
 * compacted when it is forced, when its curated prefix has no marker, or when its raw prefix
 * holds more objects than the marker recorded (a late object). The marker,
 * `_compacted.raw-objects=N` beside the day's Parquet, is written only after the UNLOAD
 * succeeded and deleted before anything else is touched, so a run that stops half-way leaves a
 * day without a marker: the next run compacts it again. Athena skips files whose names begin
 * with `_`, DuckDB reads only `*.parquet`: the marker is never read as data.
 */
import type { Json } from "../collector-workflow/asl";
import { intrinsicLiteral } from "../collector-workflow/definition";
import {
  AthenaInternalServerException,
  AthenaTooManyRequestsException,
} from "../../contract/errors";
import { LAKE_PREFIXES } from "../../contract/lake";
import { unloadStatement } from "./curated";

/** Stable state names: the local run binds its Tasks by them. */
export const DAY_STATE_NAMES = Object.freeze({
  findMarker: "FindMarker",
  startCount: "StartCount",
  countFirst: "CountRawObjects",
  countNext: "CountMoreRawObjects",
  tally: "TallyRawObjects",
  morePages: "MoreRawObjects",
  dropPage: "DropListing",
  decide: "NeedsCompaction",
  readMarker: "ReadMarker",
  compareMarker: "LateObjects",
  hasMarker: "HasMarker",
  deleteMarker: "DeleteMarker",
  listStale: "ListStaleObjects",
  anyStale: "AnyStaleObjects",
  deleteStale: "DeleteStaleObjects",
  deleteObject: "DeleteStaleObject",
  unload: "UnloadDay",
  keepFailure: "KeepUnloadFailure",
  writeMarker: "WriteMarker",
  compacted: "DayCompacted",
  current: "DayUpToDate",
  empty: "DayWithoutRawData",
  failed: "DayFailed",
});

export const ATHENA_START_SYNC = "arn:aws:states:::athena:startQueryExecution.sync";
export const S3_LIST = "arn:aws:states:::aws-sdk:s3:listObjectsV2";
export const S3_DELETE = "arn:aws:states:::aws-sdk:s3:deleteObject";
export const S3_PUT = "arn:aws:states:::aws-sdk:s3:putObject";

/** The marker's name inside a day's curated prefix; the raw object count follows the `=`. */
export const MARKER_NAME = "_compacted.raw-objects=";
/** Keys a listing returns: 500 entries stay well inside the 256 KB a state may pass on. */
export const LIST_MAX_KEYS = 500;
/** One hour: a day of a 10,000-instance fleet is a few GB of JSON for Athena. */
export const COMPACTION_QUERY_TIMEOUT_SECONDS = 3600;

/** Athena's throttling and internal errors are worth retrying; a failed query is not. */
export const ATHENA_RETRY = [
  {
    ErrorEquals: [
      AthenaTooManyRequestsException.errorName,
      AthenaInternalServerException.errorName,
    ],
    IntervalSeconds: 30,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
];

export const S3_RETRY = [
  { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
];

/**
 * States.Format over a template whose `{}` are the arguments, one each; everything else is
 * escaped, and SQL's line breaks become spaces (an intrinsic is one line).
 */
export function format(template: string, args: readonly string[]): string {
  const parts = template.replace(/\s*\n\s*/g, " ").split("{}");
  if (parts.length - 1 !== args.length)
    throw new Error(`${parts.length - 1} {} for ${args.length} arguments`);
  const escaped = parts.map((part) => intrinsicLiteral(part).slice(1, -1)).join("{}");
  return `States.Format('${escaped}', ${args.join(", ")})`;
}

export interface DayOptions {
  readonly workgroup: string;
  readonly database: string;
  /** The raw table, quoted for SQL. */
  readonly rawTable: string;
  readonly lakeBucket: string;
}

/** What the day's state groups share: the options, the day's prefixes and the S3 Task shape. */
interface DayContext {
  readonly o: DayOptions;
  /** The day's curated prefix, its marker's key and its raw prefix (intrinsics of `$.path`). */
  readonly curated: string;
  readonly marker: string;
  readonly rawPrefix: string;
  readonly list: (prefix: string, extra?: Record<string, Json>) => Record<string, Json>;
  /** A failure goes to the day's failed outcome. */
  readonly fail: Json;
  readonly s3Task: (
    resource: string,
    parameters: Record<string, Json>,
    next: string,
  ) => Record<string, Json>;
}

function dayContext(o: DayOptions): DayContext {
  const s = DAY_STATE_NAMES;
  const fail = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: s.failed }];
  return {
    o,
    curated: format(`${LAKE_PREFIXES.curated}{}`, ["$.path"]),
    marker: format(`${LAKE_PREFIXES.curated}{}${MARKER_NAME}`, ["$.path"]),
    rawPrefix: format(`${LAKE_PREFIXES.metrics}{}`, ["$.path"]),
    list: (prefix, extra = {}) => ({
      Bucket: o.lakeBucket,
      "Prefix.$": prefix,
      MaxKeys: LIST_MAX_KEYS,
      ...extra,
    }),
    fail,
    s3Task: (resource, parameters, next) => ({
      Type: "Task",
      Resource: resource,
      Parameters: parameters,
      TimeoutSeconds: 60,
      Retry: S3_RETRY,
      Catch: fail,
      Next: next,
    }),
  };
}

/** The marker's listing, then the raw objects counted a page at a time. */
function countStates(d: DayContext): Record<string, Json> {
  const s = DAY_STATE_NAMES;
  const { s3Task, list, marker, rawPrefix } = d;
  return {
    [s.findMarker]: {
      ...s3Task(S3_LIST, { ...list(marker), MaxKeys: 1 }, s.startCount),
      ResultPath: "$.marker",
    },
    [s.startCount]: {
      Type: "Pass",
      Result: { n: 0 },
      ResultPath: "$.count",
      Next: s.countFirst,
    },
    [s.countFirst]: { ...s3Task(S3_LIST, list(rawPrefix), s.tally), ResultPath: "$.page" },
    [s.countNext]: {
      ...s3Task(
        S3_LIST,
        list(rawPrefix, { "ContinuationToken.$": "$.page.NextContinuationToken" }),
        s.tally,
      ),
      ResultPath: "$.page",
    },
    [s.tally]: {
      Type: "Pass",
      Parameters: { "n.$": "States.MathAdd($.count.n, $.page.KeyCount)" },
      ResultPath: "$.count",
      Next: s.morePages,
    },
    [s.morePages]: {
      Type: "Choice",
      Choices: [{ Variable: "$.page.IsTruncated", BooleanEquals: true, Next: s.countNext }],
      Default: s.dropPage,
    },
    [s.dropPage]: {
      Type: "Pass",
      Comment: "A listing is up to 150 KB: not carried on beside the next one",
      Parameters: {
        "day.$": "$.day",
        "path.$": "$.path",
        "force.$": "$.force",
        "marker.$": "$.marker",
        "count.$": "$.count",
      },
      Next: s.decide,
    },
  };
}

/** Whether the day needs compacting: forced, no marker, or late objects; then the marker goes first. */
function decideStates(d: DayContext): Record<string, Json> {
  const s = DAY_STATE_NAMES;
  const { o, s3Task } = d;
  // The count sits after the last `=` of the marker's key; the day's path holds three.
  const markerFields = `${LAKE_PREFIXES.curated}year=/month=/day=/${MARKER_NAME}`.split("=").length;
  return {
    [s.decide]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.force", StringEquals: "true", Next: s.hasMarker },
        { Variable: "$.count.n", NumericEquals: 0, Next: s.empty },
        { Variable: "$.marker.KeyCount", NumericEquals: 0, Next: s.listStale },
      ],
      Default: s.readMarker,
    },
    [s.readMarker]: {
      Type: "Pass",
      Parameters: {
        "n.$": `States.StringToJson(States.ArrayGetItem(States.StringSplit($.marker.Contents[0].Key, '='), ${markerFields - 1}))`,
      },
      ResultPath: "$.compacted",
      Next: s.compareMarker,
    },
    [s.compareMarker]: {
      Type: "Choice",
      Comment:
        "Fewer objects than recorded is expiry or a deletion by hand, never a reason to rewrite",
      Choices: [
        { Variable: "$.count.n", NumericGreaterThanPath: "$.compacted.n", Next: s.deleteMarker },
      ],
      Default: s.current,
    },
    [s.hasMarker]: {
      Type: "Choice",
      Choices: [{ Variable: "$.marker.KeyCount", NumericGreaterThan: 0, Next: s.deleteMarker }],
      Default: s.listStale,
    },
    [s.deleteMarker]: {
      ...s3Task(
        S3_DELETE,
        { Bucket: o.lakeBucket, "Key.$": "$.marker.Contents[0].Key" },
        s.listStale,
      ),
      Comment: "First: from here until the new marker, the day counts as not compacted",
      ResultPath: null,
    },
  };
}

/** Empties the day's curated prefix before an UNLOAD, and after a failed one. */
function clearStates(d: DayContext): Record<string, Json> {
  const s = DAY_STATE_NAMES;
  const { o, s3Task, list, curated, fail } = d;
  return {
    [s.listStale]: { ...s3Task(S3_LIST, list(curated), s.anyStale), ResultPath: "$.stale" },
    [s.anyStale]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.stale.KeyCount", NumericGreaterThan: 0, Next: s.deleteStale },
        // A failed UNLOAD came back here to remove what it wrote.
        { Variable: "$.unloadFailure", IsPresent: true, Next: s.keepFailure },
      ],
      Default: s.unload,
    },
    [s.deleteStale]: {
      Type: "Map",
      Comment: "Empty the day's curated prefix, a listing at a time",
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
      Catch: fail,
      Next: s.listStale,
    },
  };
}

/** The UNLOAD of the day into Parquet, then its marker. */
function unloadStates(d: DayContext): Record<string, Json> {
  const s = DAY_STATE_NAMES;
  const { o, s3Task } = d;
  const unload = unloadStatement(
    o.rawTable,
    "DATE '{}'",
    `'s3://${o.lakeBucket}/${LAKE_PREFIXES.curated}{}'`,
  );
  return {
    [s.unload]: {
      Type: "Task",
      Resource: ATHENA_START_SYNC,
      Parameters: {
        "QueryString.$": format(unload, ["$.day", "$.day", "$.path"]),
        WorkGroup: o.workgroup,
        QueryExecutionContext: { Database: o.database },
      },
      ResultSelector: {
        "QueryExecutionId.$": "$.QueryExecution.QueryExecutionId",
        "BytesScanned.$": "$.QueryExecution.Statistics.DataScannedInBytes",
      },
      ResultPath: "$.unload",
      TimeoutSeconds: COMPACTION_QUERY_TIMEOUT_SECONDS,
      Retry: ATHENA_RETRY,
      // A cancelled or failed UNLOAD may have written part of the day: empty the prefix again.
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.unloadFailure", Next: s.listStale }],
      Next: s.writeMarker,
    },
    [s.keepFailure]: {
      Type: "Pass",
      InputPath: "$.unloadFailure",
      ResultPath: "$.failure",
      Next: s.failed,
    },
    [s.writeMarker]: {
      ...s3Task(
        S3_PUT,
        {
          Bucket: o.lakeBucket,
          "Key.$": format(`${LAKE_PREFIXES.curated}{}${MARKER_NAME}{}`, ["$.path", "$.count.n"]),
          // The raw objects counted before the UNLOAD: one that landed during it is seen as late.
          "Body.$": "$.day",
        },
        s.compacted,
      ),
      ResultPath: null,
    },
  };
}

/** The day's outcome: the Map's item output. */
function outcomeStates(d: DayContext): Record<string, Json> {
  const s = DAY_STATE_NAMES;
  const { curated } = d;
  return {
    [s.compacted]: {
      Type: "Pass",
      Parameters: {
        "day.$": "$.day",
        outcome: "compacted",
        "prefix.$": curated,
        "raw_objects.$": "$.count.n",
        "bytes_scanned.$": "$.unload.BytesScanned",
      },
      End: true,
    },
    [s.current]: {
      Type: "Pass",
      Parameters: { "day.$": "$.day", outcome: "current" },
      End: true,
    },
    [s.empty]: {
      Type: "Pass",
      Parameters: { "day.$": "$.day", outcome: "no-raw-data" },
      End: true,
    },
    [s.failed]: {
      Type: "Pass",
      Parameters: { "day.$": "$.day", outcome: "failed", "error.$": "$.failure" },
      End: true,
    },
  };
}

/**
 * The Map's item processor. Input: `{ day, path, force }` from the plan. Output:
 * `{ day, outcome }` with outcome `compacted` (plus its prefix, raw objects and bytes scanned),
 * `current`, `no-raw-data` or `failed` (plus the error). A failed day never fails the Map: the
 * other days still run, and the execution fails after them.
 */
export function dayProcessor(o: DayOptions): Record<string, Json> {
  const d = dayContext(o);
  return {
    StartAt: DAY_STATE_NAMES.findMarker,
    States: {
      ...countStates(d),
      ...decideStates(d),
      ...clearStates(d),
      ...unloadStates(d),
      ...outcomeStates(d),
    },
  };
}
