/**
 * The lake at scale: a multi-day synthetic lake queried from the raw layer alone, then
 * compacted by the local compaction workflow and queried over both layers. Every named query
 * must answer the same; the figures are the bytes each reads (file bytes of the day
 * partitions its window touches: all of a JSON object, and a Parquet file whole, which
 * overstates what Parquet's column reads cost) and the time all of them take.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { TABLE_NAMES } from "../contract/defaults/analytics-catalog";
import { namedQueries, type NamedQuerySpec } from "../components/analytics-catalog/named-queries";
import { curatedDayPath } from "../components/analytics-catalog/curated";
import { LAKE_PREFIXES } from "../contract/lake";
import { DEFAULT_THRESHOLDS } from "../contract/thresholds";
import { compactFinishedDays } from "../local/compaction";
import { openLake } from "../local/lake-db";
import { LOCAL_STACK } from "../local/layout";
import { writeSyntheticLake } from "./lake";

export interface LakeBenchResult {
  readonly records: number;
  readonly rawObjects: number;
  /** Smallest ratio over the named queries of bytes read raw-only / bytes read over both layers. */
  readonly bytesRatio: number;
  readonly rawBytes: number;
  readonly layeredBytes: number;
  /** Time of all named queries raw-only / over both layers (median of the repeats). */
  readonly querySpeedup: number;
}

const SUFFIX = ".jsonl";
const REPEATS = 3;

/** Bytes of the files under `prefix` for each UTC day from `days` days before today to today. */
function bytesOfDays(lake: string, prefix: string, today: Date, days: number): number {
  let bytes = 0;
  for (let d = 0; d <= days; d++) {
    const day = new Date(today.getTime() - d * 86_400_000).toISOString().slice(0, 10);
    const dir = path.join(lake, prefix, curatedDayPath(day));
    let files: string[] = [];
    try {
      files = readdirSync(dir, { recursive: true, encoding: "utf8" });
    } catch {
      continue;
    }
    for (const f of files) {
      const stat = statSync(path.join(dir, f));
      if (stat.isFile()) bytes += stat.size;
    }
  }
  return bytes;
}

async function runAll(lake: string, queries: readonly NamedQuerySpec[]) {
  const db = await openLake(lake, SUFFIX);
  try {
    const answers: unknown[] = [];
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const started = performance.now();
      for (const q of queries) {
        const rows = (await db.runAndReadAll(q.sql)).getRowsJson();
        if (r === 0) answers.push(rows);
      }
      times.push(performance.now() - started);
    }
    return { answers, ms: times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)] ?? 0 };
  } finally {
    db.closeSync();
  }
}

/** Doubles to 12 significant digits: a sum's last bits depend on the order rows arrive in. */
const settled = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_, v: unknown) =>
      typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
    ),
  );

export async function measureLake(days: number, instances: number): Promise<LakeBenchResult> {
  const root = mkdtempSync(path.join(tmpdir(), "lake-bench-"));
  const lake = path.join(root, "lake");
  try {
    // Closed days only: the open day is JSON Lines in both layouts.
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const written = writeSyntheticLake(lake, { days: days + 1, instances, now: today });
    const options = {
      database: LOCAL_STACK.database,
      metricsTable: TABLE_NAMES.metrics,
      quarantineTable: TABLE_NAMES.quarantine,
      thresholds: DEFAULT_THRESHOLDS,
      now,
    };
    const metricsQueries = (curatedTable?: string) =>
      namedQueries({ ...options, curatedTable }).filter((q) => q.windowHours !== undefined);
    const raw = await runAll(lake, metricsQueries());
    await compactFinishedDays(lake, { objectSuffix: SUFFIX });
    const layered = await runAll(lake, metricsQueries(TABLE_NAMES.curated));
    if (!isDeepStrictEqual(settled(raw.answers), settled(layered.answers))) {
      throw new Error("the named queries answer differently from the raw and the curated layer");
    }
    let rawBytes = 0;
    let layeredBytes = 0;
    let bytesRatio = Infinity;
    for (const q of metricsQueries()) {
      const span = Math.ceil((q.windowHours ?? 0) / 24);
      const fromRaw = bytesOfDays(lake, LAKE_PREFIXES.metrics, today, span);
      // Every day in the window is compacted: the layered queries read Parquet only.
      const fromCurated = bytesOfDays(lake, LAKE_PREFIXES.curated, today, span);
      rawBytes += fromRaw;
      layeredBytes += fromCurated;
      bytesRatio = Math.min(bytesRatio, fromRaw / fromCurated);
    }
    return {
      records: written.records,
      rawObjects: written.objects,
      bytesRatio,
      rawBytes,
      layeredBytes,
      querySpeedup: raw.ms / layered.ms,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
