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
import { metricRecordSchema } from "../../functions/shared/metric-record";

const AT = new Date("2025-03-01T09:00:00Z");
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, "0")}`);

describe("cloudwatch source (mocked CloudWatch and tagging APIs)", () => {
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const tagging = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
  const cwMock = mockClient(cloudwatch);
  const tagMock = mockClient(tagging);

  beforeEach(() => {
    cwMock.reset();
    tagMock.reset();
  });

  /** The source over the mocked clients, in eu-west-1. */
  const sourceWith = (options: Pick<CloudWatchSourceOptions, "instanceIds" | "tag"> = {}) =>
    cloudWatchSource({ cloudwatch, tagging, region: "eu-west-1", ...options });

  /** Answers every query with one datapoint, the value derived from the query's position. */
  function answerAll(input: GetMetricDataCommandInput, at = new Date("2025-03-01T08:55:00Z")) {
    return {
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        Timestamps: [at],
        Values: [Number(q.Id?.slice(1)) % 100],
        StatusCode: "Complete" as const,
      })),
    };
  }

  it("splits 600 queries into calls of at most 500 and reads the newest datapoint of each", async () => {
    // 200 instances x 3 disk metrics = 600 queries.
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerAll(input));
    const source = sourceWith({ instanceIds: ids(200) });

    const reading = await source.collect("disk", AT);

    const calls = cwMock.commandCalls(GetMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.MetricDataQueries?.length)).to.deep.equal([500, 100]);
    const first = calls[0]?.args[0].input;
    expect(first?.StartTime).to.deep.equal(new Date("2025-03-01T08:45:00Z"));
    expect(first?.EndTime).to.deep.equal(AT);
    expect(first?.MetricDataQueries?.slice(0, 3).map((q) => q.MetricStat?.Metric)).to.deep.equal([
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
    expect(reading.records).to.have.length(600);
    expect(reading.missing).to.deep.equal([]);
    expect(reading.records.every((r) => metricRecordSchema.safeParse(r).success)).to.equal(true);
  });

  it("follows NextToken and keeps the newest value across pages", async () => {
    cwMock
      .on(GetMetricDataCommand, { NextToken: undefined })
      .resolves({
        MetricDataResults: [
          { Id: "q0", Timestamps: [new Date("2025-03-01T08:50:00Z")], Values: [40] },
        ],
        NextToken: "page-2",
      })
      .on(GetMetricDataCommand, { NextToken: "page-2" })
      .resolves({
        MetricDataResults: [
          { Id: "q0", Timestamps: [new Date("2025-03-01T08:55:00Z")], Values: [70] },
          { Id: "q1", Timestamps: [new Date("2025-03-01T08:55:00Z")], Values: [12.5] },
        ],
      });
    const source = sourceWith({ instanceIds: ["i-a", "i-b"] });

    const reading = await source.collect("cpu", AT);

    expect(cwMock.commandCalls(GetMetricDataCommand)).to.have.length(2);
    expect(reading.records).to.deep.equal([
      {
        timestamp: "2025-03-01T08:55:00.000Z",
        instance_id: "i-a",
        region: "eu-west-1",
        metric_type: "cpu",
        metric_name: "cpu_utilization",
        value: 70,
        unit: "Percent",
        metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" },
      },
      {
        timestamp: "2025-03-01T08:55:00.000Z",
        instance_id: "i-b",
        region: "eu-west-1",
        metric_type: "cpu",
        metric_name: "cpu_utilization",
        value: 12.5,
        unit: "Percent",
        metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" },
      },
    ]);
  });

  it("reports an instance without datapoints instead of inventing a value", async () => {
    cwMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "q0", Timestamps: [new Date("2025-03-01T08:55:00Z")], Values: [64] },
        { Id: "q1", Timestamps: [], Values: [] },
      ],
    });
    const source = sourceWith({ instanceIds: ["i-a", "i-b"] });

    const reading = await source.collect("memory", AT);

    expect(reading.records).to.have.length(1);
    expect(reading.records[0]).to.include({
      instance_id: "i-a",
      metric_name: "memory_utilization",
    });
    expect(reading.missing).to.deep.equal(["i-b/memory_utilization"]);
  });

  it("finds instances by tag across GetResources pages", async () => {
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
      .callsFake((input: GetMetricDataCommandInput) => answerAll(input));
    const source = sourceWith({ tag: { key: "Monitoring", value: "enabled" } });

    const reading = await source.collect("network", AT);

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
  });

  it("fails clearly with neither instance ids nor a tag", async () => {
    const source = sourceWith();
    let error: unknown;
    try {
      await source.collect("cpu", AT);
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.match(/needs instance ids or a tag/);
  });
});
