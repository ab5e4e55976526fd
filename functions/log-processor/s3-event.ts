import * as z from "zod";
import { formatIssues } from "../shared/metric-record";

/**
 * The part of an S3 event notification the processor reads. Powertools' full S3Schema also
 * requires fields (an IPv4 sourceIPAddress, responseElements) that local S3 servers and
 * replayed events do not always carry, and none of which the processor needs.
 */
const s3EventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventName: z.string().optional(),
        s3: z.object({
          bucket: z.object({ name: z.string().min(1) }),
          object: z.object({ key: z.string().min(1), eTag: z.string().optional() }),
        }),
      }),
    )
    .min(1, { error: "has no records" }),
});

/** One created object, its key decoded. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly etag?: string;
}

/** S3 URL-encodes keys in events, with "+" for a space. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

/** The ObjectCreated records of an event; other event types are ignored. */
export function objectsFromEvent(event: unknown): ObjectRef[] {
  const parsed = s3EventSchema.safeParse(event);
  if (!parsed.success) {
    throw new Error(`Not an S3 event notification: ${formatIssues(parsed.error).join("; ")}`);
  }
  return parsed.data.Records.filter(
    (r) => r.eventName === undefined || r.eventName.startsWith("ObjectCreated"),
  ).map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeS3Key(r.s3.object.key),
    ...(r.s3.object.eTag ? { etag: r.s3.object.eTag } : {}),
  }));
}
