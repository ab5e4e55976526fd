import * as z from "zod";
import { formatIssues } from "../shared/metric-record";

/**
 * The part of an S3 event notification record the processor reads. Powertools' full S3Schema
 * also requires fields (an IPv4 sourceIPAddress, responseElements) that local S3 servers and
 * replayed events do not always carry, and none of which the processor needs.
 */
const s3RecordSchema = z.object({
  eventName: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
    }),
  }),
});

/** S3's "Object Created" event delivered through EventBridge (one object per event). */
const eventBridgeSchema = z.object({
  source: z.literal("aws.s3"),
  "detail-type": z.string(),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      etag: z.string().optional(),
      "version-id": z.string().optional(),
    }),
  }),
});

/** One created object, its key decoded: exactly the version the event names, when it names one. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly etag?: string;
  readonly versionId?: string;
}

/** A record of an event that names no object the processor can read, and why. */
export interface RejectedRecord {
  readonly record: number;
  readonly reason: string;
}

export interface EventObjects {
  readonly refs: ObjectRef[];
  readonly rejected: RejectedRecord[];
}

/** S3 URL-encodes keys in events, with "+" for a space; a bad escape names the key. */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    throw new Error(`key "${key}" has a malformed %-escape`);
  }
}

function ref(bucket: string, rawKey: string, etag?: string, versionId?: string): ObjectRef {
  return {
    bucket,
    key: decodeS3Key(rawKey),
    ...(etag ? { etag } : {}),
    ...(versionId ? { versionId } : {}),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The created objects an event names: an S3 notification (each record stands alone: a bad
 * record is rejected with its reason, the others are still read; S3's s3:TestEvent and other
 * event types name nothing) or an EventBridge "Object Created" event. The keys are URL-decoded
 * in both (EventBridge carries them encoded the same way).
 */
export function objectsFromEvent(event: unknown): EventObjects {
  if (isObject(event) && event.Event === "s3:TestEvent") return { refs: [], rejected: [] };
  if (isObject(event) && event.source === "aws.s3") return fromEventBridge(event);
  if (!isObject(event) || !Array.isArray(event.Records)) {
    throw new Error("Not an S3 event notification or an EventBridge S3 event");
  }
  const refs: ObjectRef[] = [];
  const rejected: RejectedRecord[] = [];
  event.Records.forEach((raw: unknown, i: number) => {
    const parsed = s3RecordSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ record: i, reason: formatIssues(parsed.error).join("; ") });
      return;
    }
    const { eventName, s3 } = parsed.data;
    if (eventName !== undefined && !eventName.startsWith("ObjectCreated")) return;
    try {
      refs.push(ref(s3.bucket.name, s3.object.key, s3.object.eTag, s3.object.versionId));
    } catch (err) {
      rejected.push({ record: i, reason: (err as Error).message });
    }
  });
  return { refs, rejected };
}

function fromEventBridge(event: Record<string, unknown>): EventObjects {
  const parsed = eventBridgeSchema.safeParse(event);
  if (!parsed.success) {
    return { refs: [], rejected: [{ record: 0, reason: formatIssues(parsed.error).join("; ") }] };
  }
  if (parsed.data["detail-type"] !== "Object Created") return { refs: [], rejected: [] };
  const { bucket, object } = parsed.data.detail;
  try {
    return {
      refs: [ref(bucket.name, object.key, object.etag, object["version-id"])],
      rejected: [],
    };
  } catch (err) {
    return { refs: [], rejected: [{ record: 0, reason: (err as Error).message }] };
  }
}
