import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { type ObjectIdentity, unquoteEtag } from "./ledger";
import { ObjectChangedError } from "./line-reader";
import { readLogObject } from "./log-object";
import { readMetricObject } from "./metric-object";
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
  const summary = readSummary(id, kind, out, quarantine.count, qKey);
  ctx.logger.info("object processed", { ...summary });
  return summary;
}

/**
 * Processes one object once per object version, through its ledger record: a re-delivered
 * event returns the stored summary.
 */
export async function processObject(
  ctx: ProcessorContext,
  ref: ObjectRef,
  lockUntilMs: number,
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
  const claim = await ledger.claim<ObjectSummary>(id, lockUntilMs);
  if (claim.done) return { ...claim.summary, duplicate: true };
  try {
    const summary = await run(ctx, id, kind, claim.firstClaimedAt);
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
      return untouchedSummary(ref, kind, true);
    }
    throw err;
  }
}
