import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogProcessor } from "../../functions/log-processor/processor";
import { MetricsEmitter } from "../../functions/shared/emf";
import { withoutSdkLogger } from "../../functions/shared/sdk-client";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { sdkBaselineSeconds } from "./sdk-baseline";

/** What the bench hands a processor run: the servers, the table and the object. */
export interface ProcessorRun {
  readonly s3Config: S3ClientConfig;
  readonly dynamoConfig: DynamoDBClientConfig;
  readonly table: string;
  readonly bucket: string;
  readonly key: string;
  /** When set, DynamoDB is not the server's: every call succeeds after this many ms. */
  readonly dynamoDelayMs?: number;
  /**
   * When set, no processor runs and no object is read: the bare SDK writes this many generated
   * records' items through the same DynamoDB (see sdk-baseline.ts).
   */
  readonly sdkBaselineRecords?: number;
}

/**
 * A DynamoDB client whose every call succeeds (nothing unprocessed) after `delayMs`, without
 * the logger middleware as the Lambda's.
 */
function slowDynamo(delayMs: number): DynamoDBClient {
  const client = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    requestHandler: {
      async handle() {
        await sleep(delayMs);
        const body = Readable.from([Buffer.from("{}")]);
        const headers = { "content-type": "application/x-amz-json-1.0" };
        return { response: { statusCode: 200, headers, body } };
      },
    },
  });
  return withoutSdkLogger(client);
}

/** Runs the real processor on one object's event; returns its summary and the seconds it took. */
export async function runProcessor(run: ProcessorRun) {
  // Its clients as the Lambda builds them (functions/log-processor/index.ts).
  const processor = createLogProcessor({
    s3: withoutSdkLogger(new S3Client(run.s3Config)),
    dynamo:
      run.dynamoDelayMs === undefined
        ? withoutSdkLogger(new DynamoDBClient(run.dynamoConfig))
        : slowDynamo(run.dynamoDelayMs),
    // No alert topic: nothing is published.
    sns: withoutSdkLogger(new SNSClient({ region: "us-east-1" })),
    settings: {
      environment: "bench",
      hotTable: run.table,
      hotTableTtlDays: 7,
      thresholds: DEFAULT_THRESHOLDS,
    },
    logger: new Logger({ serviceName: "bench", logLevel: "SILENT" }),
    metrics: new MetricsEmitter({ environment: "bench", sink: () => {} }),
  });
  // The deployed rule's event (EventBridge "Object Created"), without an eTag: the processor
  // reads it with HeadObject, as for any event that names none.
  const event = {
    source: "aws.s3",
    "detail-type": "Object Created",
    detail: { bucket: { name: run.bucket }, object: { key: run.key } },
  };
  const t0 = process.hrtime.bigint();
  const out = await processor.handle(event);
  return { summary: out.objects[0], seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** The bare SDK writing `sdkBaselineRecords` prebuilt items through the run's slow DynamoDB. */
export async function runSdkBaseline(run: ProcessorRun) {
  const records = run.sdkBaselineRecords ?? 0;
  const dynamo = slowDynamo(run.dynamoDelayMs ?? 0);
  const seconds = await sdkBaselineSeconds(dynamo, run.table, records);
  return { summary: { processed: records, quarantined: 0, quarantine_key: null }, seconds };
}
