import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { UnprocessedItemsError, writeAll } from "../../functions/shared/batch-write";

describe("batched hot-table writes (mocked DynamoDB)", () => {
  const dynamo = new DynamoDBClient({ region: "eu-west-1" });
  const mock = mockClient(dynamo);
  const items = (n: number, prefix = "i") =>
    Array.from({ length: n }, (_, i) => ({
      pk: { S: `INSTANCE#${prefix}-${i}` },
      sk: { S: "t" },
      value: { N: `${i}` },
    }));
  const requestsOf = (input: BatchWriteItemCommandInput) => input.RequestItems?.hot ?? [];

  beforeEach(() => mock.reset());

  it("sends 25 puts a request and removes duplicate keys inside a batch", async () => {
    mock.on(BatchWriteItemCommand).resolves({});
    const written = await writeAll(dynamo, "hot", [...items(30), ...items(30).slice(26, 29)]);
    const sizes = mock
      .commandCalls(BatchWriteItemCommand)
      .map((c) => requestsOf(c.args[0].input).length);
    expect(sizes).to.deep.equal([25, 5]);
    expect(written).to.equal(30);
  });

  it("sends the caller's wire items as they are, the later of two with one key", async () => {
    mock.on(BatchWriteItemCommand).resolves({});
    const later = { pk: { S: "INSTANCE#i-1" }, sk: { S: "t" }, value: { N: "99" } };
    await writeAll(dynamo, "hot", [...items(3), later]);
    const sent = mock.commandCalls(BatchWriteItemCommand).map((c) => requestsOf(c.args[0].input));
    expect(sent).to.deep.equal([
      [
        { PutRequest: { Item: { pk: { S: "INSTANCE#i-0" }, sk: { S: "t" }, value: { N: "0" } } } },
        { PutRequest: { Item: { pk: { S: "INSTANCE#i-1" }, sk: { S: "t" }, value: { N: "99" } } } },
        { PutRequest: { Item: { pk: { S: "INSTANCE#i-2" }, sk: { S: "t" }, value: { N: "2" } } } },
      ],
    ]);
  });

  it("backs off exponentially with jitter, then names how many items were not written", async () => {
    // DynamoDB keeps refusing the last 4 items of the batch.
    mock.on(BatchWriteItemCommand).callsFake((input: BatchWriteItemCommandInput) => ({
      UnprocessedItems: { hot: requestsOf(input).slice(-4) },
    }));
    const delays: number[] = [];
    let error: unknown;
    try {
      await writeAll(dynamo, "hot", items(10), {
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
    const retried = mock.commandCalls(BatchWriteItemCommand).slice(1);
    expect(retried.map((c) => requestsOf(c.args[0].input).length)).to.deep.equal([4, 4, 4, 4]);
  });
});
