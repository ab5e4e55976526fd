import * as z from "zod";

/** Hour-of-day buckets of the daily baseline (UTC). */
export const SEASON_BUCKETS = 24;

/** A likelihood layer's memory: the short average of raw scores and its long-run mean and variance. */
export interface LikelihoodState {
  short: number;
  longMean: number;
  longVar: number;
}

/**
 * One series' detector state: a fixed set of numbers (no window of past points), so its size does
 * not grow with the series. `serializeState` packs it into STATE_BYTES bytes.
 */
export interface DetectorState {
  /** Points seen. */
  n: number;
  /** Timestamps (epoch ms) of the first and the last point seen. */
  firstTs: number;
  lastTs: number;
  /** The last value, for the step (value minus previous value). */
  last: number;
  /** EWMA and EW variance of the value and of its step. */
  valueMean: number;
  valueVar: number;
  stepMean: number;
  stepVar: number;
  /** The range seen so far: a value well outside it is new ground. */
  min: number;
  max: number;
  /** Points left in the quiet period after an alert-level score. */
  quiet: number;
  /** The likelihood layers over the value/step z and over the daily-pattern z. */
  level: LikelihoodState;
  daily: LikelihoodState;
  /** Per hour of day: EW mean then EW variance of the value (2 x SEASON_BUCKETS numbers). */
  season: number[];
}

export function initialState(): DetectorState {
  return {
    n: 0,
    firstTs: 0,
    lastTs: -Infinity,
    last: 0,
    valueMean: 0,
    valueVar: 0,
    stepMean: 0,
    stepVar: 0,
    min: 0,
    max: 0,
    quiet: 0,
    level: { short: 0, longMean: 0, longVar: 0 },
    daily: { short: 0, longMean: 0, longVar: 0 },
    season: new Array<number>(2 * SEASON_BUCKETS).fill(0),
  };
}

const SCALARS = [
  "n",
  "firstTs",
  "lastTs",
  "last",
  "valueMean",
  "valueVar",
  "stepMean",
  "stepVar",
  "min",
  "max",
  "quiet",
] as const;
const LAYER_FIELDS = ["short", "longMean", "longVar"] as const;
const NUMBERS = SCALARS.length + 2 * LAYER_FIELDS.length + 2 * SEASON_BUCKETS;
const VERSION = "a1";

/** Size of a serialized state, in bytes (base64 of float64s, plus a 3-character version tag). */
export const STATE_BYTES = VERSION.length + 1 + Math.ceil((NUMBERS * 8) / 3) * 4;

/** Packs a state as `a1:<base64 of float64s>`: exact (no rounding), fixed size, one string attribute. */
export function serializeState(s: DetectorState): string {
  const values = [
    ...SCALARS.map((k) => s[k]),
    ...LAYER_FIELDS.map((k) => s.level[k]),
    ...LAYER_FIELDS.map((k) => s.daily[k]),
    ...s.season,
  ];
  if (values.length !== NUMBERS) throw new Error("detector state has the wrong number of values");
  return `${VERSION}:${Buffer.from(new Float64Array(values).buffer).toString("base64")}`;
}

const serialized = z.string().regex(new RegExp(`^${VERSION}:[A-Za-z0-9+/]+=*$`));

/** Unpacks `serializeState`'s string; throws on another version or a truncated value. */
export function parseState(text: string): DetectorState {
  const body = serialized.parse(text).slice(VERSION.length + 1);
  const bytes = Buffer.from(body, "base64");
  if (bytes.length !== NUMBERS * 8) {
    throw new Error(`detector state: expected ${NUMBERS * 8} bytes, got ${bytes.length}`);
  }
  const v = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const at = (i: number): number => v[i] ?? NaN;
  const s = initialState();
  SCALARS.forEach((k, i) => (s[k] = at(i)));
  const l = SCALARS.length;
  LAYER_FIELDS.forEach((k, i) => {
    s.level[k] = at(l + i);
    s.daily[k] = at(l + LAYER_FIELDS.length + i);
  });
  s.season = Array.from(v.subarray(l + 2 * LAYER_FIELDS.length));
  return s;
}
