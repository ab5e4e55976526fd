/**
 * The curated layer's size against raw JSON Lines, measured: one UTC day of a fleet's records,
 * as the collector writes them (validated, JSON.stringify, one object per type and hour), is
 * compacted by DuckDB with the compaction's own SELECT and COPY options (local/compaction.ts).
 * The values come from the synthetic source (uniform random in each metric's range): real
 * series are smoother and compress better, so the ratio errs high, and so does the price.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactionSelect } from "../../components/analytics-catalog/curated";
import { literal } from "../../components/analytics-catalog/sql";
import { syntheticSource } from "../../functions/data-collector/sources/synthetic";
import { LAKE_PREFIXES, metricObjectKey } from "../../contract/lake";
import { METRIC_TYPES } from "../../contract/metric-record";
import { validateMetricRecord } from "../../contract/metric-record";
import { openLake } from "../../local/lake-db";
import { LOCAL_STACK } from "../../local/layout";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { ident } from "../../components/analytics-catalog/sql";

export interface CuratedRatio {
  readonly instances: number;
  readonly records: number;
  readonly jsonBytes: number;
  readonly parquetBytes: number;
  /** Parquet bytes per raw JSON byte. */
  readonly ratio: number;
}

export interface MeasureOptions {
  /** Instances of the synthetic fleet. @default 100 */
  readonly instances?: number;
  /** Seconds between datapoints. @default 300 */
  readonly periodSeconds?: number;
}

const DAY = "2025-03-01";

export async function measureCuratedRatio(options: MeasureOptions = {}): Promise<CuratedRatio> {
  const instances = options.instances ?? 100;
  const period = options.periodSeconds ?? 300;
  const dir = mkdtempSync(path.join(tmpdir(), "curated-ratio-"));
  try {
    const source = syntheticSource({ instances, region: "eu-west-1" });
    const start = Date.parse(`${DAY}T00:00:00Z`);
    const files = new Map<string, string[]>();
    let records = 0;
    for (let t = start; t < start + 86_400_000; t += period * 1000) {
      const at = new Date(t);
      for (const metricType of METRIC_TYPES) {
        const reading = await source.collect({
          metricType,
          at,
          window: { start: at, end: new Date(t + period * 1000) },
          shard: { index: 0, count: 1 },
        });
        const key = metricObjectKey(at, metricType, "measure");
        const lines = files.get(key) ?? [];
        for (const candidate of reading.records) {
          const result = validateMetricRecord(candidate);
          if (!result.ok) throw new Error(`synthetic record refused: ${result.errors.join("; ")}`);
          lines.push(JSON.stringify(result.record));
          records++;
        }
        files.set(key, lines);
      }
    }
    let jsonBytes = 0;
    for (const [key, lines] of files) {
      const file = path.join(dir, `${key}.jsonl`);
      mkdirSync(path.dirname(file), { recursive: true });
      const body = lines.join("\n") + "\n";
      writeFileSync(file, body);
      jsonBytes += Buffer.byteLength(body);
    }
    const parquet = path.join(dir, LAKE_PREFIXES.curated, "part-0.parquet");
    mkdirSync(path.dirname(parquet), { recursive: true });
    const db = await openLake(dir, ".jsonl");
    try {
      const table = `${ident(LOCAL_STACK.database)}.${ident(TABLE_NAMES.metrics)}`;
      const select = compactionSelect(table, `DATE ${literal(DAY)}`);
      await db.run(
        `COPY (${select}) TO ${literal(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
      );
    } finally {
      db.closeSync();
    }
    const parquetBytes = statSync(parquet).size;
    return { instances, records, jsonBytes, parquetBytes, ratio: parquetBytes / jsonBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
