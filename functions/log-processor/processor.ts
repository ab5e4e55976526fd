import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { BatchWriter, hotTableDocumentClient, type RetryOptions } from "../shared/batch-write";
import { ERROR_RATE_METRIC, PIPELINE_METRICS } from "../shared/emitted-metrics";
import type { MetricsEmitter } from "../shared/emf";
import { HOT_TABLE_KEYS, IDEMPOTENCY_PK } from "../shared/hot-table";
import { LAKE_PREFIXES, quarantineKey } from "../shared/lake";
import type { Log } from "../shared/logging";
import type { QuarantineLine } from "../shared/quarantine";
import type { HandlerSettings } from "../shared/settings";
import { evaluateRecord } from "../shared/thresholds";
import { type AlertLine, publishAlert } from "./alerts";
import { openObject, readLineBatches } from "./line-reader";
import { LogLineTally, type ServiceLogStats } from "./log-lines";
import { enrich, enrichContext, parseMetricLine } from "./metric-lines";
import { type ObjectRef, objectsFromEvent } from "./s3-event";

// Defined beside the table's keys: the processor's IAM policy limits access to this partition.
export { IDEMPOTENCY_PK };

export interface LogProcessorDeps {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly sns: SNSClient;
  readonly settings: Pick<
    HandlerSettings,
    "environment" | "hotTable" | "hotTableTtlDays" | "alertTopicArn" | "thresholds"
  >;
  readonly logger: Log;
  readonly metrics: MetricsEmitter;
  readonly clock?: () => Date;
  readonly retry?: RetryOptions;
}

export interface ObjectSummary {
  readonly bucket: string;
  readonly key: string;
  readonly kind: "metrics" | "logs" | "ignored";
  /** Non-blank lines read. */
  readonly lines: number;
  /** Valid metric records written (raw-metrics/) or log lines counted (raw-logs/). */
  readonly processed: number;
  readonly coerced: number;
  readonly quarantined: number;
  readonly quarantine_key: string | null;
  readonly violations: number;
  readonly services?: ServiceLogStats[];
  /** True when the object had been processed before and nothing was done again. */
  readonly duplicate?: boolean;
}

export interface LogProcessor {
  handle(event: unknown, context?: Context): Promise<{ objects: ObjectSummary[] }>;
}

interface Outcome {
  processed: number;
  coerced: number;
  bad: QuarantineLine[];
  alerts: AlertLine[];
  services?: ServiceLogStats[];
}

