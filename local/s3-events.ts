import type { S3Client } from "@aws-sdk/client-s3";
import { PROCESSOR_TRIGGER_PREFIXES } from "../functions/shared/lake";

/** The part of an S3 event record the local run reads or writes. */
interface EventRecord {
  readonly eventName?: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly eTag?: string; readonly size?: number };
  };
}

/** S3 URL-encodes keys in event notifications, a space as "+" and "/" kept. */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

/** Whether the lake's notification configuration would hand this new object to the processor. */
function triggersProcessor(eventName: string | undefined, key: string): boolean {
  return (
    (eventName ?? "").startsWith("ObjectCreated") &&
    PROCESSOR_TRIGGER_PREFIXES.some((prefix) => key.startsWith(prefix))
  );
}

/**
 * s3rver's event, as S3 would deliver it to the processor: only the records the notification
 * configuration selects (s3rver has none), keys URL-encoded (s3rver leaves them raw).
 * Undefined when no record is left.
 */
export function processorEventFromS3rver(event: unknown): { Records: EventRecord[] } | undefined {
  const records = (event as { Records?: EventRecord[] } | null)?.Records ?? [];
  const selected = records
    .filter((r) => triggersProcessor(r.eventName, r.s3.object.key))
    .map((r) => ({
      ...r,
      s3: { ...r.s3, object: { ...r.s3.object, key: encodeS3EventKey(r.s3.object.key) } },
    }));
  return selected.length > 0 ? { Records: selected } : undefined;
}

/** The ObjectCreated:Put event S3 sends for one new object. */
export function objectCreatedEvent(
  bucket: string,
  key: string,
  etag?: string,
): { Records: EventRecord[] } {
  return {
    Records: [
      {
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: bucket },
          object: { key: encodeS3EventKey(key), ...(etag ? { eTag: etag.replace(/"/g, "") } : {}) },
        },
      },
    ],
  };
}

/**
 * For an endpoint that sends no notifications (moto, LocalStack without Lambda): after each
 * successful PutObject through this client, the event S3 would have sent.
 */
export function emitPutEvents(s3: S3Client, dispatch: (event: unknown) => void): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "PutObjectCommand") {
        const input = args.input as { Bucket: string; Key: string };
        const etag = (result.output as { ETag?: string }).ETag;
        if (triggersProcessor("ObjectCreated:Put", input.Key)) {
          dispatch(objectCreatedEvent(input.Bucket, input.Key, etag));
        }
      }
      return result;
    },
    { step: "initialize", name: "localObjectCreatedEvents" },
  );
}
