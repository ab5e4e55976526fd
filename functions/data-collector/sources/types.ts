import type { MetricType } from "../../../contract/metric-record";
import type { CollectionWindow } from "../window";

/** Which part of the fleet one invocation reads. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What one invocation asks a source for. */
export interface SourceRequest {
  readonly metricType: MetricType;
  /** When the run was due; point-in-time sources stamp their readings with it. */
  readonly at: Date;
  /** Windowed sources return every datapoint in [start, end). */
  readonly window: CollectionWindow;
  readonly shard: Shard;
}

/** What a source read for one metric type. */
export interface SourceReading {
  /** Record candidates; the collector validates each with metricRecordSchema. */
  readonly records: unknown[];
  /** "<instance>/<metric_name>" for every expected value that had no datapoint. */
  readonly missing: string[];
  /** "<instance>/<metric_name>: <reason>" for every value the source failed to read. */
  readonly errors: string[];
}

/** Where metric values come from: cloudwatch in AWS, host locally, synthetic for demos. */
export interface MetricSource {
  readonly name: string;
  /**
   * True when the source reads stored history over a window (cloudwatch); false when it
   * reads one value per metric at the run's time (host, synthetic).
   */
  readonly windowed: boolean;
  /** Instances the run will read: the plan sizes its shards from it. */
  countTargets(): Promise<number>;
  collect(request: SourceRequest): Promise<SourceReading>;
}
