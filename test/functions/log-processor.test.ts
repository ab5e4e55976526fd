import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand } from "@aws-sdk/client-sns";
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import { IDEMPOTENCY_PK } from "../../functions/log-processor/processor";
import type { LocalServers } from "../helpers/local-servers";
import {
  emittedTotal,
  lambdaContext,
  metricLine,
  queryInstance,
  s3Event,
  scanTable,
} from "./fixtures";
import { BUCKET, NOW, processorHarness, TOPIC } from "./processor-harness";

describe("log-processor against s3rver and dynalite", function () {
  const h = processorHarness();
  const { setup, put, metricItems } = h;
  let servers: LocalServers;
  before(() => {
    servers = h.servers();
  });

  it("writes every valid line of an object as an enriched hot-table item", async () => {
    const { table, processor, docs } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-exec-1.jsonl";
    const lines = [
      metricLine({ instance_id: "i-aaa" }),
      metricLine({ instance_id: "i-bbb", value: "55.5" }),
      metricLine({
        instance_id: "i-ccc",
        metric_type: "network",
        metric_name: "network_in",
        value: 1024,
        unit: "Bytes",
      }),
    ];
    const etag = await put(key, lines.join("\n") + "\n");

    const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

    expect(result.objects[0]).to.include({
      processed: 3,
      coerced: 1,
      quarantined: 0,
      violations: 0,
    });
    const items = await queryInstance(servers.dynamo, table, "i-bbb");
    expect(items).to.have.length(1);
    expect(items[0]).to.include({
      value: 55.5,
      source_key: key,
      source_line: 2,
      ingested_at: NOW.toISOString(),
      ingest_lag_seconds: 300,
      gsi1pk: "METRIC#cpu#11", // FNV-1a("i-bbb") = 0x3a64d88b, mod 128
      expires_at: Date.parse("2025-03-01T10:00:00Z") / 1000 + 7 * 86_400,
    });
    expect(await metricItems(table)).to.have.length(3);
    expect(emittedTotal(docs, "MetricsProcessed")).to.equal(3);
    expect(emittedTotal(docs, "MetricsCoerced")).to.equal(1);
    expect(emittedTotal(docs, "FilesProcessed")).to.equal(1);
  });

  it("lands the good lines of a mixed object and quarantines the bad ones with line and reason", async () => {
    const { table, processor, docs } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/memory-mixed.jsonl";
    const body = [
      metricLine({ instance_id: "i-good1" }),
      "{not json",
      "",
      metricLine({ instance_id: "i-bad", value: 140 }),
      metricLine({ instance_id: "i-good2" }),
      "[1,2]",
    ].join("\n");
    const etag = await put(key, body);

    const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

    expect(result.objects[0]).to.include({ processed: 2, quarantined: 3 });
    expect((await metricItems(table)).map((i) => i.instance_id).sort()).to.deep.equal([
      "i-good1",
      "i-good2",
    ]);
    const quarantined = await h.quarantined(key);
    expect(quarantined.map((q) => q.line_number)).to.deep.equal([2, 4, 6]);
    expect(quarantined[0]).to.include({ raw_line: "{not json", source_key: key });
    expect(String(quarantined[0]?.reason)).to.match(/^not JSON/);
    expect(String(quarantined[1]?.reason)).to.equal("value: percentage 140 is outside 0-100");
    expect(String(quarantined[2]?.reason)).to.equal("not a JSON object");
    expect(emittedTotal(docs, "QuarantinedLines")).to.equal(3);
    expect(emittedTotal(docs, "MetricsFailed")).to.equal(3);
  });

  it("reads gzip objects, CRLF line endings and a last line without a newline", async () => {
    const { table, processor } = await setup();
    const gzKey = "raw-metrics/year=2025/month=03/day=01/hour=10/disk-a.jsonl.gz";
    const crlfKey = "raw-metrics/year=2025/month=03/day=01/hour=10/disk-b.jsonl";
    const gzEtag = await put(
      gzKey,
      gzipSync(
        [metricLine({ instance_id: "i-gz1" }), metricLine({ instance_id: "i-gz2" })].join("\n") +
          "\n",
      ),
    );
    const crlfEtag = await put(
      crlfKey,
      [metricLine({ instance_id: "i-crlf1" }), metricLine({ instance_id: "i-crlf2" })].join("\r\n"),
    );

    const result = await processor.handle(
      s3Event(BUCKET, [
        { key: gzKey, etag: gzEtag },
        { key: crlfKey, etag: crlfEtag },
      ]),
      lambdaContext(),
    );

    expect(result.objects.map((o) => [o.processed, o.quarantined])).to.deep.equal([
      [2, 0],
      [2, 0],
    ]);
    expect((await metricItems(table)).map((i) => i.instance_id).sort()).to.deep.equal([
      "i-crlf1",
      "i-crlf2",
      "i-gz1",
      "i-gz2",
    ]);
  });

  it("decodes a URL-encoded key with spaces", async () => {
    const { table, processor } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu run 1+2.jsonl";
    const etag = await put(key, metricLine({ instance_id: "i-space" }) + "\n");
    const event = s3Event(BUCKET, [{ key, etag }]);
    expect(event.Records[0]?.s3.object.key).to.contain("cpu+run+1%2B2.jsonl");

    const result = await processor.handle(event, lambdaContext());

    expect(result.objects[0]?.key).to.equal(key);
    expect((await metricItems(table))[0]).to.include({ instance_id: "i-space", source_key: key });
  });

  it("neither duplicates items nor re-counts or re-alerts on a duplicate event", async () => {
    const { table, processor, snsMock, docs } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-dup.jsonl";
    const etag = await put(
      key,
      [metricLine({ instance_id: "i-d1", value: 97 }), metricLine({ instance_id: "i-d2" })].join(
        "\n",
      ),
    );
    const event = s3Event(BUCKET, [{ key, etag }]);

    const first = await processor.handle(event, lambdaContext());
    const second = await processor.handle(event, lambdaContext());

    expect(first.objects[0]?.duplicate).to.equal(undefined);
    expect(second.objects[0]).to.include({ duplicate: true, processed: 2 });
    expect(await metricItems(table)).to.have.length(2);
    const markers = (await scanTable(servers.dynamo, table)).filter((i) => i.pk === IDEMPOTENCY_PK);
    expect(markers).to.have.length(1);
    expect(markers[0]).to.include({ status: "COMPLETED" });
    // The ledger record expires (epoch seconds, the table's TTL attribute) with the items.
    expect(markers[0]?.expires_at).to.equal(NOW.getTime() / 1000 + 7 * 86_400);
    expect(snsMock.commandCalls(PublishCommand)).to.have.length(1);
    expect(emittedTotal(docs, "MetricsProcessed")).to.equal(2);
    expect(emittedTotal(docs, "FilesProcessed")).to.equal(1);
    expect(emittedTotal(docs, "ThresholdViolations")).to.equal(1);
  });

  it("keeps one item per record when an object is re-delivered with a new etag", async () => {
    const { table, processor } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-rewrite.jsonl";
    const body = [metricLine({ instance_id: "i-r1" }), metricLine({ instance_id: "i-r1" })].join(
      "\n",
    );
    await processor.handle(s3Event(BUCKET, [{ key, etag: await put(key, body) }]), lambdaContext());
    await processor.handle(
      s3Event(BUCKET, [{ key, etag: await put(key, body + "\n") }]),
      lambdaContext(),
    );

    expect(await metricItems(table)).to.have.length(1);
  });

  it("skips an object deleted before it was read, and processes it when it comes back", async () => {
    const { table, processor } = await setup();
    const missing = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-missing.jsonl";
    const gone = await processor.handle(s3Event(BUCKET, [{ key: missing }]), lambdaContext());
    expect(gone.objects[0]).to.include({ superseded: true, processed: 0 });

    const etag = await put(missing, metricLine({ instance_id: "i-late" }));
    const retry = await processor.handle(
      s3Event(BUCKET, [{ key: missing, etag }]),
      lambdaContext(),
    );
    expect(retry.objects[0]?.processed).to.equal(1);
    expect(await metricItems(table)).to.have.length(1);
  });

  it("skips an event whose content the key no longer holds (the newer object has its own event)", async () => {
    const { table, processor } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-replaced.jsonl";
    const oldEtag = await put(key, metricLine({ instance_id: "i-old" }));
    await put(key, metricLine({ instance_id: "i-new" }));
    const late = await processor.handle(s3Event(BUCKET, [{ key, etag: oldEtag }]), lambdaContext());
    expect(late.objects[0]).to.include({ superseded: true, processed: 0 });
    expect(await metricItems(table)).to.have.length(0);
  });

  it("retries UnprocessedItems from BatchWriteItem and loses none", async () => {
    const dynamo = new DynamoDBClient(servers.dynamoConfig);
    let throttled = 0;
    // The first two batches get only 10 items accepted; the rest come back unprocessed.
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (!/BatchWrite/.test(context.commandName ?? "") || throttled >= 2) return next(args);
        throttled++;
        const input = args.input as { RequestItems: Record<string, unknown[]> };
        const [table, requests] = Object.entries(input.RequestItems)[0] ?? ["", []];
        const result = await next({
          ...args,
          input: { ...input, RequestItems: { [table]: requests.slice(0, 10) } },
        });
        (result.output as { UnprocessedItems?: unknown }).UnprocessedItems = {
          [table]: requests.slice(10),
        };
        return result;
      },
      { step: "initialize", name: "simulateThrottling" },
    );
    const { table, processor } = await setup({ dynamo });
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-many.jsonl";
    const lines = Array.from({ length: 60 }, (_, i) => metricLine({ instance_id: `i-${i}` }));
    const etag = await put(key, lines.join("\n"));

    const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

    expect(throttled).to.equal(2);
    expect(result.objects[0]?.processed).to.equal(60);
    expect(await metricItems(table)).to.have.length(60);
    dynamo.destroy();
  });

  it("sends exactly one SNS message per object naming instance, metric, value, threshold and time", async () => {
    const { processor, snsMock, docs } = await setup();
    const key = "raw-metrics/year=2025/month=03/day=01/hour=10/mixed-hot.jsonl";
    const body = [
      metricLine({ instance_id: "i-hot", value: 93.5 }),
      metricLine({ instance_id: "i-cool", value: 80 }),
      metricLine({
        instance_id: "i-hot",
        metric_type: "memory",
        metric_name: "memory_utilization",
        value: 95,
        timestamp: "2025-03-01T10:01:00Z",
      }),
    ].join("\n");
    const etag = await put(key, body);

    await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).to.have.length(1);
    const input = calls[0]?.args[0].input;
    expect(input?.TopicArn).to.equal(TOPIC);
    expect(input?.Subject).to.equal("[test] 2 threshold violations: i-hot");
    expect(input?.Message).to.contain(`s3://${BUCKET}/${key}`);
    expect(input?.Message).to.contain(
      "- i-hot cpu_utilization = 93.5 (threshold 80) at 2025-03-01T10:00:00.000Z",
    );
    expect(input?.Message).to.contain(
      "- i-hot memory_utilization = 95 (threshold 90) at 2025-03-01T10:01:00.000Z",
    );
    expect(input?.Message).not.to.contain("i-cool");
    expect(emittedTotal(docs, "ThresholdViolations")).to.equal(2);
  });

  it("turns an application-log object into error rates per service, an ErrorRate metric and an alert", async () => {
    const { table, processor, snsMock, docs } = await setup();
    const key = "raw-logs/year=2025/month=03/day=01/hour=10/app.jsonl";
    const log = (service: string, level: string, minute: number) =>
      JSON.stringify({ timestamp: `2025-03-01T10:0${minute}:00Z`, service, level, message: "m" });
    const body = [
      ...Array.from({ length: 18 }, (_, i) => log("checkout", "INFO", i % 10)),
      log("checkout", "error", 3),
      log("checkout", "CRITICAL", 7),
      ...Array.from({ length: 10 }, () => log("search", "INFO", 5)),
      JSON.stringify({ service: "search", level: "INFO", message: "no time" }),
    ].join("\n");
    const etag = await put(key, body);

    const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

    const summary = result.objects[0];
    expect(summary).to.include({ kind: "logs", processed: 30, quarantined: 1, violations: 1 });
    expect(summary?.services).to.deep.equal([
      {
        service: "checkout",
        total: 20,
        errors: 2,
        error_rate: 10,
        by_level: { INFO: 18, ERROR: 1, FATAL: 1 },
        window_start: "2025-03-01T10:00:00.000Z",
        window_end: "2025-03-01T10:09:00.000Z",
      },
      {
        service: "search",
        total: 10,
        errors: 0,
        error_rate: 0,
        by_level: { INFO: 10 },
        window_start: "2025-03-01T10:05:00.000Z",
        window_end: "2025-03-01T10:05:00.000Z",
      },
    ]);
    const rates = docs.filter((d) => "ErrorRate" in d);
    expect(
      rates.map((d) => [d.Service, d.ErrorRate, d._aws.CloudWatchMetrics[0]?.Dimensions]),
    ).to.deep.equal([
      // Per service, and per environment alone (docs/handlers.md).
      ["checkout", 10, [["Environment", "Service"], ["Environment"]]],
      ["search", 0, [["Environment", "Service"], ["Environment"]]],
    ]);
    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message).to.contain(
      "- checkout ErrorRate = 10 (threshold 5) at 2025-03-01T10:09:00.000Z",
    );
    expect(await metricItems(table)).to.have.length(0);
    expect(emittedTotal(docs, "QuarantinedLines")).to.equal(1);
    expect(emittedTotal(docs, "MetricsProcessed")).to.equal(0);
  });
});
