import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { type ObjectIdentity, unquoteEtag } from "./ledger";
import { ObjectChangedError } from "./line-reader";
import { readLogObject } from "./log-object";
import { readMetricObject } from "./metric-object";
import { applyAnomalyStep } from "./anomaly-step";
import { applyObjectEffects } from "./object-effects";
import {
  kindOf,
  type ObjectSummary,
  type ReadOutcome,
  readSummary,
  untouchedSummary,
} from "./object-summary";
import type { ProcessorContext } from "./processor-context";
import { QuarantineWriter } from "./quarantine-writer";
import { reopenDayOf } from "./reopen";
import type { ObjectRef } from "./s3-event";

const statusOf = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** The object version an event names, normalized; an event without eTag is resolved first. */
async function identify(ctx: ProcessorContext, ref: ObjectRef): Promise<ObjectIdentity> {
  const base = { bucket: ref.bucket, key: ref.key };
  if (ref.etag) return { ...base, versionId: ref.versionId ?? "", etag: unquoteEtag(ref.etag) };
  const head = await ctx.s3.send(
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

/** Reads the object with its quarantine, then applies its effects once. */
async function run(
  ctx: ProcessorContext,
  id: ObjectIdentity,
  kind: "metrics" | "logs",
  firstClaimedAt: Date,
): Promise<ObjectSummary> {
  const quarantine = new QuarantineWriter(ctx.s3, id, firstClaimedAt, ctx.clock);
  let out: ReadOutcome;
  let qKey: string | null;
  try {
    out =
      kind === "metrics"
        ? await readMetricObject(ctx, id, quarantine)
        : await readLogObject(ctx, id, quarantine);
    qKey = await quarantine.close();
  } catch (err) {
    await quarantine.abort();
    throw err;
  }
  if (qKey) {
    ctx.logger.warn("lines quarantined", {
      key: id.key,
      quarantine_key: qKey,
      count: quarantine.count,
    });
  }
  await applyObjectEffects(ctx, id, kind, out, quarantine.count);
  await applyAnomalyStep(ctx, id, out.series);
  if (kind === "metrics" && out.processed > 0) await reopenDayOf(ctx, id);
  const summary = readSummary(id, kind, out, quarantine.count, qKey);
  ctx.logger.info("object processed", { ...summary });
  return summary;
}

/**
 * How long a lock lasts unless renewed: under Lambda's first async retry (about a minute after
 * a failure), so a lock a DynamoDB outage kept from being released never blocks the retries.
 */
export const LOCK_LEASE_MS = 45_000;

/** Renews the lock every third of a lease while the object is read; a failed renewal is logged. */
function keepLease(ctx: ProcessorContext, id: ObjectIdentity, until: () => number) {
  const timer = setInterval(() => {
    ctx.ledger.renew(id, until()).catch((error: unknown) =>
      ctx.logger.warn("object lock not renewed; another invocation may take over", {
        key: id.key,
        error,
      }),
    );
  }, LOCK_LEASE_MS / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Processes one object once per object version, through its ledger record: a re-delivered
 * event returns the stored summary. The lock is a lease renewed while the object is read, never
 * past `deadlineMs` (the invocation's end).
 */
export async function processObject(
  ctx: ProcessorContext,
  ref: ObjectRef,
  deadlineMs: number,
): Promise<ObjectSummary> {
  const { ledger, logger } = ctx;
  const kind = kindOf(ref.key);
  if (kind === "ignored") {
    logger.info("object outside raw-metrics/ and raw-logs/ ignored", { key: ref.key });
    return untouchedSummary(ref, kind);
  }
  let id: ObjectIdentity;
  try {
    id = await identify(ctx, ref);
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
    logger.warn("object deleted before it was read", { key: ref.key });
    return untouchedSummary(ref, kind, true);
  }
  const leaseEnd = () => Math.min(deadlineMs, ctx.clock().getTime() + LOCK_LEASE_MS);
  const claim = await ledger.claim<ObjectSummary>(id, leaseEnd());
  if (claim.done) return { ...claim.summary, duplicate: true };
  const stopLease = keepLease(ctx, id, leaseEnd);
  try {
    const summary = await run(ctx, id, kind, claim.firstClaimedAt);
    stopLease();
    await ledger.complete(id, summary);
    return summary;
  } catch (err) {
    stopLease();
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
      return untouchedSummary(ref, kind, true);
    }
    throw err;
  }
}
