import {
  BatchWriteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { parseMetricLine } from "../../functions/log-processor/metric-lines";
import { DEFAULT_WRITE_CONCURRENCY } from "../../functions/shared/batch-write";
import { ingestContext } from "../../contract/hot-table";
import { hotTableAttributes } from "../../functions/shared/hot-table-attributes";
import { generateMetricLines } from "../generate";

/** BatchWriteItem's limit, as the processor's writer uses it. */
const BATCH = 25;

/** The hot-table items the processor would write for `count` generated lines, built up front. */
function itemsOf(count: number): Record<string, AttributeValue>[] {
  const ctx = ingestContext("raw-metrics/bench/sdk-baseline.jsonl", new Date(), 7);
  return generateMetricLines(count).map((line, i) => {
    const parsed = parseMetricLine(line, ctx.ingestedAtMs);
    if (!parsed.ok) throw new Error(`generated line rejected: ${parsed.reason}`);
    return hotTableAttributes(parsed.record, parsed.timeMs, i + 1, ctx);
  });
}

/**
 * The floor under the processor's simulated-I/O figure: the bare SDK client writing the same
 * items, prebuilt (no reading, parsing or item building), 25 a call with as many calls in
 * flight as the processor's writer. Returns the seconds the writes took.
 */
export async function sdkBaselineSeconds(
  dynamo: DynamoDBClient,
  table: string,
  count: number,
): Promise<number> {
  const items = itemsOf(count);
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    batches.push(items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } })));
  }
  let next = 0;
  const worker = async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) {
      await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: DEFAULT_WRITE_CONCURRENCY }, worker));
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
