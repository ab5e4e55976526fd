import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import {
  DIMENSIONS,
  ERROR_RATE_DIMENSION_SETS,
  ERROR_RATE_METRIC,
  HOST_METRIC_DIMENSION_SETS,
  METRICS_NAMESPACE,
  PIPELINE_METRIC_DIMENSIONS,
  PIPELINE_METRICS,
} from "../../contract/emitted-metrics";
import type { Log } from "./logging";
import type { MetricRecord } from "../../contract/metric-record";

export type PipelineMetricName = (typeof PIPELINE_METRICS)[keyof typeof PIPELINE_METRICS];

/** Where an EMF document goes: one JSON object per line. */
export type EmfSink = (line: string) => void;

/**
 * Lambda ships stdout lines to CloudWatch Logs verbatim; a console.log line would get the
 * runtime's prefix and stop being EMF.
 */
export const stdoutSink: EmfSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** CloudWatch drops EMF values stamped more than 14 days back or 2 hours ahead. */
const MAX_PAST_MS = 14 * 86_400_000 - 60_000;
const MAX_FUTURE_MS = 2 * 3_600_000 - 60_000;

export interface MetricsEmitterOptions {
  readonly environment: string;
  readonly sink?: EmfSink;
  readonly clock?: () => Date;
  /** Receives Powertools' own warnings (e.g. a timestamp CloudWatch would drop). */
  readonly logger?: Log;
}

/**
 * Embedded Metric Format documents with exactly the dimension sets of emitted-metrics.ts.
 * Powertools Metrics validates and serializes; its default `service` dimension is cleared
 * because no alarm or dashboard uses it.
 */
export class MetricsEmitter {
  readonly #metrics: Metrics;
  readonly #environment: string;
  readonly #sink: EmfSink;
  readonly #clock: () => Date;
  readonly #counts = new Map<PipelineMetricName, number>();

  constructor(options: MetricsEmitterOptions) {
    this.#metrics = new Metrics({
      namespace: METRICS_NAMESPACE,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.#metrics.clearDefaultDimensions();
    this.#environment = options.environment;
    this.#sink = options.sink ?? stdoutSink;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Adds to a pipeline counter; `flush()` emits the totals as one document. */
  count(name: PipelineMetricName, value = 1): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + value);
  }

  /**
   * Host values, one document per instance and timestamp (a document holds one value per
   * dimension), in HOST_METRIC_DIMENSION_SETS.
   */
  host(records: readonly MetricRecord[]): void {
    const groups = new Map<string, MetricRecord[]>();
    for (const r of records) {
      const key = `${r.instance_id}\u0000${r.timestamp}`;
      const group = groups.get(key) ?? [];
      group.push(r);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      const first = group[0];
      if (!first) continue;
      this.#addDimensionSets(HOST_METRIC_DIMENSION_SETS, {
        [DIMENSIONS.instance]: first.instance_id,
      });
      // A record's unit is a CloudWatchUnit; the compiler checks it is one of MetricUnit's values.
      for (const r of group) this.#metrics.addMetric(r.metric_name, r.unit, r.value);
      this.#publish(new Date(first.timestamp));
    }
  }

  /** A service's error rate (percent) over a raw-logs/ object's window, in ERROR_RATE_DIMENSION_SETS. */
  errorRate(service: string, percent: number, at: Date): void {
    this.#addDimensionSets(ERROR_RATE_DIMENSION_SETS, { [DIMENSIONS.service]: service });
    this.#metrics.addMetric(ERROR_RATE_METRIC.name, MetricUnit.Percent, percent);
    this.#publish(at);
  }

  /** Emits the pipeline counters gathered since the last flush, in PIPELINE_METRIC_DIMENSIONS. */
  flush(): void {
    if (this.#counts.size === 0) return;
    this.#addDimensionSets([PIPELINE_METRIC_DIMENSIONS], {});
    for (const [name, value] of this.#counts) {
      this.#metrics.addMetric(name, MetricUnit.Count, value);
    }
    this.#counts.clear();
    this.#publish(this.#clock());
  }

  /**
   * One dimension set per entry of `sets`, exactly as emitted-metrics.ts declares them (the
   * alarms and the dashboard are built from the same constants). Environment is always known.
   */
  #addDimensionSets(
    sets: readonly (readonly string[])[],
    values: Readonly<Record<string, string>>,
  ): void {
    const all: Readonly<Record<string, string>> = {
      [DIMENSIONS.environment]: this.#environment,
      ...values,
    };
    for (const set of sets) {
      const dimensions: Record<string, string> = {};
      for (const name of set) {
        const value = all[name];
        if (value === undefined) throw new Error(`no value for the ${name} dimension`);
        dimensions[name] = value;
      }
      this.#metrics.addDimensions(dimensions);
    }
  }

  #publish(at: Date): void {
    const now = this.#clock().getTime();
    const t = at.getTime();
    const inRange = t >= now - MAX_PAST_MS && t <= now + MAX_FUTURE_MS;
    this.#metrics.setTimestamp(inRange ? t : now);
    try {
      this.#sink(JSON.stringify(this.#metrics.serializeMetrics()));
    } finally {
      this.#metrics.clearMetrics();
      this.#metrics.clearDimensions();
    }
  }
}
