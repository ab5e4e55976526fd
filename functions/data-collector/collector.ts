import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { PIPELINE_METRICS } from "../../contract/emitted-metrics";
import type { MetricsEmitter } from "../shared/emf";
import { CollectionIncompleteError } from "../../contract/errors";
import { metricObjectKey, partitionPath } from "../../contract/lake";
import type { Log } from "../shared/logging";
import {
  formatIssues,
  METRIC_TYPES,
  type MetricRecord,
  type MetricType,
  validateMetricRecord,
} from "../../contract/metric-record";
import { HANDLER_ENV, type HandlerSettings } from "../../contract/handler-settings";
import {
  type CollectorEvent,
  collectorEventSchema,
  MAX_SHARDS,
  type ParsedCollectorEvent,
} from "./event";
import { retryTransient, type TransientRetry } from "./retry";
import { shardCount } from "./shard";
import type { MetricSource, Shard, SourceReading } from "./sources/types";
import type { Cron } from "croner";
import { cronFirings, previousFiring } from "../../contract/schedule-firings";
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

// CollectionIncompleteError: see contract/errors.ts (every error class is defined there).
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

/**
 * A collector's steps, each a private method (as Powertools' IdempotencyHandler splits a handler
 * into steps): the window, the plan, and per metric type read, validate, land and summarize.
 */
class MetricCollector implements Collector {
  private readonly clock: () => Date;
  private readonly windowSettings: WindowSettings;

  constructor(private readonly deps: CollectorDeps) {
    this.clock = deps.clock ?? (() => new Date());
    const firings = scheduleFirings(deps.settings);
    this.windowSettings = {
      intervalSeconds: deps.settings.collectionIntervalSeconds,
      lagSeconds: deps.settings.collectionLagSeconds,
      periodSeconds: deps.settings.collectionPeriodSeconds,
      previousRun: firings && ((scheduled) => previousFiring(firings, scheduled)),
    };
  }

  /** The collector's one entry point: parse, then plan or collect, then flush. */
  async collect(
    rawEvent: CollectorEvent | null,
    fallbackExecutionId?: string,
  ): Promise<CollectorResult> {
    const event = parseEvent(rawEvent);
    const given = event.scheduled_time ?? event.execution_start_time;
    const scheduled = given ? new Date(given) : this.clock();
    const window = this.windowOf(event, scheduled);
    const executionId =
      event.execution_id ??
      fallbackExecutionId ??
      `manual-${scheduled.toISOString().replace(/[-:.]/g, "")}`;
    const shard = { index: event.shard_index ?? 0, count: event.shard_count ?? 1 };
    this.deps.logger.appendKeys({ execution_id: executionId });
    try {
      if (event.action === "plan") return await this.plan(window, scheduled, executionId);
      if (event.metric_type) {
        return await this.collectType(event.metric_type, scheduled, window, shard, executionId);
      }
      const results: CollectionSummary[] = [];
      for (const type of METRIC_TYPES) {
        results.push(await this.collectType(type, scheduled, window, shard, executionId));
      }
      return {
        execution_id: executionId,
        metric_type: "all",
        source: this.deps.source.name,
        record_count: results.reduce((n, r) => n + r.record_count, 0),
        results,
      };
    } finally {
      this.deps.metrics.flush();
      this.deps.logger.removeKeys(["execution_id"]);
    }
  }

  /**
   * The run's window: the event's own, or the one its scheduled time implies. A window in the
   * future or past the source's retention fails the run: it would "succeed" reading nothing.
   */
  private windowOf(event: ParsedCollectorEvent, scheduled: Date): CollectionWindow {
    const w = this.unchecked(event, scheduled);
    const problem = windowTimeProblem(w, this.clock(), this.deps.settings.collectionPeriodSeconds);
    if (problem) throw new Error(`Invalid collector event: ${problem}`);
    return w;
  }

  /** The window before its times are checked: the event's own, or its scheduled time's. */
  private unchecked(event: ParsedCollectorEvent, scheduled: Date): CollectionWindow {
    if (event.window_start === undefined || event.window_end === undefined) {
      const w = windowFor(scheduled, this.windowSettings);
      if (w.truncatedFrom) {
        this.deps.logger.warn(
          "the gap since the previous run is longer than one window: replay the rest",
          {
            not_read: {
              window_start: w.truncatedFrom.toISOString(),
              window_end: w.start.toISOString(),
            },
          },
        );
      }
      return w;
    }
    const w = { start: new Date(event.window_start), end: new Date(event.window_end) };
    const problem = windowProblem(w, this.deps.settings.collectionPeriodSeconds);
    if (problem) throw new Error(`Invalid collector event: ${problem}`);
    return w;
  }

