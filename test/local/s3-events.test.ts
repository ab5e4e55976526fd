import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { lakeEventPattern } from "../../components/collector-workflow/processor-trigger";
import { decodeS3Key, objectsFromEvent } from "../../functions/log-processor/s3-event";
import {
  emitPutEvents,
  encodeS3EventKey,
  objectCreatedEvent,
  processorEventsFromS3rver,
} from "../../local/s3-events";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";

const KEY = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-run 1+a%41:é.jsonl";

/** The shape s3rver emits: keys raw, one record per write. */
function s3rverEvent(eventName: string, key: string) {
  return {
    Records: [
      {
        eventName,
        s3: { bucket: { name: "lake" }, object: { key, eTag: "abc", size: 10 } },
      },
    ],
  };
}

/** Whether an event matches the deployed rule's pattern (its literal fields and key prefixes). */
function matchesRule(event: Record<string, unknown>, bucket: string): boolean {
  const pattern = lakeEventPattern(bucket) as {
    source: string[];
    "detail-type": string[];
    detail: { bucket: { name: string[] }; object: { key: { prefix: string }[] } };
  };
  const detail = event.detail as { bucket: { name: string }; object: { key: string } };
  return (
    pattern.source.includes(String(event.source)) &&
    pattern["detail-type"].includes(String(event["detail-type"])) &&
    pattern.detail.bucket.name.includes(detail.bucket.name) &&
    pattern.detail.object.key.some((k) => detail.object.key.startsWith(k.prefix))
  );
}

describe("S3 events in the local run", () => {
  it("keeps the classic notification encoding for SNS and SQS copies: + for a space, %XX", () => {
    const encoded = encodeS3EventKey(KEY);
    expect(encoded).to.equal(
      "raw-metrics/year%3D2025/month%3D03/day%3D01/hour%3D10/cpu-run+1%2Ba%2541%3A%C3%A9.jsonl",
    );
    expect(decodeS3Key(encoded)).to.equal(KEY);
  });

  it("hands the processor the deployed rule's EventBridge event, the key as stored", () => {
    const [event, more] = processorEventsFromS3rver(s3rverEvent("ObjectCreated:Put", KEY));
    expect(more).to.equal(undefined);
    expect(event).to.include({ source: "aws.s3", "detail-type": "Object Created" });
    expect(event?.detail.object).to.include({ key: KEY, etag: "abc", size: 10 });
    expect(event?.detail.reason).to.equal("PutObject");
    expect(matchesRule(event as unknown as Record<string, unknown>, "lake")).to.equal(true);
    expect(objectsFromEvent(event).refs).to.deep.equal([{ bucket: "lake", key: KEY, etag: "abc" }]);
    expect(
      processorEventsFromS3rver(
        s3rverEvent("ObjectCreated:CompleteMultipartUpload", "raw-logs/a.jsonl"),
      )[0]?.detail.reason,
    ).to.equal("CompleteMultipartUpload");

    expect(
      processorEventsFromS3rver(s3rverEvent("ObjectCreated:Put", "quarantine/x.jsonl")),
    ).to.deep.equal([]);
    expect(processorEventsFromS3rver(s3rverEvent("ObjectRemoved:Delete", KEY))).to.deep.equal([]);
    expect(processorEventsFromS3rver({})).to.deep.equal([]);
  });

  it("builds the Object Created event of one object, ETag without quotes", () => {
    const event = objectCreatedEvent({ bucket: "lake", key: KEY, etag: '"e7"' });
    expect(event.detail.object.key).to.equal(KEY);
    expect(objectsFromEvent(event).refs).to.deep.equal([{ bucket: "lake", key: KEY, etag: "e7" }]);
  });

  describe("against a server that sends no notifications", () => {
    let servers: LocalServers;
    localServersSuite(async (started) => {
      servers = started;
      await started.createBucket("lake");
    });

    it("raises the rule's event itself after each successful PutObject under a processed prefix", async () => {
      const s3 = new S3Client(servers.s3Config);
      const events: unknown[] = [];
      emitPutEvents(s3, (e) => events.push(e));
      await s3.send(new PutObjectCommand({ Bucket: "lake", Key: KEY, Body: "{}\n" }));
      await s3.send(
        new PutObjectCommand({ Bucket: "lake", Key: "quarantine/q.jsonl", Body: "{}\n" }),
      );
      s3.destroy();

      expect(events).to.have.length(1);
      expect(matchesRule(events[0] as Record<string, unknown>, "lake")).to.equal(true);
      const [ref] = objectsFromEvent(events[0]).refs;
      expect(ref).to.include({ bucket: "lake", key: KEY });
      expect(ref?.etag).to.match(/^[0-9a-f]{32}$/);
    });
  });
});
