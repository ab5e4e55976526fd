import { paginateScan } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import {
  buildDefinition,
  type RunStatus,
  WORKFLOW_RUN_STATUS,
} from "../components/collector-workflow/definition";
import { createCollector, type CollectionSummary } from "../functions/data-collector/collector";
import type { MetricSource } from "../functions/data-collector/sources/types";
import { createLogProcessor, type ObjectSummary } from "../functions/log-processor/processor";
import { MetricsEmitter } from "../functions/shared/emf";
import { HOT_TABLE_KEYS } from "../functions/shared/hot-table";
import type { MetricType } from "../functions/shared/metric-record";
import { HANDLER_ENV, settingsFromEnv } from "../functions/shared/settings";
import type { Backend } from "./backend";
import { FileLogger } from "./file-logger";
import { processorContext } from "./lambda-context";
import { LOCAL_STACK, type LocalPaths } from "./layout";
import { localSnsClient, type Notification, type NotificationLog } from "./notifications";
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
  readonly items: number;
  readonly s3_key: string | null;
  readonly error?: string;
}

/** What one execution did, end to end. */
export interface CycleReport {
  readonly cycle: number;
  readonly execution: string;
  readonly status: RunStatus;
  readonly startedAt: Date;
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

/**
 * The pipeline on one machine: the real state machine definition run by aws-local-stepfunctions,
 * its collector Tasks bound to the real collector, and S3's ObjectCreated events handed to the
 * real log processor. SNS publishes go to the notification log.
 */
export function createLocalPipeline(deps: PipelineDeps) {
  const { backend, paths, notifications } = deps;
  const emf = (line: string) => appendFileSync(paths.metrics, `${line}\n`);
  // The variables CollectorWorkflow sets, read as the deployed handlers read them.
  const settings = settingsFromEnv({
    [HANDLER_ENV.environment]: LOCAL_STACK.environment,
    [HANDLER_ENV.lakeBucket]: LOCAL_STACK.bucket,
    [HANDLER_ENV.hotTable]: LOCAL_STACK.table,
    [HANDLER_ENV.alertTopicArn]: LOCAL_STACK.alertTopicArn,
  });
  const handlerParts = (service: string) => {
    const logger = new FileLogger(paths.logs, service);
    const metrics = new MetricsEmitter({ environment: settings.environment, sink: emf, logger });
    return { logger, metrics };
  };

  const collector = createCollector({
    s3: backend.s3,
    dynamo: backend.dynamo,
    source: deps.source,
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

  // S3 invokes the processor asynchronously; the cycle waits for these before it reports.
  const pending = new Set<Promise<void>>();
  const collectorCalls = invocationRecorder();
  const processorCalls = invocationRecorder();
  let objects: ObjectSummary[] = [];
  let processorErrors: string[] = [];
  backend.onObjectCreated((event) => {
    const invocation = processorCalls
      .time(() => processor.handle(event, processorContext(randomUUID())))
      .then(
        (out) => void objects.push(...out.objects),
        (err: unknown) => void processorErrors.push((err as Error).message),
      );
    const tracked = invocation.finally(() => pending.delete(tracked));
    pending.add(tracked);
  });
  async function processorIdle(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  const execute = localWorkflow(
    buildDefinition({
      collectorFunctionArn: LOCAL_STACK.collectorArn,
      alertTopicArn: LOCAL_STACK.alertTopicArn,
      environment: LOCAL_STACK.environment,
    }),
    {
      collect: (_type, payload) => collectorCalls.time(() => collector.collect(payload)),
      publish: (message) => notifications.publish("state-machine", message),
    },
  );

  async function countItems(): Promise<number> {
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

  return {
    /**
     * One execution and everything it causes; `onStart` gets the execution's name (what it
     * returns is awaited, with the objects it writes processed, before the cycle reports).
     */
    async runCycle(cycle: number, onStart?: (execution: string) => unknown): Promise<CycleReport> {
      const startedAt = new Date();
      const alertsBefore = notifications.sent.length;
      objects = [];
      processorErrors = [];
      // Unique per run and cycle: the collector's object keys derive from it.
      const execution = `local-${startedAt.toISOString().replace(/[-:.]/g, "")}-${cycle}`;
      const alongside = onStart?.(execution);
      // A total failure ends the execution in PipelineFailed: no output, status failed.
      const output = await execute(execution).catch(() => undefined);
      await alongside;
      await processorIdle();
      const finishedAt = new Date();

      const branches: BranchReport[] = (output?.branches ?? []).map((b) => {
        const r = b.result as CollectionSummary | undefined;
        return {
          metric_type: b.metric_type,
          status: b.status,
          records: r?.record_count ?? 0,
          items: r?.items_written ?? 0,
          s3_key: r?.s3_key ?? null,
          ...(b.error ? { error: `${b.error}: ${b.cause ?? ""}` } : {}),
        };
      });
      const alerts = notifications.sent
        .slice(alertsBefore)
        .filter((n) => n.publisher === PROCESSOR);
      const firstAlert = alerts[0];
      for (const line of serviceMetricLines(
        {
          executionSucceeded: output !== undefined,
          collector: collectorCalls.take(),
          processor: processorCalls.take(),
          itemsWritten: branches.reduce((n, b) => n + b.items, 0),
        },
        startedAt,
      )) {
        emf(line);
      }
      return {
        cycle,
        execution,
        status: output?.status ?? WORKFLOW_RUN_STATUS.failed,
        startedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        branches,
        objects,
        processorErrors,
        alerts,
        ...(firstAlert
          ? { collectionToAlertMs: Date.parse(firstAlert.published_at) - startedAt.getTime() }
          : {}),
        hotTableItems: await countItems(),
      };
    },
  };
}
