import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { Readable } from "node:stream";
import { withoutSdkLogger } from "../../functions/shared/sdk-client";

/** A client that answers every call with an empty table list; its info log goes to `lines`. */
function recordingClient(lines: unknown[]): DynamoDBClient {
  const ignore = () => undefined;
  return new DynamoDBClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    logger: {
      debug: ignore,
      info: (entry: unknown) => void lines.push(entry),
      warn: ignore,
      error: ignore,
    },
    requestHandler: {
      async handle() {
        const body = Readable.from([Buffer.from('{"TableNames":[]}')]);
        const headers = { "content-type": "application/x-amz-json-1.0" };
        return { response: { statusCode: 200, headers, body } };
      },
    },
  });
}

describe("withoutSdkLogger", () => {
  it("drops the SDK's per-call log of each command, and only that", async () => {
    const logged: unknown[] = [];
    await recordingClient(logged).send(new ListTablesCommand({}));
    // By default the SDK logs the call, its input and output masked, at info.
    expect(logged).to.have.length(1);
    expect(logged[0]).to.deep.include({ commandName: "ListTablesCommand", input: {} });

    const quiet: unknown[] = [];
    const client = withoutSdkLogger(recordingClient(quiet));
    const out = await client.send(new ListTablesCommand({}));
    expect(out.TableNames).to.deep.equal([]);
    expect(quiet).to.deep.equal([]);
  });
});
