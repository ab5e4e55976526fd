import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import { objectCreatedEvent } from "../../local/s3-events";
import { lambdaContext, metricLine, scanTable } from "./fixtures";
import { motoProcessorHarness } from "./moto-processor";
import { BUCKET, NOW, processorHarness } from "./processor-harness";

const HOUR = "raw-metrics/year=2025/month=03/day=01/hour=10/";

/** A line whose instance_id JSON spells half a surrogate pair: not Unicode once parsed. */
const LONE_SURROGATE_LINE = metricLine({ instance_id: "i-\ud800-x", value: 97 });

/** SNS takes the publish, then its answer is lost once: the caller sees a network error. */
function loseFirstAnswer(sns: SNSClient): void {
  let lost = false;
  sns.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === "PublishCommand" && !lost) {
        lost = true;
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      }
      return out;
    },
    { step: "initialize", name: "loseAnswer" },
  );
}

describe("log-processor faults on the real path", function () {
  describe("on s3rver and dynalite", () => {
    const h = processorHarness();

    it("quarantines into the hour's partition under a key that fits S3's 1,024 bytes, whatever the source key", async () => {
      const { processor } = await h.setup();
      // 1,024 UTF-8 bytes, the longest key S3 takes, in segments a file system holds.
      const folders = `${"d".repeat(199)}/`.repeat(4);
      const rest = 1024 - HOUR.length - folders.length - ".jsonl".length;
      const long = `${HOUR}${folders}${"é".repeat(rest / 2)}.jsonl`;
      expect(Buffer.byteLength(long)).to.equal(1024);
      for (const key of [`${HOUR}short name+1.jsonl`, long]) {
        const etag = await h.put(key, ["{bad", metricLine()].join("\n"));
        const { objects } = await processor.handle(
          objectCreatedEvent({ bucket: BUCKET, key, etag }),
        );
        const qKey = String(objects[0]?.quarantine_key);
        // NOW is 10:05 UTC on 2025-03-01.
        expect(qKey).to.match(
          /^quarantine\/year=2025\/month=03\/day=01\/hour=10\/[A-Za-z0-9._-]{1,100}-[0-9a-f]{16}\.errors\.jsonl$/,
        );
        expect(Buffer.byteLength(qKey)).to.be.at.most(175);
        expect((await h.quarantined(key)).map((q) => q.source_key)).to.deep.equal([key]);
      }
    });

    it("quarantines extra fields, naming each, instead of dropping them", async () => {
      const { processor, table } = await h.setup();
      const key = `${HOUR}extra.jsonl`;
      const body = [
        metricLine({ hostname: "web-1" }),
        metricLine({
          instance_id: "i-b",
          metadata: { collection_method: "x", pipeline_version: "1", agent: "cw" },
        }),
        metricLine({ instance_id: "i-ok" }),
      ].join("\n");
      const etag = await h.put(key, body);
      const { objects } = await processor.handle(objectCreatedEvent({ bucket: BUCKET, key, etag }));
      expect(objects[0]).to.include({ processed: 1, quarantined: 2 });
      expect((await h.quarantined(key)).map((q) => q.reason)).to.deep.equal([
        "hostname: is not a field of the record",
        "metadata.agent: is not a field of the record",
      ]);
      expect((await h.metricItems(table)).map((i) => i.instance_id)).to.deep.equal(["i-ok"]);
    });

    it("holds the lock a DynamoDB outage kept for 45 s, not the invocation's 300 s: the first retry takes over", async () => {
      let state: "up" | "down" | "restored" = "up";
      let now = NOW.getTime();
      const dynamo = new DynamoDBClient(h.servers().dynamoConfig);
      dynamo.middlewareStack.add(
        (next, context) => async (args) => {
          // Down from the first batch write until restored, whatever is asked of it.
          if (state === "up" && context.commandName === "BatchWriteItemCommand") state = "down";
          if (state === "down") throw new Error("connect ECONNREFUSED 127.0.0.1:8000");
          return next(args);
        },
        { step: "initialize", name: "outage" },
      );
      const { processor, table } = await h.setup({ dynamo, clock: () => new Date(now) });
      const key = `${HOUR}outage.jsonl`;
      const etag = await h.put(key, metricLine());
      const event = objectCreatedEvent({ bucket: BUCKET, key, etag });
      // The processor's timeout: the lock could not be released during the outage.
      const failed = await processor.handle(event, lambdaContext(300_000)).catch((e: unknown) => e);
      expect((failed as Error).message).to.contain("ECONNREFUSED");
      state = "restored";
      const claimedAt = now;

      now = claimedAt + 45_000;
      const held = await processor.handle(event, lambdaContext(300_000)).catch((e: unknown) => e);
      expect((held as Error).message).to.contain("is being processed by another invocation");
      now = claimedAt + 45_001;
      const retry = await processor.handle(event, lambdaContext(300_000));
      expect(retry.objects[0]).to.include({ processed: 1 });
      expect(await h.metricItems(table)).to.have.length(1);
    });

    it("reads a gzip object that inflates to exactly the cap, and stops one byte past it", async () => {
      const body = [metricLine({ instance_id: "i-1" }), metricLine({ instance_id: "i-2" })].join(
        "\n",
      );
      const cap = Buffer.byteLength(body);
      const { processor } = await h.setup({ maxInflatedBytes: cap });
      const fits = `${HOUR}fits.jsonl.gz`;
      const over = `${HOUR}over.jsonl.gz`;
      const fitsTag = await h.put(fits, gzipSync(body));
      const overTag = await h.put(over, gzipSync(`${body}\n`));
      const ok = await processor.handle(
        objectCreatedEvent({ bucket: BUCKET, key: fits, etag: fitsTag }),
      );
      expect(ok.objects[0]).to.include({ processed: 2, quarantined: 0 });
      const cut = await processor.handle(
        objectCreatedEvent({ bucket: BUCKET, key: over, etag: overTag }),
      );
      expect(cut.objects[0]).to.include({ quarantined: 1 });
      expect((await h.quarantined(over))[0]?.reason).to.equal(
        `gzip object inflates past ${cap} bytes (the processor's cap); the rest is not read (after line 0)`,
      );
    });

    it("names UTF-16 as the reason an object cannot be read, with or without a byte-order mark", async () => {
      const { processor } = await h.setup();
      const text = [metricLine(), metricLine({ instance_id: "i-2" })].join("\n");
      const cases = [
        [
          "bom-le.jsonl",
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
          "UTF-16LE (byte-order mark FF FE)",
        ],
        [
          "bare-le.jsonl",
          Buffer.from(text, "utf16le"),
          "UTF-16LE (a NUL byte after each character)",
        ],
        [
          "bom-be.jsonl",
          Buffer.from(
            Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
          ).swap16(),
          "UTF-16BE (byte-order mark FE FF)",
        ],
      ] as const;
      for (const [name, body, encoding] of cases) {
        const key = `${HOUR}${name}`;
        const etag = await h.put(key, body);
        const { objects } = await processor.handle(
          objectCreatedEvent({ bucket: BUCKET, key, etag }),
        );
        expect(objects[0], name).to.include({ lines: 1, processed: 0, quarantined: 1 });
        expect((await h.quarantined(key))[0]?.reason, name).to.equal(
          `object is ${encoding}: lines must be UTF-8 JSON; re-encode it to UTF-8 (after line 0)`,
        );
      }
    });

    it("quarantines a lone surrogate in a metric or a log line, naming the field", async () => {
      const { processor } = await h.setup();
      const metrics = `${HOUR}surrogate.jsonl`;
      const logs = "raw-logs/year=2025/month=03/day=01/hour=10/surrogate.jsonl";
      const logLine = (service: string) =>
        JSON.stringify({ timestamp: "2025-03-01T10:00:00Z", service, level: "INFO", message: "m" });
      for (const [key, body] of [
        [metrics, [LONE_SURROGATE_LINE, metricLine()].join("\n")],
        [logs, [logLine("api-\udfff"), logLine("api")].join("\n")],
      ] as const) {
        const etag = await h.put(key, body);
        const { objects } = await processor.handle(
          objectCreatedEvent({ bucket: BUCKET, key, etag }),
        );
        expect(objects[0], key).to.include({ processed: 1, quarantined: 1 });
      }
      expect((await h.quarantined(metrics))[0]?.reason).to.match(
        /^instance_id: holds an unpaired UTF-16 surrogate/,
      );
      expect((await h.quarantined(logs))[0]?.reason).to.match(
        /^service: holds an unpaired UTF-16 surrogate/,
      );
    });
  });

  describe("on moto", () => {
    const m = motoProcessorHarness();

    it("alerts the valid violations of an object that also holds a lone surrogate", async () => {
      const { processor, alerts } = await m.setup();
      const key = `${HOUR}surrogate.jsonl`;
      const { etag } = await m.put(
        key,
        [LONE_SURROGATE_LINE, metricLine({ instance_id: "i-hot", value: 99 })].join("\n"),
      );
      const { objects } = await processor.handle(objectCreatedEvent({ bucket: BUCKET, key, etag }));
      expect(objects[0]).to.include({ processed: 1, quarantined: 1, violations: 1 });
      const received = await alerts();
      expect(received.map((a) => a.Subject)).to.deep.equal(["[test] 1 threshold violation: i-hot"]);
    });

    it("treats 412 PreconditionFailed (the key overwritten before it was read) as superseded", async () => {
      const { processor, table } = await m.setup();
      const key = `${HOUR}overwritten.jsonl`;
      const first = await m.put(key, metricLine({ instance_id: "i-first" }));
      const second = await m.put(key, metricLine({ instance_id: "i-second" }));
      expect(first.etag).to.not.equal(second.etag);

      const stale = await processor.handle(
        objectCreatedEvent({ bucket: BUCKET, key, etag: first.etag }),
      );
      expect(stale.objects[0]).to.include({ superseded: true, processed: 0 });
      const fresh = await processor.handle(
        objectCreatedEvent({ bucket: BUCKET, key, etag: second.etag }),
      );
      expect(fresh.objects[0]).to.include({ processed: 1 });
      expect((await m.metricItems(table)).map((i) => i.instance_id)).to.deep.equal(["i-second"]);
      // The stale version left no completed record: a re-delivery checks S3 again.
      const ledger = (await scanTable(m.dynamo(), table)).filter((i) => i.status === "COMPLETED");
      expect(ledger).to.have.length(1);
    });

    it("gives every publish of one alert the same id, so a receiver drops the repeat", async () => {
      const { processor, alerts, sns } = await m.setup();
      loseFirstAnswer(sns);
      const key = `${HOUR}hot.jsonl`;
      const { etag } = await m.put(key, metricLine({ instance_id: "i-hot", value: 99 }));
      const event = objectCreatedEvent({ bucket: BUCKET, key, etag });

      let failed: unknown;
      await processor.handle(event).catch((err: unknown) => (failed = err));
      expect(String((failed as Error | undefined)?.message)).to.contain("socket hang up");
      await processor.handle(event);

      const received = await alerts();
      expect(received).to.have.length(2);
      const ids = received.map((a) => a.MessageAttributes?.alert_id?.Value);
      expect(ids[0]).to.match(/^[0-9a-f]{32}$/);
      expect(ids[1]).to.equal(ids[0]);
      for (const a of received) expect(a.Message).to.contain(`\nalert id: ${ids[0]}`);

      // Another object's alert has another id.
      const otherKey = `${HOUR}hot-2.jsonl`;
      const other = await m.put(otherKey, metricLine({ instance_id: "i-hot", value: 99 }));
      await processor.handle(
        objectCreatedEvent({ bucket: BUCKET, key: otherKey, etag: other.etag }),
      );
      const [third] = await alerts();
      expect(third?.MessageAttributes?.alert_id?.Value).to.match(/^[0-9a-f]{32}$/);
      expect(third?.MessageAttributes?.alert_id?.Value).to.not.equal(ids[0]);
    });
  });

  it("publishes through the SDK's SNS serializer: the reason the surrogate must not reach it", async () => {
    // The SDK's query serializer, not SNS, refuses a lone surrogate (URIError, every retry).
    const { SNSClient: Client } = await import("@aws-sdk/client-sns");
    const sns = new Client({
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:9",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const error = await sns
      .send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:1:t", Message: "i-\ud800-x" }))
      .catch((err: unknown) => err as Error);
    expect((error as Error).name).to.equal("URIError");
  });
});
