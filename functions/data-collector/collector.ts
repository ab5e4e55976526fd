import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { hotTableDocumentClient, type RetryOptions, writeAll } from "../shared/batch-write";
import { PIPELINE_METRICS } from "../shared/emitted-metrics";
import type { MetricsEmitter } from "../shared/emf";
import { toHotTableItem } from "../shared/hot-table";
import { metricObjectKey } from "../shared/lake";
import type { Log } from "../shared/logging";
import {
  formatIssues,
  METRIC_TYPES,
  type MetricRecord,
  type MetricType,
  validateMetricRecord,
} from "../shared/metric-record";
import type { HandlerSettings } from "../shared/settings";
import { type CollectorEvent, collectorEventSchema } from "./event";
import type { MetricSource } from "./sources/types";

export interface CollectorDeps {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly source: MetricSource;
  readonly settings: Pick<
    HandlerSettings,
    "environment" | "lakeBucket" | "hotTable" | "hotTableTtlDays"
  >;
  readonly logger: Log;
  readonly metrics: MetricsEmitter;
  readonly clock?: () => Date;
  readonly retry?: RetryOptions;
}

/** What one metric type's collection produced; the state machine reads these fields. */
export interface CollectionSummary {
  readonly execution_id: string;
  readonly metric_type: MetricType;
  readonly source: string;
  readonly record_count: number;
  /** Null when the source returned no valid record (nothing is written). */
  readonly s3_key: string | null;
  readonly items_written: number;
  /** Records the source produced that failed validation (logged, not written). */
  readonly invalid_count: number;
  /** "<instance>/<metric_name>" with no datapoint in the period. */
  readonly missing: string[];
}

/** The result when no metric_type was given: every type, plus totals. */
export interface AllTypesSummary {
  readonly execution_id: string;
  readonly metric_type: "all";
  readonly source: string;
  readonly record_count: number;
  readonly items_written: number;
  readonly results: CollectionSummary[];
}

export type CollectorResult = CollectionSummary | AllTypesSummary;

export interface Collector {
  /** `fallbackExecutionId`: the Lambda request id, used when the event names no execution. */
  collect(event: CollectorEvent | null, fallbackExecutionId?: string): Promise<CollectorResult>;
}

export function createCollector(deps: CollectorDeps): Collector {
  const clock = deps.clock ?? (() => new Date());
  const doc = hotTableDocumentClient(deps.dynamo);
  const { settings, logger, metrics } = deps;

  function validate(candidates: readonly unknown[]): { valid: MetricRecord[]; invalid: number } {
    const valid: MetricRecord[] = [];
    let invalid = 0;
    for (const candidate of candidates) {
      const result = validateMetricRecord(candidate);
      if (result.ok) {
        valid.push(result.record);
      } else {
        invalid++;
        logger.warn("invalid record from source, not written", {
          errors: result.errors,
          record: candidate,
        });
      }
    }
    return { valid, invalid };
  }

  async function collectType(
    metricType: MetricType,
    at: Date,
    executionId: string,
  ): Promise<CollectionSummary> {
    const reading = await deps.source.collect(metricType, at);
    const { valid, invalid } = validate(reading.records);
    if (reading.missing.length > 0) {
      logger.warn("no datapoints in the period", {
        metric_type: metricType,
        missing: reading.missing,
      });
    }

    let s3Key: string | null = null;
    if (valid.length > 0) {
      s3Key = metricObjectKey(at, metricType, executionId);
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: settings.lakeBucket,
          Key: s3Key,
          Body: valid.map((r) => JSON.stringify(r)).join("\n") + "\n",
          ContentType: "application/x-ndjson",
        }),
      );
    }
    const items = valid.map((r) =>
      toHotTableItem(r, settings.hotTableTtlDays, { execution_id: executionId }),
    );
    const written = await writeAll(doc, settings.hotTable, items, deps.retry);

    metrics.host(valid);
    metrics.count(PIPELINE_METRICS.recordsCollected, valid.length);
    const silent = new Set(reading.missing.map((m) => m.split("/")[0]));
    metrics.count(PIPELINE_METRICS.instancesWithoutData, silent.size);

    const summary: CollectionSummary = {
      execution_id: executionId,
      metric_type: metricType,
      source: deps.source.name,
      record_count: valid.length,
      s3_key: s3Key,
      items_written: written,
      invalid_count: invalid,
      missing: reading.missing,
    };
    logger.info("collected", { ...summary, missing: reading.missing.length });
    return summary;
  }

  return {
    async collect(rawEvent, fallbackExecutionId) {
      const parsed = collectorEventSchema.safeParse(rawEvent ?? {});
      if (!parsed.success) {
        throw new Error(`Invalid collector event: ${formatIssues(parsed.error).join("; ")}`);
      }
      const event = parsed.data;
      const at = event.execution_start_time ? new Date(event.execution_start_time) : clock();
      const executionId =
        event.execution_id ??
        fallbackExecutionId ??
        `manual-${at.toISOString().replace(/[-:.]/g, "")}`;
      logger.appendKeys({ execution_id: executionId });
      try {
        if (event.metric_type) return await collectType(event.metric_type, at, executionId);
        const results: CollectionSummary[] = [];
        for (const type of METRIC_TYPES) results.push(await collectType(type, at, executionId));
        return {
          execution_id: executionId,
          metric_type: "all",
          source: deps.source.name,
          record_count: results.reduce((n, r) => n + r.record_count, 0),
          items_written: results.reduce((n, r) => n + r.items_written, 0),
          results,
        };
      } finally {
        metrics.flush();
        logger.removeKeys(["execution_id"]);
      }
    },
  };
}
