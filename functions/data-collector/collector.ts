import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { PIPELINE_METRICS } from "../shared/emitted-metrics";
import type { MetricsEmitter } from "../shared/emf";
import { CollectionIncompleteError } from "../shared/errors";
import { metricObjectKey, partitionPath } from "../shared/lake";
import type { Log } from "../shared/logging";
import {
  formatIssues,
  METRIC_TYPES,
  type MetricRecord,
  type MetricType,
  validateMetricRecord,
} from "../shared/metric-record";
import { HANDLER_ENV, type HandlerSettings } from "../shared/settings";
import {
  type CollectorEvent,
  collectorEventSchema,
  MAX_SHARDS,
  type ParsedCollectorEvent,
} from "./event";
import { retryTransient, type TransientRetry } from "./retry";
import { shardCount } from "./shard";
import type { MetricSource, Shard } from "./sources/types";
import type { Cron } from "croner";
import { cronFirings, previousFiring } from "../shared/schedule-firings";
import {
  type CollectionWindow,
  compactInstant,
  windowFor,
  type WindowSettings,
  windowProblem,
  windowTimeProblem,
} from "./window";

export interface CollectorDeps {
  readonly s3: S3Client;
  readonly source: MetricSource;
  readonly settings: Pick<
    HandlerSettings,
    | "environment"
    | "lakeBucket"
    | "collectionIntervalSeconds"
    | "collectionLagSeconds"
    | "collectionPeriodSeconds"
    | "shardSize"
  > &
    Partial<Pick<HandlerSettings, "collectionSchedule" | "collectionScheduleTimezone">>;
  readonly logger: Log;
  readonly metrics: MetricsEmitter;
  readonly clock?: () => Date;
  /** Retries of a failed PutObject. @default 3 attempts */
  readonly retry?: TransientRetry;
}

/** Lists in a result are cut to this many entries: state payloads stay small. */
export const SAMPLE_SIZE = 10;

/** The plan of a run: its window and its shards (the Map state's items). */
export interface CollectionPlan {
  readonly execution_id: string;
  readonly scheduled_time: string;
  readonly window_start: string;
  readonly window_end: string;
  readonly instances: number;
  readonly shard_count: number;
  /** 0 .. shard_count - 1. */
  readonly shards: number[];
}

/** What one metric type's collection of one shard produced; the state machine reads these. */
export interface CollectionSummary {
  readonly execution_id: string;
  readonly metric_type: MetricType;
  readonly source: string;
  readonly window_start: string;
  readonly window_end: string;
  readonly shard_index: number;
  readonly shard_count: number;
  readonly record_count: number;
  /** One object per hour of the records; empty when the source returned no valid record. */
  readonly s3_keys: string[];
  /** Records the source produced that failed validation (logged, not written). */
  readonly invalid_count: number;
  /** Expected values with no datapoint in the window, and the first of them. */
  readonly missing_count: number;
  readonly missing_sample: string[];
  /** Values the source failed to read, and the first of them. */
  readonly error_count: number;
  readonly error_sample: string[];
}

/** The result when no metric_type was given: every type, plus totals. */
export interface AllTypesSummary {
  readonly execution_id: string;
  readonly metric_type: "all";
  readonly source: string;
  readonly record_count: number;
  readonly results: CollectionSummary[];
}

export type CollectorResult = CollectionPlan | CollectionSummary | AllTypesSummary;

// CollectionIncompleteError: see functions/shared/errors.ts (every error class is defined there).
export { CollectionIncompleteError };

export interface Collector {
  /** `fallbackExecutionId`: the Lambda request id, used when the event names no execution. */
  collect(event: CollectorEvent | null, fallbackExecutionId?: string): Promise<CollectorResult>;
}

/** The execution input's keys the plan reads (the state machine passes the input as `input`). */
const EXECUTION_INPUT_KEYS = ["scheduled_time", "window_start", "window_end"] as const;

