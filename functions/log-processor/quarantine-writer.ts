import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { quarantineKey } from "../../contract/lake";
import type { ObjectIdentity } from "./ledger";

/**
 * Streams an object's bad lines to its quarantine object as they are found (a multipart upload
 * once past 5 MB), so memory stays flat however many lines are bad. Nothing is written for an
 * object without bad lines.
 */
export class QuarantineWriter {
  #stream: PassThrough | undefined;
  #upload: Upload | undefined;
  #done: Promise<void> | undefined;
  #count = 0;

  readonly key: string;

  readonly #bucket: string;
  readonly #sourceKey: string;

  /** `at`: when the object version was first claimed, so a retry writes the same key. */
  constructor(
    private readonly s3: S3Client,
    source: ObjectIdentity,
    at: Date,
    private readonly clock: () => Date,
  ) {
    this.#bucket = source.bucket;
    this.#sourceKey = source.key;
    this.key = quarantineKey(source.key, at, source.versionId || source.etag);
  }

  get count(): number {
    return this.#count;
  }

  /** Quarantines one line of the source object (a QuarantineLine), with why. */
  async reject(lineNumber: number, raw: string, reason: string): Promise<void> {
    const stream = this.#stream ?? this.#open();
    this.#count++;
    const line = {
      source_key: this.#sourceKey,
      line_number: lineNumber,
      raw_line: raw,
      reason,
      quarantined_at: this.clock().toISOString(),
    };
    if (!stream.write(JSON.stringify(line) + "\n")) {
      // A failed upload never drains: its rejection ends the wait.
      await Promise.race([once(stream, "drain"), this.#done]);
    }
  }

  /** Finishes the upload; the quarantine key, or null when no line was bad. */
  async close(): Promise<string | null> {
    if (!this.#stream) return null;
    this.#stream.end();
    await this.#done;
    return this.key;
  }

  /** Drops a half-written upload after a failure (the retry writes the object again). */
  async abort(): Promise<void> {
    this.#stream?.destroy();
    await this.#upload?.abort().catch(() => undefined);
  }

  #open(): PassThrough {
    const stream = new PassThrough();
    const upload = new Upload({
      client: this.s3,
      params: {
        Bucket: this.#bucket,
        Key: this.key,
        Body: stream,
        ContentType: "application/x-ndjson",
      },
      queueSize: 1,
    });
    this.#stream = stream;
    this.#upload = upload;
    this.#done = upload.done().then(() => undefined);
    // Awaited in add() or close(); marked handled so a failure before then is not fatal.
    this.#done.catch(() => undefined);
    return stream;
  }
}
