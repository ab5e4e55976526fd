import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
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
 * The lines of a stream, a chunk's worth at a time, without holding the whole object.
 * CRLF and LF both end a line; a last line without a newline is still returned; a UTF-8
 * BOM is dropped. Split by hand and handed out in batches: node:readline, or one await per
 * line, costs about as much as JSON.parse of the lines.
 */
export async function* readLineBatches(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let first = true;
  const clean = (line: string) => {
    const end = line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    const start = first && line.charCodeAt(0) === 0xfeff ? 1 : 0;
    first = false;
    return start === 0 && end === line.length ? line : line.slice(start, end);
  };
  for await (const chunk of input) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    const batch: string[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      batch.push(clean(text.slice(start, nl)));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  rest += decoder.end();
  if (rest.length > 0) yield [clean(rest)];
}
