import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createLogProcessor } from "../../functions/log-processor/processor";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { type LocalServers, startLocalServers } from "../helpers/local-servers";
import { capturedMetrics, scanTable, silentLogger } from "./fixtures";

export const BUCKET = "lake";
export const TOPIC = "arn:aws:sns:eu-west-1:123456789012:alerts";
export const NOW = new Date("2025-03-01T10:05:00Z");

export interface SetupOptions {
  readonly dynamo?: DynamoDBClient;
  readonly s3?: S3Client;
  /** The processor's clock. @default NOW */
  readonly clock?: () => Date;
  /** Bytes a gzip object may inflate to. @default the processor's */
  readonly maxInflatedBytes?: number;
}

/**
 * s3rver and dynalite for a describe block, and per test a fresh table, SNS mock (SNS has no
 * local server; the messages are what is checked) and EMF capture, so counts never leak.
 */
export function processorHarness() {
  let servers: LocalServers;
  let tableCount = 0;

  before(async () => {
    servers = await startLocalServers();
    await servers.createBucket(BUCKET);
  });
  after(async () => servers.stop());

  async function setup(options: SetupOptions = {}) {
    const table = `hot-${++tableCount}`;
    await servers.createHotTable(table);
    const sns = new SNSClient({ region: "eu-west-1" });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
    const { metrics, docs } = capturedMetrics("test", () => NOW);
    const processor = createLogProcessor({
      s3: options.s3 ?? servers.s3,
      dynamo: options.dynamo ?? servers.dynamo,
      sns,
      settings: {
        environment: "test",
        hotTable: table,
        hotTableTtlDays: 7,
        alertTopicArn: TOPIC,
        thresholds: DEFAULT_THRESHOLDS,
      },
      logger: silentLogger(),
      metrics,
      clock: options.clock ?? (() => NOW),
      retry: { sleep: async () => {} },
      ...(options.maxInflatedBytes ? { maxInflatedBytes: options.maxInflatedBytes } : {}),
    });
    return { table, processor, snsMock, docs };
  }

  async function put(key: string, body: string | Buffer): Promise<string> {
    const out = await servers.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }),
    );
    return out.ETag ?? "";
  }

  async function read(key: string): Promise<string> {
    const out = await servers.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await out.Body?.transformToString()) ?? "";
  }

  /** Every quarantine object's key under quarantine/. */
  async function quarantineKeys(): Promise<string[]> {
    const out = await servers.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "quarantine/" }),
    );
    return (out.Contents ?? []).map((o) => o.Key ?? "");
  }

  /** The quarantine lines of an object (whatever quarantine object holds them), parsed. */
  async function quarantined(key: string): Promise<Record<string, unknown>[]> {
    const lines: Record<string, unknown>[] = [];
    for (const q of await quarantineKeys()) {
      for (const l of (await read(q)).split("\n")) {
        if (l.trim() === "") continue;
        const line = JSON.parse(l) as Record<string, unknown>;
        if (line.source_key === key) lines.push(line);
      }
    }
    return lines;
  }

  const metricItems = async (table: string) =>
    (await scanTable(servers.dynamo, table)).filter((i) => String(i.pk).startsWith("INSTANCE#"));

  return {
    servers: () => servers,
    setup,
    put,
    read,
    quarantined,
    quarantineKeys,
    metricItems,
  };
}
