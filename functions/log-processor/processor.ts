import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { BatchWriter, hotTableDocumentClient, type RetryOptions } from "../shared/batch-write";
import { ERROR_RATE_METRIC, PIPELINE_METRICS } from "../shared/emitted-metrics";
import type { MetricsEmitter } from "../shared/emf";
import { LAKE_PREFIXES } from "../shared/lake";
import { ingestContext, toHotTableItem } from "../shared/hot-table";
import type { Log } from "../shared/logging";
import type { HandlerSettings } from "../shared/settings";
import { evaluateRecord } from "../shared/thresholds";
import { type AlertLine, AlertList, publishAlert } from "./alerts";
import { type ObjectIdentity, ObjectLedger, unquoteEtag } from "./ledger";
import {
  isDecodeError,
  type Line,
  ObjectChangedError,
  openObject,
  readLineBatches,
} from "./line-reader";
import { LogLineTally, type ServiceLogStats } from "./log-lines";
import { parseMetricLine } from "./metric-lines";
import { QuarantineWriter } from "./quarantine-writer";
import { type ObjectRef, objectsFromEvent, type RejectedRecord } from "./s3-event";

// Defined beside the table's keys: the processor's IAM policy limits access to this partition.
export { IDEMPOTENCY_PK } from "../shared/hot-table";

/** The processor's Lambda timeout: without a context, a lock lasts this long. */
const DEFAULT_LOCK_MS = 300_000;

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
  /** Hot-table write retries and BatchWriteItem requests in flight (`concurrency`, default 32). */
  readonly retry?: RetryOptions & { readonly concurrency?: number };
}

export interface ObjectSummary {
  readonly bucket: string;
  readonly key: string;
  readonly version_id?: string;
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
  /** True when the object was replaced (or deleted) before it could be read; nothing was done. */
  readonly superseded?: boolean;
}

export interface LogProcessor {
  handle(
    event: unknown,
    context?: Context,
  ): Promise<{ objects: ObjectSummary[]; rejected: RejectedRecord[] }>;
}

interface Outcome {
  lines: number;
  processed: number;
  coerced: number;
  alerts: AlertList;
  services?: ServiceLogStats[];
}

type Kind = ObjectSummary["kind"];

const kindOf = (key: string): Kind =>
  key.startsWith(LAKE_PREFIXES.metrics)
    ? "metrics"
    : key.startsWith(LAKE_PREFIXES.logs)
      ? "logs"
      : "ignored";

