import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { UnprocessedItemsError, writeAll } from "../../functions/shared/batch-write";

describe("batched hot-table writes (mocked DynamoDB)", () => {
  const dynamo = new DynamoDBClient({ region: "eu-west-1" });
  const doc = DynamoDBDocumentClient.from(dynamo);
  const mock = mockClient(doc);
  const items = (n: number, prefix = "i") =>
    Array.from({ length: n }, (_, i) => ({ pk: `INSTANCE#${prefix}-${i}`, sk: "t", value: i }));
  const requestsOf = (input: BatchWriteCommandInput) => input.RequestItems?.hot ?? [];

  beforeEach(() => mock.reset());

  it("sends 25 puts a request and removes duplicate keys inside a batch", async () => {
    mock.on(BatchWriteCommand).resolves({});
    const written = await writeAll(doc, "hot", [...items(30), ...items(30).slice(26, 29)]);
    const sizes = mock
      .commandCalls(BatchWriteCommand)
      .map((c) => requestsOf(c.args[0].input).length);
    expect(sizes).to.deep.equal([25, 5]);
    expect(written).to.equal(30);
  });

  it("backs off exponentially with jitter, then names how many items were not written", async () => {
    // DynamoDB keeps refusing the last 4 items of the batch.
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => ({
      UnprocessedItems: { hot: requestsOf(input).slice(-4) },
    }));
    const delays: number[] = [];
    let error: unknown;
    try {
      await writeAll(doc, "hot", items(10), {
        maxAttempts: 5,
        baseDelayMs: 100,
        maxDelayMs: 500,
        random: () => 0.5,
        sleep: async (ms) => {
          delays.push(ms);
        },
      });
    } catch (err) {
      error = err;
    }
    expect(delays).to.deep.equal([50, 100, 200, 250]);
    expect(error).to.be.instanceOf(UnprocessedItemsError);
    expect((error as UnprocessedItemsError).unwritten).to.equal(4);
    expect((error as Error).message).to.equal(
      "4 item(s) were not written to the hot table: still unprocessed after 5 BatchWriteItem attempts",
    );
    const retried = mock.commandCalls(BatchWriteCommand).slice(1);
    expect(retried.map((c) => requestsOf(c.args[0].input).length)).to.deep.equal([4, 4, 4, 4]);
  });
});
