import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** The object's body as a stream, gunzipped when the key or the encoding says gzip. */
export async function openObject(s3: S3Client, bucket: string, key: string): Promise<Readable> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = out.Body as Readable | undefined;
  if (!body) throw new Error(`s3://${bucket}/${key} has no body`);
  if (!key.endsWith(".gz") && out.ContentEncoding !== "gzip") return body;
  const gunzip = createGunzip();
  // pipe() does not forward errors; a broken download must fail the read.
  body.once("error", (err) => gunzip.destroy(err));
  return body.pipe(gunzip);
}

/**
 * Lines of a stream, one at a time, without holding the whole object. CRLF and LF both end
 * a line; a last line without a newline is still returned; a UTF-8 BOM is dropped.
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    yield first && line.startsWith("\uFEFF") ? line.slice(1) : line;
    first = false;
  }
}
