import { DEFAULT_PARAMS, type DetectorParams } from "./params";

/**
 * One series' detector state: a fixed set of numbers (no windows of points), so it fits a
 * DynamoDB attribute whatever the series' length. See `serializeState` for its size.
 */
export interface DetectorState {
  /** Points seen. */
  n: number;
  /** Timestamp (epoch ms) of the last point, to refuse duplicates and late points. */
  lastTs: number;
  last: number;
  /** EWMA and EW variance of the value and of its step (value minus the previous value). */
  valueMean: number;
  valueVar: number;
  stepMean: number;
  stepVar: number;
  /** The range seen so far: a value well outside it is new ground. */
  min: number;
  max: number;
  /** Short average of raw scores, and the long-run mean and variance of that average. */
  short: number;
  longMean: number;
  longVar: number;
  /** Points left in the damped period after an alert-level score. */
  quiet: number;
}

export interface Datapoint {
  /** Epoch milliseconds; must increase. */
  readonly timestamp: number;
  readonly value: number;
}

export interface UpdateResult {
  readonly state: DetectorState;
  /** One score in [0, 1] per datapoint; 0 for a skipped one. */
  readonly scores: number[];
  /** Datapoints skipped: not finite, or not after the previous timestamp. */
  readonly skipped: number;
}

export function initialState(): DetectorState {
  return {
    n: 0,
    lastTs: -Infinity,
    last: 0,
    valueMean: 0,
    valueVar: 0,
    stepMean: 0,
    stepVar: 0,
    min: 0,
    max: 0,
    short: 0,
    longMean: 0,
    longVar: 0,
    quiet: 0,
  };
}

/**
 * Scores a series' new datapoints, in order, and returns the next state. Pure: the given state
 * is not changed, and each score depends only on the points before and at it.
 */
export function update(
  state: DetectorState,
  datapoints: readonly Datapoint[],
  params: DetectorParams = DEFAULT_PARAMS,
): UpdateResult {
  const s = { ...state };
  const scores: number[] = [];
  let skipped = 0;
  for (const p of datapoints) {
    if (!Number.isFinite(p.value) || !Number.isFinite(p.timestamp) || p.timestamp <= s.lastTs) {
      scores.push(0);
      skipped++;
      continue;
    }
    s.lastTs = p.timestamp;
    scores.push(step(s, p.value, params));
  }
  return { state: s, scores, skipped };
}

/** z of x against an EW mean and variance, with a floor relative to the level's magnitude. */
function zScore(x: number, mean: number, variance: number, scale: number): number {
  const sd = Math.sqrt(variance) + 1e-3 * scale + 1e-9;
  return Math.abs(x - mean) / sd;
}

/** One point: the score first (from the state before it), then the state learns the point. */

export function step(s: DetectorState, x: number, p: DetectorParams): number {
  if (s.n === 0) {
    Object.assign(s, { n: 1, last: x, valueMean: x, min: x, max: x });
    return 0;
  }
  const d = x - s.last;
  const scale = Math.abs(s.valueMean);
  const z = Math.max(
    zScore(x, s.valueMean, s.valueVar, scale),
    zScore(d, s.stepMean, s.stepVar, scale),
  );
  const raw = z / (z + p.zHalf);
  const tol = (s.max - s.min) * p.rangeTolerance;
  const newGround = s.max > s.min && (x > s.max + tol || x < s.min - tol);

  s.short += p.shortAlpha * (raw - s.short);
  const sd = Math.max(Math.sqrt(s.longVar), p.minStd);
  const tail = upperTail((s.short - s.longMean) / sd);
  const likely = Math.min(1, Math.log(1.0000000001 - (1 - tail)) / Math.log(1e-10));

  learn(s, x, d, p);
  s.n++;
  if (s.n <= p.warmup) return 0;
  // New ground always scores; the likelihood is damped right after an alert (one episode).
  const score = newGround ? 1 : s.quiet > 0 ? 0 : likely;
  if (s.quiet > 0) s.quiet--;
  if (score >= p.alertLevel) s.quiet = p.refractory;
  return score;
}

function learn(s: DetectorState, x: number, d: number, p: DetectorParams): void {
  const a = s.n < 1 / p.slowAlpha ? 1 / (s.n + 1) : p.slowAlpha;
  const dv = x - s.valueMean;
  s.valueMean += a * dv;
  s.valueVar = (1 - a) * (s.valueVar + a * dv * dv);
  const dd = d - s.stepMean;
  s.stepMean += a * dd;
  s.stepVar = (1 - a) * (s.stepVar + a * dd * dd);
  const b = s.n < 1 / p.longAlpha ? 1 / (s.n + 1) : p.longAlpha;
  const ds = s.short - s.longMean;
  s.longMean += b * ds;
  s.longVar = (1 - b) * (s.longVar + b * ds * ds);
  s.last = x;
  if (x < s.min) s.min = x;
  if (x > s.max) s.max = x;
}

/** P(Z > z) for a standard normal, by the complementary error function (A&S 7.1.26). */
export function upperTail(z: number): number {
  if (z < 0) return 1 - upperTail(-z);
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * poly * Math.exp(-(z * z) / 2);
}
