/**
 * A multi-day synthetic lake laid out as the pipeline writes it: one JSON Lines object per
 * metric type per 3-hour run under raw-metrics/year=/month=/day=/hour=/, every 5-minute
 * datapoint of the run's window for every instance (what a real fleet's collector keeps).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HOST_METRICS } from "../contract/emitted-metrics";
import { metricObjectKey } from "../contract/lake";
import type { MetricRecord } from "../contract/metric-record";

export interface SyntheticLakeOptions {
  /** Days of data, ending with `now` (the last day is the open one). */
  readonly days: number;
  readonly instances: number;
  /** @default the current time */
  readonly now?: Date;
  /** Appended to each object's file name (s3rver keeps `<key>._S3rver_object`). @default "" */
  readonly objectSuffix?: string;
}

const RUN_HOURS = 3;
const STEP_MS = 5 * 60_000;

/** A deterministic value per instance, metric and time: no randomness, so runs compare. */
function value(unit: string, instance: number, metric: number, t: number): number {
  const wave = Math.sin(t / 3_600_000 + instance + metric) * 0.5 + 0.5;
  if (unit === "Percent") return Math.round((20 + 75 * wave) * 100) / 100;
  return Math.round(1_000_000 * wave * (instance + 1));
}

/** Writes the lake under `lakeDir`; returns how many records and objects it wrote. */
export function writeSyntheticLake(
  lakeDir: string,
  options: SyntheticLakeOptions,
): { records: number; objects: number } {
  const now = options.now ?? new Date();
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = todayStart - (options.days - 1) * 86_400_000;
  let records = 0;
  let objects = 0;
  for (
    let run = start;
    run + RUN_HOURS * 3_600_000 <= now.getTime();
    run += RUN_HOURS * 3_600_000
  ) {
    const byType = new Map<string, string[]>();
    for (let t = run; t < run + RUN_HOURS * 3_600_000; t += STEP_MS) {
      for (let i = 0; i < options.instances; i++) {
        HOST_METRICS.forEach((m, mi) => {
          const record: MetricRecord = {
            timestamp: new Date(t).toISOString(),
            instance_id: `i-${i.toString(16).padStart(17, "0")}`,
            region: "eu-west-1",
            metric_type: m.metricType,
            metric_name: m.name,
            value: value(m.unit, i, mi, t),
            unit: m.unit,
            metadata: { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true },
          };
          const lines = byType.get(m.metricType) ?? [];
          lines.push(JSON.stringify(record));
          byType.set(m.metricType, lines);
          records++;
        });
      }
    }
    // The run's object lands in the hour it ends, as the collector writes it.
    const at = new Date(run + RUN_HOURS * 3_600_000 - 1);
    for (const [type, lines] of byType) {
      const key = metricObjectKey(at, type as MetricRecord["metric_type"], `run-${run}`);
      mkdirSync(path.dirname(path.join(lakeDir, key)), { recursive: true });
      writeFileSync(
        path.join(lakeDir, key + (options.objectSuffix ?? "")),
        lines.join("\n") + "\n",
      );
      objects++;
    }
  }
  return { records, objects };
}
