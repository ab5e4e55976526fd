import { PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { deleteTable, emptyBucket, enableTtl, ensureHotTable } from "../../local/provision";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";

describe("provisioning the local lake and table", function () {
  this.timeout(30_000);
  let servers: LocalServers;
  localServersSuite((started) => (servers = started));

  it("TTL: dynalite has none; the run goes on and says so", async () => {
    await servers.createHotTable("ttl-table");
    expect(await enableTtl(servers.dynamo, "ttl-table")).to.equal("unsupported");
  });

  it("--fresh empties the bucket: every object, and says how many", async () => {
    await servers.createBucket("fresh-lake");
    for (let i = 0; i < 7; i++) {
      await servers.s3.send(
        new PutObjectCommand({ Bucket: "fresh-lake", Key: `raw-metrics/k${i}.jsonl`, Body: "x" }),
      );
    }
    expect(await emptyBucket(servers.s3, "fresh-lake")).to.equal(7);
    const left = await servers.s3.send(new ListObjectsV2Command({ Bucket: "fresh-lake" }));
    expect(left.KeyCount ?? 0).to.equal(0);
    expect(await emptyBucket(servers.s3, "fresh-lake")).to.equal(0);
  });

  it("--fresh deletes the table, and ensureHotTable makes it again, empty", async () => {
    await servers.createHotTable("fresh-table");
    await servers.dynamo.send(
      new PutItemCommand({
        TableName: "fresh-table",
        Item: {
          [HOT_TABLE_KEYS.partitionKey]: { S: "INSTANCE#a" },
          [HOT_TABLE_KEYS.sortKey]: { S: "x" },
        },
      }),
    );
    expect(await deleteTable(servers.dynamo, "fresh-table")).to.equal(true);
    expect(await deleteTable(servers.dynamo, "fresh-table")).to.equal(false);
    await ensureHotTable(servers.dynamo, "fresh-table");
    const scan = await servers.dynamo.send(new ScanCommand({ TableName: "fresh-table" }));
    expect(scan.Count).to.equal(0);
  });
});
