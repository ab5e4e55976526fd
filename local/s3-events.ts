import type { S3Client } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { PROCESSOR_TRIGGER_PREFIXES } from "../contract/lake";
import { LOCAL_STACK } from "./layout";

/** The account in LOCAL_STACK's ARNs. */
const LOCAL_ACCOUNT = "000000000000";

/** The part of an s3rver event record the local run reads. */
interface S3rverRecord {
  readonly eventName?: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    readonly object: {
      readonly key: string;
      readonly eTag?: string;
      readonly size?: number;
      readonly sequencer?: string;
    };
  };
}

/** The object an "Object Created" event describes. */
export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly etag?: string;
  readonly size?: number;
  readonly versionId?: string;
  /** What created it: PutObject, CompleteMultipartUpload, CopyObject, PostObject. */
  readonly reason?: string;
}

/** Classic S3 notifications URL-encode keys, a space as "+" and "/" kept (EventBridge does not). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

/** Whether the lake's EventBridge rule (lakeEventPattern) matches this new object. */
export function triggersProcessor(key: string): boolean {
  return PROCESSOR_TRIGGER_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * The event the deployed rule hands the processor: S3's EventBridge "Object Created" event,
 * the key as stored (not URL-encoded), the eTag bare.
 */
export function objectCreatedEvent(o: CreatedObject, at: Date = new Date()) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Object Created",
    source: "aws.s3",
    account: LOCAL_ACCOUNT,
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: LOCAL_STACK.region,
    resources: [`arn:aws:s3:::${o.bucket}`],
    detail: {
      version: "0",
      bucket: { name: o.bucket },
      object: {
        key: o.key,
        size: o.size ?? 0,
        ...(o.etag ? { etag: o.etag.replace(/"/g, "") } : {}),
        ...(o.versionId ? { "version-id": o.versionId } : {}),
        sequencer: at.getTime().toString(16).toUpperCase().padStart(18, "0"),
      },
      "request-id": randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase(),
      requester: LOCAL_ACCOUNT,
      "source-ip-address": "127.0.0.1",
      reason: o.reason ?? "PutObject",
    },
  };
}

const REASONS: Readonly<Record<string, string>> = {
  "ObjectCreated:Put": "PutObject",
  "ObjectCreated:Post": "PostObject",
  "ObjectCreated:Copy": "CopyObject",
  "ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
};

/**
 * s3rver's notification, as the deployed rule would deliver it to the processor: one
 * EventBridge event per new object the rule matches (s3rver's keys are raw, as EventBridge's).
 */
export function processorEventsFromS3rver(event: unknown): ReturnType<typeof objectCreatedEvent>[] {
  const records = (event as { Records?: S3rverRecord[] } | null)?.Records ?? [];
  return records
    .filter(
      (r) => (r.eventName ?? "").startsWith("ObjectCreated") && triggersProcessor(r.s3.object.key),
    )
    .map((r) =>
      objectCreatedEvent({
        bucket: r.s3.bucket.name,
        key: r.s3.object.key,
        ...(r.s3.object.eTag ? { etag: r.s3.object.eTag } : {}),
        ...(r.s3.object.size !== undefined ? { size: r.s3.object.size } : {}),
        reason: REASONS[r.eventName ?? ""] ?? "PutObject",
      }),
    );
}

/**
 * For an endpoint that sends no notifications (moto, LocalStack without Lambda): after each
 * successful PutObject through this client, the event the deployed rule would deliver.
 */
export function emitPutEvents(s3: S3Client, dispatch: (event: unknown) => void): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "PutObjectCommand") {
        const input = args.input as { Bucket: string; Key: string };
        const output = result.output as { ETag?: string; VersionId?: string };
        if (triggersProcessor(input.Key)) {
          dispatch(
            objectCreatedEvent({
              bucket: input.Bucket,
              key: input.Key,
              ...(output.ETag ? { etag: output.ETag } : {}),
              ...(output.VersionId ? { versionId: output.VersionId } : {}),
            }),
          );
        }
      }
      return result;
    },
    { step: "initialize", name: "localObjectCreatedEvents" },
  );
}
