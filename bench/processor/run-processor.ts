import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { createLogProcessor } from "../../functions/log-processor/processor";
import { MetricsEmitter } from "../../functions/shared/emf";
import { Logger } from "@aws-lambda-powertools/logger";
import { DEFAULT_THRESHOLDS } from "../../functions/shared/thresholds";

/** What the bench hands a processor run: the servers, the table and the object. */
export interface ProcessorRun {
  readonly s3Config: S3ClientConfig;
  readonly dynamoConfig: DynamoDBClientConfig;
  readonly table: string;
  readonly bucket: string;
  readonly key: string;
}

/** Runs the real processor on one object's event; returns its summary and the seconds it took. */
export async function runProcessor(run: ProcessorRun, dynamo?: DynamoDBClient) {
  const processor = createLogProcessor({
    s3: new S3Client(run.s3Config),
    dynamo: dynamo ?? new DynamoDBClient(run.dynamoConfig),
    // No alert topic: nothing is published.
    sns: new SNSClient({ region: "us-east-1" }),
    settings: {
      environment: "bench",
      hotTable: run.table,
      hotTableTtlDays: 7,
      thresholds: DEFAULT_THRESHOLDS,
    },
    logger: new Logger({ serviceName: "bench", logLevel: "SILENT" }),
    metrics: new MetricsEmitter({ environment: "bench", sink: () => {} }),
  });
  const event = { Records: [{ s3: { bucket: { name: run.bucket }, object: { key: run.key } } }] };
  const t0 = process.hrtime.bigint();
  const out = await processor.handle(event);
  return { summary: out.objects[0], seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
