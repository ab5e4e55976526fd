import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Windows } from "./corpus";
import type { DetectorScores } from "./score";

/** The NAB timestamp format, `YYYY-MM-DD HH:MM:SS` in UTC. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** 1 for a row inside a labelled window, as NAB's results files carry. */
export function windowLabels(timestamps: readonly number[], windows: [number, number][]): number[] {
  return timestamps.map((t) => (windows.some(([a, b]) => t >= a && t <= b) ? 1 : 0));
}

/**
 * Writes NAB-format results: `OUT/<detector>/<category>/<detector>_<file>.csv` with
 * `timestamp,value,anomaly_score,label`. Returns the files written.
 */
export function writeResults(
  outDir: string,
  detector: string,
  results: DetectorScores,
  values: ReadonlyMap<string, readonly number[]>,
  windows: Windows,
): string[] {
  const written: string[] = [];
  for (const [file, rows] of results) {
    const target = path.join(
      outDir,
      detector,
      path.dirname(file),
      `${detector}_${path.basename(file)}`,
    );
    mkdirSync(path.dirname(target), { recursive: true });
    const vals = values.get(file) ?? [];
    const labels = windowLabels(rows.timestamps, windows[file] ?? []);
    const lines = rows.timestamps.map(
      (t, i) => `${formatTimestamp(t)},${vals[i]},${rows.scores[i]},${labels[i]}`,
    );
    writeFileSync(target, ["timestamp,value,anomaly_score,label", ...lines, ""].join("\n"));
    written.push(target);
  }
  return written;
}
