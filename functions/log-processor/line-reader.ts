import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type Readable, Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { ObjectChangedError, UnreadableBodyError } from "../../contract/errors";
import { LINE_LIMITS } from "../../contract/limits";

/** Exactly which object to read: the version the event named, or the content it described. */
export interface ObjectVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  /** Quoted, as HTTP's If-Match wants it. */
  readonly ifMatch?: string;
}

// ObjectChangedError: see contract/errors.ts (every error class is defined there).
export { ObjectChangedError };

/** Bytes a gzip object may inflate to: past them the rest is not read (a decompression bomb). */
export const MAX_INFLATED_BYTES = 2 * 1024 ** 3;

// UnreadableBodyError: see contract/errors.ts (every error class is defined there).
export { UnreadableBodyError };

/** Passes at most `max` bytes; the chunk that would pass them fails the stream instead. */
function capped(max: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total <= max) return done(null, chunk);
      done(
        new UnreadableBodyError(
          `gzip object inflates past ${max} bytes (the processor's cap); the rest is not read`,
        ),
      );
    },
  });
}

/**
 * The object's body as a stream, gunzipped when the key or the encoding says gzip, at most
 * `maxInflatedBytes` of it. The eTag is checked here too: not every S3-compatible server
 * honours If-Match.
 */
export async function openObject(
  s3: S3Client,
  at: ObjectVersion,
  maxInflatedBytes: number = MAX_INFLATED_BYTES,
): Promise<Readable> {
  const out = await s3
    .send(
      new GetObjectCommand({
        Bucket: at.bucket,
        Key: at.key,
        ...(at.versionId ? { VersionId: at.versionId } : {}),
        ...(at.ifMatch ? { IfMatch: at.ifMatch } : {}),
      }),
    )
    .catch((err: unknown) => {
      // S3's own answer to If-Match: the key holds other content now (superseded).
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw at.ifMatch && status === 412 ? new ObjectChangedError(at, undefined) : err;
    });
  const body = out.Body as Readable | undefined;
  if (!body) throw new Error(`s3://${at.bucket}/${at.key} has no body`);
  if (at.ifMatch && out.ETag !== at.ifMatch) {
    body.destroy();
    throw new ObjectChangedError(at, out.ETag);
  }
  if (!at.key.endsWith(".gz") && out.ContentEncoding !== "gzip") return body;
  const gunzip = createGunzip();
  const cap = capped(maxInflatedBytes);
  // pipe() does not forward errors; a broken download must fail the read.
  body.once("error", (err) => gunzip.destroy(err));
  gunzip.once("error", (err) => cap.destroy(err));
  return body.pipe(gunzip).pipe(cap);
}

/**
 * True for zlib's own errors (the bytes are not complete gzip) and for a body that is not
 * UTF-8 or inflates past the cap: no retry will read these.
 */
export const isDecodeError = (err: unknown): boolean =>
  err instanceof UnreadableBodyError ||
  (typeof (err as { code?: unknown }).code === "string" &&
    (err as { code: string }).code.startsWith("Z_"));

/** Why a body starting with these bytes is UTF-16, not UTF-8 JSON; undefined when it is not. */
export function utf16Issue(head: Buffer): string | undefined {
  if (head.length < 2) return undefined;
  const [a, b] = [head[0], head[1]];
  const encoding =
    a === 0xff && b === 0xfe
      ? "UTF-16LE (byte-order mark FF FE)"
      : a === 0xfe && b === 0xff
        ? "UTF-16BE (byte-order mark FE FF)"
        : a !== 0 && b === 0
          ? "UTF-16LE (a NUL byte after each character)"
          : a === 0 && b !== 0
            ? "UTF-16BE (a NUL byte before each character)"
            : undefined;
  return encoding && `object is ${encoding}: lines must be UTF-8 JSON; re-encode it to UTF-8`;
}

/** A line longer than the bound: its first characters and its length, never the whole. */
export interface OverlongLine {
  readonly head: string;
  readonly chars: number;
}

export type Line = string | OverlongLine;

/**
 * The lines of a stream, a chunk's worth at a time, without holding the whole object.
 * CRLF and LF both end a line; a last line without a newline is still returned; a UTF-8
 * BOM is dropped. Split by hand and handed out in batches: node:readline, or one await per
 * line, costs about as much as JSON.parse of the lines. A line past `maxChars` is returned as
 * an OverlongLine; the rest of it is only counted, so time stays linear in the input.
 */
export async function* readLineBatches(
  input: Readable,
  maxChars: number = LINE_LIMITS.maxLineChars,
): AsyncGenerator<Line[]> {
  const decoder = new StringDecoder("utf8");
  let parts: string[] = [];
  let partChars = 0;
  let overlong: { head: string; chars: number } | undefined;
  let first = true;

  const clean = (line: string) => {
    const end = line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    const start = first && line.charCodeAt(0) === 0xfeff ? 1 : 0;
    first = false;
    return start === 0 && end === line.length ? line : line.slice(start, end);
  };
  const tooLong = (text: string): OverlongLine => ({
    head: text.slice(0, LINE_LIMITS.truncatedCopyChars),
    chars: text.length,
  });
  // Keeps the start of a line that has not ended in this chunk.
  const append = (segment: string) => {
    if (overlong) {
      overlong.chars += segment.length;
    } else if (partChars + segment.length > maxChars) {
      overlong = tooLong(parts.join("") + segment.slice(0, LINE_LIMITS.truncatedCopyChars));
      overlong.chars = partChars + segment.length;
      parts = [];
      partChars = 0;
    } else {
      parts.push(segment);
      partChars += segment.length;
    }
  };
  const finish = (segment: string): Line => {
    if (overlong) {
      const line = { head: overlong.head, chars: overlong.chars + segment.length };
      overlong = undefined;
      first = false;
      return line;
    }
    const text = parts.length === 0 ? segment : parts.join("") + segment;
    parts = [];
    partChars = 0;
    if (text.length > maxChars) {
      first = false;
      return tooLong(text);
    }
    return clean(text);
  };

  let head = true;
  for await (const chunk of input) {
    if (head && Buffer.isBuffer(chunk)) {
      const issue = utf16Issue(chunk);
      if (issue) throw new UnreadableBodyError(issue);
    }
    head = false;
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    const batch: Line[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      batch.push(finish(text.slice(start, nl)));
      start = nl + 1;
    }
    if (start < text.length) append(text.slice(start));
    if (batch.length > 0) yield batch;
  }
  const tail = decoder.end();
  if (tail.length > 0) append(tail);
  if (partChars > 0 || overlong) yield [finish("")];
}
