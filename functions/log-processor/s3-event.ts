import * as z from "zod";
import { formatIssues } from "../../contract/metric-record";

/*
 * The wrappers' parts the processor reads, as in Powertools' SqsRecordSchema, SnsRecordSchema
 * and SnsSqsNotificationSchema, whose modules take zod's whole namespace into the bundle.
 */
const SqsRecordSchema = z.object({
  eventSource: z.literal("aws:sqs"),
  body: z.string(),
});
const SnsRecordSchema = z.object({
  EventSource: z.literal("aws:sns"),
  Sns: z.object({ Type: z.literal("Notification"), Message: z.string() }),
});
const SnsSqsNotificationSchema = z.object({
  Type: z.literal("Notification"),
  TopicArn: z.string(),
  Message: z.string(),
});

/**
 * The part of a classic S3 event notification record the processor reads. Powertools' full
 * S3Schema also requires fields (an IPv4 sourceIPAddress, responseElements) that local S3
 * servers and replayed events do not always carry, and none of which the processor needs.
 */
const s3RecordSchema = z.object({
  eventName: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      eTag: z.string().nullish(),
      versionId: z.string().nullish(),
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
      etag: z.string().nullish(),
      "version-id": z.string().nullish(),
    }),
  }),
});

/** One created object, its key as stored: exactly the version the event names, when it names one. */
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

/**
 * Classic S3 notifications (and SNS or SQS copies of them) URL-encode keys, with "+" for a
 * space; a bad escape names the key. EventBridge events carry the key as stored.
 */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    throw new Error(`key "${key}" has a malformed %-escape`);
  }
}

function ref(bucket: string, key: string, etag?: string | null, versionId?: string | null) {
  return { bucket, key, ...(etag ? { etag } : {}), ...(versionId ? { versionId } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const NONE: EventObjects = { refs: [], rejected: [] };
/** SNS in SQS in ... : deeper than any delivery path the processor is wired to. */
const MAX_WRAPPING = 3;

const rejectedAt = (record: number, reason: string): EventObjects => ({
  refs: [],
  rejected: [{ record, reason }],
});

/** A wrapper's payload, a JSON string, read as an event of its own (its failures at `record`). */
function unwrap(record: number, what: string, payload: string, depth: number): EventObjects {
  let inner: unknown;
  try {
    inner = JSON.parse(payload);
  } catch (err) {
    return rejectedAt(record, `${what} is not JSON: ${(err as Error).message}`);
  }
  const out = readEvent(inner, depth + 1);
  if (!out) return rejectedAt(record, `${what} holds no S3 event`);
  return {
    refs: out.refs,
    rejected: out.rejected.map((r) => ({ record, reason: `${what}: ${r.reason}` })),
  };
}

/** One record of a Records array: an S3 notification record, or an SQS or SNS wrapper of one. */
function fromRecord(raw: unknown, i: number, depth: number): EventObjects {
  if (isObject(raw) && raw.eventSource === "aws:sqs") {
    const sqs = SqsRecordSchema.safeParse(raw);
    if (!sqs.success) return rejectedAt(i, formatIssues(sqs.error).join("; "));
    return unwrap(i, "SQS body", sqs.data.body, depth);
  }
  if (isObject(raw) && raw.EventSource === "aws:sns") {
    const sns = SnsRecordSchema.safeParse(raw);
    if (!sns.success) return rejectedAt(i, formatIssues(sns.error).join("; "));
    return unwrap(i, "SNS message", sns.data.Sns.Message, depth);
  }
  const parsed = s3RecordSchema.safeParse(raw);
  if (!parsed.success) return rejectedAt(i, formatIssues(parsed.error).join("; "));
  const { eventName, s3 } = parsed.data;
  if (eventName !== undefined && !eventName.startsWith("ObjectCreated")) return NONE;
  try {
    const key = decodeS3Key(s3.object.key);
    return { refs: [ref(s3.bucket.name, key, s3.object.eTag, s3.object.versionId)], rejected: [] };
  } catch (err) {
    return rejectedAt(i, (err as Error).message);
  }
}

function fromEventBridge(event: Record<string, unknown>): EventObjects {
  const parsed = eventBridgeSchema.safeParse(event);
  if (!parsed.success) return rejectedAt(0, formatIssues(parsed.error).join("; "));
  if (parsed.data["detail-type"] !== "Object Created") return NONE;
  const { bucket, object } = parsed.data.detail;
  // EventBridge carries the key as stored: "+" and "%" are the key's own characters.
  return { refs: [ref(bucket.name, object.key, object.etag, object["version-id"])], rejected: [] };
}

/** The objects of any event shape the processor reads, or undefined for an unknown shape. */
function readEvent(event: unknown, depth: number): EventObjects | undefined {
  if (!isObject(event) || depth > MAX_WRAPPING) return undefined;
  if (event.Event === "s3:TestEvent") return NONE;
  if (event.source === "aws.s3") return fromEventBridge(event);
  // An SNS notification as SQS receives it without raw message delivery.
  if (event.Type === "Notification" && typeof event.Message === "string") {
    const sns = SnsSqsNotificationSchema.safeParse(event);
    if (!sns.success) return rejectedAt(0, formatIssues(sns.error).join("; "));
    return unwrap(0, "SNS message", sns.data.Message, depth);
  }
  if (!Array.isArray(event.Records)) return undefined;
  const refs: ObjectRef[] = [];
  const rejected: RejectedRecord[] = [];
  event.Records.forEach((raw: unknown, i: number) => {
    const out = fromRecord(raw, i, depth);
    refs.push(...out.refs);
    rejected.push(...out.rejected);
  });
  return { refs, rejected };
}

/**
 * The created objects an event names. The deployed rule delivers EventBridge "Object Created"
 * events; classic S3 notifications are read too, and either wrapped in SNS or SQS records (or
 * an SNS notification in an SQS body) is unwrapped. Each record stands alone: a bad record is
 * rejected with its reason, the others are still read. S3's s3:TestEvent and other event
 * types name nothing.
 */
export function objectsFromEvent(event: unknown): EventObjects {
  const out = readEvent(event, 0);
  if (!out) throw new Error("Not an S3 event notification or an EventBridge S3 event");
  return out;
}
