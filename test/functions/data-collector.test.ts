import { GetObjectCommand, ListObjectsCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createCollector } from "../../functions/data-collector/collector";
import { syntheticSource } from "../../functions/data-collector/sources/synthetic";
import type { MetricSource } from "../../functions/data-collector/sources/types";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";
import { capturedMetrics, collectorSettings, emittedTotal, silentLogger } from "./fixtures";

const START = "2025-03-01T09:00:00.000Z";
const HOUR = "raw-metrics/year=2025/month=03/day=01/hour=09/";

describe("data-collector (point-in-time sources) against s3rver", function () {
  let servers: LocalServers;
  let n = 0;

  localServersSuite((started) => (servers = started));

  async function setup(
    source: MetricSource = syntheticSource({ instances: 2, region: "eu-west-1" }),
  ) {
    const bucket = `lake-${++n}`;
    await servers.createBucket(bucket);
    const { metrics, docs } = capturedMetrics("dev", () => new Date(START));
    const collector = createCollector({
      s3: servers.s3,
      source,
      settings: collectorSettings(bucket),
      logger: silentLogger(),
      metrics,
      clock: () => new Date("2025-03-01T09:30:00.000Z"),
    });
    return { bucket, collector, docs };
  }

  async function keys(bucket: string): Promise<string[]> {
    // ListObjects (v1): s3rver's ListObjectsV2 paging needs a legacy OpenSSL provider.
    const out = await servers.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
  }

  it("writes one JSON Lines object per metric type, named after the scheduled time, and no item", async () => {
    const { bucket, collector } = await setup();

    const summary = await collector.collect({
      metric_type: "disk",
      execution_id: "exec-1",
      scheduled_time: START,
    });

    const key = `${HOUR}disk-20250301T090000Z-shard-0-of-1.jsonl`;
    expect(summary).to.deep.equal({
      execution_id: "exec-1",
      metric_type: "disk",
      source: "synthetic",
      // The window a windowed source would read: [S - 3 h - 10 min, S - 10 min).
      window_start: "2025-03-01T05:50:00.000Z",
      window_end: "2025-03-01T08:50:00.000Z",
      shard_index: 0,
      shard_count: 1,
      record_count: 6,
      s3_keys: [key],
      invalid_count: 0,
      missing_count: 0,
      missing_sample: [],
      error_count: 0,
      error_sample: [],
    });
    expect(await keys(bucket)).to.deep.equal([key]);
    const out = await servers.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const records = ((await out.Body?.transformToString()) ?? "")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).to.have.length(6);
    expect(records[0]).to.deep.include({
      timestamp: START,
      metric_type: "disk",
      metadata: { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true },
    });
  });

  it("refuses at construction a cron() croner cannot read, naming the variable", () => {
    const build = (collectionSchedule: string) => () =>
      createCollector({
        s3: servers.s3,
        source: syntheticSource({ instances: 1, region: "eu-west-1" }),
        settings: collectorSettings("lake", { collectionSchedule }),
        logger: silentLogger(),
        metrics: capturedMetrics("dev").metrics,
      });
    expect(build("cron(99 * * * ? *)")).to.throw(
      /^Invalid handler settings: COLLECTION_SCHEDULE: .*minute/,
    );
    expect(build("cron(0 9,17 * * ? *)")).to.not.throw();
  });

  it("overwrites, never duplicates, when an execution is retried later", async () => {
    const { bucket, collector } = await setup();
    const event = { metric_type: "cpu" as const, execution_id: "exec-2", scheduled_time: START };

    const first = await collector.collect(event);
    const second = await collector.collect(event);

    expect(second).to.deep.equal(first);
    expect(await keys(bucket)).to.deep.equal([`${HOUR}cpu-20250301T090000Z-shard-0-of-1.jsonl`]);
  });

  it("falls back to the execution's start when no scheduled time is given (an old schedule)", async () => {
    const { bucket, collector } = await setup();
    await collector.collect({ metric_type: "cpu", execution_start_time: START });
    expect(await keys(bucket)).to.deep.equal([`${HOUR}cpu-20250301T090000Z-shard-0-of-1.jsonl`]);
  });

  it("collects all four types when no metric_type is given (the original input)", async () => {
    const { bucket, collector } = await setup();

    const result = await collector.collect({}, "request-7");

    expect(result).to.include({ metric_type: "all", execution_id: "request-7", record_count: 14 });
    // No scheduled time: the invocation's clock.
    expect(await keys(bucket)).to.deep.equal(
      ["cpu", "disk", "memory", "network"].map(
        (t) => `${HOUR}${t}-20250301T093000Z-shard-0-of-1.jsonl`,
      ),
    );
  });

  it("emits host values as EMF per instance and per environment, and the pipeline counters", async () => {
    const { collector, docs } = await setup();

    await collector.collect({ metric_type: "network", execution_id: "e", scheduled_time: START });

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

  it("writes only valid records and counts instances without datapoints, listing a few", async () => {
    const missing = Array.from({ length: 30 }, (_, i) => `i-${i}/memory_utilization`);
    const source: MetricSource = {
      name: "stub",
      windowed: false,
      countTargets: async () => 32,
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
          missing,
          errors: [],
        };
      },
    };
    const { collector, docs } = await setup(source);

    const summary = await collector.collect({ metric_type: "memory", execution_id: "e3" });

    expect(summary).to.deep.include({
      record_count: 1,
      invalid_count: 1,
      missing_count: 30,
      missing_sample: missing.slice(0, 10),
    });
    expect(emittedTotal(docs, "InstancesWithoutData")).to.equal(30);
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
