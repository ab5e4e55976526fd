import { PRICES, type Price } from "./prices";

/**
 * Parquet bytes of the curated layer per byte of raw JSON Lines, measured by `npm run
 * curated-ratio` (one day of 100 instances at 5-minute data, compacted by DuckDB with the
 * compaction's SELECT and ZSTD: 54,516,364 JSON bytes -> 849,234 Parquet bytes; 1,000
 * instances gave 0.0155). Synthetic values are uniform random, so real series compress better.
 */
export const CURATED_BYTES_PER_RAW_BYTE = 0.0156;
/** The compaction writes one Parquet object per UTC day (components/analytics-catalog/curated.ts). */
export const CURATED_OBJECTS_PER_DAY = 1;
/** S3 moves no object under 128 KB (the lifecycle's transitionDefaultMinimumObjectSize). */
export const TRANSITION_MINIMUM_OBJECT_BYTES = 128 * 1024;
/** Raw metrics' lifetime when the stack does not say (MetricStore's rawMetricsExpireDays). */
export const DEFAULT_RAW_METRICS_DAYS = 30;

const GB = 1024 ** 3;
const DAYS_PER_MONTH = 30;

export interface LakeTiers {
  readonly infrequentAccessDays: number;
  /** When curated-metrics/ moves to Glacier Instant Retrieval; absent: no archive tier. */
  readonly archiveDays?: number;
  readonly expireDays: number;
  /** Days raw-metrics/ is kept, in Standard (its rule has no transition). @default 30 */
  readonly rawMetricsExpireDays?: number;
}

export interface LakeStorageLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: Price;
  readonly basis?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 3 : 1));

/**
 * The lake's storage and transitions in the steady state, each class for as long as objects
 * stay in it: raw-metrics/ in Standard until it expires (no rule moves it); curated-metrics/
 * (when a compaction writes it) in Standard, Standard-IA, then Glacier Instant Retrieval as
 * its rule says, unless its objects are under 128 KB, which S3 leaves in Standard. Transitions
 * are priced only where a rule moves an object.
 */
export function lakeStorageLines(
  rawBytesPerDay: number,
  lake: LakeTiers,
  compacted: boolean,
): LakeStorageLine[] {
  const p = PRICES;
  const rawDays = lake.rawMetricsExpireDays ?? DEFAULT_RAW_METRICS_DAYS;
  const lines: LakeStorageLine[] = [
    {
      item: "S3 Standard storage (raw-metrics/)",
      quantity: (rawBytesPerDay * rawDays) / GB,
      price: p.s3StandardGbMonth,
      basis: `${fmt((rawBytesPerDay * rawDays) / GB)} GB (${rawDays} days of raw JSON)`,
    },
  ];
  if (!compacted) return lines;
  const curatedPerDay = rawBytesPerDay * CURATED_BYTES_PER_RAW_BYTE;
  const tiered = curatedPerDay / CURATED_OBJECTS_PER_DAY >= TRANSITION_MINIMUM_OBJECT_BYTES;
  const { infrequentAccessDays: ia, archiveDays: archive, expireDays: expire } = lake;
  const days = {
    standard: tiered ? ia : expire,
    ia: tiered ? (archive ?? expire) - ia : 0,
    glacierIr: tiered && archive !== undefined ? expire - archive : 0,
  };
  const gb = (d: number) => (curatedPerDay * d) / GB;
  const curated = "curated-metrics/";
  const transitionUsd =
    p.s3TransitionIa.usd + (archive !== undefined ? p.s3TransitionGlacierIr.usd : 0);
  const objectsMoved = tiered ? CURATED_OBJECTS_PER_DAY * DAYS_PER_MONTH : 0;
  lines.push(
    {
      item: `S3 Standard storage (${curated})`,
      quantity: gb(days.standard),
      price: p.s3StandardGbMonth,
      basis: `${fmt(gb(days.standard))} GB (${days.standard} days${tiered ? "" : ", objects under 128 KB stay"})`,
    },
    {
      item: `S3 Standard-IA storage (${curated})`,
      quantity: gb(days.ia),
      price: p.s3InfrequentGbMonth,
      basis: `${fmt(gb(days.ia))} GB (${days.ia} days)`,
    },
    {
      item: `S3 Glacier Instant Retrieval storage (${curated})`,
      quantity: gb(days.glacierIr),
      price: p.s3GlacierIrGbMonth,
      basis: `${fmt(gb(days.glacierIr))} GB (${days.glacierIr} days)`,
    },
    {
      item: `S3 lifecycle transitions (${curated})`,
      quantity: objectsMoved,
      price: {
        usd: transitionUsd,
        per:
          archive !== undefined
            ? "object to Standard-IA, then Glacier IR"
            : "object to Standard-IA",
        source: p.s3TransitionIa.source,
      },
    },
  );
  return lines;
}
