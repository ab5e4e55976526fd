import { PutObjectCommand } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { createLogProcessor } from "../../functions/log-processor/processor";
import { parseState } from "../../functions/shared/anomaly/state";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { type LocalServers, startLocalServers } from "../helpers/local-servers";
import {
  capturedMetrics,
  lambdaContext,
  metricLine,
  s3Event,
  scanTable,
  silentLogger,
} from "./fixtures";
import { BUCKET, NOW, TOPIC } from "./processor-harness";

const MINUTE = 60_000;
const START = Date.parse("2025-02-28T10:00:00Z");

/** A steady series: level plus a small fixed wobble (no randomness: the test is exact). */
const steady = (level: number, i: number) => level + [0.4, -0.3, 0.1, -0.2, 0.3][i % 5]!;

/** Lines of `instance`'s cpu_utilization, one a minute from START + from minutes. */
function lines(instance: string, from: number, values: readonly number[]): string[] {
  return values.map((value, i) =>
    metricLine({
      instance_id: instance,
      timestamp: new Date(START + (from + i) * MINUTE).toISOString(),
      value,
    }),
  );
}

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe("log-processor: anomaly detection against s3rver and dynalite", function () {
  this.timeout(20_000);
  let servers: LocalServers;
  let tables = 0;
  before(async () => {
    servers = await startLocalServers();
    await servers.createBucket(BUCKET);
  });
  after(async () => servers.stop());

  async function setup(anomalyDetection?: { sensitivity: number; metrics: string[] }) {
    const table = `anomaly-${++tables}`;
    await servers.createHotTable(table);
    const sns = new SNSClient({ region: "eu-west-1" });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    const processor = createLogProcessor({
      s3: servers.s3,
      dynamo: servers.dynamo,
      sns,
      settings: {
        environment: "test",
        hotTable: table,
        hotTableTtlDays: 7,
        alertTopicArn: TOPIC,
        thresholds: DEFAULT_THRESHOLDS,
        ...(anomalyDetection ? { anomalyDetection } : {}),
      },
      logger: silentLogger(),
      metrics: capturedMetrics("test", () => NOW).metrics,
      clock: () => NOW,
      retry: { sleep: async () => {} },
    });
    const deliver = async (key: string, body: string[]) => {
      const out = await servers.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `${body.join("\n")}\n` }),
      );
      await processor.handle(s3Event(BUCKET, [{ key, etag: out.ETag ?? "" }]), lambdaContext());
      return out.ETag ?? "";
    };
    const states = async () =>
      (await scanTable(servers.dynamo, table)).filter((i) => String(i.pk).startsWith("ANOMALY#"));
    const published = () => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
    return { table, processor, deliver, states, published };
  }

  const on = { sensitivity: 0.45, metrics: ["cpu_utilization"] };
  const key = (n: number) => `raw-metrics/year=2025/month=02/day=28/hour=10/cpu-${n}.jsonl`;

  it("alerts once on a spike after a normal object, naming the series, score, baseline and window", async () => {
    const { deliver, published, states } = await setup(on);
    // 200 normal minutes of two series: past the detector's 150-point warm-up.
    await deliver(key(1), [
      ...lines(
        "i-aaa",
        0,
        range(200, (i) => steady(20, i)),
      ),
      ...lines(
        "i-bbb",
        0,
        range(200, (i) => steady(60, i)),
      ),
    ]);
    expect(published(), "a normal object alerts nothing").to.have.length(0);
    // Then 10 more minutes, i-aaa jumps to 45 (under the 80 % threshold) at minute 205; i-bbb stays normal.
    await deliver(key(2), [
      ...lines(
        "i-aaa",
        200,
        range(10, (i) => (i === 5 ? 45 : steady(20, i))),
      ),
      ...lines(
        "i-bbb",
        200,
        range(10, (i) => steady(60, i)),
      ),
    ]);
    const sent = published();
    expect(sent).to.have.length(1);
    const message = sent[0]?.Message ?? "";
    expect(sent[0]?.Subject).to.match(/^\[test\] anomaly: i-aaa cpu_utilization score 1$/);
    expect(message).to.include(
      "- i-aaa cpu_utilization: score 1, value 45 at 2025-02-28T13:25:00.000Z",
    );
    // The wobble's mean is 0.06 and its standard deviation 0.273: the baseline is 20.06 ± 0.27.
    expect(message).to.match(/; baseline 20\.1 ± 0\.27\d; /);
    expect(message).to.include("window 2025-02-28T13:20:00.000Z to 2025-02-28T13:29:00.000Z");
    expect(message).not.to.include("i-bbb");
    const id = sent[0]?.MessageAttributes?.alert_id?.StringValue ?? "";
    expect(id).to.match(/^[0-9a-f]{32}$/);
    expect(message).to.include(`alert id: ${id}`);
    // Two series, two items, each its own state; no pending alert left behind.
    const items = await states();
    expect(items.map((i) => i.pk).sort()).to.deep.equal([
      "ANOMALY#i-aaa#cpu_utilization",
      "ANOMALY#i-bbb#cpu_utilization",
    ]);
    const byPk = new Map(items.map((i) => [i.pk as string, i]));
    const a = parseState(byPk.get("ANOMALY#i-aaa#cpu_utilization")?.state as string);
    const b = parseState(byPk.get("ANOMALY#i-bbb#cpu_utilization")?.state as string);
    expect([a.n, b.n]).to.deep.equal([210, 210]);
    expect(a.max).to.equal(45);
    expect(b.max).to.equal(60.4);
    expect(b.valueMean).to.be.closeTo(60, 0.5);
    expect(items.every((i) => i.version === 2 && i.pending_alert === undefined)).to.equal(true);
  });

  it("a re-delivered object sends no second alert and changes no state", async () => {
    const { deliver, processor, published, states } = await setup(on);
    await deliver(
      key(1),
      lines(
        "i-aaa",
        0,
        range(200, (i) => steady(20, i)),
      ),
    );
    const spike = lines(
      "i-aaa",
      200,
      range(10, (i) => (i === 5 ? 45 : steady(20, i))),
    );
    const etag = await deliver(key(2), spike);
    const before = await states();
    await processor.handle(s3Event(BUCKET, [{ key: key(2), etag }]), lambdaContext());
    expect(published()).to.have.length(1);
    expect(await states()).to.deep.equal(before);
  });

  it("the same datapoints under another key teach nothing and alert nothing", async () => {
    const { deliver, published, states } = await setup(on);
    await deliver(
      key(1),
      lines(
        "i-aaa",
        0,
        range(200, (i) => steady(20, i)),
      ),
    );
    const spike = lines(
      "i-aaa",
      200,
      range(10, (i) => (i === 5 ? 45 : steady(20, i))),
    );
    await deliver(key(2), spike);
    const before = await states();
    await deliver(key(3), spike);
    expect(published()).to.have.length(1);
    expect(await states()).to.deep.equal(before);
  });

  it("holds the episode: a second spike in the next object sends no second alert", async () => {
    const { deliver, published } = await setup(on);
    await deliver(
      key(1),
      lines(
        "i-aaa",
        0,
        range(200, (i) => steady(20, i)),
      ),
    );
    await deliver(
      key(2),
      lines(
        "i-aaa",
        200,
        range(10, (i) => (i === 5 ? 45 : steady(20, i))),
      ),
    );
    await deliver(
      key(3),
      lines(
        "i-aaa",
        210,
        range(10, (i) => (i === 2 ? 46 : steady(20, i))),
      ),
    );
    expect(published()).to.have.length(1);
  });

  it("watches only the configured metrics, and nothing when off", async () => {
    const memory = (from: number, n: number) =>
      range(n, (i) =>
        metricLine({
          instance_id: "i-aaa",
          metric_type: "memory",
          metric_name: "memory_utilization",
          timestamp: new Date(START + (from + i) * MINUTE).toISOString(),
          value: steady(50, i),
        }),
      );
    const memoryOnly = await setup({ sensitivity: 0.45, metrics: ["memory_utilization"] });
    await memoryOnly.deliver(key(1), [
      ...lines(
        "i-aaa",
        0,
        range(5, (i) => steady(20, i)),
      ),
      ...memory(0, 7),
    ]);
    const items = await memoryOnly.states();
    expect(items.map((i) => i.pk)).to.deep.equal(["ANOMALY#i-aaa#memory_utilization"]);
    expect(parseState(items[0]?.state as string).n).to.equal(7);
    const off = await setup();
    await off.deliver(key(1), [
      ...lines(
        "i-aaa",
        0,
        range(5, (i) => steady(20, i)),
      ),
      ...memory(0, 7),
    ]);
    expect(await off.states()).to.have.length(0);
  });
});
