import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { parseTargetList } from "../../../contract/target-list";
import { retryTransient, type TransientRetry } from "../retry";

/**
 * Reads the deployed target list once per execution environment (the first run after a cold
 * start) and keeps it: the key changes with the list, so a kept list is never stale. A failed
 * read is not kept, so the next invocation tries again.
 */
export function targetListReader(
  s3: S3Client,
  bucket: string,
  key: string,
  retry?: TransientRetry,
): () => Promise<string[]> {
  let kept: Promise<string[]> | undefined;
  const read = async () => {
    try {
      const out = await retryTransient(
        () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
        retry,
      );
      return parseTargetList(key, (await out.Body?.transformToString()) ?? "");
    } catch (err) {
      kept = undefined;
      const e = err as Error;
      throw new Error(
        `TARGET_INSTANCE_IDS_KEY: cannot read s3://${bucket}/${key}: ${e.name}: ${e.message}`,
      );
    }
  };
  return () => (kept ??= read());
}
