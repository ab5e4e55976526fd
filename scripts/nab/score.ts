import { readFileSync } from "node:fs";
import path from "node:path";
import { listCsv, readNabCsv, readWindows, rowWindows, type Windows } from "./corpus";
import {
  normalize,
  optimizeThreshold,
  scoreAtThreshold,
  scoresByThreshold,
  sweepFile,
  type CostMatrix,
  type SweepPoint,
} from "./sweeper";

/** NAB's three profiles, by the names final_results.json uses. */
export type Profiles = Record<string, CostMatrix>;

export function readProfiles(file: string): Profiles {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, { CostMatrix: CostMatrix }>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.CostMatrix]));
}

/** One detector's per-file rows (timestamps and scores), keyed by data file (`<category>/<file>.csv`). */
export type DetectorScores = Map<
  string,
  { timestamps: readonly number[]; scores: readonly number[] }
>;

export interface ProfileResult {
  readonly threshold: number;
  readonly raw: number;
  readonly normalized: number;
}

/**
 * NAB's optimize + score + normalize for one profile. Null detects nothing; perfect detects each
 * window at its start (tpWeight per window), the baseline the published scores were normalized by.
 */
export function scoreProfile(
  scores: DetectorScores,
  windows: Windows,
  cost: CostMatrix,
  fixedThreshold?: number,
): ProfileResult {
  const points: SweepPoint[] = [];
  const scorable = new Set<number>();
  let nextId = 0;
  for (const [file, rows] of scores) {
    const limits = windows[file];
    if (!limits) throw new Error(`${file}: no labels for this file`);
    const swept = sweepFile(rows.scores, rowWindows(rows.timestamps, limits), cost, nextId);
    nextId += limits.length;
    for (const p of swept.points) points.push(p);
    for (const id of swept.scorableWindows) scorable.add(id);
  }
  const sweep = scoresByThreshold(points, scorable, cost);
  const best =
    fixedThreshold === undefined
      ? optimizeThreshold(sweep)
      : { ...scoreAtThreshold(sweep, fixedThreshold), threshold: fixedThreshold };
  const nullScore = -cost.fnWeight * scorable.size;
  const perfect = cost.tpWeight * scorable.size;
  return { ...best, raw: best.score, normalized: normalize(best.score, nullScore, perfect) };
}

/** A results file's data path: `<category>/<detector>_<file>.csv` -> `<category>/<file>.csv`. */
export function dataPathOf(resultPath: string, detector: string): string {
  const dir = path.posix.dirname(resultPath);
  const base = path.posix.basename(resultPath);
  const prefix = `${detector}_`;
  if (!base.startsWith(prefix)) throw new Error(`${resultPath}: not named ${prefix}<file>.csv`);
  return `${dir}/${base.slice(prefix.length)}`;
}

/** Reads `DIR/<detector>/<category>/<detector>_<file>.csv` (skipping `_scores.csv` tables). */
export function readResults(detectorDir: string): DetectorScores {
  const detector = path.basename(detectorDir);
  const out: DetectorScores = new Map();
  for (const rel of listCsv(detectorDir)) {
    if (!rel.includes("/") || rel.endsWith("_scores.csv")) continue;
    const rows = readNabCsv(path.join(detectorDir, rel));
    if (rows.scores.length !== rows.timestamps.length) throw new Error(`${rel}: no anomaly_score`);
    out.set(dataPathOf(rel, detector), rows);
  }
  return out;
}

/** Scores one detector's results on every profile, against the NAB folder's labels. */
export function scoreDetector(
  scores: DetectorScores,
  nabDir: string,
  thresholds?: Record<string, number>,
): Record<string, ProfileResult> {
  const windows = readWindows(path.join(nabDir, "labels", "combined_windows.json"));
  const profiles = readProfiles(path.join(nabDir, "config", "profiles.json"));
  const out: Record<string, ProfileResult> = {};
  for (const [name, cost] of Object.entries(profiles)) {
    out[name] = scoreProfile(scores, windows, cost, thresholds?.[name]);
  }
  return out;
}
