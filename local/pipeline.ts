import { paginateScan } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import {
  buildDefinition,
  type RunStatus,
  WORKFLOW_RUN_STATUS,
} from "../components/collector-workflow";
import { createCollector, type CollectionSummary } from "../functions/data-collector/collector";
import type { MetricSource } from "../functions/data-collector/sources/types";
import { type CollectionWindow, windowFor } from "../functions/data-collector/window";
import { createLogProcessor, type ObjectSummary } from "../functions/log-processor/processor";
import { MetricsEmitter } from "../functions/shared/emf";
import { HOT_TABLE_KEYS } from "../contract/hot-table";
import type { MetricType } from "../contract/metric-record";
import { ANOMALY_DEFAULTS, encodeAnomalySettings } from "../contract/anomaly/settings";
import { HANDLER_ENV, settingsFromEnv } from "../contract/handler-settings";
import type { Backend } from "./backend";
import { unprocessedObjects } from "./catch-up";
import { FileLogger } from "./file-logger";
import { processorContext } from "./lambda-context";
import { LOCAL_STACK, type LocalPaths } from "./layout";
import { localSnsClient, type Notification, type NotificationLog } from "./notifications";
import { objectCreatedEvent } from "./s3-events";
import { invocationRecorder, serviceMetricLines } from "./service-metrics";
import { localWorkflow } from "./task-bindings";

export interface PipelineDeps {
  readonly backend: Backend;
  readonly source: MetricSource;
  readonly paths: LocalPaths;
  readonly notifications: NotificationLog;
}

export interface BranchReport {
  readonly metric_type: MetricType;
  readonly status: "succeeded" | "failed";
  readonly records: number;
  /** The lake objects the branch wrote (one per shard and hour of its records). */
  readonly s3_keys: string[];
  readonly error?: string;
}

/** What one execution did, end to end. */
export interface CycleReport {
  readonly cycle: number;
  readonly execution: string;
  readonly status: RunStatus;
  readonly startedAt: Date;
  /** The window the cycle collected: the schedule's whole window first, then what followed. */
  readonly window: CollectionWindow;
  /** From the execution's start until the processor finished every object it caused. */
  readonly durationMs: number;
  readonly branches: BranchReport[];
  /** The processor's result for each object of this cycle. */
  readonly objects: ObjectSummary[];
  readonly processorErrors: string[];
  /** Threshold alerts the processor published for this cycle's objects. */
  readonly alerts: Notification[];
  /** From the execution's start (the records' timestamp) to the first alert's publish. */
  readonly collectionToAlertMs?: number;
  /** Metric items in the hot table after the cycle (idempotency records not counted). */
  readonly hotTableItems: number;
}

const PROCESSOR = "log-processor";

/** The variables CollectorWorkflow sets, read as the deployed handlers read them. */
function localSettings() {
  return settingsFromEnv({
    [HANDLER_ENV.environment]: LOCAL_STACK.environment,
    [HANDLER_ENV.lakeBucket]: LOCAL_STACK.bucket,
    [HANDLER_ENV.hotTable]: LOCAL_STACK.table,
    [HANDLER_ENV.alertTopicArn]: LOCAL_STACK.alertTopicArn,
    // On here, as a stack turns it on: the twin shows what a deployed stack with it does.
    [HANDLER_ENV.anomalyDetection]: encodeAnomalySettings(ANOMALY_DEFAULTS),
  });
}

type LogProcessor = ReturnType<typeof createLogProcessor>;
type Collector = ReturnType<typeof createCollector>;
/** What each type's shards wrote in the current cycle (the execution output keeps only counts). */
type Collected = Map<MetricType, { records: number; keys: string[] }>;

/**
 * S3 invokes the processor asynchronously: each ObjectCreated event starts an invocation the
 * cycle waits for (`idle`) before it reports what the objects gave (`take`).
 */
