/**
 * `npm run nab -- --data DIR --out DIR [--json]`: runs the detector over a NAB-layout data folder,
 * writes NAB-format results and prints the normalized score per profile.
 * `npm run nab -- --compare [--json]`: fixed thresholds against the detector on realAWSCloudwatch.
 * `npm run nab -- --score DIR [--json]`: scores existing NAB-format results (a detector's folder,
 * or a folder of detectors' folders). Labels and profiles come from the NAB folder beside the data
 * (`DIR/../labels`, `DIR/../config`), or `--nab DIR`.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { compareOnCloudwatch, comparisonTable } from "./compare";
import { findNabDir, readWindows } from "./corpus";
import { runDetector } from "./run-detector";
import { writeResults } from "./results-io";
import { readResults, scoreDetector, type ProfileResult } from "./score";

export const DETECTOR_NAME = "streamingLikelihood";

function nabRoot(near: string, explicit: string | undefined): string {
  const candidates = [
    explicit,
    path.resolve(near, ".."),
    path.resolve(near, "../.."),
    findNabDir(),
  ];
  for (const dir of candidates) {
    if (dir && existsSync(path.join(dir, "labels", "combined_windows.json"))) return dir;
  }
  throw new Error(`no NAB labels found near ${near}: pass --nab DIR (the folder with labels/)`);
}

/** A results folder holds detector folders; a detector folder holds category folders of CSVs. */
function detectorDirs(dir: string): string[] {
  const subdirs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  const isDetector = subdirs.some((e) =>
    readdirSync(path.join(dir, e.name)).some((f) => f.startsWith(`${path.basename(dir)}_`)),
  );
  return isDetector ? [dir] : subdirs.map((e) => path.join(dir, e.name)).sort();
}

function print(name: string, scores: Record<string, ProfileResult>): void {
  const cells = Object.entries(scores).map(
    ([p, r]) => `${p} ${r.normalized.toFixed(2)} (threshold ${r.threshold.toFixed(4)})`,
  );
  console.log(`${name}: ${cells.join(", ")}`);
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      data: { type: "string" },
      out: { type: "string" },
      score: { type: "string" },
      nab: { type: "string" },
      json: { type: "boolean", default: false },
      compare: { type: "boolean", default: false },
    },
  });
  if (args.compare) {
    const rows = compareOnCloudwatch(nabRoot(args.nab ?? process.cwd(), args.nab));
    console.log(args.json ? JSON.stringify(rows, null, 2) : comparisonTable(rows));
    return;
  }
  const report: Record<string, Record<string, ProfileResult>> = {};
  if (args.score) {
    const nab = nabRoot(args.score, args.nab);
    for (const dir of detectorDirs(args.score)) {
      report[path.basename(dir)] = scoreDetector(readResults(dir), nab);
    }
  } else if (args.data && args.out) {
    const nab = nabRoot(args.data, args.nab);
    const run = runDetector(args.data);
    const windows = readWindows(path.join(nab, "labels", "combined_windows.json"));
    writeResults(args.out, DETECTOR_NAME, run.results, run.values, windows);
    report[DETECTOR_NAME] = scoreDetector(run.results, nab);
    if (!args.json) {
      console.log(
        `${run.points} points in ${run.results.size} files, ${Math.round(run.points / run.seconds)} points/s`,
      );
    }
  } else {
    throw new Error(
      "usage: --data DIR --out DIR [--json] | --score DIR [--json] | --compare [--json]; [--nab DIR]",
    );
  }
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else for (const [name, scores] of Object.entries(report)) print(name, scores);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
