/**
 * A TypeScript port of NAB v1.1's scorer (nab/sweeper.py, optimizer.py, scorer.py, runner.py).
 * One row of a file becomes a point carrying the weight NAB's scaled sigmoid gives it; the
 * corpus score at a threshold sums, per window, the best detection (or the FN weight) plus every
 * detection outside a window.
 */

export interface CostMatrix {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

/** A window as row indexes into its file, both ends included. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
}

/** One scorable row: its anomaly score, its weighted score and its window (-1: none). */
export interface SweepPoint {
  readonly anomalyScore: number;
  readonly sweepScore: number;
  readonly window: number;
}

export interface ThresholdScore {
  readonly threshold: number;
  readonly score: number;
}

/** NAB's probationary length: 15 % of the rows, at most 750 (15 % of 5,000). */
export function probationaryLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** NAB's scaled sigmoid: -1 (window start) gives 0.987, 0 (window end) gives 0, beyond 3 gives -1. */
export function scaledSigmoid(position: number): number {
  if (position > 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

/**
 * NAB's calcSweepScore for one file: the weighted score of each row, and its window. Windows get
 * ids from `firstWindowId` on, so files can be pooled; rows in the probationary period are dropped.
 */
export function sweepFile(
  anomalyScores: readonly number[],
  windows: readonly RowWindow[],
  cost: CostMatrix,
  firstWindowId: number,
): { points: SweepPoint[]; scorableWindows: Set<number> } {
  const maxTP = scaledSigmoid(-1);
  const probation = probationaryLength(anomalyScores.length);
  const points: SweepPoint[] = [];
  const scorableWindows = new Set<number>();
  let next = 0;
  let cur: RowWindow | undefined;
  let curId = -1;
  let prevEnd = -1;
  let prevWidth = 0;
  for (let i = 0; i < anomalyScores.length; i++) {
    const w = windows[next];
    if (cur === undefined && w !== undefined && i === w.start) {
      cur = w;
      curId = firstWindowId + next;
      next++;
    }
    let weighted: number;
    if (cur !== undefined) {
      const width = cur.end - cur.start + 1;
      weighted = (scaledSigmoid(-(cur.end - i + 1) / width) * cost.tpWeight) / maxTP;
    } else {
      const unweighted = prevEnd < 0 ? -1 : scaledSigmoid(Math.abs(prevEnd - i) / (prevWidth - 1));
      weighted = unweighted * cost.fpWeight;
    }
    if (i >= probation) {
      points.push({ anomalyScore: anomalyScores[i] ?? 0, sweepScore: weighted, window: curId });
      if (curId >= 0) scorableWindows.add(curId);
    }
    if (cur !== undefined && i === cur.end) {
      prevEnd = i;
      prevWidth = cur.end - cur.start + 1;
      cur = undefined;
      curId = -1;
    }
  }
  return { points, scorableWindows };
}

/**
 * NAB's calcScoreByThreshold over pooled points: the score at every distinct anomaly score, from
 * 1.1 (nothing detected) down, a row counting as a detection when its score is at or above.
 */
export function scoresByThreshold(
  points: readonly SweepPoint[],
  scorableWindows: ReadonlySet<number>,
  cost: CostMatrix,
): ThresholdScore[] {
  const sorted = [...points].sort((a, b) => b.anomalyScore - a.anomalyScore);
  const best = new Map<number, number>();
  for (const id of scorableWindows) best.set(id, -cost.fnWeight);
  let fp = 0;
  let windowsSum = -cost.fnWeight * scorableWindows.size;
  const out: ThresholdScore[] = [];
  let threshold = 1.1;
  for (const p of sorted) {
    if (p.anomalyScore !== threshold) {
      out.push({ threshold, score: fp + windowsSum });
      threshold = p.anomalyScore;
    }
    if (p.window < 0) fp += p.sweepScore;
    else {
      const before = best.get(p.window) ?? -cost.fnWeight;
      if (p.sweepScore > before) {
        best.set(p.window, p.sweepScore);
        windowsSum += p.sweepScore - before;
      }
    }
  }
  out.push({ threshold, score: fp + windowsSum });
  return out;
}

/** NAB's optimizer: the best score over all thresholds; on a tie, the higher threshold (stable sort). */
export function optimizeThreshold(scores: readonly ThresholdScore[]): ThresholdScore {
  let best = scores[0] ?? { threshold: 1.1, score: 0 };
  for (const s of scores) if (s.score > best.score) best = s;
  return best;
}

/** The score at a given threshold: the last row at or above it (NAB's scoreDataSet match). */
export function scoreAtThreshold(
  scores: readonly ThresholdScore[],
  threshold: number,
): ThresholdScore {
  let match = scores[0] ?? { threshold: 1.1, score: 0 };
  for (const s of scores) {
    if (s.threshold < threshold) break;
    match = s;
  }
  return match;
}

/** NAB's normalization: 100 x (raw - null) / (perfect - null). */
export function normalize(raw: number, nullScore: number, perfect: number): number {
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}
