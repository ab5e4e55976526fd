import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { ListObjectsCommand } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { buildDefinition } from "../../components/collector-workflow/definition";
import { type CollectionSummary, createCollector } from "../../functions/data-collector/collector";
import { cloudWatchSource } from "../../functions/data-collector/sources/cloudwatch";
import type { MetricSource } from "../../functions/data-collector/sources/types";
import type { MetricType } from "../../contract/metric-record";
import { localWorkflow, namedError } from "../../local/task-bindings";
import {
  answerWindow,
  capturedMetrics,
  collectorSettings,
  silentLogger,
} from "../functions/fixtures";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";

const FLEET = Array.from({ length: 2000 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
const MAX_CONCURRENCY = 5;

describe("fan-out: a 2,000-instance fleet through the local state machine", function () {
  let servers: LocalServers;
  let n = 0;
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const cwMock = mockClient(cloudwatch);

  localServersSuite((started) => (servers = started));
  beforeEach(() => {
    cwMock.reset();
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input));
  });

  async function run(wrap: (source: MetricSource) => MetricSource = (s) => s) {
    const bucket = `fleet-${++n}`;
    await servers.createBucket(bucket);
    const source = cloudWatchSource({
      cloudwatch,
      tagging: new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" }),
      region: "eu-west-1",
      instanceIds: FLEET,
    });
    // One period per run: every query answers one datapoint.
    const collector = createCollector({
      s3: servers.s3,
      source: wrap(source),
      settings: collectorSettings(bucket, {
        collectionIntervalSeconds: 300,
        collectionLagSeconds: 0,
      }),
      logger: silentLogger(),
      metrics: capturedMetrics().metrics,
      clock: () => new Date("2025-03-01T09:00:00Z"),
    });
    const payloads: string[] = [];
    const results: string[] = [];
    const inFlight = new Map<MetricType, number>();
    const peak = new Map<MetricType, number>();
    const execute = localWorkflow(
      buildDefinition({
        collectorFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:c",
        alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:t",
        environment: "prod",
        maxConcurrency: MAX_CONCURRENCY,
      }),
      {
        plan: async (payload) => {
          payloads.push(JSON.stringify(payload));
          const out = await collector.collect(payload);
          results.push(JSON.stringify(out));
          return out;
        },
        collect: async (type, payload) => {
          payloads.push(JSON.stringify(payload));
          inFlight.set(type, (inFlight.get(type) ?? 0) + 1);
          peak.set(type, Math.max(peak.get(type) ?? 0, inFlight.get(type) ?? 0));
          try {
            const out = await collector.collect(payload);
            results.push(JSON.stringify(out));
            return out;
          } finally {
            inFlight.set(type, (inFlight.get(type) ?? 1) - 1);
          }
        },
        publish: () => "m",
      },
    );
    const output = await execute(`fleet-${n}`, { scheduled_time: "2025-03-01T09:00:00Z" });
    const listed = await servers.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    return { output, payloads, results, peak, keys: (listed.Contents ?? []).map((o) => o.Key) };
  }

  it("20 shards per metric type, at most MaxConcurrency at once, every instance read once, small payloads", async () => {
    const r = await run();

    expect(r.output.status).to.equal("succeeded");
    expect(r.output.branches.map((b) => b.shards)).to.deep.equal([20, 20, 20, 20]);
    // 1 plan + 4 types x 20 shards.
    expect(r.payloads).to.have.length(81);
    expect(r.keys).to.have.length(80);
    for (const type of ["cpu", "memory", "disk", "network"] as const) {
      expect(r.peak.get(type)).to.be.within(2, MAX_CONCURRENCY);
    }

    // Every instance appears in exactly one query per CloudWatch metric.
    const queried = new Map<string, number>();
    for (const call of cwMock.commandCalls(GetMetricDataCommand)) {
      for (const q of call.args[0].input.MetricDataQueries ?? []) {
        const key = `${q.MetricStat?.Metric?.MetricName}/${q.MetricStat?.Metric?.Dimensions?.[0]?.Value}`;
        queried.set(key, (queried.get(key) ?? 0) + 1);
      }
    }
    expect(queried.size).to.equal(2000 * 7);
    expect([...queried.values()].every((c) => c === 1)).to.equal(true);
    const records = r.results
      .map((s) => JSON.parse(s) as Partial<CollectionSummary>)
      .reduce((sum, s) => sum + (s.record_count ?? 0), 0);
    expect(records).to.equal(2000 * 7);

    // No state payload grows with the fleet: no instance lists, nothing near 256 KB.
    for (const text of [...r.payloads, ...r.results, JSON.stringify(r.output)]) {
      expect(text.length).to.be.below(2048);
    }
    expect(JSON.stringify(r.output)).not.to.match(/i-0/);
  });

  it("a shard that fails lands the branch as failed; the other 19 shards of that type still land", async () => {
    const r = await run((source) => ({
      ...source,
      async collect(request) {
        if (request.metricType === "cpu" && request.shard.index === 3) {
          throw namedError("AccessDeniedException", "not authorized for shard 3");
        }
        return source.collect(request);
      },
    }));

    expect(r.output.status).to.equal("partially_failed");
    const cpu = r.output.branches[0];
    expect(cpu).to.include({
      metric_type: "cpu",
      status: "failed",
      error: "AccessDeniedException",
    });
    expect(cpu?.summary).to.match(
      /^cpu: failed with AccessDeniedException: .*\(1 of 20 shards failed\)$/,
    );
    expect(r.keys.filter((k) => k?.includes("/cpu-"))).to.have.length(19);
    expect(r.keys).to.have.length(79);
  });
});
