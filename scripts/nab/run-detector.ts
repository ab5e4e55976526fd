import path from "node:path";
import { initialState, update } from "../../functions/shared/anomaly/detector";
import { DEFAULT_PARAMS, type DetectorParams } from "../../contract/anomaly/params";
import { listCsv, readNabCsv } from "./corpus";
import type { DetectorScores } from "./score";

export interface DetectorRun {
  readonly results: DetectorScores;
  /** Values per data file, for writing NAB-format results. */
  readonly values: Map<string, readonly number[]>;
  readonly points: number;
  /** Detector time only (CSV reading excluded). */
  readonly seconds: number;
}

/** Runs the detector over every CSV under a NAB-layout data folder, one fresh state per file. */
export function runDetector(dataDir: string, params: DetectorParams = DEFAULT_PARAMS): DetectorRun {
  const results: DetectorScores = new Map();
  const values = new Map<string, readonly number[]>();
  let points = 0;
  let ns = 0n;
  for (const file of listCsv(dataDir)) {
    const rows = readNabCsv(path.join(dataDir, file));
    const datapoints = rows.timestamps.map((timestamp, i) => ({
      timestamp,
      value: rows.values[i] ?? NaN,
    }));
    const started = process.hrtime.bigint();
    const { scores } = update(initialState(), datapoints, params);
    ns += process.hrtime.bigint() - started;
    results.set(file, { timestamps: rows.timestamps, scores });
    values.set(file, rows.values);
    points += datapoints.length;
  }
  return { results, values, points, seconds: Number(ns) / 1e9 };
}
