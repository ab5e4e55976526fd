/**
 * What the lake's queries scan at a fleet size: the compaction's UNLOAD of a day and each named
 * query, from the SQL as deployed. Shared by AnalyticsCatalog (it sizes the workgroup's scan
 * cutoff from the fleet); the policy pack keeps a copy (policies/cost/athena-scans.ts) to fail a
 * stack whose cutoff a query would pass.
 */
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";

/**
 * Bytes one record takes, measured from the code that writes it (`npm run measure-record-bytes`:
 * the collector's JSON Lines of its cloudwatch source, full-precision values, 19-character
 * instance ids; the compaction's Parquet of the same records). Rounded up.
 */
export const LAKE_RECORD_BYTES = Object.freeze({
  /** One JSON line in raw-metrics/, its newline included (measured 265.2). */
  raw: 266,
  /** One row of a compacted day's Parquet file, whole file counted (measured 7.66). */
  curated: 8,
});

/** Records an instance yields per datapoint period: the host metrics (cpu 1, memory 1, disk 3, network 2). */
export const RECORDS_PER_INSTANCE_PERIOD = 7;
/**
 * Quarantine bytes per raw byte: a bad line is kept with its reason and source (about twice
 * its size), at one line in a hundred bad. An assumption, not a measurement: bad input is not
 * a function of the fleet.
 */
export const QUARANTINE_SHARE_OF_RAW = 0.02;
/** Raw days a query over both layers reads: today and yesterday (compacted early today). */
export const RAW_OPEN_DAYS = 2;
/** Cutoff over the largest query: room for a busy day, a replay or a longer metric name. */
export const CUTOFF_HEADROOM = 1.25;
/** Athena's floor for the cutoff, and the catalog's historical default. */
const GIB = 1024 ** 3;

/** The fleet the lake is sized for. */
export interface LakeFleet {
  /** Instances the collector reads. */
  readonly instances: number;
  /** Seconds between datapoints of a series (60 with detailed monitoring). */
  readonly periodSeconds: number;
}

const recordsPerHour = (f: LakeFleet) =>
  f.instances * RECORDS_PER_INSTANCE_PERIOD * (3600 / f.periodSeconds);

/** Bytes of one UTC hour of each layer at this fleet. */
export function bytesPerHour(f: LakeFleet): { raw: number; curated: number; quarantine: number } {
  const records = recordsPerHour(f);
  const raw = records * LAKE_RECORD_BYTES.raw;
  return {
    raw,
    curated: records * LAKE_RECORD_BYTES.curated,
    quarantine: raw * QUARANTINE_SHARE_OF_RAW,
  };
}

const quoted = (table: string) => new RegExp(`\\."${table}"`);

/**
 * Days of partitions a named query reads: its partition filter spans `N` days back to today
 * (the largest `year BETWEEN year(today - INTERVAL 'N' DAY) ...`), so N + 1 day partitions. Undefined when it has none: such a
 * query reads its whole table.
 */
export function partitionDays(sql: string): number | undefined {
  // The shape daysPartitionFilter writes: a lower bound on the year partition, a day window.
  const days = [...sql.matchAll(/year BETWEEN year\(.*? - INTERVAL '(\d+)' DAY\)/g)].map((m) =>
    Number(m[1]),
  );
  return days.length > 0 ? Math.max(...days) + 1 : undefined;
}

/** What one query scans, by layer. */
export interface ScanEstimate {
  readonly name: string;
  readonly kind: "compaction" | "named query";
  /** Bytes Athena bills; Infinity when the query has no partition window. */
  readonly bytes: number;
}

/**
 * Bytes a named query scans at this fleet: each table it names, over its partition days; a
 * query over both layers reads the open days from raw, the others from curated.
 */
export function namedQueryScanBytes(sql: string, f: LakeFleet): number {
  const days = partitionDays(sql);
  if (days === undefined) return Infinity;
  const perDay = bytesPerHour(f);
  const day = (bytes: number) => bytes * 24;
  let bytes = 0;
  const layered = quoted(TABLE_NAMES.curated).test(sql);
  if (layered) {
    const open = Math.min(days, RAW_OPEN_DAYS);
    bytes += day(perDay.curated) * (days - open) + day(perDay.raw) * open;
  } else if (quoted(TABLE_NAMES.metrics).test(sql)) bytes += day(perDay.raw) * days;
  if (quoted(TABLE_NAMES.quarantine).test(sql)) bytes += day(perDay.quarantine) * days;
  return bytes;
}

/** Bytes the compaction's largest query scans: the UNLOAD of one UTC day of raw JSON Lines. */
export function compactionScanBytes(f: LakeFleet): number {
  return bytesPerHour(f).raw * 24;
}

/** Every query of a catalog at this fleet, largest first. */
export function scanEstimates(
  queries: readonly { readonly name: string; readonly sql: string }[],
  f: LakeFleet,
  compaction = true,
): ScanEstimate[] {
  return [
    ...(compaction
      ? [
          {
            name: "compaction UNLOAD of a day",
            kind: "compaction" as const,
            bytes: compactionScanBytes(f),
          },
        ]
      : []),
    ...queries.map((q) => ({
      name: q.name,
      kind: "named query" as const,
      bytes: namedQueryScanBytes(q.sql, f),
    })),
  ].sort((a, b) => b.bytes - a.bytes);
}

/** The cutoff a fleet needs: the largest query with headroom, in whole GiB, at least 1 GiB. */
export function sizedCutoffBytes(largestBytes: number): number {
  return Math.max(GIB, Math.ceil((largestBytes * CUTOFF_HEADROOM) / GIB) * GIB);
}

/** "12.3 GiB" */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "unbounded";
  return bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}
