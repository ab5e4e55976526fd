import { ListTopicsCommand } from "@aws-sdk/client-sns";
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { publishAlert } from "../../functions/log-processor/alerts";
import { localSnsClient, type Notification, NotificationLog } from "../../local/notifications";

describe("local SNS topic", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "notifications-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("the processor's alert publish is shown and appended as one JSON line", async () => {
    const file = path.join(dir, "notifications.jsonl");
    const shown: Notification[] = [];
    const log = new NotificationLog(
      file,
      (n) => shown.push(n),
      () => new Date("2025-03-01T10:00:01Z"),
    );
    const sns = localSnsClient(log, "log-processor", "eu-west-1");

    await publishAlert(
      sns,
      "arn:aws:sns:eu-west-1:000000000000:alerts",
      "local",
      "s3://lake/k",
      [
        {
          resource: "vm",
          metric: "cpu_utilization",
          value: 97,
          threshold: 80,
          time: "2025-03-01T10:00:00Z",
        },
      ],
      1,
      "a1",
    );

    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Notification);
    expect(lines).to.deep.equal([
      {
        published_at: "2025-03-01T10:00:01.000Z",
        publisher: "log-processor",
        topic_arn: "arn:aws:sns:eu-west-1:000000000000:alerts",
        subject: "[local] 1 threshold violation: vm",
        message:
          "1 threshold violation(s) in s3://lake/k (environment local):\n" +
          "- vm cpu_utilization = 97 (threshold 80) at 2025-03-01T10:00:00Z\n" +
          "alert id: a1",
      },
    ]);
    expect(shown).to.deep.equal(lines);
    expect(log.sent).to.deep.equal(lines);
  });

  it("answers with a MessageId and refuses anything but Publish", async () => {
    const log = new NotificationLog(path.join(dir, "n.jsonl"), () => undefined);
    const sns = localSnsClient(log, "test", "eu-west-1");
    expect(log.publish("test", { TopicArn: "t", Subject: "s", Message: "m" })).to.equal("local-1");
    let error: unknown;
    await sns.send(new ListTopicsCommand({})).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.contain("only publishes (got ListTopicsCommand)");
  });
});
