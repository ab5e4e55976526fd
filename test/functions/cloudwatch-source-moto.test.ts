import {
  CloudWatchClient,
  type GetMetricDataCommandInput,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { AwsQueryProtocol } from "@aws-sdk/core/protocols";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { expect } from "chai";
import { cloudWatchSource } from "../../functions/data-collector/sources/cloudwatch";
import { motoSuite } from "../helpers/moto";

const END = new Date("2026-12-01T09:00:00Z");
const START = new Date(END.getTime() - 15 * 60_000);
const FLEET = Array.from({ length: 100 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
const BAD = FLEET[37]!;

/**
 * moto answers CloudWatch's original awsQuery protocol (the SDK now speaks JSON 1.0 to it by
 * default, with awsQuery-compatible errors): the same operations and shapes.
 */
const viaQuery = (config: object) =>
  new CloudWatchClient({ ...config, protocol: AwsQueryProtocol });

/** A refusal as the SDK raises a 4xx: it names no query of the request. */
const refusal = () =>
  Object.assign(new Error("The value for dimension InstanceId is not valid"), {
    name: "InvalidParameterValue",
    $metadata: { httpStatusCode: 400 },
  });

describe("cloudwatch source against moto: a refused GetMetricData batch is split until only the bad series fail", function () {
  this.timeout(60_000);
  const moto = motoSuite();

  /** A client of moto whose calls fail with a 4xx whenever they ask for `bad`'s series. */
  function refusingClient(bad: string | undefined, calls: number[]) {
    const client = viaQuery(moto().clientConfig);
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as GetMetricDataCommandInput;
        if (input.MetricDataQueries) {
          calls.push(input.MetricDataQueries.length);
          const asks = input.MetricDataQueries.some(
            (q) => q.MetricStat?.Metric?.Dimensions?.[0]?.Value === bad,
          );
          if (asks) throw refusal();
        }
        return next(args);
      },
      { step: "initialize", name: "refuseOneInstance" },
    );
    return client;
  }

  before(async () => {
    // Three 5-minute CPUUtilization datapoints per instance, put first as EC2 would.
    const cw = viaQuery(moto().clientConfig);
    const data = FLEET.flatMap((id, i) =>
      [0, 1, 2].map((k) => ({
        MetricName: "CPUUtilization",
        Dimensions: [{ Name: "InstanceId", Value: id }],
        Timestamp: new Date(START.getTime() + k * 300_000),
        Value: i + k / 10,
        Unit: "Percent" as const,
      })),
    );
    for (let i = 0; i < data.length; i += 150) {
      await cw.send(
        new PutMetricDataCommand({ Namespace: "AWS/EC2", MetricData: data.slice(i, i + 150) }),
      );
    }
  });

  const read = (client: CloudWatchClient) =>
    cloudWatchSource({
      cloudwatch: client,
      tagging: new ResourceGroupsTaggingAPIClient(moto().clientConfig),
      region: "eu-west-1",
      instanceIds: FLEET,
      retry: { sleep: async () => undefined },
    }).collect({
      metricType: "cpu",
      at: END,
      window: { start: START, end: END },
      shard: { index: 0, count: 1 },
    });

  it("with no refusal: one call, every datapoint moto holds", async () => {
    const calls: number[] = [];
    const reading = await read(refusingClient(undefined, calls));
    expect(calls).to.deep.equal([100]);
    expect(reading.records).to.have.length(300);
    expect(reading.errors).to.deep.equal([]);
  });

  it("one instance refused: the 99 others land whole, the error names that series alone", async () => {
    const calls: number[] = [];
    const reading = await read(refusingClient(BAD, calls));

    expect(reading.errors).to.deep.equal([
      `${BAD}/cpu_utilization: GetMetricData failed: InvalidParameterValue: The value for dimension InstanceId is not valid`,
    ]);
    expect(reading.missing).to.deep.equal([]);
    const landed = reading.records as { instance_id: string; value: number; timestamp: string }[];
    expect(landed).to.have.length(99 * 3);
    expect(new Set(landed.map((r) => r.instance_id))).to.have.length(99);
    expect(landed.some((r) => r.instance_id === BAD)).to.equal(false);
    // moto's values, not invented ones: instance 38 put 38, 38.1, 38.2.
    expect(
      landed.filter((r) => r.instance_id === FLEET[38]).map((r) => [r.timestamp, r.value]),
    ).to.deep.equal([
      ["2026-12-01T08:45:00.000Z", 38],
      ["2026-12-01T08:50:00.000Z", 38.1],
      ["2026-12-01T08:55:00.000Z", 38.2],
    ]);
    // Halving, depth first: each refused batch splits, each answered half is done. 13 calls
    // where one per instance would be 100; the refused ones are 100, 50, 25, 13, 6, 3 and 1.
    expect(calls).to.deep.equal([100, 50, 25, 25, 13, 7, 6, 3, 3, 2, 1, 12, 50]);
  });

  it("a refusal of every query still ends: each series is named once", async () => {
    const client = viaQuery(moto().clientConfig);
    let calls = 0;
    client.middlewareStack.add(
      () => async () => {
        calls++;
        throw refusal();
      },
      { step: "initialize", name: "refuseAll" },
    );
    const reading = await read(client);
    expect(reading.records).to.deep.equal([]);
    expect(reading.errors).to.have.length(100);
    expect(new Set(reading.errors.map((e) => e.split("/")[0]))).to.have.length(100);
    // A full binary tree over 100 leaves: 199 calls, bounded, never a loop.
    expect(calls).to.equal(199);
  });
});
