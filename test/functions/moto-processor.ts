import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createLogProcessor, type LogProcessorDeps } from "../../functions/log-processor/processor";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { ensureHotTable } from "../../local/provision";
import { localS3Config } from "../../local/servers";
import { type MotoServer, motoSuite } from "../helpers/moto";
import { capturedMetrics, scanTable, silentLogger } from "./fixtures";
import { BUCKET, NOW } from "./processor-harness";

/** One SNS alert as a subscribed queue receives it (SNS's JSON envelope). */
export interface ReceivedAlert {
  readonly Message: string;
  readonly Subject?: string;
  readonly MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/**
 * The processor on moto: its S3, a hot table built as the local run builds it, and a real SNS
 * topic with a queue subscribed, so what SNS accepted can be read back.
 */
export function motoProcessorHarness() {
  const moto = motoSuite();
  let tableCount = 0;
  let s3: S3Client;
  let dynamo: DynamoDBClient;

  before(() => {
    const config = moto().clientConfig;
    s3 = new S3Client(localS3Config(config));
    dynamo = new DynamoDBClient(config);
  });
  after(() => {
    s3.destroy();
    dynamo.destroy();
  });

  /** The processor over fresh resources; `settings` overrides are merged into the defaults. */
  async function setup(
    overrides: Omit<Partial<LogProcessorDeps>, "settings"> & {
      readonly settings?: Partial<LogProcessorDeps["settings"]>;
    } = {},
  ) {
    const { settings: extraSettings, ...deps } = overrides;
    const m: MotoServer = moto();
    await m.reset();
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    const table = `hot-${++tableCount}`;
    await ensureHotTable(dynamo, table);
    const sns = new SNSClient(m.clientConfig);
    const sqs = new SQSClient(m.clientConfig);
    const topic = await sns.send(new CreateTopicCommand({ Name: "alerts" }));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: "alerts" }));
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: "sqs",
        Endpoint: attrs.Attributes?.QueueArn,
      }),
    );
    const { metrics, docs } = capturedMetrics("test", () => NOW);
    const processor = createLogProcessor({
      s3,
      dynamo,
      sns,
      settings: {
        environment: "test",
        hotTable: table,
        hotTableTtlDays: 7,
        alertTopicArn: topic.TopicArn ?? "",
        thresholds: DEFAULT_THRESHOLDS,
        ...extraSettings,
      },
      logger: silentLogger(),
      metrics,
      clock: () => NOW,
      retry: { sleep: async () => {} },
      ...deps,
    });
    /** Every alert SNS accepted, as the subscribed queue received it. */
    async function alerts(): Promise<ReceivedAlert[]> {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10 }),
      );
      return (out.Messages ?? []).map((msg) => JSON.parse(msg.Body ?? "{}") as ReceivedAlert);
    }
    return { table, processor, docs, sns, alerts };
  }

  async function put(key: string, body: string | Buffer) {
    const out = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    return { etag: out.ETag ?? "", versionId: out.VersionId };
  }

  async function read(key: string): Promise<string> {
    const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await out.Body?.transformToString()) ?? "";
  }

  async function quarantineKeys(): Promise<string[]> {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "quarantine/" }));
    return (out.Contents ?? []).map((o) => o.Key ?? "");
  }

  const metricItems = async (table: string) =>
    (await scanTable(dynamo, table)).filter((i) => String(i.pk).startsWith("INSTANCE#"));

  return {
    moto,
    setup,
    put,
    read,
    quarantineKeys,
    metricItems,
    s3: () => s3,
    dynamo: () => dynamo,
  };
}