const statusOf = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export function createLogProcessor(deps: LogProcessorDeps): LogProcessor {
  const { s3, settings, logger, metrics } = deps;
  const clock = deps.clock ?? (() => new Date());
  const doc = hotTableDocumentClient(deps.dynamo);
  const ledger = new ObjectLedger(doc, settings.hotTable, settings.hotTableTtlDays, clock);

  /** Reads every line of the object; an undecodable body ends the read as one quarantined entry. */
  async function eachLine(
    ref: ObjectRef,
    id: ObjectIdentity,
    quarantine: QuarantineWriter,
    onLine: (line: string, lineNumber: number) => Promise<void> | undefined,
  ): Promise<number> {
    let lineNumber = 0;
    let lines = 0;
    const version = {
      bucket: ref.bucket,
      key: ref.key,
      ...(id.versionId ? { versionId: id.versionId } : { ifMatch: `"${id.etag}"` }),
    };
    try {
      for await (const batch of readLineBatches(await openObject(s3, version))) {
        for (const line of batch as Line[]) {
          lineNumber++;
          if (typeof line !== "string") {
            lines++;
            await quarantine.reject(
              lineNumber,
              line.head,
              `line of ${line.chars} characters is over the bound of the line reader; first characters kept`,
            );
            continue;
          }
          if (line.trim() === "") continue;
          lines++;
          const wait = onLine(line, lineNumber);
          if (wait) await wait;
        }
      }
    } catch (err) {
      if (!isDecodeError(err)) throw err;
      // Corrupt or truncated gzip: no retry will decode it. What was read before stays.
      lines++;
      await quarantine.reject(
        lineNumber + 1,
        "",
        `object cannot be decoded after line ${lineNumber}: ${(err as Error).message}`,
      );
    }
    return lines;
  }

  async function readMetrics(
    ref: ObjectRef,
    id: ObjectIdentity,
    quarantine: QuarantineWriter,
  ): Promise<Outcome> {
    const now = clock();
    const ctx = ingestContext(ref.key, now, settings.hotTableTtlDays);
    const out: Outcome = { lines: 0, processed: 0, coerced: 0, alerts: new AlertList() };
    const refused: { line: number; raw: string; alert?: AlertLine; reason: string }[] = [];
    const writer = new BatchWriter<{ line: number; raw: string; alert?: AlertLine }>(
      doc,
      settings.hotTable,
      {
        ...deps.retry,
        onRejected: (_item, reason, tag) => {
          if (tag) refused.push({ ...tag, reason });
        },
      },
    );
    // A record the store refused after all goes to quarantine with the store's words.
    const settle = async () => {
      for (const r of refused.splice(0)) {
        out.processed--;
        if (r.alert) out.alerts.remove(r.alert);
        await quarantine.reject(r.line, r.raw, `hot table refused the record: ${r.reason}`);
      }
    };
    out.lines = await eachLine(ref, id, quarantine, (line, lineNumber) => {
      const parsed = parseMetricLine(line, ctx.ingestedAtMs);
      if (!parsed.ok) return quarantine.reject(lineNumber, line, parsed.reason);
      const v = evaluateRecord(parsed.record, settings.thresholds);
      const alert = v && {
        resource: v.instance_id,
        metric: v.metric_name,
        value: v.value,
        threshold: v.threshold,
        time: v.timestamp,
      };
      if (alert) out.alerts.add(alert);
      out.processed++;
      if (parsed.coerced) out.coerced++;
      const item = toHotTableItem(parsed.record, parsed.timeMs, lineNumber, ctx);
      const wait = writer.add(item, { line: lineNumber, raw: line, ...(alert ? { alert } : {}) });
      return wait || refused.length > 0
        ? (async () => {
            await wait;
            await settle();
          })()
        : undefined;
    });
    await writer.flush();
    await settle();
    return out;
  }

  async function readLogs(
    ref: ObjectRef,
    id: ObjectIdentity,
    quarantine: QuarantineWriter,
  ): Promise<Outcome> {
    const tally = new LogLineTally();
    const nowMs = clock().getTime();
    const out: Outcome = { lines: 0, processed: 0, coerced: 0, alerts: new AlertList() };
    out.lines = await eachLine(ref, id, quarantine, (line, lineNumber) => {
      const reason = tally.add(line, nowMs);
      if (!reason) {
        out.processed++;
        return undefined;
      }
      return quarantine.reject(lineNumber, line, reason);
    });
    out.services = tally.stats();
    for (const s of out.services) {
      if (s.error_rate > settings.thresholds.errorRate) {
        out.alerts.add({
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

  /**
   * The object's side effects, each once per object version whatever fails afterwards:
   * the alert, then the EMF counters and error rates. The mark goes first; a failed publish
   * takes it back so the retry sends the alert.
   */
  async function effects(
    ref: ObjectRef,
    id: ObjectIdentity,
    kind: Kind,
    out: Outcome,
    quarantined: number,
  ) {
    if (out.alerts.total > 0 && (await ledger.mark(id, "alert"))) {
      try {
        if (settings.alertTopicArn) {
          const source = `s3://${ref.bucket}/${ref.key}`;
          await publishAlert(
            deps.sns,
            settings.alertTopicArn,
            settings.environment,
            source,
            out.alerts.listed,
            out.alerts.total,
          );
        } else {
          logger.warn("threshold violations, but no alert topic is configured", {
            violations: out.alerts.listed,
          });
        }
      } catch (err) {
        await ledger.unmark(id, "alert");
        throw err;
      }
    }
    if (!(await ledger.mark(id, "counters"))) return;
    for (const s of out.services ?? [])
      metrics.errorRate(s.service, s.error_rate, new Date(s.window_end));
    metrics.count(PIPELINE_METRICS.filesProcessed);
    if (kind === "metrics") {
      metrics.count(PIPELINE_METRICS.metricsProcessed, out.processed);
      metrics.count(PIPELINE_METRICS.metricsFailed, quarantined);
      metrics.count(PIPELINE_METRICS.metricsCoerced, out.coerced);
    }
    metrics.count(PIPELINE_METRICS.quarantinedLines, quarantined);
    metrics.count(PIPELINE_METRICS.thresholdViolations, out.alerts.total);
    metrics.flush();
  }

  async function run(
    ref: ObjectRef,
    id: ObjectIdentity,
    kind: "metrics" | "logs",
  ): Promise<ObjectSummary> {
    const quarantine = new QuarantineWriter(s3, ref.bucket, ref.key, clock);
    let out: Outcome;
    let qKey: string | null;
    try {
      out =
        kind === "metrics"
          ? await readMetrics(ref, id, quarantine)
          : await readLogs(ref, id, quarantine);
      qKey = await quarantine.close();
    } catch (err) {
      await quarantine.abort();
      throw err;
    }
    if (qKey) {
      logger.warn("lines quarantined", {
        key: ref.key,
        quarantine_key: qKey,
        count: quarantine.count,
      });
    }
    await effects(ref, id, kind, out, quarantine.count);
    const summary: ObjectSummary = {
      bucket: ref.bucket,
      key: ref.key,
      ...(id.versionId ? { version_id: id.versionId } : {}),
      kind,
      lines: out.lines,
      processed: out.processed,
      coerced: out.coerced,
      quarantined: quarantine.count,
      quarantine_key: qKey,
      violations: out.alerts.total,
      ...(out.services ? { services: out.services } : {}),
    };
    logger.info("object processed", { ...summary });
    return summary;
  }

  /** The object version an event names, normalized; an event without eTag is resolved first. */
  async function identify(ref: ObjectRef): Promise<ObjectIdentity> {
    const base = { bucket: ref.bucket, key: ref.key };
    if (ref.etag) return { ...base, versionId: ref.versionId ?? "", etag: unquoteEtag(ref.etag) };
    const head = await s3.send(
      new HeadObjectCommand({
        ...{ Bucket: ref.bucket, Key: ref.key },
        ...(ref.versionId ? { VersionId: ref.versionId } : {}),
      }),
    );
    return {
      ...base,
      versionId: ref.versionId ?? head.VersionId ?? "",
      etag: unquoteEtag(head.ETag ?? ""),
    };
  }

  const none = {
    lines: 0,
    processed: 0,
    coerced: 0,
    quarantined: 0,
    violations: 0,
    quarantine_key: null,
  };

  /** Runs once per object version: a re-delivered event returns the stored summary. */
  async function processObject(ref: ObjectRef, lockUntilMs: number): Promise<ObjectSummary> {
    const kind = kindOf(ref.key);
    if (kind === "ignored") {
      logger.info("object outside raw-metrics/ and raw-logs/ ignored", { key: ref.key });
      return { bucket: ref.bucket, key: ref.key, kind, ...none };
    }
    let id: ObjectIdentity;
    try {
      id = await identify(ref);
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      logger.warn("object deleted before it was read", { key: ref.key });
      return { bucket: ref.bucket, key: ref.key, kind, ...none, superseded: true };
    }
    const claim = await ledger.claim<ObjectSummary>(id, lockUntilMs);
    if (claim.done) return { ...claim.summary, duplicate: true };
    try {
      const summary = await run(ref, id, kind);
      await ledger.complete(id, summary);
      return summary;
    } catch (err) {
      await ledger.abandon(id).catch((releaseError: unknown) =>
        logger.warn("object lock not released; it expires with the invocation", {
          key: ref.key,
          releaseError,
        }),
      );
      // The key now holds other content (its own event follows), or nothing: not a failure,
      // and not recorded, so a re-delivery checks again.
      if (err instanceof ObjectChangedError || statusOf(err) === 404) {
        logger.warn("object replaced or deleted before it was read", { key: ref.key });
        return { bucket: ref.bucket, key: ref.key, kind, ...none, superseded: true };
      }
      throw err;
    }
  }

  return {
    async handle(event, context) {
      const now = clock().getTime();
      const lockUntilMs = now + (context ? context.getRemainingTimeInMillis() : DEFAULT_LOCK_MS);
      const { refs, rejected } = objectsFromEvent(event);
      // No retry can make these readable: logged, returned, and the other records go on.
      for (const r of rejected) logger.error("event record names no readable object", { ...r });
      const objects: ObjectSummary[] = [];
      const failures: { key: string; error: unknown }[] = [];
      for (const ref of refs) {
        try {
          objects.push(await processObject(ref, lockUntilMs));
        } catch (error) {
          logger.error("object failed", { bucket: ref.bucket, key: ref.key, error });
          failures.push({ key: ref.key, error });
        }
      }
      if (failures.length > 0) {
        // Failing the invocation hands the event to Lambda's retries and on-failure destination;
        // the objects that did succeed are skipped then by the ledger.
        throw new AggregateError(
          failures.map((f) => f.error),
          `${failures.length} of ${refs.length} object(s) failed: ` +
            failures.map((f) => `${f.key}: ${(f.error as Error).message}`).join("; "),
        );
      }
      return { objects, rejected };
    },
  };
}