  /** The records that pass the schema; the others are logged, not written. */
  private validate(candidates: readonly unknown[]): { valid: MetricRecord[]; invalid: number } {
    const valid: MetricRecord[] = [];
    let invalid = 0;
    for (const candidate of candidates) {
      const result = validateMetricRecord(candidate);
      if (result.ok) {
        valid.push(result.record);
      } else {
        invalid++;
        this.deps.logger.warn("invalid record from source, not written", {
          errors: result.errors,
          record: candidate,
        });
      }
    }
    return { valid, invalid };
  }

  /** One object per hour of the records, each put with transient failures retried. */
  private async land(
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
          this.deps.s3.send(
            new PutObjectCommand({
              Bucket: this.deps.settings.lakeBucket,
              Key: key,
              Body: lines.join("\n") + "\n",
              ContentType: "application/x-ndjson",
            }),
          ),
        this.deps.retry,
      );
      keys.push(key);
    }
    return keys;
  }

  /** One metric type of one shard: read, validate, land, publish, then summarize. */
  private async collectType(
    metricType: MetricType,
    at: Date,
    window: CollectionWindow,
    shard: Shard,
    executionId: string,
  ): Promise<CollectionSummary> {
    const reading = await this.deps.source.collect({ metricType, at, window, shard });
    const { valid, invalid } = this.validate(reading.records);
    if (reading.missing.length > 0) {
      this.deps.logger.warn("no datapoints in the window", {
        metric_type: metricType,
        missing: reading.missing.slice(0, 100),
        missing_count: reading.missing.length,
      });
    }
    // The window names a windowed source's objects; the run's time a point-in-time source's.
    const stamp = this.deps.source.windowed
      ? `${compactInstant(window.start)}-${compactInstant(window.end)}`
      : compactInstant(at);
    const s3Keys = await this.land(valid, metricType, stamp, shard);

    this.publish(valid, reading);

    const summary: CollectionSummary = {
      execution_id: executionId,
      metric_type: metricType,
      source: this.deps.source.name,
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
    this.deps.logger.info("collected", { ...summary });
    if (reading.errors.length > 0) {
      this.deps.logger.error("values not read", {
        metric_type: metricType,
        errors: reading.errors,
      });
      throw new CollectionIncompleteError(
        `${reading.errors.length} ${metricType} value(s) not read after retries (${valid.length} records landed in ${s3Keys.length} object(s)); first: ${summary.error_sample.join(" | ")}`,
      );
    }
    return summary;
  }

  /** The step's metrics: host values (point-in-time sources only) and the pipeline's counts. */
  private publish(valid: readonly MetricRecord[], reading: SourceReading): void {
    const { metrics, source } = this.deps;
    // CloudWatch already holds the cloudwatch source's values: publishing them again would
    // pay a custom metric per instance for a copy. Alarms watch AWS/EC2 and CWAgent directly.
    if (!source.windowed) metrics.host(valid);
    metrics.count(PIPELINE_METRICS.recordsCollected, valid.length);
    const silent = new Set(reading.missing.map((m) => m.split("/")[0]));
    metrics.count(PIPELINE_METRICS.instancesWithoutData, silent.size);
    metrics.count(PIPELINE_METRICS.collectionErrors, reading.errors.length);
  }

  /** The run's plan: its window and as many shards as the target set needs. */
  private async plan(
    window: CollectionWindow,
    scheduled: Date,
    executionId: string,
  ): Promise<CollectionPlan> {
    const instances = await this.deps.source.countTargets();
    const count = shardCount(instances, this.deps.settings.shardSize, MAX_SHARDS);
    if (instances === 0) {
      this.deps.logger.warn("no instance to collect: the target set is empty", {
        source: this.deps.source.name,
      });
      this.deps.metrics.count(PIPELINE_METRICS.emptyTargetSets, 1);
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
    this.deps.logger.info("planned", { ...result, shards: count });
    return result;
  }
}

export function createCollector(deps: CollectorDeps): Collector {
  const collector = new MetricCollector(deps);
  // A plain object: callers may pass `collect` around without its `this`.
  return { collect: (event, fallbackExecutionId) => collector.collect(event, fallbackExecutionId) };
}
