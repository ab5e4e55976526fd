import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { PublishCommand } from "@aws-sdk/client-sns";
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import { IDEMPOTENCY_PK } from "../../functions/log-processor/processor";
import { emittedTotal, lambdaContext, metricLine, s3Event, scanTable } from "./fixtures";
import { BUCKET, NOW, processorHarness } from "./processor-harness";

const HOUR = "raw-metrics/year=2025/month=03/day=01/hour=10/";

/** A DynamoDB client whose requests `fault` may fail before they reach dynalite. */
function faultyDynamo(
  config: ConstructorParameters<typeof DynamoDBClient>[0],
  fault: (command: string, input: unknown) => Error | undefined,
): DynamoDBClient {
  const dynamo = new DynamoDBClient(config ?? {});
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const error = fault(context.commandName ?? "", args.input);
      if (error) throw error;
      return next(args);
    },
    { step: "initialize", name: "injectFault" },
  );
  return dynamo;
}

const serviceError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a failure");
}

describe("log-processor under hostile input and faults (s3rver + dynalite)", function () {
  const h = processorHarness();
  const { setup, put, metricItems, quarantined } = h;

  describe("poison lines", () => {
    it("quarantines every line the store would refuse and lands the 97 valid lines around them", async () => {
      const { table, processor } = await setup();
      const key = `${HOUR}poison.jsonl`;
      const bad: Record<number, string> = {
        5: "{not json",
        30: metricLine({ instance_id: "i".repeat(1200) }),
        45: metricLine({ instance_id: "é".repeat(600) }),
        60: metricLine({ metric_name: "queue_depth", unit: "Count", value: 2 ** 53 + 2 }),
        70: metricLine({ metric_name: "queue_depth", unit: "Count", value: 1e-131 }),
        80: metricLine({
          metadata: { collection_method: "x".repeat(200), pipeline_version: "1.0" },
        }),
      };
      const lines = Array.from(
        { length: 103 },
        (_, i) => bad[i + 1] ?? metricLine({ instance_id: `i-${i + 1}` }),
      );
      const etag = await put(key, lines.join("\n"));

      const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

      expect(result.objects[0]).to.include({ lines: 103, processed: 97, quarantined: 6 });
      expect(await metricItems(table)).to.have.length(97);
      const q = await quarantined(key);
      expect(q.map((l) => l.line_number)).to.deep.equal([5, 30, 45, 60, 70, 80]);
      expect(q.map((l) => String(l.reason).split(":")[0])).to.deep.equal([
        "not JSON",
        "instance_id",
        "instance_id",
        "value",
        "value",
        "metadata.collection_method",
      ]);
      expect(String(q[1]?.reason)).to.contain("is over 512 bytes");
      expect(String(q[3]?.reason)).to.contain("above 9007199254740991");
    });

    it("splits a batch the store refuses, quarantines the one item with the store's message, writes the rest", async () => {
      // The store refuses any batch holding i-poison, as DynamoDB refuses a whole batch for one item.
      const hasPoison = (input: unknown) => JSON.stringify(input).includes("i-poison");
      let refusals = 0;
      const dynamo = faultyDynamo(h.servers().dynamoConfig, (command, input) => {
        if (command !== "BatchWriteItemCommand" || !hasPoison(input)) return undefined;
        refusals++;
        return serviceError(
          "ValidationException",
          "Item size has exceeded the maximum allowed size",
        );
      });
      const { table, processor } = await setup({ dynamo });
      const key = `${HOUR}refused.jsonl`;
      const lines = Array.from({ length: 101 }, (_, i) =>
        metricLine({ instance_id: i === 59 ? "i-poison" : `i-${i}` }),
      );
      const etag = await put(key, lines.join("\n"));

      const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

      expect(result.objects[0]).to.include({ processed: 100, quarantined: 1 });
      expect(await metricItems(table)).to.have.length(100);
      const [q] = await quarantined(key);
      expect(q).to.include({ line_number: 60, raw_line: lines[59] });
      expect(q?.reason).to.equal(
        "hot table refused the record: Item size has exceeded the maximum allowed size",
      );
      // Line 60 is the 10th of its batch: 25 -> 13 -> 6 -> 3 -> 1, one refusal per halving.
      expect(refusals).to.equal(5);
    });

    it("takes back the alert of a record the store refused", async () => {
      const dynamo = faultyDynamo(h.servers().dynamoConfig, (command, input) =>
        command === "BatchWriteItemCommand" && JSON.stringify(input).includes("i-refused")
          ? serviceError("ValidationException", "refused")
          : undefined,
      );
      const { processor, snsMock, docs } = await setup({ dynamo });
      const key = `${HOUR}refused-hot.jsonl`;
      const etag = await put(key, metricLine({ instance_id: "i-refused", value: 99 }));
      const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());
      expect(result.objects[0]).to.include({ processed: 0, quarantined: 1, violations: 0 });
      expect(snsMock.commandCalls(PublishCommand)).to.have.length(0);
      expect(emittedTotal(docs, "ThresholdViolations")).to.equal(0);
    });
  });

  describe("long lines", () => {
    it("quarantines a line over the bound with a truncated copy, in one pass, and keeps its neighbours", async () => {
      const { table, processor } = await setup();
      const key = `${HOUR}long.jsonl`;
      const long = "x".repeat(3 * 1024 * 1024);
      const etag = await put(
        key,
        [
          metricLine({ instance_id: "i-before" }),
          long,
          metricLine({ instance_id: "i-after" }),
          long,
        ].join("\n"),
      );

      const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());

      expect(result.objects[0]).to.include({ lines: 4, processed: 2, quarantined: 2 });
      expect(await metricItems(table)).to.have.length(2);
      const q = await quarantined(key);
      expect(q.map((l) => l.line_number)).to.deep.equal([2, 4]);
      expect(String(q[0]?.raw_line)).to.have.length(1024);
      expect(q[0]?.reason).to.equal(
        `line of ${long.length} characters is over the bound of the line reader; first characters kept`,
      );
    });
  });

  describe("exactly once per object version", () => {
    it("treats quoted, unquoted and absent eTags as one delivery: one alert, counters once", async () => {
      const { table, processor, snsMock, docs } = await setup();
      const key = `${HOUR}etag-forms.jsonl`;
      const quoted = await put(key, metricLine({ instance_id: "i-hot", value: 99 }));
      const bare = quoted.replace(/"/g, "");

      for (const etag of [bare, quoted, undefined]) {
        await processor.handle(
          s3Event(BUCKET, [{ key, ...(etag ? { etag } : {}) }]),
          lambdaContext(),
        );
      }

      expect(await metricItems(table)).to.have.length(1);
      expect(snsMock.commandCalls(PublishCommand)).to.have.length(1);
      expect(emittedTotal(docs, "FilesProcessed")).to.equal(1);
      expect(emittedTotal(docs, "MetricsProcessed")).to.equal(1);
      const ledger = (await scanTable(h.servers().dynamo, table)).filter(
        (i) => i.pk === IDEMPOTENCY_PK,
      );
      expect(ledger).to.have.length(1);
      expect(ledger[0]).to.include({ etag: bare, status: "COMPLETED" });
    });

    it("reads the version the event names and keys each version apart", async () => {
      const requested: unknown[] = [];
      const s3 = new S3Client(h.servers().s3Config);
      s3.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "GetObjectCommand") {
            requested.push((args.input as { VersionId?: string }).VersionId);
          }
          return next(args);
        },
        { step: "initialize", name: "recordVersion" },
      );
      const { processor } = await setup({ s3 });
      const key = `${HOUR}versioned.jsonl`;
      const etag = await put(key, metricLine({ instance_id: "i-v" }));
      const event = (versionId: string) => {
        const e = s3Event(BUCKET, [{ key, etag }]);
        Object.assign(e.Records[0]!.s3.object, { versionId });
        return e;
      };

      const v1 = await processor.handle(event("v1"), lambdaContext());
      const v2 = await processor.handle(event("v2"), lambdaContext());
      const v1Again = await processor.handle(event("v1"), lambdaContext());

      expect(requested).to.deep.equal(["v1", "v2"]);
      expect(v1.objects[0]).to.include({ version_id: "v1", processed: 1 });
      expect(v2.objects[0]?.duplicate).to.equal(undefined);
      expect(v1Again.objects[0]).to.include({ version_id: "v1", duplicate: true });
    });

    it("never doubles the alert or the counters when saving the completed record fails", async () => {
      let failSave = true;
      const dynamo = faultyDynamo(h.servers().dynamoConfig, (command, input) => {
        const completing =
          command === "UpdateItemCommand" && JSON.stringify(input).includes("COMPLETED");
        if (!completing || !failSave) return undefined;
        failSave = false;
        return Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
      });
      const { table, processor, snsMock, docs } = await setup({ dynamo });
      const key = `${HOUR}save-fails.jsonl`;
      const etag = await put(
        key,
        [metricLine({ instance_id: "i-hot", value: 99 }), metricLine({ instance_id: "i-ok" })].join(
          "\n",
        ),
      );
      const event = s3Event(BUCKET, [{ key, etag }]);

      const error = await failure(() => processor.handle(event, lambdaContext()));
      expect(error.message).to.equal(`1 of 1 object(s) failed: ${key}: socket hang up`);
      const retry = await processor.handle(event, lambdaContext());

      expect(retry.objects[0]).to.include({ processed: 2, violations: 1 });
      expect(await metricItems(table)).to.have.length(2);
      expect(snsMock.commandCalls(PublishCommand)).to.have.length(1);
      expect(emittedTotal(docs, "MetricsProcessed")).to.equal(2);
      expect(emittedTotal(docs, "ThresholdViolations")).to.equal(1);
      expect(emittedTotal(docs, "FilesProcessed")).to.equal(1);
    });

    it("emits a logs object's ErrorRate once when its alert fails first, and sends the alert on the retry", async () => {
      const { processor, snsMock, docs } = await setup();
      snsMock
        .on(PublishCommand)
        .rejectsOnce(new Error("SNS unavailable"))
        .resolves({ MessageId: "m" });
      const key = "raw-logs/year=2025/month=03/day=01/hour=10/errors.jsonl";
      const line = (level: string) =>
        JSON.stringify({ timestamp: "2025-03-01T10:00:00Z", service: "api", level, message: "m" });
      const etag = await put(key, [line("ERROR"), line("INFO")].join("\n"));
      const event = s3Event(BUCKET, [{ key, etag }]);

      const error = await failure(() => processor.handle(event, lambdaContext()));
      expect(error.message).to.contain("SNS unavailable");
      await processor.handle(event, lambdaContext());

      expect(docs.filter((d) => "ErrorRate" in d)).to.have.length(1);
      expect(snsMock.commandCalls(PublishCommand)).to.have.length(2);
      expect(emittedTotal(docs, "FilesProcessed")).to.equal(1);
    });

    it("writes one item for one instant however it is spelled", async () => {
      const { table, processor } = await setup();
      const key = `${HOUR}instants.jsonl`;
      const etag = await put(
        key,
        ["2025-03-01T10:00:00Z", "2025-03-01T10:00:00.000Z", "2025-03-01T10:00:00.0Z"]
          .map((timestamp) => metricLine({ timestamp }))
          .join("\n"),
      );
      await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());
      const items = await metricItems(table);
      expect(items).to.have.length(1);
      expect(items[0]).to.include({ timestamp: "2025-03-01T10:00:00.000Z" });
    });

    it("surfaces the real cause when DynamoDB drops mid-object, and a retry takes over once the lock expires", async () => {
      let state: "up" | "down" | "restored" = "up";
      let now = NOW.getTime();
      // Down from the first batch write until restored, whatever is asked of it.
      const dynamo = faultyDynamo(h.servers().dynamoConfig, (command) => {
        if (state === "up" && command === "BatchWriteItemCommand") state = "down";
        if (state !== "down") return undefined;
        return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { name: "Error" });
      });
      const { table, processor } = await setup({ dynamo, clock: () => new Date(now) });
      const key = `${HOUR}dynamo-drops.jsonl`;
      const lines = Array.from({ length: 60 }, (_, i) => metricLine({ instance_id: `i-${i}` }));
      const etag = await put(key, lines.join("\n"));
      const event = s3Event(BUCKET, [{ key, etag }]);

      const error = await failure(() => processor.handle(event, lambdaContext(60_000)));
      expect(error.message).to.equal(
        `1 of 1 object(s) failed: ${key}: connect ECONNREFUSED 127.0.0.1:8000`,
      );

      state = "restored";
      // The lock could not be released while DynamoDB was down: it holds until the invocation's end.
      const early = await failure(() => processor.handle(event, lambdaContext()));
      expect(early.message).to.contain("is being processed by another invocation");
      now += 60_001;
      const retry = await processor.handle(event, lambdaContext());
      expect(retry.objects[0]).to.include({ processed: 60 });
      expect(await metricItems(table)).to.have.length(60);
    });

    it("releases its lock after a failure it survives, so the retry needs no wait", async () => {
      let failOnce = true;
      const dynamo = faultyDynamo(h.servers().dynamoConfig, (command) => {
        if (command !== "BatchWriteItemCommand" || !failOnce) return undefined;
        failOnce = false;
        return Object.assign(new Error("throttled for good"), {
          name: "ProvisionedThroughputExceededException",
        });
      });
      const { processor } = await setup({ dynamo });
      const key = `${HOUR}released.jsonl`;
      const etag = await put(key, metricLine());
      const event = s3Event(BUCKET, [{ key, etag }]);
      await failure(() => processor.handle(event, lambdaContext()));
      const retry = await processor.handle(event, lambdaContext());
      expect(retry.objects[0]).to.include({ processed: 1 });
    });
  });

  it("completes a log object of 1,000 long-named services, its duplicate summary without the list", async () => {
    const { processor, docs } = await setup();
    const key = "raw-logs/year=2025/month=03/day=01/hour=10/many-services.jsonl";
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        timestamp: "2025-03-01T10:00:00Z",
        service: `${"s".repeat(500)}-${i}`,
        level: "INFO",
        message: "m",
      }),
    );
    const event = s3Event(BUCKET, [{ key, etag: await put(key, lines.join("\n")) }]);
    const first = await processor.handle(event, lambdaContext());
    const again = await processor.handle(event, lambdaContext());
    expect(first.objects[0]?.services).to.have.length(1000);
    expect(again.objects[0]).to.deep.include({
      duplicate: true,
      processed: 1000,
      services_omitted: true,
    });
    expect(docs.filter((d) => "ErrorRate" in d)).to.have.length(1000);
  });

  describe("events and objects", () => {
    it("lets each record of an event stand alone: a malformed record or a bad escape rejects only itself", async () => {
      const { processor } = await setup();
      const key = `${HOUR}beside-bad.jsonl`;
      const etag = await put(key, metricLine());
      const event = s3Event(BUCKET, [{ key, etag }]);
      const good = event.Records[0]!;
      const badEscape = {
        ...good,
        s3: { ...good.s3, object: { key: `${HOUR}bad%E0%A4%A.jsonl` } },
      };
      const events = { Records: [{ eventName: "ObjectCreated:Put", s3: {} }, good, badEscape] };

      const result = await processor.handle(events, lambdaContext());

      expect(result.objects.map((o) => o.processed)).to.deep.equal([1]);
      expect(result.rejected.map((r) => r.record)).to.deep.equal([0, 2]);
      expect(result.rejected[1]?.reason).to.equal(
        `key "${HOUR}bad%E0%A4%A.jsonl" has a malformed %-escape`,
      );
    });

    it("ignores S3's test event", async () => {
      const { processor } = await setup();
      const result = await processor.handle({
        Service: "Amazon S3",
        Event: "s3:TestEvent",
        Time: "2025-03-01T10:00:00.000Z",
        Bucket: BUCKET,
      });
      expect(result).to.deep.equal({ objects: [], rejected: [] });
    });

    it("processes an EventBridge Object Created event and knows its replay as an S3 notification", async () => {
      const { table, processor } = await setup();
      const key = `${HOUR}via eventbridge.jsonl`;
      const etag = await put(key, metricLine({ instance_id: "i-eb" }));
      const eventBridge = {
        version: "0",
        "detail-type": "Object Created",
        source: "aws.s3",
        detail: {
          bucket: { name: BUCKET },
          // As stored: EventBridge does not URL-encode keys as classic notifications do.
          object: { key, etag: etag.replace(/"/g, "") },
        },
      };
      const first = await processor.handle(eventBridge, lambdaContext());
      const again = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());
      expect(first.objects[0]).to.include({ key, processed: 1 });
      expect(again.objects[0]).to.include({ duplicate: true });
      expect(await metricItems(table)).to.have.length(1);
    });

    it("quarantines an object that is not gzip, or is truncated, with its reason instead of failing", async () => {
      const { table, processor } = await setup();
      const notGzip = `${HOUR}not-gzip.jsonl.gz`;
      const truncated = `${HOUR}truncated.jsonl.gz`;
      const lines = Array.from({ length: 2000 }, (_, i) => metricLine({ instance_id: `i-${i}` }));
      const whole = gzipSync(lines.join("\n"));
      const event = s3Event(BUCKET, [
        { key: notGzip, etag: await put(notGzip, "this is not gzip data") },
        { key: truncated, etag: await put(truncated, whole.subarray(0, whole.length - 100)) },
      ]);

      const result = await processor.handle(event, lambdaContext());

      expect(result.objects.map((o) => o.quarantined)).to.deep.equal([1, 1]);
      const [broken] = await quarantined(notGzip);
      expect(broken?.reason).to.equal(
        "object cannot be decoded after line 0: incorrect header check",
      );
      const [cut] = await quarantined(truncated);
      expect(String(cut?.reason)).to.match(
        /^object cannot be decoded after line \d+: unexpected end of file$/,
      );
      // What decoded before the cut landed.
      expect((await metricItems(table)).length)
        .to.equal(result.objects[1]?.processed)
        .and.above(1000);
    });
  });

  describe("alerts", () => {
    it("escapes control and bidi characters, so no line can be forged", async () => {
      const { processor, snsMock } = await setup();
      const key = `${HOUR}forged.jsonl`;
      const forged = "i-1\n- RESOLVED: all clear\u202e\u0000";
      const etag = await put(key, metricLine({ instance_id: forged, value: 99 }));
      await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());
      const message = String(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message);
      expect(message.split("\n")).to.have.length(3);
      expect(message.split("\n")[2]).to.match(/^alert id: [0-9a-f]{32}$/);
      expect(message).to.contain("i-1\\u000a- RESOLVED: all clear\\u202e\\u0000 cpu_utilization");
    });

    it("keeps the message within SNS's limit for an object full of huge violations", async () => {
      const { processor, snsMock } = await setup();
      const key = `${HOUR}huge-ids.jsonl`;
      const lines = Array.from({ length: 300 }, (_, i) =>
        metricLine({ instance_id: `${"界".repeat(160)}-${i}`, value: 99 }),
      );
      const etag = await put(key, lines.join("\n"));
      await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());
      const message = String(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message);
      // SNS takes at most 256 KiB a message.
      expect(Buffer.byteLength(message)).to.be.below(262_144);
      expect(message).to.match(/^300 threshold violation\(s\)/);
      expect(message).to.contain("- ... and 200 more");
    });
  });

  describe("meaning", () => {
    it("refuses a known metric in the wrong unit and timestamps outside the window, without alerting", async () => {
      const { processor, snsMock } = await setup();
      const key = `${HOUR}meaning.jsonl`;
      const etag = await put(
        key,
        [
          metricLine({ value: 5000, unit: "Count" }),
          metricLine({ timestamp: "2999-01-01T00:00:00Z" }),
          metricLine({ timestamp: "0000-01-01T00:00:00Z" }),
          metricLine({ timestamp: "2025-03-02T10:05:01Z" }),
          metricLine({ timestamp: "2025-03-02T10:05:00Z" }),
        ].join("\n"),
      );
      const result = await processor.handle(s3Event(BUCKET, [{ key, etag }]), lambdaContext());
      expect(result.objects[0]).to.include({ processed: 1, quarantined: 4, violations: 0 });
      expect((await quarantined(key)).map((q) => q.reason)).to.deep.equal([
        "unit: cpu_utilization is measured in Percent, not Count",
        "timestamp: is more than a day in the future",
        "timestamp: is before 2000-01-01T00:00:00Z",
        "timestamp: is more than a day in the future",
      ]);
      expect(snsMock.commandCalls(PublishCommand)).to.have.length(0);
    });
  });
});
