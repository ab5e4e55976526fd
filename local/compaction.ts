/**
 * The compaction workflow executed locally: AnalyticsCatalog's definition run by
 * aws-local-stepfunctions, its Athena Tasks bound to DuckDB over the lake directory and its S3
 * Tasks to the same directory. Only the UNLOAD differs: DuckDB writes the same SELECT with
 * COPY ... TO (FORMAT parquet), and like UNLOAD it refuses a prefix that already holds files.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Json } from "../components/collector-workflow";
import {
  buildCompactionDefinition,
  COMPACTION_STATE_NAMES as S,
} from "../components/analytics-catalog";
import { TABLE_NAMES } from "../contract/defaults/analytics-catalog";
import { literal } from "../components/analytics-catalog";
import { CompactionFailedError } from "../contract/errors";
import { LAKE_PREFIXES } from "../contract/lake";
import { CURATED_FILE_SUFFIX, openLake, S3RVER_OBJECT_SUFFIX } from "./lake-db";
import { LOCAL_STACK } from "./layout";
import { namedError } from "./task-bindings";

/** What a compaction run did with one day. */
export interface DayOutcome {
  readonly day: string;
  /** compacted, current (its marker matches the raw objects), no-raw-data or failed. */
  readonly outcome: string;
  readonly prefix?: string;
  readonly raw_objects?: number;
  /** Bytes of raw JSON Lines read: what Athena would bill for the UNLOAD. */
  readonly bytes_scanned?: number;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** What one compaction run did: every day it checked, newest first. */
export interface CompactionOutput {
  readonly days: DayOutcome[];
  /** Set when an older execution was running and this one did nothing. */
  readonly yielded_to?: string;
}

// CompactionFailedError: see contract/errors.ts (every error class is defined there).
export { CompactionFailedError };

/** The one statement shape the definition's UNLOAD has. */
const UNLOAD =
  /^UNLOAD \(([\s\S]+)\)\s+TO '(s3:\/\/[^/]+\/)([^']+)'\s+WITH \(format = 'PARQUET', compression = 'ZSTD'\)$/;

