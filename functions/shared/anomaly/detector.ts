import { likelihood } from "./likelihood";
import { DEFAULT_PARAMS, type DetectorParams } from "../../../contract/anomaly/params";
import { type DetectorState } from "./state";

export { initialState, parseState, serializeState, STATE_BYTES, type DetectorState } from "./state";

export interface Datapoint {
  /** Epoch milliseconds; must increase from one point to the next. */
  readonly timestamp: number;
  readonly value: number;
}

export interface UpdateResult {
  readonly state: DetectorState;
  /** One score in [0, 1] per datapoint, in order; 0 for a skipped one. */
  readonly scores: number[];
  /** Datapoints skipped: a value or timestamp not finite, or a timestamp not after the last one. */
  readonly skipped: number;
}

/**
 * Scores a series' new datapoints, in order, and returns the next state. Pure: the given state is
 * not changed, and a point's score depends only on the points before it and itself.
 */
export function update(
  state: DetectorState,
  datapoints: readonly Datapoint[],
  params: DetectorParams = DEFAULT_PARAMS,
): UpdateResult {
  const s: DetectorState = {
    ...state,
    level: { ...state.level },
    daily: { ...state.daily },
    season: [...state.season],
  };
  const scores: number[] = [];
  let skipped = 0;
  for (const p of datapoints) {
    if (!Number.isFinite(p.value) || !Number.isFinite(p.timestamp) || p.timestamp <= s.lastTs) {
      scores.push(0);
      skipped++;
      continue;
    }
    scores.push(step(s, p.value, p.timestamp, params));
  }
  return { state: s, scores, skipped };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** |x - mean| in standard deviations, with a floor relative to the level so flat series stay finite. */
function zScore(x: number, mean: number, variance: number, level: number): number {
  return Math.abs(x - mean) / (Math.sqrt(variance) + 1e-3 * Math.abs(level) + 1e-9);
}

/** Moves an EW mean and variance toward x. Returns the new pair. */
function ew(mean: number, variance: number, x: number, a: number): [number, number] {
  const d = x - mean;
  return [mean + a * d, (1 - a) * (variance + a * d * d)];
}

/** One point: scored from the state before it, then learnt. Mutates `s`. */
function step(s: DetectorState, x: number, ts: number, p: DetectorParams): number {
  if (s.n === 0) Object.assign(s, { last: x, valueMean: x, min: x, max: x, firstTs: ts });
  const daily = dailyLikelihood(s, x, ts, p);
  const d = s.n === 0 ? 0 : x - s.last;
  const zv = zScore(x, s.valueMean, s.valueVar, s.valueMean);
  const zd = zScore(d, s.stepMean, s.stepVar, s.valueMean);
  const z = s.n === 0 ? 0 : Math.max(zv, zd);
  // Warm start: a plain mean of the first points, then the fixed EWMA weight.
  const slow = Math.max(p.slowAlpha, 1 / (s.n + 1));
  const long = Math.max(p.longAlpha, 1 / (s.n + 1));
  const level = likelihood(s.level, z / (z + p.zHalf), p.shortAlpha, long, p.minStd);
  const tol = (s.max - s.min) * p.rangeTolerance;
  const newGround = s.max > s.min && (x > s.max + tol || x < s.min - tol);

  [s.valueMean, s.valueVar] = ew(s.valueMean, s.valueVar, x, slow);
  if (s.n > 0) [s.stepMean, s.stepVar] = ew(s.stepMean, s.stepVar, d, slow);
  s.last = x;
  s.lastTs = ts;
  s.min = Math.min(s.min, x);
  s.max = Math.max(s.max, x);
  s.n++;
  if (s.n <= p.warmup) return 0;
  // New ground always scores; after an alert the likelihood stays quiet (one alert per episode).
  const score = newGround ? 1 : s.quiet > 0 ? 0 : Math.max(level, daily);
  if (s.quiet > 0) s.quiet--;
  if (score >= p.alertLevel) s.quiet = p.refractory;
  return score;
}

/** The likelihood of x against its hour of day's baseline; 0 until two days are seen. */
function dailyLikelihood(s: DetectorState, x: number, ts: number, p: DetectorParams): number {
  const b = 2 * Math.floor((((ts % DAY) + DAY) % DAY) / HOUR);
  const mean = s.season[b] ?? 0;
  const variance = s.season[b + 1] ?? 0;
  const age = ts - s.firstTs;
  let score = 0;
  if (age >= DAY) {
    const z = zScore(x, mean, variance, s.valueMean);
    const long = Math.max(p.longAlpha, 1 / (s.n + 1));
    score = likelihood(s.daily, z / (z + p.zHalf), p.shortAlpha, long, p.minStd);
  }
  // The first day only seeds each hour's baseline (a first visit takes the value outright).
  const a = age < DAY ? (mean === 0 && variance === 0 ? 1 : 0.5) : p.seasonAlpha;
  [s.season[b], s.season[b + 1]] = ew(mean, variance, x, a);
  return age < 2 * DAY ? 0 : score;
}
