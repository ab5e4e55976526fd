import { GetObjectCommand, ListObjectsCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createCollector } from "../../functions/data-collector/collector";
import { syntheticSource } from "../../functions/data-collector/sources/synthetic";
import type { MetricSource } from "../../functions/data-collector/sources/types";
import { type LocalServers, startLocalServers } from "../helpers/local-servers";
import { capturedMetrics, emittedTotal, scanTable, silentLogger } from "./fixtures";

const START = "2025-03-01T09:00:00.000Z";

describe("data-collector against s3rver and dynalite", function () {
  let servers: LocalServers;
  let n = 0;

  before(async () => {
    servers = await startLocalServers();
  });
  after(async () => servers.stop());

  async function setup(
    source: MetricSource = syntheticSource({ instances: 2, region: "eu-west-1" }),
  ) {
    const bucket = `lake-${++n}`;
    const table = `hot-${n}`;
    await servers.createBucket(bucket);
    await servers.createHotTable(table);
    const { metrics, docs } = capturedMetrics("dev", () => new Date(START));
    const collector = createCollector({
      s3: servers.s3,
      dynamo: servers.dynamo,
      source,
      settings: { environment: "dev", lakeBucket: bucket, hotTable: table, hotTableTtlDays: 7 },
      logger: silentLogger(),
      metrics,
      clock: () => new Date("2025-03-01T09:30:00.000Z"),
    });
    return { bucket, table, collector, docs };
  }

  async function keys(bucket: string): Promise<string[]> {
    // ListObjects (v1): s3rver's ListObjectsV2 paging needs a legacy OpenSSL provider.
    const out = await servers.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
  }

  it("writes one JSON Lines object per metric type under the hour's partition, and the items", async () => {
    const { bucket, table, collector } = await setup();

    const summary = await collector.collect({
      metric_type: "disk",
      execution_id: "exec-1",
      execution_start_time: START,
    });

    const key = "raw-metrics/year=2025/month=03/day=01/hour=09/disk-exec-1.jsonl";
    expect(summary).to.deep.include({
      execution_id: "exec-1",
      metric_type: "disk",
      source: "synthetic",
      record_count: 6,
      s3_key: key,
      items_written: 6,
      invalid_count: 0,
      missing: [],
    });
    expect(await keys(bucket)).to.deep.equal([key]);
    const body = await (
      await servers.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToString();
    const records = (body ?? "")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.metric_name).sort()).to.deep.equal([
      "disk_read_bytes",
      "disk_read_bytes",
      "disk_utilization",
      "disk_utilization",
      "disk_write_bytes",
      "disk_write_bytes",
    ]);
    expect(records[0]).to.deep.include({
      timestamp: START,
      metric_type: "disk",
      metadata: { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true },
    });
    const items = await scanTable(servers.dynamo, table);
    expect(items).to.have.length(6);
    expect(items.map((i) => i.pk)).to.include("INSTANCE#i-00000000000000001");
    expect(items.every((i) => i.execution_id === "exec-1" && i.gsi1pk === "METRIC#disk")).to.equal(
      true,
    );
  });

  it("overwrites, never duplicates, when an execution is retried later", async () => {
    const { bucket, table, collector } = await setup();
    const event = {
      metric_type: "cpu" as const,
      execution_id: "exec-2",
      execution_start_time: START,
    };

    const first = await collector.collect(event);
    const second = await collector.collect(event);

    expect(second).to.deep.equal(first);
    expect(await keys(bucket)).to.deep.equal([
      "raw-metrics/year=2025/month=03/day=01/hour=09/cpu-exec-2.jsonl",
    ]);
    expect(await scanTable(servers.dynamo, table)).to.have.length(2);
  });

  it("collects all four types when no metric_type is given (the original input)", async () => {
    const { bucket, collector } = await setup();

    const result = await collector.collect({}, "request-7");

    expect(result).to.include({ metric_type: "all", execution_id: "request-7", record_count: 14 });
    expect(await keys(bucket)).to.deep.equal(
      ["cpu", "disk", "memory", "network"].map(
        (t) => `raw-metrics/year=2025/month=03/day=01/hour=09/${t}-request-7.jsonl`,
      ),
    );
  });

  it("emits host values as EMF per instance and per environment, and the pipeline counters", async () => {
    const { collector, docs } = await setup();

    await collector.collect({
      metric_type: "network",
      execution_id: "e",
      execution_start_time: START,
    });

    const host = docs.filter((d) => "network_in" in d);
    expect(host).to.have.length(2);
    expect(host[0]?._aws.CloudWatchMetrics).to.deep.equal([
      {
        Namespace: "InfraMonitoring",
        Dimensions: [["InstanceId"], ["Environment"]],
        Metrics: [
          { Name: "network_in", Unit: "Bytes" },
          { Name: "network_out", Unit: "Bytes" },
        ],
      },
    ]);
    expect(host[0]).to.include({ InstanceId: "i-00000000000000001", Environment: "dev" });
    expect(host[0]).not.to.have.property("service");
    expect(host[0]?._aws.Timestamp).to.equal(Date.parse(START));
    const counters = docs.filter((d) => "RecordsCollected" in d);
    expect(counters.map((d) => d._aws.CloudWatchMetrics[0]?.Dimensions)).to.deep.equal([
      [["Environment"]],
    ]);
    expect(emittedTotal(docs, "RecordsCollected")).to.equal(4);
  });

  it("writes only valid records and reports instances without datapoints", async () => {
    const source: MetricSource = {
      name: "stub",
      async collect() {
        return {
          records: [
            {
              timestamp: START,
              instance_id: "i-1",
              region: "eu-west-1",
              metric_type: "memory",
              metric_name: "memory_utilization",
              value: 61,
              unit: "Percent",
              metadata: { collection_method: "cloudwatch-agent", pipeline_version: "1.0" },
            },
            { timestamp: START, instance_id: "i-2", value: "n/a" },
          ],
          missing: ["i-3/memory_utilization"],
        };
      },
    };
    const { table, collector, docs } = await setup(source);

    const summary = await collector.collect({ metric_type: "memory", execution_id: "e3" });

    expect(summary).to.deep.include({
      record_count: 1,
      invalid_count: 1,
      missing: ["i-3/memory_utilization"],
    });
    expect((await scanTable(servers.dynamo, table)).map((i) => i.instance_id)).to.deep.equal([
      "i-1",
    ]);
    expect(emittedTotal(docs, "InstancesWithoutData")).to.equal(1);
  });

  it("rejects an unknown metric type with a clear error", async () => {
    const { collector } = await setup();
    let error: unknown;
    try {
      await collector.collect({ metric_type: "gpu" as never });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      "Invalid collector event: metric_type: must be one of cpu, memory, disk, network",
    );
  });
});