function asyncProcessor(backend: Backend, processor: LogProcessor) {
  const pending = new Set<Promise<void>>();
  const calls = invocationRecorder();
  let objects: ObjectSummary[] = [];
  let errors: string[] = [];
  backend.onObjectCreated((event) => {
    const invocation = calls
      .time(() => processor.handle(event, processorContext(randomUUID())))
      .then(
        (out) => void objects.push(...out.objects),
        (err: unknown) => void errors.push((err as Error).message),
      );
    const tracked = invocation.finally(() => pending.delete(tracked));
    pending.add(tracked);
  });
  return {
    calls,
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    /** This cycle's objects and errors so far; the next cycle starts empty. */
    take(): { objects: ObjectSummary[]; errors: string[] } {
      const out = { objects, errors };
      objects = [];
      errors = [];
      return out;
    },
  };
}

/** The real workflow definition, its collector Tasks bound to the real collector. */
function collectorWorkflow(
  collector: Collector,
  calls: ReturnType<typeof invocationRecorder>,
  collected: Collected,
  notifications: NotificationLog,
) {
  return localWorkflow(
    buildDefinition({
      collectorFunctionArn: LOCAL_STACK.collectorArn,
      alertTopicArn: LOCAL_STACK.alertTopicArn,
      environment: LOCAL_STACK.environment,
    }),
    {
      plan: (payload) => calls.time(() => collector.collect(payload)),
      collect: async (type, payload) => {
        const summary = (await calls.time(() => collector.collect(payload))) as CollectionSummary;
        const seen = collected.get(type) ?? { records: 0, keys: [] };
        collected.set(type, {
          records: seen.records + summary.record_count,
          keys: [...seen.keys, ...summary.s3_keys],
        });
        return summary;
      },
      publish: (message) => notifications.publish("state-machine", message),
    },
  );
}

/** Metric items in the hot table (idempotency records not counted). */
async function countMetricItems(backend: Backend): Promise<number> {
  let count = 0;
  const pages = paginateScan(
    { client: backend.dynamo },
    {
      TableName: LOCAL_STACK.table,
      Select: "COUNT",
      FilterExpression: "begins_with(#pk, :instance)",
      ExpressionAttributeNames: { "#pk": HOT_TABLE_KEYS.partitionKey },
      ExpressionAttributeValues: { ":instance": { S: HOT_TABLE_KEYS.instancePrefix } },
    },
  );
  for await (const page of pages) count += page.Count ?? 0;
  return count;
}

/**
 * Hands the processor, as the rule would, every lake object with no completed record in its
 * ledger: the objects of a cycle a killed run wrote but never processed.
 */
async function catchUpObjects(backend: Backend, processor: LogProcessor) {
  const left = await unprocessedObjects({
    s3: backend.s3,
    dynamo: backend.dynamo,
    bucket: LOCAL_STACK.bucket,
    table: LOCAL_STACK.table,
  });
  const done: ObjectSummary[] = [];
  const errors: string[] = [];
  for (const o of left) {
    await processor.handle(objectCreatedEvent(o), processorContext(randomUUID())).then(
      (out) => void done.push(...out.objects),
      (err: unknown) => void errors.push((err as Error).message),
    );
  }
  return { objects: done, errors };
}

/** The schedule's whole window first; later cycles continue where the last one ended. */
function cycleWindow(
  startedAt: Date,
  settings: ReturnType<typeof localSettings>,
  nextWindowStart: Date | undefined,
): CollectionWindow {
  const full = windowFor(startedAt, {
    intervalSeconds: settings.collectionIntervalSeconds,
    lagSeconds: settings.collectionLagSeconds,
    periodSeconds: settings.collectionPeriodSeconds,
  });
  const start = nextWindowStart ?? full.start;
  return { start, end: full.end > start ? full.end : start };
}

/** Each branch of the execution's output with what its shards wrote. */
function branchReports(
  output:
    | {
        branches?: {
          metric_type: MetricType;
          status: "succeeded" | "failed";
          error?: string;
          cause?: string;
        }[];
      }
    | undefined,
  collected: Collected,
): BranchReport[] {
  return (output?.branches ?? []).map((b) => ({
    metric_type: b.metric_type,
    status: b.status,
    records: collected.get(b.metric_type)?.records ?? 0,
    s3_keys: collected.get(b.metric_type)?.keys ?? [],
    ...(b.error ? { error: `${b.error}: ${b.cause ?? ""}` } : {}),
  }));
}

