import { HOST_METRICS } from "../../../contract/emitted-metrics";
import { PIPELINE_VERSION } from "../../../contract/metric-record";
import { inShard } from "../shard";
import type { MetricSource, SourceReading, SourceRequest } from "./types";

export interface SyntheticSourceOptions {
  readonly instances: number;
  readonly region: string;
  /** Mixed into the values so a retried execution writes the same numbers. */
  readonly seed?: string;
}

/** Typical ranges, as the original demo generated them. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  cpu_utilization: [5, 95],
  memory_utilization: [20, 95],
  disk_utilization: [10, 90],
  disk_read_bytes: [1e5, 5e8],
  disk_write_bytes: [1e5, 5e8],
  network_in: [1e5, 1e9],
  network_out: [1e5, 1e9],
};

/** Fake EC2-style ids, stable per index: i-0000000000000000<n> (17 hex digits). */
export function syntheticInstanceId(index: number): string {
  return `i-${index.toString(16).padStart(17, "0")}`;
}

/** FNV-1a to a 0..1 fraction: deterministic, no dependency. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x1_0000_0000;
}

/** Plausible values for fake instances, marked synthetic: for demos only. */
export function syntheticSource(options: SyntheticSourceOptions): MetricSource {
  return {
    name: "synthetic",
    windowed: false,
    countTargets: async () => options.instances,
    async collect({ metricType, at, shard }: SourceRequest): Promise<SourceReading> {
      const timestamp = at.toISOString();
      const records: unknown[] = [];
      for (let i = 1; i <= options.instances; i++) {
        const instanceId = syntheticInstanceId(i);
        if (!inShard(instanceId, shard)) continue;
        for (const metric of HOST_METRICS.filter((m) => m.metricType === metricType)) {
          const [low, high] = RANGES[metric.name] ?? [0, 100];
          const f = unitHash(`${options.seed ?? ""}|${timestamp}|${instanceId}|${metric.name}`);
          const value = low + f * (high - low);
          records.push({
            timestamp,
            instance_id: instanceId,
            region: options.region,
            metric_type: metricType,
            metric_name: metric.name,
            value: metric.unit === "Percent" ? Math.round(value * 100) / 100 : Math.round(value),
            unit: metric.unit,
            metadata: {
              collection_method: "synthetic",
              pipeline_version: PIPELINE_VERSION,
              synthetic: true,
            },
          });
        }
      }
      return { records, missing: [], errors: [] };
    },
  };
}
