import type { MetricType } from "../../shared/metric-record";

/** What a source read for one metric type at one instant. */
export interface SourceReading {
  /** Record candidates; the collector validates each with metricRecordSchema. */
  readonly records: unknown[];
  /** "<instance>/<metric_name>" for every expected value that had no datapoint. */
  readonly missing: string[];
}

/** Where metric values come from: cloudwatch in AWS, host locally, synthetic for demos. */
export interface MetricSource {
  readonly name: string;
  collect(metricType: MetricType, at: Date): Promise<SourceReading>;
}
