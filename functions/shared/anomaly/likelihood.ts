import type { LikelihoodState } from "./state";

/**
 * Numenta's anomaly likelihood, streaming: how unlikely the short average of raw scores is under
 * their long-run normal distribution, as a log score (0.5 = a one in 100,000 tail). Updates `l`.
 */
export function likelihood(
  l: LikelihoodState,
  raw: number,
  shortAlpha: number,
  longAlpha: number,
  minStd: number,
): number {
  l.short += shortAlpha * (raw - l.short);
  const sd = Math.max(Math.sqrt(l.longVar), minStd);
  const tail = upperTail((l.short - l.longMean) / sd);
  const d = l.short - l.longMean;
  l.longMean += longAlpha * d;
  l.longVar = (1 - longAlpha) * (l.longVar + longAlpha * d * d);
  return Math.min(1, Math.log(1.0000000001 - (1 - tail)) / Math.log(1e-10));
}

/** P(Z > z) for a standard normal, by the complementary error function (A&S 7.1.26). */
export function upperTail(z: number): number {
  if (z < 0) return 1 - upperTail(-z);
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2));
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * poly * Math.exp(-(z * z) / 2);
}
