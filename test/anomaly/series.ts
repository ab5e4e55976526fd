import type { Datapoint } from "../../functions/shared/anomaly/detector";

/** A deterministic pseudo-random source (mulberry32), so test series are the same every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const START = Date.UTC(2026, 0, 1);
export const FIVE_MIN = 300_000;

/** CPU-like: 40 % with a daily swing of 15 points and uniform noise, every five minutes. */
export function dailySeries(n: number, seed = 1, noiseWidth = 4): Datapoint[] {
  const r = random(seed);
  const out: Datapoint[] = [];
  for (let i = 0; i < n; i++) {
    const noise = (r() - 0.5) * noiseWidth;
    const hour = ((i * 5) / 60) % 24;
    const value = 40 + 15 * Math.sin((2 * Math.PI * hour) / 24) + noise;
    out.push({ timestamp: START + i * FIVE_MIN, value });
  }
  return out;
}