function parseEvent(raw: CollectorEvent | null): ParsedCollectorEvent {
  const { input, ...event } = (raw ?? {}) as Record<string, unknown>;
  const given =
    typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const lifted = Object.fromEntries(
    EXECUTION_INPUT_KEYS.filter((k) => given[k] !== undefined).map((k) => [k, given[k]]),
  );
  const parsed = collectorEventSchema.safeParse({ ...lifted, ...event });
  if (!parsed.success) {
    throw new Error(`Invalid collector event: ${formatIssues(parsed.error).join("; ")}`);
  }
  return parsed.data;
}

/**
 * The cron() schedule's firings, read once when the collector is built (a cold start), so an
 * expression croner cannot read fails there, naming its variable, not inside a run.
 */
function scheduleFirings(settings: CollectorDeps["settings"]): Cron | undefined {
  const { collectionSchedule: expression, collectionScheduleTimezone: zone } = settings;
  if (expression === undefined) return undefined;
  try {
    const firings = cronFirings(expression, zone);
    firings?.nextRun();
    return firings;
  } catch (err) {
    throw new Error(
      `Invalid handler settings: ${HANDLER_ENV.collectionSchedule}: ${(err as Error).message}`,
    );
  }
}

export function createCollector(deps: CollectorDeps): Collector {
  const clock = deps.clock ?? (() => new Date());
  const { settings, logger, metrics, source } = deps;
  const firings = scheduleFirings(settings);
  const windowSettings: WindowSettings = {
    intervalSeconds: settings.collectionIntervalSeconds,
    lagSeconds: settings.collectionLagSeconds,
    periodSeconds: settings.collectionPeriodSeconds,
    previousRun: firings && ((scheduled) => previousFiring(firings, scheduled)),
  };

  /**
   * The run's window: the event's own, or the one its scheduled time implies. A window in the
   * future or past the source's retention fails the run: it would "succeed" reading nothing.
   */
  function windowOf(event: ParsedCollectorEvent, scheduled: Date): CollectionWindow {
    const w = unchecked(event, scheduled);
    const problem = windowTimeProblem(w, clock(), settings.collectionPeriodSeconds);
    if (problem) throw new Error(`Invalid collector event: ${problem}`);
    return w;
  }

  function unchecked(event: ParsedCollectorEvent, scheduled: Date): CollectionWindow {
    if (event.window_start === undefined || event.window_end === undefined) {
      const w = windowFor(scheduled, windowSettings);
      if (w.truncatedFrom) {
        logger.warn("the gap since the previous run is longer than one window: replay the rest", {
          not_read: {
            window_start: w.truncatedFrom.toISOString(),
            window_end: w.start.toISOString(),
          },
        });
      }
      return w;
    }
    const w = { start: new Date(event.window_start), end: new Date(event.window_end) };
    const problem = windowProblem(w, settings.collectionPeriodSeconds);
    if (problem) throw new Error(`Invalid collector event: ${problem}`);
    return w;
  }

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

  /** One object per hour of the records, each put with transient failures retried. */
  async function land(
    records: readonly MetricRecord[],
    metricType: MetricType,
    stamp: string,
    shard: Shard,
  ): Promise<string[]> {
    const byHour = new Map<string, { hour: Date; lines: string[] }>();
    for (const r of records) {
      const hour = new Date(r.timestamp);
      const group = byHour.get(partitionPath(hour)) ?? { hour, lines: [] };
      group.lines.push(JSON.stringify(r));
      byHour.set(partitionPath(hour), group);
    }
    const keys: string[] = [];
    for (const { hour, lines } of byHour.values()) {
      const key = metricObjectKey(hour, metricType, stamp, shard);
      await retryTransient(
        () =>
          deps.s3.send(
            new PutObjectCommand({
              Bucket: settings.lakeBucket,
              Key: key,
              Body: lines.join("\n") + "\n",
              ContentType: "application/x-ndjson",
            }),
          ),
        deps.retry,
      );
      keys.push(key);
    }
    return keys;
  }

  async function collectType(
    metricType: MetricType,
    at: Date,
    window: CollectionWindow,
    shard: Shard,
    executionId: string,
  ): Promise<CollectionSummary> {
    const reading = await source.collect({ metricType, at, window, shard });
    const { valid, invalid } = validate(reading.records);
    if (reading.missing.length > 0) {
      logger.warn("no datapoints in the window", {
        metric_type: metricType,
        missing: reading.missing.slice(0, 100),
        missing_count: reading.missing.length,
      });
    }
    // The window names a windowed source's objects; the run's time a point-in-time source's.
    const stamp = source.windowed
      ? `${compactInstant(window.start)}-${compactInstant(window.end)}`
      : compactInstant(at);
    const s3Keys = await land(valid, metricType, stamp, shard);

    // CloudWatch already holds the cloudwatch source's values: publishing them again would
    // pay a custom metric per instance for a copy. Alarms watch AWS/EC2 and CWAgent directly.
    if (!source.windowed) metrics.host(valid);
    metrics.count(PIPELINE_METRICS.recordsCollected, valid.length);
    const silent = new Set(reading.missing.map((m) => m.split("/")[0]));
    metrics.count(PIPELINE_METRICS.instancesWithoutData, silent.size);
    metrics.count(PIPELINE_METRICS.collectionErrors, reading.errors.length);

    const summary: CollectionSummary = {
      execution_id: executionId,
      metric_type: metricType,
      source: source.name,
      window_start: window.start.toISOString(),
      window_end: window.end.toISOString(),
      shard_index: shard.index,
      shard_count: shard.count,
      record_count: valid.length,
      s3_keys: s3Keys,
      invalid_count: invalid,
      missing_count: reading.missing.length,
      missing_sample: reading.missing.slice(0, SAMPLE_SIZE),
      error_count: reading.errors.length,
      error_sample: reading.errors.slice(0, SAMPLE_SIZE),
    };
    logger.info("collected", { ...summary });
    if (reading.errors.length > 0) {
      logger.error("values not read", { metric_type: metricType, errors: reading.errors });
      throw new CollectionIncompleteError(
        `${reading.errors.length} ${metricType} value(s) not read after retries (${valid.length} records landed in ${s3Keys.length} object(s)); first: ${summary.error_sample.join(" | ")}`,
      );
    }
    return summary;
  }

  async function plan(
    window: CollectionWindow,
    scheduled: Date,
    executionId: string,
  ): Promise<CollectionPlan> {
    const instances = await source.countTargets();
    const count = shardCount(instances, settings.shardSize, MAX_SHARDS);
    if (instances === 0) {
      logger.warn("no instance to collect: the target set is empty", { source: source.name });
      metrics.count(PIPELINE_METRICS.emptyTargetSets, 1);
    }
    const result: CollectionPlan = {
      execution_id: executionId,
      scheduled_time: scheduled.toISOString(),
      window_start: window.start.toISOString(),
      window_end: window.end.toISOString(),
      instances,
      shard_count: count,
      shards: Array.from({ length: count }, (_, i) => i),
    };
    logger.info("planned", { ...result, shards: count });
    return result;
  }

  return {
    async collect(rawEvent, fallbackExecutionId) {
      const event = parseEvent(rawEvent);
      const given = event.scheduled_time ?? event.execution_start_time;
      const scheduled = given ? new Date(given) : clock();
      const window = windowOf(event, scheduled);
      const executionId =
        event.execution_id ??
        fallbackExecutionId ??
        `manual-${scheduled.toISOString().replace(/[-:.]/g, "")}`;
      const shard = { index: event.shard_index ?? 0, count: event.shard_count ?? 1 };
      logger.appendKeys({ execution_id: executionId });
      try {
        if (event.action === "plan") return await plan(window, scheduled, executionId);
        if (event.metric_type) {
          return await collectType(event.metric_type, scheduled, window, shard, executionId);
        }
        const results: CollectionSummary[] = [];
        for (const type of METRIC_TYPES) {
          results.push(await collectType(type, scheduled, window, shard, executionId));
        }
        return {
          execution_id: executionId,
          metric_type: "all",
          source: source.name,
          record_count: results.reduce((n, r) => n + r.record_count, 0),
          results,
        };
      } finally {
        metrics.flush();
        logger.removeKeys(["execution_id"]);
      }
    },
  };
}
