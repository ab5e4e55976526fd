import { expect } from "chai";
import type { LogProcessor } from "../../functions/log-processor/processor";
import { objectsFromEvent } from "../../functions/log-processor/s3-event";
import { objectCreatedEvent } from "../../local/s3-events";
import { metricLine, s3Event } from "./fixtures";
import { motoProcessorHarness } from "./moto-processor";
import { BUCKET, processorHarness } from "./processor-harness";

// Each character the two encodings disagree on: "+" (a space to a decoder), "%" (an escape),
// a space, ":" (EventBridge's real samples keep it literal) and non-ASCII.
const ODD_KEYS = [
  "raw-metrics/year=2025/month=03/day=01/hour=10/plus+sign.jsonl",
  "raw-metrics/year=2025/month=03/day=01/hour=10/per%41cent.jsonl",
  "raw-metrics/year=2025/month=03/day=01/hour=10/a space.jsonl",
  "raw-metrics/year=2025/month=03/day=01/hour=10/2025-03-01T10:00:00.jsonl",
  "raw-metrics/year=2025/month=03/day=01/hour=10/café-überwacht-監視.jsonl",
];

/** An SQS record as Lambda's event source mapping delivers it. */
function sqsRecord(body: unknown) {
  return {
    messageId: "059f36b4-87a3-44ab-83d2-661975830a7d",
    receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "1740823500000",
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: "1740823500001",
    },
    messageAttributes: {},
    md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:lake-events",
    awsRegion: "eu-west-1",
  };
}

/** An SNS record as Lambda receives it from a subscription. */
function snsRecord(message: unknown) {
  return {
    EventVersion: "1.0",
    EventSubscriptionArn: "arn:aws:sns:eu-west-1:123456789012:lake-events:2bcfbf39",
    EventSource: "aws:sns",
    Sns: {
      SignatureVersion: "1",
      Timestamp: "2025-03-01T10:05:00.000Z",
      Signature: "EXAMPLE",
      SigningCertUrl: "https://sns.eu-west-1.amazonaws.com/cert.pem",
      MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
      Message: JSON.stringify(message),
      MessageAttributes: {},
      Type: "Notification",
      UnsubscribeUrl: "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe",
      TopicArn: "arn:aws:sns:eu-west-1:123456789012:lake-events",
      Subject: "Amazon S3 Notification",
    },
  };
}

/** An SNS notification as an SQS queue receives it without raw message delivery. */
function snsInSqsBody(message: unknown) {
  return {
    Type: "Notification",
    MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
    TopicArn: "arn:aws:sns:eu-west-1:123456789012:lake-events",
    Subject: "Amazon S3 Notification",
    Message: JSON.stringify(message),
    Timestamp: "2025-03-01T10:05:00.000Z",
    SignatureVersion: "1",
    Signature: "EXAMPLE",
    SigningCertURL: "https://sns.eu-west-1.amazonaws.com/cert.pem",
    UnsubscribeURL: "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe",
  };
}

describe("log-processor events: keys and envelopes", () => {
  const KEY = ODD_KEYS[0] ?? "";
  const classic = s3Event(BUCKET, [{ key: KEY, etag: "e1" }]);
  const bridged = objectCreatedEvent({ bucket: BUCKET, key: KEY, etag: "e1" });
  const expected = [{ bucket: BUCKET, key: KEY, etag: "e1" }];

  it("reads EventBridge keys as stored and decodes only the classic notification's", () => {
    // Over EventBridge, "+" is a plus and "%41" three characters, as the key was written.
    expect(objectsFromEvent(bridged).refs).to.deep.equal(expected);
    expect(objectsFromEvent(classic).refs).to.deep.equal(expected);
  });

  it("unwraps S3 events from SNS, SQS, SNS inside SQS, and EventBridge inside SQS", () => {
    for (const event of [
      { Records: [snsRecord(classic)] },
      { Records: [sqsRecord(classic)] },
      { Records: [sqsRecord(snsInSqsBody(classic))] },
      { Records: [sqsRecord(bridged)] },
      { Records: [sqsRecord(snsInSqsBody(bridged))] },
    ]) {
      expect(objectsFromEvent(event)).to.deep.equal({ refs: expected, rejected: [] });
    }
  });

  it("rejects a wrapper whose payload holds no S3 event with its reason, and reads the rest", () => {
    const out = objectsFromEvent({
      Records: [
        sqsRecord({ hello: "world" }),
        { ...sqsRecord(classic), body: "{not json" },
        sqsRecord(classic),
      ],
    });
    expect(out.refs).to.deep.equal(expected);
    expect(out.rejected.map((r) => r.record)).to.deep.equal([0, 1]);
    expect(out.rejected[0]?.reason).to.equal("SQS body holds no S3 event");
    expect(out.rejected[1]?.reason).to.match(/^SQS body is not JSON: /);
  });

  it("treats a null versionId or version-id as an unversioned object", () => {
    const record = {
      eventName: "ObjectCreated:Put",
      s3: {
        bucket: { name: BUCKET },
        object: { key: "raw-logs/a.jsonl", eTag: "e", versionId: null },
      },
    };
    expect(objectsFromEvent({ Records: [record] })).to.deep.equal({
      refs: [{ bucket: BUCKET, key: "raw-logs/a.jsonl", etag: "e" }],
      rejected: [],
    });
    const bridgedNull = objectCreatedEvent({ bucket: BUCKET, key: "raw-logs/a.jsonl", etag: "e" });
    (bridgedNull.detail.object as Record<string, unknown>)["version-id"] = null;
    expect(objectsFromEvent(bridgedNull).refs).to.deep.equal([
      { bucket: BUCKET, key: "raw-logs/a.jsonl", etag: "e" },
    ]);
  });

  /** Puts one valid line under each odd key; the rule's events land each once. */
  async function landsOnce(
    put: (key: string, body: string) => Promise<string>,
    processor: LogProcessor,
    count: () => Promise<number>,
  ) {
    const events = [];
    for (const [i, key] of ODD_KEYS.entries()) {
      const etag = await put(key, metricLine({ instance_id: `i-odd-${i}` }));
      events.push(objectCreatedEvent({ bucket: BUCKET, key, etag }));
    }
    const first = await Promise.all(events.map((e) => processor.handle(e)));
    expect(first.map((o) => o.objects.map((s) => [s.key, s.processed]))).to.deep.equal(
      ODD_KEYS.map((k) => [[k, 1]]),
    );
    const again = await Promise.all(events.map((e) => processor.handle(e)));
    expect(again.every((o) => o.objects[0]?.duplicate === true)).to.equal(true);
    expect(await count()).to.equal(ODD_KEYS.length);
  }

  describe("on s3rver and dynalite", () => {
    const h = processorHarness();
    it("lands keys with +, %, spaces, : and non-ASCII once each", async () => {
      const { processor, table } = await h.setup();
      await landsOnce(h.put, processor, async () => (await h.metricItems(table)).length);
    });
  });

  describe("on moto", () => {
    const m = motoProcessorHarness();
    it("lands keys with +, %, spaces, : and non-ASCII once each", async () => {
      const { processor, table } = await m.setup();
      await landsOnce(
        async (key, body) => (await m.put(key, body)).etag,
        processor,
        async () => (await m.metricItems(table)).length,
      );
    });
  });
});
