import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ObjectLedger, unquoteEtag } from "../functions/log-processor/ledger";
import { hotTableDocumentClient } from "../functions/shared/batch-write";
import { PROCESSOR_TRIGGER_PREFIXES } from "../contract/lake";
import type { CreatedObject } from "./s3-events";

export interface CatchUpStore {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly bucket: string;
  readonly table: string;
}

/** The keys under `prefix`, a page at a time by StartAfter (s3rver's tokens need legacy ciphers). */
async function* keysUnder(s3: S3Client, bucket: string, prefix: string) {
  let after: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(after ? { StartAfter: after } : {}),
      }),
    );
    const contents = page.Contents ?? [];
    for (const o of contents) if (o.Key) yield { key: o.Key, etag: o.ETag ?? "", size: o.Size };
    after = contents.at(-1)?.Key;
    if (!page.IsTruncated || !after) return;
  }
}

/**
 * The lake objects the processor would be handed (raw-metrics/, raw-logs/) that have no
 * completed record in its ledger: what a run killed between a write and its processing left.
 * The local bucket is unversioned: an object is its key and eTag, as the processor records it.
 */
export async function unprocessedObjects(store: CatchUpStore): Promise<CreatedObject[]> {
  // The ledger's TTL and clock play no part in reading a record.
  const ledger = new ObjectLedger(
    hotTableDocumentClient(store.dynamo),
    store.table,
    1,
    () => new Date(),
  );
  const left: CreatedObject[] = [];
  for (const prefix of PROCESSOR_TRIGGER_PREFIXES) {
    for await (const o of keysUnder(store.s3, store.bucket, prefix)) {
      const etag = unquoteEtag(o.etag);
      const id = { bucket: store.bucket, key: o.key, versionId: "", etag };
      if (!(await ledger.completed(id))) {
        left.push({
          bucket: store.bucket,
          key: o.key,
          etag,
          ...(o.size !== undefined ? { size: o.size } : {}),
        });
      }
    }
  }
  return left;
}
