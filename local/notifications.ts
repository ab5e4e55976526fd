import { SNSClient } from "@aws-sdk/client-sns";
import { appendFileSync } from "node:fs";
import type { PublishedMessage } from "./task-bindings";

/** One SNS publish of the local run, as .local/notifications.jsonl keeps it. */
export interface Notification {
  readonly published_at: string;
  /** log-processor (threshold alerts) or state-machine (run notifications). */
  readonly publisher: string;
  readonly topic_arn: string;
  readonly subject: string;
  readonly message: string;
}

/**
 * Stands in for the SNS topic: every publish is appended to a JSON Lines file and shown on
 * the terminal, as an e-mail subscriber would see it.
 */
export class NotificationLog {
  readonly #sent: Notification[] = [];

  constructor(
    private readonly file: string,
    private readonly show: (n: Notification) => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Every notification of this run so far, oldest first. */
  get sent(): readonly Notification[] {
    return this.#sent;
  }

  publish(publisher: string, message: PublishedMessage): string {
    const n: Notification = {
      published_at: this.clock().toISOString(),
      publisher,
      topic_arn: message.TopicArn,
      subject: message.Subject,
      message: message.Message,
    };
    this.#sent.push(n);
    appendFileSync(this.file, `${JSON.stringify(n)}\n`);
    this.show(n);
    return `local-${this.#sent.length}`;
  }
}

/**
 * A real SNSClient whose Publish calls never leave the process: a middleware at the first
 * step hands the input to the log and answers as SNS would, before signing or sending.
 */
export function localSnsClient(log: NotificationLog, publisher: string, region: string): SNSClient {
  const sns = new SNSClient({
    region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  sns.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== "PublishCommand") {
        throw new Error(`the local SNS stand-in only publishes (got ${context.commandName})`);
      }
      const messageId = log.publish(publisher, args.input as PublishedMessage);
      return { output: { MessageId: messageId, $metadata: {} }, response: {} } as never;
    },
    { step: "initialize", name: "localSnsTopic" },
  );
  return sns;
}