/** The real collector and processor, logging to files and emitting EMF as in Lambda. */
function localHandlers(
  { backend, paths, notifications, source }: PipelineDeps,
  settings: ReturnType<typeof localSettings>,
  emf: (line: string) => void,
) {
  const handlerParts = (service: string) => {
    const logger = new FileLogger(paths.logs, service);
    const metrics = new MetricsEmitter({ environment: settings.environment, sink: emf, logger });
    return { logger, metrics };
  };
  const collector = createCollector({
    s3: backend.s3,
    source,
    settings,
    ...handlerParts("data-collector"),
  });
  const processor = createLogProcessor({
    s3: backend.s3,
    dynamo: backend.dynamo,
    sns: localSnsClient(notifications, PROCESSOR, LOCAL_STACK.region),
    settings,
    ...handlerParts(PROCESSOR),
  });
  return { collector, processor };
}

/**
 * The pipeline on one machine: the real state machine definition run by aws-local-stepfunctions,
 * its collector Tasks bound to the real collector, and S3's ObjectCreated events handed to the
 * real log processor. SNS publishes go to the notification log.
 */
export function createLocalPipeline(deps: PipelineDeps) {
  const { backend, paths, notifications } = deps;
  const emf = (line: string) => appendFileSync(paths.metrics, `${line}\n`);
  const settings = localSettings();
  const { collector, processor } = localHandlers(deps, settings, emf);
  const collected: Collected = new Map();
  // Where the next cycle's window starts: later cycles continue the first one's, no gap, no overlap.
  let nextWindowStart: Date | undefined;
  const invoked = asyncProcessor(backend, processor);
  const collectorCalls = invocationRecorder();
  const execute = collectorWorkflow(collector, collectorCalls, collected, notifications);

  return {
    catchUp: () => catchUpObjects(backend, processor),

    /**
     * One execution and everything it causes; `onStart` gets the execution's name (what it
     * returns is awaited, with the objects it writes processed, before the cycle reports).
     */
    async runCycle(cycle: number, onStart?: (execution: string) => unknown): Promise<CycleReport> {
      const startedAt = new Date();
      const alertsBefore = notifications.sent.length;
      invoked.take();
      collected.clear();
      const window = cycleWindow(startedAt, settings, nextWindowStart);
      // Unique per run and cycle: the collector's object keys derive from it.
      const execution = `local-${startedAt.toISOString().replace(/[-:.]/g, "")}-${cycle}`;
      const alongside = onStart?.(execution);
      // A total failure ends the execution in PipelineFailed: no output, status failed.
      const output = await execute(execution, {
        scheduled_time: startedAt.toISOString(),
        window_start: window.start.toISOString(),
        window_end: window.end.toISOString(),
      }).catch(() => undefined);
      if (output) nextWindowStart = window.end;
      await alongside;
      await invoked.idle();
      const finishedAt = new Date();
      const { objects, errors: processorErrors } = invoked.take();
      const alerts = notifications.sent
        .slice(alertsBefore)
        .filter((n) => n.publisher === PROCESSOR);
      const firstAlert = alerts[0];
      const service = {
        executionSucceeded: output !== undefined,
        collector: collectorCalls.take(),
        processor: invoked.calls.take(),
        // The processor writes one item per valid line.
        itemsWritten: objects.reduce((n, o) => n + o.lines - o.quarantined, 0),
      };
      serviceMetricLines(service, startedAt).forEach(emf);
      return {
        cycle,
        execution,
        status: output?.status ?? WORKFLOW_RUN_STATUS.failed,
        startedAt,
        window,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        branches: branchReports(output, collected),
        objects,
        processorErrors,
        alerts,
        ...(firstAlert
          ? { collectionToAlertMs: Date.parse(firstAlert.published_at) - startedAt.getTime() }
          : {}),
        hotTableItems: await countMetricItems(backend),
      };
    },
  };
}