export function createLogProcessor(deps: LogProcessorDeps): LogProcessor {
  const { s3, settings, logger, metrics } = deps;
  const clock = deps.clock ?? (() => new Date());
  const doc = hotTableDocumentClient(deps.dynamo);

  function badLine(sourceKey: string, lineNumber: number, raw: string, reason: string) {
    return {
      source_key: sourceKey,
      line_number: lineNumber,
      raw_line: raw,
      reason,
      quarantined_at: clock().toISOString(),
    };
  }

  async function readMetrics(ref: ObjectRef): Promise<Outcome> {
    const writer = new BatchWriter(doc, settings.hotTable, deps.retry);
    const ctx = enrichContext(ref.key, clock(), settings.hotTableTtlDays);
    const out: Outcome = { processed: 0, coerced: 0, bad: [], alerts: [] };
    let lineNumber = 0;
    for await (const batch of readLineBatches(await openObject(s3, ref.bucket, ref.key))) {
      for (const line of batch) {
        lineNumber++;
        if (line.trim() === "") continue;
        const parsed = parseMetricLine(line);
        if (!parsed.ok) {
          out.bad.push(badLine(ref.key, lineNumber, line, parsed.reason));
          continue;
        }
        await writer.add(enrich(parsed.record, lineNumber, ctx));
        out.processed++;
        if (parsed.coerced) out.coerced++;
        const v = evaluateRecord(parsed.record, settings.thresholds);
        if (v) {
          out.alerts.push({
            resource: v.instance_id,
            metric: v.metric_name,
            value: v.value,
            threshold: v.threshold,
            time: v.timestamp,
          });
        }
      }
    }
    await writer.flush();
    return out;
  }

  async function readLogs(ref: ObjectRef): Promise<Outcome> {
    const tally = new LogLineTally();
    const out: Outcome = { processed: 0, coerced: 0, bad: [], alerts: [] };
    let lineNumber = 0;
    for await (const batch of readLineBatches(await openObject(s3, ref.bucket, ref.key))) {
      for (const line of batch) {
        lineNumber++;
        if (line.trim() === "") continue;
        const reason = tally.add(line);
        if (reason) out.bad.push(badLine(ref.key, lineNumber, line, reason));
        else out.processed++;
      }
    }
    out.services = tally.stats();
    for (const s of out.services) {
      metrics.errorRate(s.service, s.error_rate, new Date(s.window_end));
      if (s.error_rate > settings.thresholds.errorRate) {
        out.alerts.push({
          resource: s.service,
          metric: ERROR_RATE_METRIC.name,
          value: s.error_rate,
          threshold: settings.thresholds.errorRate,
          time: s.window_end,
        });
      }
    }
    return out;
  }

  /** Runs once per bucket/key/etag: a re-delivered event returns the stored summary. */
  async function processObject(ref: ObjectRef): Promise<ObjectSummary> {
    const kind = ref.key.startsWith(LAKE_PREFIXES.metrics)
      ? "metrics"
      : ref.key.startsWith(LAKE_PREFIXES.logs)
        ? "logs"
        : "ignored";
    if (kind === "ignored") {
      logger.info("object outside raw-metrics/ and raw-logs/ ignored", { key: ref.key });
      const none = { lines: 0, processed: 0, coerced: 0, quarantined: 0, violations: 0 };
      return { bucket: ref.bucket, key: ref.key, kind, ...none, quarantine_key: null };
    }

    const out = kind === "metrics" ? await readMetrics(ref) : await readLogs(ref);

    let qKey: string | null = null;
    if (out.bad.length > 0) {
      qKey = quarantineKey(ref.key);
      await s3.send(
        new PutObjectCommand({
          Bucket: ref.bucket,
          Key: qKey,
          Body: out.bad.map((b) => JSON.stringify(b)).join("\n") + "\n",
          ContentType: "application/x-ndjson",
        }),
      );
      logger.warn("lines quarantined", {
        key: ref.key,
        quarantine_key: qKey,
        count: out.bad.length,
      });
    }
    if (out.alerts.length > 0) {
      if (settings.alertTopicArn) {
        const source = `s3://${ref.bucket}/${ref.key}`;
        await publishAlert(
          deps.sns,
          settings.alertTopicArn,
          settings.environment,
          source,
          out.alerts,
        );
      } else {
        logger.warn("threshold violations, but no alert topic is configured", {
          violations: out.alerts,
        });
      }
    }

    // Counted here, inside the idempotent section, so a duplicate delivery adds nothing.
    metrics.count(PIPELINE_METRICS.filesProcessed);
    if (kind === "metrics") {
      metrics.count(PIPELINE_METRICS.metricsProcessed, out.processed);
      metrics.count(PIPELINE_METRICS.metricsFailed, out.bad.length);
      metrics.count(PIPELINE_METRICS.metricsCoerced, out.coerced);
    }
    metrics.count(PIPELINE_METRICS.quarantinedLines, out.bad.length);
    metrics.count(PIPELINE_METRICS.thresholdViolations, out.alerts.length);

    const summary: ObjectSummary = {
      bucket: ref.bucket,
      key: ref.key,
      kind,
      lines: out.processed + out.bad.length,
      processed: out.processed,
      coerced: out.coerced,
      quarantined: out.bad.length,
      quarantine_key: qKey,
      violations: out.alerts.length,
      ...(out.services ? { services: out.services } : {}),
    };
    logger.info("object processed", { ...summary });
    return summary;
  }

  const idempotencyConfig = new IdempotencyConfig({
    // Covers S3's redeliveries and Lambda's asynchronous retries (up to 6 hours) with room.
    expiresAfterSeconds: settings.hotTableTtlDays * 86_400,
    responseHook: (response) =>
      typeof response === "object" && response !== null && !Array.isArray(response)
        ? { ...response, duplicate: true }
        : response,
  });
  const processOnce = makeIdempotent(processObject, {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: settings.hotTable,
      keyAttr: HOT_TABLE_KEYS.partitionKey,
      sortKeyAttr: HOT_TABLE_KEYS.sortKey,
      staticPkValue: IDEMPOTENCY_PK,
      expiryAttr: HOT_TABLE_KEYS.ttlAttribute,
      awsSdkV3Client: deps.dynamo,
    }),
    config: idempotencyConfig,
    keyPrefix: "log-processor#object",
  });

  async function withEtag(ref: ObjectRef): Promise<ObjectRef> {
    if (ref.etag) return ref;
    const head = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    return { ...ref, etag: head.ETag ?? "" };
  }

  return {
    async handle(event, context) {
      if (context) idempotencyConfig.registerLambdaContext(context);
      const refs = objectsFromEvent(event);
      const objects: ObjectSummary[] = [];
      const failures: { key: string; error: unknown }[] = [];
      try {
        for (const ref of refs) {
          try {
            const { bucket, key, etag } = await withEtag(ref);
            // Only these three identify a delivery of an object version.
            objects.push(await processOnce({ bucket, key, etag }));
          } catch (error) {
            logger.error("object failed", { bucket: ref.bucket, key: ref.key, error });
            failures.push({ key: ref.key, error });
          }
        }
      } finally {
        metrics.flush();
      }
      if (failures.length > 0) {
        // Failing the invocation hands the event to Lambda's retries and on-failure destination;
        // the objects that did succeed are skipped then by idempotency.
        throw new AggregateError(
          failures.map((f) => f.error),
          `${failures.length} of ${refs.length} object(s) failed: ${failures.map((f) => f.key).join(", ")}`,
        );
      }
      return { objects };
    },
  };
}
