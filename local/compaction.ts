/**
 * The compaction workflow executed locally: AnalyticsCatalog's definition run by
 * aws-local-stepfunctions, its Athena Tasks bound to DuckDB over the lake directory and its S3
 * Tasks to the same directory. Only the UNLOAD differs: DuckDB writes the same SELECT with
 * COPY ... TO (FORMAT parquet), and like UNLOAD it refuses a prefix that already holds files.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Json } from "../components/collector-workflow/asl";
import {
  buildCompactionDefinition,
  COMPACTION_STATE_NAMES as S,
} from "../components/analytics-catalog/compaction-definition";
import { TABLE_NAMES } from "../components/analytics-catalog/defaults";
import { literal } from "../components/analytics-catalog/sql";
import { LAKE_PREFIXES } from "../functions/shared/lake";
import { CURATED_FILE_SUFFIX, openLake, S3RVER_OBJECT_SUFFIX } from "./lake-db";
import { LOCAL_STACK } from "./layout";
import { namedError } from "./task-bindings";

/** What one compaction run did. */
export interface CompactionOutput {
  readonly day: string;
  readonly prefix: string;
  /** Bytes of raw JSON Lines read: what Athena would bill for the UNLOAD. */
  readonly bytes_scanned: number;
}

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
 * Compaction runs over the lake in `lakeDir`. `objectSuffix` is how raw objects end on disk
 * (s3rver's suffix, or "" for a plain directory of .jsonl files). Each call is one execution;
 * it resolves with the run's output or rejects as the execution fails.
 */
export function localCompaction(
  lakeDir: string,
  objectSuffix = S3RVER_OBJECT_SUFFIX,
): (input: { days_ago?: unknown }, executionName?: string) => Promise<CompactionOutput> {
  const definition = buildCompactionDefinition({
    workgroup: "local",
    database: LOCAL_STACK.database,
    rawTable: TABLE_NAMES.metrics,
    lakeBucket: LOCAL_STACK.bucket,
  });
  const machine = new StateMachine(JSON.parse(JSON.stringify(definition)));
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

  return async (input, executionName = `compact-${Date.now()}`) => {
    const db = await openLake(lakeDir, objectSuffix);
    try {
      const handlers: Record<string, (input: Json) => Promise<Json> | Json> = {
        [S.plan]: startQuery(db),
        [S.unload]: startQuery(db),
        [S.readPlan]: (i) =>
          results.get((i as { QueryExecutionId: string }).QueryExecutionId) ?? null,
        [S.listStale]: (i): Json => {
          const { Prefix, MaxKeys } = i as { Prefix: string; MaxKeys: number };
          const keys = filesUnder(lakeDir, Prefix).slice(0, MaxKeys);
          return keys.length
            ? { KeyCount: keys.length, Contents: keys.map((Key) => ({ Key })) }
            : { KeyCount: 0 };
        },
        [S.deleteObject]: (i) => {
          rmSync(path.join(lakeDir, (i as { Key: string }).Key), { force: true });
          return {};
        },
      };
      const execution = machine.run(input as Json, {
        overrides: { taskResourceLocalHandlers: handlers },
        context: { Execution: { Name: executionName } },
      });
      return (await execution.result) as unknown as CompactionOutput;
    } finally {
      db.closeSync();
    }
  };
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
 * Compacts the finished days (before today, UTC) of the lake: all of them, or only those not
 * compacted yet. Returns what each run did.
 */
export async function compactFinishedDays(
  lakeDir: string,
  options: { readonly onlyNew?: boolean; readonly objectSuffix?: string } = {},
): Promise<CompactionOutput[]> {
  const run = localCompaction(lakeDir, options.objectSuffix);
  const done = new Set(options.onlyNew ? curatedDays(lakeDir) : []);
  const outputs: CompactionOutput[] = [];
  for (const day of rawDays(lakeDir)) {
    const ago = daysAgo(day);
    if (ago >= 1 && !done.has(day)) outputs.push(await run({ days_ago: ago }));
  }
  return outputs;
}

/** One line per compacted day, for the CLIs. */
export function formatCompaction(outputs: readonly CompactionOutput[]): string {
  if (outputs.length === 0) return "compaction: no finished day to compact";
  return outputs
    .map((o) => `compacted ${o.day} -> ${o.prefix} (${o.bytes_scanned} bytes of JSON read)`)
    .join("\n");
}
