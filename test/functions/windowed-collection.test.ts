import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { ListObjectsCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  type CollectionPlan,
  type CollectionSummary,
  createCollector,
} from "../../functions/data-collector/collector";
import { scheduleIntervalSeconds } from "../../contract/schedule";
import type { CollectorEvent } from "../../functions/data-collector/event";
import { cloudWatchSource } from "../../functions/data-collector/sources/cloudwatch";
import { createLogProcessor } from "../../functions/log-processor/processor";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";
import {
  answerWindow,
  capturedMetrics,
  collectorSettings,
  emittedTotal,
  lambdaContext,
  s3Event,
  scanTable,
  silentLogger,
} from "./fixtures";

/** The run due at 09:10 reads [06:00, 09:00): 3 hours, 10 minutes of lag. */
const S = Date.parse("2025-03-01T09:10:00Z");
const at = (hoursAfterS: number) => new Date(S + hoursAfterS * 3_600_000).toISOString();
const FLEET = ["i-0000000000000000a", "i-0000000000000000b"];

/** A logger that keeps its warnings. */
function recordingLogger() {
  const warnings: string[] = [];
  const logger = silentLogger();
  logger.warn = (message: unknown, ..._rest: unknown[]) => void warnings.push(String(message));
  return { logger, warnings };
}

