import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import { HOT_TABLE_KEYS } from "../contract/hot-table";

/** The hot table with exactly the keys and index of HOT_TABLE_KEYS, as MetricStore creates it. */
function hotTableDefinition(name: string): CreateTableCommandInput {
  const k = HOT_TABLE_KEYS;
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: k.partitionKey, AttributeType: "S" },
      { AttributeName: k.sortKey, AttributeType: "S" },
      { AttributeName: k.metricTypeIndexPartitionKey, AttributeType: "S" },
      { AttributeName: k.metricTypeIndexSortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: k.partitionKey, KeyType: "HASH" },
      { AttributeName: k.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: k.metricTypeIndex,
        KeySchema: [
          { AttributeName: k.metricTypeIndexPartitionKey, KeyType: "HASH" },
          { AttributeName: k.metricTypeIndexSortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}

const errorName = (err: unknown) => (err as { name?: string }).name ?? "";

/** Creates the bucket unless it exists: data kept from an earlier run stays. */
export async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
  } catch (err) {
    if (!["NotFound", "NoSuchBucket"].includes(errorName(err))) throw err;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }
}

/** Creates the hot table unless it exists, then waits until it is ACTIVE. */
export async function ensureHotTable(dynamo: DynamoDBClient, name: string): Promise<void> {
  try {
    await dynamo.send(new CreateTableCommand(hotTableDefinition(name)));
  } catch (err) {
    if (errorName(err) !== "ResourceInUseException") throw err;
  }
  // Polled by hand: the SDK waiter's first delay is 20 s, and local servers are ready at once.
  for (let attempt = 0; attempt < 100; attempt++) {
    const out = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    if (out.Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}

/** Whether the server turned TTL on, or why not. */
export type TtlOutcome = "enabled" | "unsupported";

/**
 * Turns on TTL on the hot table's expiry attribute, as MetricStore does in AWS. Servers
 * without TTL (dynalite) answer UnknownOperationException: the run goes on without it.
 */
export async function enableTtl(dynamo: DynamoDBClient, table: string): Promise<TtlOutcome> {
  try {
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: HOT_TABLE_KEYS.ttlAttribute, Enabled: true },
      }),
    );
    return "enabled";
  } catch (err) {
    const name = errorName(err);
    if (name === "UnknownOperationException") return "unsupported";
    // DynamoDB refuses to enable TTL twice; a kept table already has it.
    if (name === "ValidationException" && /already enabled/i.test((err as Error).message)) {
      return "enabled";
    }
    throw err;
  }
}

/** Deletes every object of the bucket (1000 a call, DeleteObjects' limit); returns how many. */
export async function emptyBucket(s3: S3Client, bucket: string): Promise<number> {
  let deleted = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) continue;
    const out = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
    );
    const failed = out.Errors ?? [];
    if (failed.length > 0) {
      throw new Error(
        `could not delete ${failed.length} object(s) of ${bucket}, e.g. ${failed[0]?.Key}: ${failed[0]?.Message}`,
      );
    }
    deleted += keys.length;
  }
  return deleted;
}

/** Deletes the table if it exists (the caller creates it again, empty). */
export async function deleteTable(dynamo: DynamoDBClient, table: string): Promise<boolean> {
  try {
    await dynamo.send(new DeleteTableCommand({ TableName: table }));
  } catch (err) {
    if (errorName(err) === "ResourceNotFoundException") return false;
    throw err;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await dynamo.send(new DescribeTableCommand({ TableName: table }));
    } catch (err) {
      if (errorName(err) === "ResourceNotFoundException") return true;
      throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${table} was not deleted`);
}
