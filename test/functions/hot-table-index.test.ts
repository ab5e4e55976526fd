import { expect } from "chai";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  HOT_TABLE_KEYS,
  ingestContext,
  metricTypeShard,
  stableHash,
  type HotTableItem,
} from "../../contract/hot-table";
import { hotTableAttributes } from "../../functions/shared/hot-table-attributes";
import { BatchWriter, hotTableDocumentClient } from "../../functions/shared/batch-write";
import { hotTableReader } from "../../functions/shared/hot-table-query";
import type { MetricRecord } from "../../contract/metric-record";
import { ensureHotTable } from "../../local/provision";
import { localServersSuite } from "../helpers/local-servers";
import { motoSuite } from "../helpers/moto";

const INSTANCES = 1_000;
const T0 = Date.parse("2025-03-01T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const ids = Array.from({ length: INSTANCES }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);

function record(instanceId: string, type: "cpu" | "memory", atMs: number): MetricRecord {
  return {
    timestamp: iso(atMs),
    instance_id: instanceId,
    region: "eu-west-1",
    metric_type: type,
    metric_name: type === "cpu" ? "cpu_utilization" : "memory_utilization",
    value: 42,
    unit: "Percent",
    metadata: { collection_method: "synthetic", pipeline_version: "1.0" },
  } as MetricRecord;
}

/**
 * Writes a run through the processor's writer: every instance's cpu at T0 and T0 + 5 min,
 * one memory item each, and one cpu item an hour later (outside the queried range).
 */
async function writeRun(dynamo: DynamoDBClient, table: string): Promise<void> {
  const ctx = ingestContext("raw-metrics/x.jsonl", new Date(T0 + 600_000), 7);
  const writer = new BatchWriter(dynamo, table, {
    sleep: async () => {},
  });
  let line = 0;
  for (const id of ids) {
    for (const [type, at] of [
      ["cpu", T0],
      ["cpu", T0 + 300_000],
      ["memory", T0],
    ] as const) {
      await writer.add(hotTableAttributes(record(id, type, at), at, ++line, ctx));
    }
  }
  const late = T0 + 3_600_000;
  await writer.add(hotTableAttributes(record(ids[0] ?? "", "cpu", late), late, ++line, ctx));
  await writer.flush();
}

function indexBehaviour(client: () => DynamoDBClient, table: string, edges: boolean) {
  // One query of the run's range, shared: moto answers an index query in about 0.1 s.
  let cpu: HotTableItem[] = [];
  before(async function () {
    this.timeout(120_000);
    await ensureHotTable(client(), table);
    await writeRun(client(), table);
    const reader = hotTableReader(hotTableDocumentClient(client()), table);
    cpu = await reader.metricTypeRange("cpu", { from: iso(T0), to: iso(T0 + 300_000) });
  });

  it("spreads one metric type's index writes over the shards", () => {
    const keys = new Set(cpu.map((i) => i.gsi1pk));
    // 1,000 ids over 128 shards: every shard holds about 8, none stays empty by chance.
    expect(keys.size).to.equal(128);
    for (const key of keys) expect(key).to.match(/^METRIC#cpu#(\d|[1-9]\d|1[01]\d|12[0-7])$/);
  });

  it("returns every instance of one metric type, from all shards, in time order", () => {
    const items = cpu;
    expect(items).to.have.length(2 * INSTANCES);
    expect(new Set(items.map((i) => i.instance_id)).size).to.equal(INSTANCES);
    expect(items.every((i) => i.metric_type === "cpu")).to.equal(true);
    const times = items.map((i) => i.timestamp);
    expect(times.slice(0, INSTANCES).every((t) => t === iso(T0))).to.equal(true);
    expect(times.slice(INSTANCES).every((t) => t === iso(T0 + 300_000))).to.equal(true);
  });

  // The range's edges are the same key condition on any server; moto takes 13 s a query here.
  if (edges)
    it("includes both ends of the range and nothing past them", async function () {
      this.timeout(60_000);
      const reader = hotTableReader(hotTableDocumentClient(client()), table);
      const first = await reader.metricTypeRange("cpu", { from: iso(T0), to: iso(T0) });
      expect(first).to.have.length(INSTANCES);
      const late = await reader.metricTypeRange("cpu", {
        from: iso(T0 + 300_001),
        to: iso(T0 + 7_200_000),
      });
      expect(late.map((i) => i.timestamp)).to.deep.equal([iso(T0 + 3_600_000)]);
    });

  it("finds items written before the sharding under the unsharded key", async function () {
    this.timeout(60_000);
    const old = {
      ...hotTableAttributes(
        record("i-legacy", "memory", T0),
        T0,
        1,
        ingestContext("raw-metrics/old.jsonl", new Date(T0), 7),
      ),
      gsi1pk: { S: "METRIC#memory" },
    };
    await client().send(new PutItemCommand({ TableName: table, Item: old }));
    const doc = hotTableDocumentClient(client());
    const items = await hotTableReader(doc, table).metricTypeRange("memory", {
      from: iso(T0),
      to: iso(T0),
    });
    expect(items).to.have.length(INSTANCES + 1);
    expect(items.filter((i) => i.instance_id === "i-legacy")).to.have.length(1);
  });

  it("still answers one instance over a time range and its latest values", async () => {
    const reader = hotTableReader(hotTableDocumentClient(client()), table);
    const id = ids[0] ?? "";
    const range = await reader.instanceRange(id, { from: iso(T0), to: iso(T0 + 300_000) });
    expect(range.map((i) => `${i.timestamp} ${i.metric_type}`)).to.deep.equal([
      `${iso(T0)} cpu`,
      `${iso(T0)} memory`,
      `${iso(T0 + 300_000)} cpu`,
    ]);
    const latest = await reader.latest(id, 2);
    expect(latest.map((i) => i.timestamp)).to.deep.equal([iso(T0 + 3_600_000), iso(T0 + 300_000)]);
  });
}

describe("hot-table index sharding", () => {
  it("hashes ids with FNV-1a (published test vectors)", () => {
    expect(stableHash("")).to.equal(0x811c9dc5);
    expect(stableHash("a")).to.equal(0xe40c292c);
    expect(stableHash("foobar")).to.equal(0xbf9cf968);
  });

  it("puts every item of an instance under one shard, and ids under 128 shards", () => {
    expect(HOT_TABLE_KEYS.metricTypeIndexShards).to.equal(128);
    // 0xbf9cf968 mod 128 = 104; 0x908945d5 mod 128 = 85.
    expect(metricTypeShard("foobar")).to.equal(104);
    const ctx = ingestContext("k", new Date(T0), 7);
    const a = hotTableAttributes(record("i-0123456789abcdef0", "cpu", T0), T0, 1, ctx);
    const b = hotTableAttributes(record("i-0123456789abcdef0", "memory", T0 + 1), T0 + 1, 2, ctx);
    expect([a.gsi1pk, b.gsi1pk]).to.deep.equal([{ S: "METRIC#cpu#85" }, { S: "METRIC#memory#85" }]);
  });

  describe("on dynalite", () => {
    let dynamo: DynamoDBClient | undefined;
    localServersSuite((servers) => {
      dynamo = servers.dynamo;
    });
    indexBehaviour(() => dynamo as DynamoDBClient, "hot-sharded", true);
  });

  describe("on moto", () => {
    const moto = motoSuite();
    indexBehaviour(() => new DynamoDBClient(moto().clientConfig), "hot-sharded", false);
  });
});
