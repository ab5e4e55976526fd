import { expect } from "chai";
import { alertMessage } from "../../functions/log-processor/alerts";
import { parseMetricLine } from "../../functions/log-processor/metric-lines";
import { decodeS3Key, objectsFromEvent } from "../../functions/log-processor/s3-event";
import { defaultProvider } from "../../functions/shared/lambda-credentials";
import { metricLine } from "./fixtures";

describe("processor parts", () => {
  it("decodes S3 event keys: + is a space, %2B a plus", () => {
    expect(decodeS3Key("raw-logs/my+app%2Bv2/a%3Db.jsonl")).to.equal(
      "raw-logs/my app+v2/a=b.jsonl",
    );
  });

  it("takes only ObjectCreated records and rejects what is not an S3 event", () => {
    const record = (eventName: string, key: string) => ({
      eventName,
      s3: { bucket: { name: "b" }, object: { key, eTag: "e" } },
    });
    expect(
      objectsFromEvent({
        Records: [record("ObjectCreated:Put", "a"), record("ObjectRemoved:Delete", "b")],
      }).refs,
    ).to.deep.equal([{ bucket: "b", key: "a", etag: "e" }]);
    expect(() => objectsFromEvent({ detail: {} })).to.throw(
      /^Not an S3 event notification or an EventBridge S3 event$/,
    );
  });

  it("accepts a numeric-string value as coerced and names every schema problem", () => {
    const coerced = parseMetricLine(metricLine({ value: " 12.5 " }));
    expect(coerced).to.deep.include({ ok: true, coerced: true });
    const bad = parseMetricLine(metricLine({ region: "Europe", value: "high" }));
    expect(bad).to.deep.equal({
      ok: false,
      reason:
        "region: must be an AWS region name such as eu-west-1; value: must be a number or a numeric string",
    });
  });

  it("keeps SNS subjects ASCII and within 100 characters", () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({
      resource: `i-${i}abcdef`,
      metric: "cpu_utilization",
      value: 99,
      threshold: 80,
      time: "2025-03-01T10:00:00Z",
    }));
    const { subject, message } = alertMessage("prod–eu", "s3://b/k", lines);
    expect(subject).to.have.length(100);
    expect(subject).to.match(/^\[prod\?eu\] 30 threshold violations: i-0abcdef, /);
    expect(message.split("\n")).to.have.length(31);
  });
});

describe("bundle credential provider", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("reads the function role's credentials from the environment", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIA-test";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    process.env.AWS_SESSION_TOKEN = "token";
    expect(await defaultProvider()()).to.deep.equal({
      accessKeyId: "AKIA-test",
      secretAccessKey: "secret",
      sessionToken: "token",
    });
  });

  it("fails naming the variables when they are missing", async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    let error: unknown;
    try {
      await defaultProvider()();
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.contain("AWS_ACCESS_KEY_ID");
  });
});
