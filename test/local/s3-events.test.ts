import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { decodeS3Key, objectsFromEvent } from "../../functions/log-processor/s3-event";
import {
  emitPutEvents,
  encodeS3EventKey,
  objectCreatedEvent,
  processorEventFromS3rver,
} from "../../local/s3-events";
import { type LocalServers, localServersSuite } from "../helpers/local-servers";

const KEY = "raw-metrics/year=2025/month=03/day=01/hour=10/cpu-run 1.jsonl";

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

describe("S3 events in the local run", () => {
  it("encodes keys as S3 does, so the processor's decoding path is the real one", () => {
    const encoded = encodeS3EventKey(KEY);
    expect(encoded).to.equal(
      "raw-metrics/year%3D2025/month%3D03/day%3D01/hour%3D10/cpu-run+1.jsonl",
    );
    expect(decodeS3Key(encoded)).to.equal(KEY);
  });

  it("hands the processor new objects under raw-metrics/ and raw-logs/ only, keys encoded", () => {
    const event = processorEventFromS3rver(s3rverEvent("ObjectCreated:Put", KEY));
    expect(event?.Records[0]?.s3.object.key).to.equal(encodeS3EventKey(KEY));
    expect(objectsFromEvent(event).refs).to.deep.equal([{ bucket: "lake", key: KEY, etag: "abc" }]);
    expect(
      processorEventFromS3rver(s3rverEvent("ObjectCreated:Put", "raw-logs/a.jsonl")),
    ).to.not.equal(undefined);

    expect(
      processorEventFromS3rver(s3rverEvent("ObjectCreated:Put", "quarantine/x.jsonl")),
    ).to.equal(undefined);
    expect(processorEventFromS3rver(s3rverEvent("ObjectRemoved:Delete", KEY))).to.equal(undefined);
    expect(processorEventFromS3rver({})).to.equal(undefined);
  });

  it("builds the ObjectCreated:Put event of one object, ETag without quotes", () => {
    expect(objectsFromEvent(objectCreatedEvent("lake", KEY, '"e7"')).refs).to.deep.equal([
      { bucket: "lake", key: KEY, etag: "e7" },
    ]);
  });

  describe("against a server that sends no notifications", () => {
    let servers: LocalServers;
    localServersSuite(async (started) => {
      servers = started;
      await started.createBucket("lake");
    });

    it("raises the event itself after each successful PutObject under a processed prefix", async () => {
      const s3 = new S3Client(servers.s3Config);
      const events: unknown[] = [];
      emitPutEvents(s3, (e) => events.push(e));
      await s3.send(new PutObjectCommand({ Bucket: "lake", Key: KEY, Body: "{}\n" }));
      await s3.send(
        new PutObjectCommand({ Bucket: "lake", Key: "quarantine/q.jsonl", Body: "{}\n" }),
      );
      s3.destroy();

      expect(events).to.have.length(1);
      const [ref] = objectsFromEvent(events[0]).refs;
      expect(ref).to.include({ bucket: "lake", key: KEY });
      expect(ref?.etag).to.match(/^[0-9a-f]{32}$/);
    });
  });
});
