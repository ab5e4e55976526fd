/** The detector's one parameter set, shared by every series (no per-series tuning). */
export interface DetectorParams {
  /** Points before any score is given: the baseline needs this many to mean anything. @default 150 */
  readonly warmup: number;
  /** EWMA weight of the slow baseline of the value and of its step. @default 0.01 */
  readonly slowAlpha: number;
  /** EWMA weight of each hour-of-day baseline (the daily pattern). @default 0.02 */
  readonly seasonAlpha: number;
  /** EWMA weight of the short average of raw scores the likelihood tests. @default 0.1 */
  readonly shortAlpha: number;
  /** EWMA weight of the long-run distribution of that short average. @default 0.001 */
  readonly longAlpha: number;
  /** The z-score a raw score of one half stands for. @default 3 */
  readonly zHalf: number;
  /** Floor of the long-run standard deviation of the short average. @default 0.02 */
  readonly minStd: number;
  /** Share of the seen range beyond which a value is new ground (score 1). @default 0.02 */
  readonly rangeTolerance: number;
  /** Points after a score at or above `alertLevel` during which likelihood scores are held at 0. @default 150 */
  readonly refractory: number;
  /** The score that starts a refractory period. @default 0.45 */
  readonly alertLevel: number;
}

/** Chosen once on the whole NAB corpus (as every NAB entry does), never per file. */
export const DEFAULT_PARAMS: DetectorParams = Object.freeze({
  warmup: 150,
  slowAlpha: 0.01,
  seasonAlpha: 0.02,
  shortAlpha: 0.1,
  longAlpha: 0.001,
  zHalf: 3,
  minStd: 0.02,
  rangeTolerance: 0.02,
  refractory: 150,
  alertLevel: 0.45,
});