/** Every file under `dir`, as keys relative to `root`. */
function filesUnder(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * ListObjectsV2 over the lake directory: the keys starting with `prefix`, s3rver's object
 * suffix taken off and its side files left out, `MaxKeys` a page, the token an offset.
 */
export function listLocalObjects(
  lakeDir: string,
  objectSuffix: string,
  request: { Prefix: string; MaxKeys: number; ContinuationToken?: string },
): Json {
  const dir = request.Prefix.slice(0, request.Prefix.lastIndexOf("/") + 1);
  const keys = filesUnder(lakeDir, dir)
    .filter((f) => !f.includes("._S3rver_") || f.endsWith(objectSuffix))
    .map((f) => (f.endsWith(objectSuffix) ? f.slice(0, -objectSuffix.length) : f))
    .filter((k) => k.startsWith(request.Prefix));
  const from = Number(request.ContinuationToken ?? 0);
  const page = keys.slice(from, from + request.MaxKeys);
  const more = from + page.length < keys.length;
  return {
    KeyCount: page.length,
    IsTruncated: more,
    ...(page.length ? { Contents: page.map((Key) => ({ Key })) } : {}),
    ...(more ? { NextContinuationToken: String(from + page.length) } : {}),
  };
}

type Binding = (input: Json) => Promise<Json> | Json;

/** Executions running in this process, per lake: the local answer to ListExecutions. */
const running = new Map<string, { arn: string; started: number }[]>();
let executionCounter = 0;

export interface LocalCompactionOptions {
  /** How raw objects end on disk: s3rver's suffix, or ".jsonl" for a plain directory lake. */
  readonly objectSuffix?: string;
  /** Closed days a run without days_ago checks. @default COMPACTION_DEFAULTS.catchUpDays */
  readonly catchUpDays?: number;
  /** Wraps a Task's local binding, by state name (tests inject failures with it). */
  readonly overrides?: Record<string, (input: Json, binding: Binding) => Promise<Json> | Json>;
}

/** Athena's stand-in: queries run by DuckDB, UNLOADs written as Parquet, results kept by id. */
function localAthena(lakeDir: string, objectSuffix: string) {
  const results = new Map<string, Json>();
  const startQuery = (db: DuckDBConnection) => async (input: Json) => {
    const sql = (input as { QueryString: string }).QueryString;
    const id = `local-${results.size + 1}`;
    let scanned = 0;
    const unload = UNLOAD.exec(sql);
    if (unload) {
      const [, select = "", , prefix = ""] = unload;
      const dir = path.join(lakeDir, prefix);
      if (filesUnder(lakeDir, prefix).length > 0) {
        throw namedError("Athena.InvalidRequestException", `UNLOAD target ${prefix} is not empty`);
      }
      const rawDay = prefix.replace(LAKE_PREFIXES.curated, LAKE_PREFIXES.metrics);
      for (const key of filesUnder(lakeDir, rawDay)) {
        if (key.endsWith(objectSuffix)) scanned += statSync(path.join(lakeDir, key)).size;
      }
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `part-0${CURATED_FILE_SUFFIX}`);
      await db.run(
        `COPY (${select}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
      );
      results.set(id, { ResultSet: { Rows: [] } });
    } else {
      const reader = await db.runAndReadAll(sql);
      const row = (values: unknown[]) => ({
        Data: values.map((v) => ({ VarCharValue: String(v) })),
      });
      results.set(id, {
        ResultSet: { Rows: [row(reader.columnNames()), ...reader.getRowsJson().map(row)] },
      });
    }
    return {
      QueryExecution: {
        QueryExecutionId: id,
        Query: sql,
        Status: { State: "SUCCEEDED" },
        Statistics: { DataScannedInBytes: scanned },
      },
    };
  };
  return { results, startQuery };
}

/** The Task states' local bindings, by state name: DuckDB for Athena, the lake's files for S3. */
function taskBindings(
  lakeDir: string,
  objectSuffix: string,
  db: DuckDBConnection,
  athena: ReturnType<typeof localAthena>,
  stateMachineArn: string,
): Record<string, Binding> {
  const { results, startQuery } = athena;
  const listing = (i: Json) =>
    listLocalObjects(lakeDir, objectSuffix, i as { Prefix: string; MaxKeys: number });
  return {
    [S.listRunning]: () => ({
      // Newest first, as ListExecutions answers.
      Executions: [...(running.get(lakeDir) ?? [])]
        .reverse()
        .map((e) => ({ ExecutionArn: e.arn, StateMachineArn: stateMachineArn })),
    }),
    [S.plan]: startQuery(db),
    [S.unload]: startQuery(db),
    [S.readPlan]: (i) => results.get((i as { QueryExecutionId: string }).QueryExecutionId) ?? null,
    [S.findMarker]: listing,
    [S.countFirst]: listing,
    [S.countNext]: listing,
    [S.listStale]: listing,
    [S.deleteMarker]: (i) => removeObject(lakeDir, (i as { Key: string }).Key),
    [S.deleteObject]: (i) => removeObject(lakeDir, (i as { Key: string }).Key),
    [S.writeMarker]: (i) => {
      const file = path.join(lakeDir, (i as { Key: string }).Key);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, String((i as { Body?: unknown }).Body ?? ""));
      return {};
    },
  };
}

/** Each override wraps the binding of its state (none: a binding answering null). */
function withOverrides(
  handlers: Record<string, Binding>,
  overrides: LocalCompactionOptions["overrides"] = {},
): Record<string, Binding> {
  for (const [state, wrap] of Object.entries(overrides)) {
    const binding = handlers[state] ?? (() => null);
    handlers[state] = (i) => wrap(i, binding);
  }
  return handlers;
}

/**
 * Compaction runs over the lake in `lakeDir`. Each call is one execution; it resolves with
 * the run's output or rejects as the execution fails (a CompactionFailedError when days failed).
 */
export function localCompaction(
  lakeDir: string,
  options: LocalCompactionOptions = {},
): (input: { days_ago?: unknown }, executionName?: string) => Promise<CompactionOutput> {
  const objectSuffix = options.objectSuffix ?? S3RVER_OBJECT_SUFFIX;
  const definition = buildCompactionDefinition({
    workgroup: "local",
    database: LOCAL_STACK.database,
    rawTable: TABLE_NAMES.metrics,
    lakeBucket: LOCAL_STACK.bucket,
    catchUpDays: options.catchUpDays,
  });
  const machine = new StateMachine(JSON.parse(JSON.stringify(definition)));
  const stateMachineArn = `arn:aws:states:local:000000000000:stateMachine:${LOCAL_STACK.database}-compaction`;
  const athena = localAthena(lakeDir, objectSuffix);

  return async (input, executionName = `compact-${Date.now()}-${++executionCounter}`) => {
    const arn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${executionName}`;
    const list = running.get(lakeDir) ?? [];
    running.set(lakeDir, [...list, { arn, started: Date.now() }]);
    const db = await openLake(lakeDir, objectSuffix);
    try {
      const handlers = withOverrides(
        taskBindings(lakeDir, objectSuffix, db, athena, stateMachineArn),
        options.overrides,
      );
      const execution = machine.run(input as Json, {
        overrides: { taskResourceLocalHandlers: handlers },
        context: {
          Execution: { Id: arn, Name: executionName },
          StateMachine: { Id: stateMachineArn },
        },
      });
      return (await execution.result) as unknown as CompactionOutput;
    } catch (err) {
      const failure = (err as { cause?: { name?: string; message?: string } }).cause;
      if (failure?.name === CompactionFailedError.errorName) {
        throw new CompactionFailedError(JSON.parse(failure.message ?? "[]") as DayOutcome[]);
      }
      throw err;
    } finally {
      db.closeSync();
      running.set(
        lakeDir,
        (running.get(lakeDir) ?? []).filter((e) => e.arn !== arn),
      );
    }
  };
}

/** DeleteObject: the file, or s3rver's object file for the key. */
function removeObject(lakeDir: string, key: string): Json {
  rmSync(path.join(lakeDir, key), { force: true });
  return {};
}

/** The UTC days with raw metrics in the lake, oldest first, as YYYY-MM-DD. */
export function rawDays(lakeDir: string): string[] {
  const days = new Set<string>();
  for (const key of filesUnder(lakeDir, LAKE_PREFIXES.metrics)) {
    const m = /year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//.exec(key);
    if (m) days.add(`${m[1]}-${m[2]}-${m[3]}`);
  }
  return [...days].sort();
}

/** The days with a curated prefix holding files. */
export function curatedDays(lakeDir: string): string[] {
  const days = new Set<string>();
  for (const key of filesUnder(lakeDir, LAKE_PREFIXES.curated)) {
    const m = /year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//.exec(key);
    if (m) days.add(`${m[1]}-${m[2]}-${m[3]}`);
  }
  return [...days].sort();
}

/** Whole days from `day` to today (UTC): the compaction's days_ago. */
export function daysAgo(day: string, now = new Date()): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((today - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}

/**
 * The scheduled run: every closed day of the catch-up window that was never compacted, failed
 * half-way or got late objects is compacted; the others are left as they are.
 */
export async function compactFinishedDays(
  lakeDir: string,
  options: LocalCompactionOptions = {},
): Promise<CompactionOutput> {
  return localCompaction(lakeDir, options)({});
}

/** One line per day that was compacted or failed, then a count of the rest, for the CLIs. */
export function formatCompaction(output: CompactionOutput): string {
  if (output.yielded_to) return `compaction: an older run is working (${output.yielded_to})`;
  const lines = output.days.flatMap((o) =>
    o.outcome === "compacted"
      ? [
          `compacted ${o.day} -> ${o.prefix} (${o.raw_objects} raw objects, ${o.bytes_scanned} bytes of JSON read)`,
        ]
      : o.outcome === "failed"
        ? [`FAILED ${o.day}: ${o.error?.Error ?? ""} ${o.error?.Cause ?? ""}`]
        : [],
  );
  const count = (outcome: string) => output.days.filter((o) => o.outcome === outcome).length;
  lines.push(
    `compaction: ${output.days.length} days checked, ${count("compacted")} compacted, ${count("current")} up to date, ${count("no-raw-data")} without raw data`,
  );
  return lines.join("\n");
}
