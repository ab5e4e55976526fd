import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { HOT_TABLE_KEYS } from "../functions/shared/hot-table";

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
