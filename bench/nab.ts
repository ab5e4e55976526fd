import path from "node:path";
import { findNabDir } from "../scripts/nab/corpus";
import { runDetector } from "../scripts/nab/run-detector";
import { scoreDetector } from "../scripts/nab/score";

export interface NabFigures {
  readonly standard: number;
  readonly rewardLowFp: number;
  readonly rewardLowFn: number;
  readonly awsStandard: number;
  readonly pointsPerSecond: number;
}

/** The detector on NAB v1.1 (shared/nab beside the clone), or undefined when that folder is absent. */
export function measureNab(): NabFigures | undefined {
  const nab = findNabDir();
  if (!nab) return undefined;
  const run = runDetector(path.join(nab, "data"));
  const all = scoreDetector(run.results, nab);
  const aws = new Map([...run.results].filter(([file]) => file.startsWith("realAWSCloudwatch/")));
  const at = (r: typeof all, p: string) => r[p]?.normalized ?? NaN;
  return {
    standard: at(all, "standard"),
    rewardLowFp: at(all, "reward_low_FP_rate"),
    rewardLowFn: at(all, "reward_low_FN_rate"),
    // The subset at the corpus-wide threshold: no threshold tuned to one category.
    awsStandard: at(
      scoreDetector(aws, nab, { standard: all.standard?.threshold ?? 1 }),
      "standard",
    ),
    pointsPerSecond: run.points / run.seconds,
  };
}
