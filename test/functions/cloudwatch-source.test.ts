import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  cloudWatchSource,
  type CloudWatchSourceOptions,
} from "../../functions/data-collector/sources/cloudwatch";
import { metricRecordSchema, type MetricType } from "../../contract/metric-record";
import { answerWindow, sourceRequest } from "./fixtures";

const AT = new Date("2025-03-01T09:00:00Z");
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, "0")}`);
const noWait = { sleep: async () => undefined };

/** A service error as the SDK raises it: named, with its HTTP status. */
function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from the service`), {
    name,
    $metadata: { httpStatusCode: status },
  });
}

describe("cloudwatch source (mocked CloudWatch and tagging APIs)", () => {
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const tagging = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
  const cwMock = mockClient(cloudwatch);
  const tagMock = mockClient(tagging);

  beforeEach(() => {
    cwMock.reset();
    tagMock.reset();
  });

  const sourceWith = (
    options: Pick<CloudWatchSourceOptions, "instanceIds" | "tag" | "periodSeconds"> = {},
  ) => cloudWatchSource({ cloudwatch, tagging, region: "eu-west-1", retry: noWait, ...options });

  const read = (type: MetricType, windowSeconds = 900) => sourceRequest(type, AT, windowSeconds);

  it("3 hours of 5-minute datapoints: 36 records per instance and metric, the window's end excluded", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input));
    const reading = await sourceWith({ instanceIds: ids(2) }).collect(read("disk", 3 * 3600));

    const call = cwMock.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(call).to.deep.include({
      StartTime: new Date("2025-03-01T06:00:00Z"),
      EndTime: AT,
      ScanBy: "TimestampAscending",
    });
    expect(call?.MetricDataQueries?.[0]?.MetricStat).to.deep.include({ Period: 300 });
    const records = reading.records.map((r) => metricRecordSchema.parse(r));
    // 2 instances x 3 disk metrics x 36 five-minute datapoints.
    expect(records).to.have.length(2 * 3 * 36);
    const per = new Map<string, string[]>();
    for (const r of records) {
      const key = `${r.instance_id}/${r.metric_name}`;
      per.set(key, [...(per.get(key) ?? []), r.timestamp]);
    }
    expect(per.size).to.equal(6);
    for (const timestamps of per.values()) {
      expect(timestamps).to.have.length(36);
      expect(timestamps[0]).to.equal("2025-03-01T06:00:00.000Z");
      expect(timestamps.at(-1)).to.equal("2025-03-01T08:55:00.000Z");
    }
    expect(reading.missing).to.deep.equal([]);
    expect(reading.errors).to.deep.equal([]);
  });

  it("splits 600 queries into calls of at most 500", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input));
    const reading = await sourceWith({ instanceIds: ids(200) }).collect(read("disk"));

    const calls = cwMock.commandCalls(GetMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.MetricDataQueries?.length)).to.deep.equal([500, 100]);
    expect(
      calls[0]?.args[0].input.MetricDataQueries?.slice(0, 3).map((q) => q.MetricStat?.Metric),
    ).to.deep.equal([
      {
        Namespace: "CWAgent",
        MetricName: "disk_used_percent",
        Dimensions: [{ Name: "InstanceId", Value: ids(1)[0] }],
      },
      {
        Namespace: "AWS/EC2",
        MetricName: "EBSReadBytes",
        Dimensions: [{ Name: "InstanceId", Value: ids(1)[0] }],
      },
      {
        Namespace: "AWS/EC2",
        MetricName: "EBSWriteBytes",
        Dimensions: [{ Name: "InstanceId", Value: ids(1)[0] }],
      },
    ]);
    // 15 minutes: 3 datapoints per query.
    expect(reading.records).to.have.length(600 * 3);
  });

  it("a day at 60 s keeps each call under 100,800 datapoints: 70 queries per call", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input, 60));
    const reading = await sourceWith({ instanceIds: ids(100), periodSeconds: 60 }).collect(
      read("cpu", 86_400),
    );

    const sizes = cwMock
      .commandCalls(GetMetricDataCommand)
      .map((c) => c.args[0].input.MetricDataQueries?.length ?? 0);
    expect(sizes).to.deep.equal([70, 30]);
    expect(Math.max(...sizes) * 1440).to.be.at.most(100_800);
    expect(reading.records).to.have.length(100 * 1440);
  });

  it("follows NextToken and keeps every datapoint of every page", async () => {
    cwMock
      .on(GetMetricDataCommand, { NextToken: undefined })
      .resolves({
        MetricDataResults: [
          {
            Id: "q0",
            Timestamps: [new Date("2025-03-01T08:50:00Z")],
            Values: [40],
            StatusCode: "PartialData",
          },
        ],
        NextToken: "page-2",
      })
      .on(GetMetricDataCommand, { NextToken: "page-2" })
      .resolves({
        MetricDataResults: [
          {
            Id: "q0",
            Timestamps: [new Date("2025-03-01T08:55:00Z")],
            Values: [70],
            StatusCode: "Complete",
          },
          {
            Id: "q1",
            Timestamps: [new Date("2025-03-01T08:55:00Z")],
            Values: [12.5],
            StatusCode: "Complete",
          },
        ],
      });
    const reading = await sourceWith({ instanceIds: ["i-a", "i-b"] }).collect(read("cpu"));

    expect(cwMock.commandCalls(GetMetricDataCommand)).to.have.length(2);
    expect(reading.errors).to.deep.equal([]);
    expect(reading.records).to.deep.equal(
      [
        ["i-a", "2025-03-01T08:50:00.000Z", 40],
        ["i-a", "2025-03-01T08:55:00.000Z", 70],
        ["i-b", "2025-03-01T08:55:00.000Z", 12.5],
      ].map(([instance_id, timestamp, value]) => ({
        timestamp,
        instance_id,
        region: "eu-west-1",
        metric_type: "cpu",
        metric_name: "cpu_utilization",
        value,
        unit: "Percent",
        metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" },
      })),
    );
  });

  it("reports an instance without datapoints instead of inventing a value", async () => {
    cwMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "q0",
          Timestamps: [new Date("2025-03-01T08:55:00Z")],
          Values: [64],
          StatusCode: "Complete",
        },
        { Id: "q1", Timestamps: [], Values: [], StatusCode: "Complete" },
      ],
    });
    const reading = await sourceWith({ instanceIds: ["i-a", "i-b"] }).collect(read("memory"));

    expect(reading.records).to.have.length(1);
    expect(reading.records[0]).to.include({
      instance_id: "i-a",
      metric_name: "memory_utilization",
    });
    expect(reading.missing).to.deep.equal(["i-b/memory_utilization"]);
    expect(reading.errors).to.deep.equal([]);
  });

  it("a per-query status other than Complete is an error, not a missing value", async () => {
    cwMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "q0",
          Timestamps: [],
          Values: [],
          StatusCode: "InternalError",
          Messages: [{ Code: "InternalError", Value: "try later" }],
        },
        { Id: "q1", Timestamps: [AT], Values: [3], StatusCode: "Forbidden" },
        { Id: "q2", Timestamps: [], Values: [], StatusCode: "Complete" },
      ],
    });
    const reading = await sourceWith({ instanceIds: ["i-a", "i-b", "i-c"] }).collect(read("cpu"));

    expect(reading.errors).to.deep.equal([
      "i-a/cpu_utilization: StatusCode InternalError (try later)",
      "i-b/cpu_utilization: StatusCode Forbidden",
    ]);
    expect(reading.missing).to.deep.equal(["i-c/cpu_utilization"]);
  });

  it("a query the answer leaves out is an error too", async () => {
    cwMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const reading = await sourceWith({ instanceIds: ["i-a"] }).collect(read("cpu"));
    expect(reading.errors).to.deep.equal(["i-a/cpu_utilization: StatusCode not in the answer"]);
  });

  it("retries a batch after a transient failure and loses nothing", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .rejectsOnce(awsError("ThrottlingException", 400))
      .rejectsOnce(awsError("InternalFailure", 500))
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input));
    const reading = await sourceWith({ instanceIds: ids(3) }).collect(read("cpu"));

    expect(cwMock.commandCalls(GetMetricDataCommand)).to.have.length(3);
    expect(reading.records).to.have.length(3 * 3);
    expect(reading.errors).to.deep.equal([]);
  });

  it("a batch that still fails after the retries is reported; the other batches land", async () => {
    // 200 disk instances: batch 1 (500 queries) fails every time, batch 2 (100) answers.
    cwMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      if (input.MetricDataQueries?.length === 500) throw awsError("ServiceUnavailable", 503);
      return answerWindow(input);
    });
    const reading = await sourceWith({ instanceIds: ids(200) }).collect(read("disk"));

    // 3 attempts of the failing batch, 1 of the other.
    expect(cwMock.commandCalls(GetMetricDataCommand)).to.have.length(4);
    expect(reading.records).to.have.length(100 * 3);
    expect(reading.errors).to.have.length(500);
    expect(reading.errors[0]).to.equal(
      `${ids(1)[0]}/disk_utilization: GetMetricData failed: ServiceUnavailable: ServiceUnavailable from the service`,
    );
    expect(reading.missing).to.deep.equal([]);
  });

  it("does not retry a request the service refuses (4xx)", async () => {
    cwMock.on(GetMetricDataCommand).rejects(awsError("InvalidParameterValue", 400));
    const reading = await sourceWith({ instanceIds: ["i-a"] }).collect(read("cpu"));
    expect(cwMock.commandCalls(GetMetricDataCommand)).to.have.length(1);
    expect(reading.errors).to.have.length(1);
  });

  it("each shard reads its own instances: together exactly the fleet, each once", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input));
    const source = sourceWith({ instanceIds: ids(250) });
    const seen: string[] = [];
    for (let index = 0; index < 3; index++) {
      const reading = await source.collect({ ...read("cpu"), shard: { index, count: 3 } });
      const instances = new Set(
        reading.records.map((r) => (r as { instance_id: string }).instance_id),
      );
      expect(instances.size).to.be.within(50, 120);
      seen.push(...instances);
    }
    expect(seen.sort()).to.deep.equal(ids(250).sort());
  });

  it("reads nothing for an empty window (nothing new is due yet)", async () => {
    const reading = await sourceWith({ instanceIds: ["i-a"] }).collect({
      ...read("cpu"),
      window: { start: AT, end: AT },
    });
    expect(cwMock.commandCalls(GetMetricDataCommand)).to.have.length(0);
    expect(reading).to.deep.equal({ records: [], missing: [], errors: [] });
  });

  it("finds instances by tag across GetResources pages, and counts them", async () => {
    tagMock
      .on(GetResourcesCommand, { PaginationToken: undefined })
      .resolves({
        ResourceTagMappingList: [
          { ResourceARN: "arn:aws:ec2:eu-west-1:123456789012:instance/i-one" },
        ],
        PaginationToken: "next",
      })
      .on(GetResourcesCommand, { PaginationToken: "next" })
      .resolves({
        ResourceTagMappingList: [
          { ResourceARN: "arn:aws:ec2:eu-west-1:123456789012:instance/i-two" },
        ],
        PaginationToken: "",
      });
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input, 900));
    const source = sourceWith({ tag: { key: "Monitoring", value: "enabled" } });

    const reading = await source.collect(read("network"));

    expect(tagMock.commandCalls(GetResourcesCommand)[0]?.args[0].input).to.deep.include({
      ResourceTypeFilters: ["ec2:instance"],
      TagFilters: [{ Key: "Monitoring", Values: ["enabled"] }],
    });
    expect(reading.records.map((r) => (r as { instance_id: string }).instance_id)).to.deep.equal([
      "i-one",
      "i-one",
      "i-two",
      "i-two",
    ]);
    expect(await source.countTargets()).to.equal(2);
  });

  it("retries a throttled tagging page", async () => {
    tagMock
      .on(GetResourcesCommand)
      .rejectsOnce(awsError("ThrottlingException", 400))
      .resolves({
        ResourceTagMappingList: [
          { ResourceARN: "arn:aws:ec2:eu-west-1:123456789012:instance/i-one" },
        ],
      });
    const source = sourceWith({ tag: { key: "Monitoring", value: "enabled" } });
    expect(await source.countTargets()).to.equal(1);
  });

  it("fails clearly with neither instance ids nor a tag", async () => {
    let error: unknown;
    try {
      await sourceWith().collect(read("cpu"));
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.match(/needs instance ids or a tag/);
  });
});
