import type { S3Client } from "@aws-sdk/client-s3";
import type { ObjectIdentity } from "./ledger";
import {
  isDecodeError,
  type Line,
  openObject,
  readLineBatches,
  UnreadableBodyError,
} from "./line-reader";
import type { QuarantineWriter } from "./quarantine-writer";

/** Handles one non-blank line; a returned promise is awaited before the next line. */
export type LineHandler = (line: string, lineNumber: number) => Promise<void> | undefined;

/**
 * Reads every line of exactly the object version `id` names, and returns how many were not
 * blank. An overlong line, or an undecodable body (which ends the read), is quarantined here.
 */
export async function readObjectLines(
  source: { readonly s3: S3Client; readonly maxInflatedBytes?: number },
  id: ObjectIdentity,
  quarantine: QuarantineWriter,
  onLine: LineHandler,
): Promise<number> {
  let lineNumber = 0;
  let lines = 0;
  const version = {
    bucket: id.bucket,
    key: id.key,
    ...(id.versionId ? { versionId: id.versionId } : { ifMatch: `"${id.etag}"` }),
  };
  try {
    const body = await openObject(source.s3, version, source.maxInflatedBytes);
    for await (const batch of readLineBatches(body)) {
      for (const line of batch as Line[]) {
        lineNumber++;
        if (typeof line !== "string") {
          lines++;
          await quarantine.reject(
            lineNumber,
            line.head,
            `line of ${line.chars} characters is over the bound of the line reader; first characters kept`,
          );
          continue;
        }
        if (line.trim() === "") continue;
        lines++;
        const wait = onLine(line, lineNumber);
        if (wait) await wait;
      }
    }
  } catch (err) {
    if (!isDecodeError(err)) throw err;
    // Corrupt, truncated or inflating gzip, or UTF-16: no retry will read it. What was read
    // before stays.
    lines++;
    await quarantine.reject(
      lineNumber + 1,
      "",
      err instanceof UnreadableBodyError
        ? `${err.message} (after line ${lineNumber})`
        : `object cannot be decoded after line ${lineNumber}: ${(err as Error).message}`,
    );
  }
  return lines;
}
