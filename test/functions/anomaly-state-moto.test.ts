import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import {
  anomalyKey,
  clearPendingAlert,
  type PendingAlert,
  readStates,
  writeState,
} from "../../functions/log-processor/anomaly-state";
import { ensureHotTable } from "../../local/provision";
import { motoSuite } from "../helpers/moto";

const alert: PendingAlert = {
  id: "a".repeat(32),
  instance: "i-aaa",
  metric: "cpu_utilization",
  score: 1,
  value: 45,
  time: "2025-02-28T13:25:00.000Z",
  baselineMean: 20.06,
  baselineStd: 0.27,
  windowStart: "2025-02-28T13:20:00.000Z",
  windowEnd: "2025-02-28T13:29:00.000Z",
};

describe("anomaly state items on moto's DynamoDB", function () {
  this.timeout(30_000);
  const moto = motoSuite();
  let doc: DynamoDBDocumentClient;
  let tables = 0;
  let table: string;
  before(() => {
    doc = DynamoDBDocumentClient.from(new DynamoDBClient(moto().clientConfig));
  });
  beforeEach(async () => {
    table = `hot-${++tables}`;
    await ensureHotTable(doc as unknown as DynamoDBClient, table);
  });

  const pk = anomalyKey("i-aaa", "cpu_utilization");
  const write = (state: string, lastObject: string, pendingAlert?: PendingAlert) => ({
    pk,
    state,
    lastObject,
    expiresAt: 1_800_000_000,
    ...(pendingAlert ? { pendingAlert } : {}),
  });

  it("creates a series' item once: a second create of the same series is refused", async () => {
    expect(await writeState(doc, table, write("a1:first", "o1"), undefined)).to.equal(true);
    expect(await writeState(doc, table, write("a1:other", "o2"), undefined)).to.equal(false);
    const got = await readStates(doc, table, [pk]);
    expect(got.get(pk)).to.deep.equal({ state: "a1:first", version: 1, lastObject: "o1" });
  });

  it("of two writers that read the same version, exactly one wins", async () => {
    await writeState(doc, table, write("a1:v1", "o1"), undefined);
    const read = (await readStates(doc, table, [pk])).get(pk)?.version;
    const results = await Promise.all([
      writeState(doc, table, write("a1:from-o2", "o2"), read),
      writeState(doc, table, write("a1:from-o3", "o3"), read),
    ]);
    expect(results.filter(Boolean)).to.have.length(1);
    const stored = (await readStates(doc, table, [pk])).get(pk);
    expect(stored?.version).to.equal(2);
    expect(stored?.state).to.equal(results[0] ? "a1:from-o2" : "a1:from-o3");
    // The loser, reading again, writes on top of the winner.
    expect(await writeState(doc, table, write("a1:v3", "o4"), 2)).to.equal(true);
    expect((await readStates(doc, table, [pk])).get(pk)?.version).to.equal(3);
  });

  it("keeps a pending alert across a write without one, until its id clears it", async () => {
    await writeState(doc, table, write("a1:v1", "o1", alert), undefined);
    await writeState(doc, table, write("a1:v2", "o2"), 1);
    expect((await readStates(doc, table, [pk])).get(pk)?.pendingAlert).to.deep.equal(alert);
    await clearPendingAlert(doc, table, pk, "b".repeat(32));
    expect((await readStates(doc, table, [pk])).get(pk)?.pendingAlert).to.deep.equal(alert);
    await clearPendingAlert(doc, table, pk, alert.id);
    const item = await doc.send(new GetCommand({ TableName: table, Key: { pk, sk: "STATE" } }));
    expect(item.Item?.pending_alert).to.equal(undefined);
    expect(item.Item?.expires_at).to.equal(1_800_000_000);
    expect(item.Item?.state).to.equal("a1:v2");
  });

  it("reads 250 series past BatchGetItem's 100 keys a call, absent ones absent", async () => {
    const pks = Array.from({ length: 250 }, (_, i) => anomalyKey(`i-${i}`, "memory_utilization"));
    for (const p of pks.slice(0, 120)) {
      await writeState(doc, table, { ...write("a1:x", "o"), pk: p }, undefined);
    }
    const got = await readStates(doc, table, pks);
    expect(got.size).to.equal(120);
    expect([...got.keys()].sort()).to.deep.equal(pks.slice(0, 120).sort());
  });
});