describe("windowed collection: the cloudwatch source, the collector and the processor (s3rver, dynalite)", function () {
  let servers: LocalServers;
  let n = 0;
  const cloudwatch = new CloudWatchClient({ region: "eu-west-1" });
  const tagging = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
  const cwMock = mockClient(cloudwatch);
  const tagMock = mockClient(tagging);

  localServersSuite((started) => (servers = started));
  beforeEach(() => {
    cwMock.reset();
    tagMock.reset();
    cwMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerWindow(input));
  });

  async function setup(options: { s3?: S3Client; tag?: boolean; schedule?: string } = {}) {
    const bucket = `lake-${++n}`;
    const table = `hot-${n}`;
    await servers.createBucket(bucket);
    await servers.createHotTable(table);
    const { metrics, docs } = capturedMetrics("prod", () => new Date(S));
    const { logger, warnings } = recordingLogger();
    const collector = createCollector({
      s3: options.s3 ?? servers.s3,
      source: cloudWatchSource({
        cloudwatch,
        tagging,
        region: "eu-west-1",
        ...(options.tag
          ? { tag: { key: "Monitoring", value: "enabled" } }
          : { instanceIds: FLEET }),
        retry: { sleep: async () => undefined },
      }),
      settings: collectorSettings(
        bucket,
        options.schedule === undefined
          ? {}
          : {
              collectionSchedule: options.schedule,
              collectionIntervalSeconds: scheduleIntervalSeconds(options.schedule),
            },
      ),
      logger,
      metrics,
      // Every run of these tests is read back later, within CloudWatch's retention.
      clock: () => new Date(S + 3 * 86_400_000),
      retry: { sleep: async () => undefined },
    });
    const sns = new SNSClient({ region: "eu-west-1" });
    mockClient(sns).on(PublishCommand).resolves({ MessageId: "m" });
    const processor = createLogProcessor({
      s3: servers.s3,
      dynamo: servers.dynamo,
      sns,
      settings: {
        environment: "prod",
        hotTable: table,
        hotTableTtlDays: 7,
        alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
        // No alert traffic: these tests count items.
        thresholds: { ...DEFAULT_THRESHOLDS, cpu: 100 },
      },
      logger: silentLogger(),
      metrics: capturedMetrics("prod").metrics,
      clock: () => new Date(S),
      retry: { sleep: async () => undefined },
    });

    /** One collector invocation, then the processor on the objects it wrote (as S3 would). */
    async function collectAndProcess(event: CollectorEvent) {
      const summary = (await collector.collect({
        metric_type: "cpu",
        ...event,
      })) as CollectionSummary;
      const out = await processor.handle(
        s3Event(
          bucket,
          summary.s3_keys.map((key) => ({ key })),
        ),
        lambdaContext(),
      );
      return { summary, objects: out.objects };
    }
    /** The cpu items per instance, as sorted timestamps. */
    async function series(): Promise<Map<string, string[]>> {
      const byInstance = new Map<string, string[]>();
      for (const item of await scanTable(servers.dynamo, table)) {
        if (!String(item.pk).startsWith("INSTANCE#")) continue;
        const id = String(item.instance_id);
        byInstance.set(id, [...(byInstance.get(id) ?? []), String(item.timestamp)].sort());
      }
      return byInstance;
    }
    return { bucket, collector, collectAndProcess, series, docs, warnings };
  }

  const fiveMinutes = (from: string, count: number) =>
    Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 300_000).toISOString());

  it("3 hours of 5-minute datapoints give 36 items per instance and metric", async () => {
    const { collectAndProcess, series, docs } = await setup();

    const { summary } = await collectAndProcess({ scheduled_time: at(0) });

    expect(summary).to.deep.include({
      window_start: "2025-03-01T06:00:00.000Z",
      window_end: "2025-03-01T09:00:00.000Z",
      record_count: 72,
    });
    // One object per hour of the records, so each hour partition holds its own hour.
    expect(summary.s3_keys).to.deep.equal(
      ["06", "07", "08"].map(
        (h) =>
          `raw-metrics/year=2025/month=03/day=01/hour=${h}/cpu-20250301T060000Z-20250301T090000Z-shard-0-of-1.jsonl`,
      ),
    );
    const items = await series();
    for (const id of FLEET) {
      expect(items.get(id)).to.deep.equal(fiveMinutes("2025-03-01T06:00:00.000Z", 36));
    }
    // CloudWatch holds these values: no custom metric per instance is published again.
    expect(docs.filter((d) => "cpu_utilization" in d)).to.deep.equal([]);
    expect(emittedTotal(docs, "RecordsCollected")).to.equal(72);
  });

  it("an overlapping window adds no item; the same window again changes nothing", async () => {
    const { collectAndProcess, series } = await setup();
    await collectAndProcess({ scheduled_time: at(0) });

    // Due an hour later: [07:00, 10:00), two hours of it already stored.
    await collectAndProcess({ scheduled_time: at(1) });
    const after = await series();
    for (const id of FLEET) {
      expect(after.get(id)).to.deep.equal(fiveMinutes("2025-03-01T06:00:00.000Z", 48));
    }

    // A retried run: same window, same objects, the processor sees duplicates.
    const again = await collectAndProcess({ scheduled_time: at(1) });
    expect(again.objects.every((o) => o.duplicate === true)).to.equal(true);
    expect(await series()).to.deep.equal(after);
  });

  it("a replayed window fills the gap a missed run left", async () => {
    const { collector, collectAndProcess, series } = await setup();
    await collectAndProcess({ scheduled_time: at(0) });
    // The run due at 12:10 is missed; the one at 15:10 reads [12:00, 15:00).
    await collectAndProcess({ scheduled_time: at(6) });
    const gapped = (await series()).get(FLEET[0] ?? "") ?? [];
    expect(gapped).to.have.length(72);
    expect(gapped.filter((t) => t >= "2025-03-01T09:00" && t < "2025-03-01T12:00")).to.deep.equal(
      [],
    );

    // The runbook's replay: start an execution with the missed run's scheduled time.
    const plan = (await collector.collect({
      action: "plan",
      input: { scheduled_time: at(3) },
    } as CollectorEvent)) as CollectionPlan;
    expect(plan).to.deep.include({
      window_start: "2025-03-01T09:00:00.000Z",
      window_end: "2025-03-01T12:00:00.000Z",
      shard_count: 1,
      shards: [0],
    });
    await collectAndProcess({
      scheduled_time: plan.scheduled_time,
      window_start: plan.window_start,
      window_end: plan.window_end,
    });

    for (const id of FLEET) {
      expect((await series()).get(id)).to.deep.equal(fiveMinutes("2025-03-01T06:00:00.000Z", 108));
    }
  });

  it("a replay may name its window; a window the collector cannot read is refused", async () => {
    const { collector } = await setup();
    const plan = (await collector.collect({
      action: "plan",
      input: { window_start: "2025-03-01T00:00:00Z", window_end: "2025-03-01T06:00:00Z" },
    } as CollectorEvent)) as CollectionPlan;
    expect(plan).to.include({
      window_start: "2025-03-01T00:00:00.000Z",
      window_end: "2025-03-01T06:00:00.000Z",
    });

    const refused = async (event: Record<string, unknown>) => {
      try {
        await collector.collect({ action: "plan", ...event } as CollectorEvent);
      } catch (err) {
        return (err as Error).message;
      }
      return "accepted";
    };
    expect(
      await refused({ window_start: "2025-03-01T06:00:00Z", window_end: "2025-03-01T00:00:00Z" }),
    ).to.equal("Invalid collector event: window_end must not be before window_start");
    expect(
      await refused({ window_start: "2025-03-01T06:01:00Z", window_end: "2025-03-01T07:00:00Z" }),
    ).to.equal(
      "Invalid collector event: window_start and window_end must be multiples of the 300 s period",
    );
    expect(
      await refused({ window_start: "2025-03-01T00:00:00Z", window_end: "2025-03-02T01:05:00Z" }),
    ).to.match(/a window spans at most 90000 s \(got 90300 s\)/);
    expect(await refused({ window_start: "2025-03-01T00:00:00Z" })).to.equal(
      "Invalid collector event: window_start: window_start and window_end come together",
    );
    expect(await refused({ scheduled_time: "yesterday" })).to.match(
      /^Invalid collector event: scheduled_time/,
    );
    expect(await refused({ shard_index: 3, shard_count: 3 })).to.match(
      /must be below shard_count \(3\)/,
    );
  });

  it("an empty target set is a warning and a metric, and the run lands nothing", async () => {
    tagMock.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const { bucket, collector, docs, warnings } = await setup({ tag: true });

    const plan = (await collector.collect({
      action: "plan",
      scheduled_time: at(0),
    })) as CollectionPlan;
    expect(plan).to.include({ instances: 0, shard_count: 1 });
    expect(warnings).to.deep.equal(["no instance to collect: the target set is empty"]);
    expect(emittedTotal(docs, "EmptyTargetSets")).to.equal(1);

    const summary = (await collector.collect({
      metric_type: "cpu",
      scheduled_time: at(0),
    })) as CollectionSummary;
    expect(summary).to.include({ record_count: 0, missing_count: 0, error_count: 0 });
    const listed = await servers.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    expect(listed.Contents ?? []).to.deep.equal([]);
  });

  it("a 2,000-instance fleet is planned in 20 shards of about 100", async () => {
    const fleet = Array.from({ length: 2000 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    const big = createCollector({
      s3: servers.s3,
      source: cloudWatchSource({ cloudwatch, tagging, region: "eu-west-1", instanceIds: fleet }),
      settings: collectorSettings("unused"),
      logger: silentLogger(),
      metrics: capturedMetrics().metrics,
      clock: () => new Date(S),
    });
    const plan = (await big.collect({ action: "plan", scheduled_time: at(0) })) as CollectionPlan;
    expect(plan).to.include({ instances: 2000, shard_count: 20 });
    expect(plan.shards).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    // The plan carries numbers, never instance ids.
    expect(JSON.stringify(plan)).not.to.contain("i-0");
  });

  it("cron() at uneven gaps: each run reads from the firing before it, so windows tile", async () => {
    const { collectAndProcess, series } = await setup({ schedule: "cron(0 9,17 * * ? *)" });
    const runs = ["2025-02-28T17:00:00Z", "2025-03-01T09:00:00Z", "2025-03-01T17:00:00Z"];
    const windows: string[][] = [];
    let lines = 0;
    for (const scheduled_time of runs) {
      const { summary } = await collectAndProcess({ scheduled_time });
      windows.push([summary.window_start, summary.window_end]);
      lines += summary.record_count;
    }
    // 8 hours, then 16, then 8: each starts where the one before ended.
    expect(windows).to.deep.equal([
      ["2025-02-28T08:50:00.000Z", "2025-02-28T16:50:00.000Z"],
      ["2025-02-28T16:50:00.000Z", "2025-03-01T08:50:00.000Z"],
      ["2025-03-01T08:50:00.000Z", "2025-03-01T16:50:00.000Z"],
    ]);
    // 32 hours of 5-minute datapoints, each in the lake once and in the table once.
    expect(lines).to.equal(384 * FLEET.length);
    const items = await series();
    for (const id of FLEET) {
      expect(items.get(id)).to.deep.equal(fiveMinutes("2025-02-28T08:50:00.000Z", 384));
    }
  });

  it("a gap longer than a window: the last day is read and the rest is named for replay", async () => {
    const { collectAndProcess, warnings } = await setup({ schedule: "cron(0 8 ? * MON-FRI *)" });
    // Monday 08:00; the firing before it was Friday 08:00.
    const { summary } = await collectAndProcess({ scheduled_time: "2025-03-03T08:00:00Z" });
    expect(summary).to.deep.include({
      window_start: "2025-03-02T06:50:00.000Z",
      window_end: "2025-03-03T07:50:00.000Z",
    });
    expect(warnings).to.deep.equal([
      "the gap since the previous run is longer than one window: replay the rest",
    ]);
  });

  it("retries a transient S3 failure and writes the object once", async () => {
    let calls = 0;
    const flaky = {
      send: async (command: PutObjectCommand) => {
        if (++calls === 1) {
          throw Object.assign(new Error("Service Unavailable"), {
            name: "ServiceUnavailable",
            $metadata: { httpStatusCode: 503 },
          });
        }
        return servers.s3.send(command);
      },
    } as unknown as S3Client;
    const { collectAndProcess, series } = await setup({ s3: flaky });

    const { summary } = await collectAndProcess({ scheduled_time: at(0) });

    // The first PUT failed once and was sent again: 4 calls for 3 objects.
    expect(calls).to.equal(4);
    expect(summary.s3_keys).to.have.length(3);
    expect((await series()).get(FLEET[0] ?? "")).to.have.length(36);
  });

  it("a batch that keeps failing: the rest lands, then the run reports the failed values", async () => {
    cwMock.reset();
    cwMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: answerWindow(input).MetricDataResults.map((r) =>
        r.Id === "q1" ? { Id: "q1", Timestamps: [], Values: [], StatusCode: "InternalError" } : r,
      ),
    }));
    const { bucket, collector, docs } = await setup();

    let error: Error | undefined;
    try {
      await collector.collect({ metric_type: "cpu", scheduled_time: at(0) });
    } catch (err) {
      error = err as Error;
    }

    expect(error?.name).to.equal("CollectionIncomplete");
    expect(error?.message).to.equal(
      "1 cpu value(s) not read after retries (36 records landed in 3 object(s)); first: i-0000000000000000b/cpu_utilization: StatusCode InternalError",
    );
    expect(emittedTotal(docs, "CollectionErrors")).to.equal(1);
    const listed = await servers.s3.send(new ListObjectsCommand({ Bucket: bucket }));
    expect(listed.Contents).to.have.length(3);
  });
});
