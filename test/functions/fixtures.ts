import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { CollectorDeps } from "../../functions/data-collector/collector";
import type { GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import type { SourceRequest } from "../../functions/data-collector/sources/types";
import type { MetricType } from "../../contract/metric-record";
import { MetricsEmitter } from "../../functions/shared/emf";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import { encodeS3EventKey } from "../../local/s3-events";

/** A Powertools logger that prints nothing. */
export const silentLogger = () => new Logger({ serviceName: "test", logLevel: "SILENT" });

export interface EmfDoc {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** An emitter whose EMF lines are kept for assertions. */
export function capturedMetrics(environment = "test", clock?: () => Date) {
  const docs: EmfDoc[] = [];
  const metrics = new MetricsEmitter({
    environment,
    logger: silentLogger(),
    sink: (line) => docs.push(JSON.parse(line) as EmfDoc),
    ...(clock ? { clock } : {}),
  });
  return { metrics, docs };
}

/** Enough of a Lambda context for the ledger lock, which expires with the invocation. */
export function lambdaContext(remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "log-processor",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:log-processor",
    memoryLimitInMB: "256",
    awsRequestId: "request-1",
    logGroupName: "/aws/lambda/log-processor",
    logStreamName: "stream",
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Sum of a metric's values over the captured documents. */
export function emittedTotal(docs: readonly EmfDoc[], name: string): number {
  return docs.reduce((n, d) => n + (typeof d[name] === "number" ? (d[name] as number) : 0), 0);
}

export async function scanTable(dynamo: DynamoDBClient, table: string) {
  const out = await DynamoDBDocumentClient.from(dynamo).send(new ScanCommand({ TableName: table }));
  return out.Items ?? [];
}

export async function queryInstance(dynamo: DynamoDBClient, table: string, instanceId: string) {
  const out = await DynamoDBDocumentClient.from(dynamo).send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: `${HOT_TABLE_KEYS.partitionKey} = :pk`,
      ExpressionAttributeValues: { ":pk": `INSTANCE#${instanceId}` },
    }),
  );
  return out.Items ?? [];
}

/** A metric record as the collector writes it. */
export function metricLine(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: "2025-03-01T10:00:00Z",
    instance_id: "i-0123456789abcdef0",
    region: "eu-west-1",
    metric_type: "cpu",
    metric_name: "cpu_utilization",
    value: 42.5,
    unit: "Percent",
    metadata: { collection_method: "cloudwatch", pipeline_version: "1.0" },
    ...overrides,
  });
}

/** An S3 ObjectCreated event as S3 sends it: keys URL-encoded, "+" for spaces. */
export function s3Event(bucket: string, objects: { key: string; etag?: string }[]) {
  return {
    Records: objects.map((o) => ({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "eu-west-1",
      eventTime: "2025-03-01T10:05:00.000Z",
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeS3EventKey(o.key),
          ...(o.etag ? { eTag: o.etag } : {}),
          size: 1,
        },
      },
    })),
  };
}

/** The collector's settings as settingsFromEnv defaults them, writing to `bucket`. */
export function collectorSettings(
  bucket: string,
  overrides: Partial<CollectorDeps["settings"]> = {},
) {
  return {
    environment: "dev",
    lakeBucket: bucket,
    collectionIntervalSeconds: 10_800,
    collectionLagSeconds: 600,
    collectionPeriodSeconds: 300,
    shardSize: 100,
    ...overrides,
  };
}

/** What the collector asks a source for: one type, a whole fleet (one shard), a window ending at `at`. */
export function sourceRequest(
  metricType: MetricType,
  at: Date,
  windowSeconds = 900,
): SourceRequest {
  return {
    metricType,
    at,
    window: { start: new Date(at.getTime() - windowSeconds * 1000), end: at },
    shard: { index: 0, count: 1 },
  };
}

/** Every period's datapoint in [StartTime, EndTime] for every query (CloudWatch includes both ends). */
export function answerWindow(input: GetMetricDataCommandInput, period = 300) {
  const start = (input.StartTime as Date).getTime();
  const end = (input.EndTime as Date).getTime();
  const timestamps: Date[] = [];
  for (let t = start; t <= end; t += period * 1000) timestamps.push(new Date(t));
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
      Id: q.Id,
      Timestamps: timestamps,
      Values: timestamps.map((_, i) => (Number(q.Id?.slice(1)) + i) % 100),
      StatusCode: "Complete" as const,
    })),
  };
}
