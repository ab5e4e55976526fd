import { paginateQuery, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { HOT_TABLE_KEYS, metricTypeIndexKeys, type HotTableItem } from "../../contract/hot-table";

/** A time range over ISO-8601 timestamps, both ends included. */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export interface HotTableReaderOptions {
  /** Index shards queried at once. @default 16 */
  readonly concurrency?: number;
}

/** `~` sorts after every character a key holds after the timestamp, so `to` is inclusive. */
const upper = (to: string) => `${to}~`;

async function allPages(
  client: DynamoDBDocumentClient,
  input: Parameters<typeof paginateQuery>[1],
): Promise<HotTableItem[]> {
  const items: HotTableItem[] = [];
  for await (const page of paginateQuery({ client }, input)) {
    items.push(...((page.Items ?? []) as HotTableItem[]));
  }
  return items;
}

/** Runs `task` over `inputs`, `limit` at a time, results in the order of the inputs. */
async function mapLimited<T, R>(
  inputs: readonly T[],
  limit: number,
  task: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await task(inputs[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

/**
 * The hot table's three access patterns. The metric-type query reads every index shard (and
 * the unsharded key of items written before the sharding) and merges them in time order.
 */
export function hotTableReader(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: HotTableReaderOptions = {},
) {
  const k = HOT_TABLE_KEYS;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  return {
    /** One instance's items over a time range, oldest first. */
    instanceRange(instanceId: string, range: TimeRange): Promise<HotTableItem[]> {
      return allPages(client, {
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
        ExpressionAttributeNames: { "#pk": k.partitionKey, "#sk": k.sortKey },
        ExpressionAttributeValues: {
          ":pk": `${k.instancePrefix}${instanceId}`,
          ":from": range.from,
          ":to": upper(range.to),
        },
      });
    },

    /** An instance's newest `limit` items, newest first. */
    async latest(instanceId: string, limit: number): Promise<HotTableItem[]> {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": k.partitionKey },
          ExpressionAttributeValues: { ":pk": `${k.instancePrefix}${instanceId}` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []) as HotTableItem[];
    },

    /** One metric type's items across every instance over a time range, oldest first. */
    async metricTypeRange(metricType: string, range: TimeRange): Promise<HotTableItem[]> {
      const shards = await mapLimited(metricTypeIndexKeys(metricType), concurrency, (key) =>
        allPages(client, {
          TableName: tableName,
          IndexName: k.metricTypeIndex,
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
          ExpressionAttributeNames: {
            "#pk": k.metricTypeIndexPartitionKey,
            "#sk": k.metricTypeIndexSortKey,
          },
          ExpressionAttributeValues: { ":pk": key, ":from": range.from, ":to": upper(range.to) },
        }),
      );
      // Each shard is sorted by gsi1sk already; a sort of the whole is simple and fast enough.
      return shards.flat().sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : a.gsi1sk > b.gsi1sk ? 1 : 0));
    },
  };
}

export type HotTableReader = ReturnType<typeof hotTableReader>;
