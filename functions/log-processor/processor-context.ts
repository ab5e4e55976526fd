import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SFNClient } from "@aws-sdk/client-sfn";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { hotTableDocumentClient, type RetryOptions } from "../shared/batch-write";
import type { MetricsEmitter } from "../shared/emf";
import type { Log } from "../shared/logging";
import type { HandlerSettings } from "../../contract/handler-settings";
import { ObjectLedger } from "./ledger";

export interface LogProcessorDeps {
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly sns: SNSClient;
  /** Starts the compaction's catch-up run for a late object; without it nothing is re-opened. */
  readonly sfn?: SFNClient;
  readonly settings: Pick<
    HandlerSettings,
    | "environment"
    | "hotTable"
    | "hotTableTtlDays"
    | "alertTopicArn"
    | "thresholds"
    | "anomalyDetection"
  > &
    Partial<Pick<HandlerSettings, "compactionStateMachineArn" | "compactionCatchUpDays">>;
  readonly logger: Log;
  readonly metrics: MetricsEmitter;
  readonly clock?: () => Date;
  /** Bytes a gzip object may inflate to. @default MAX_INFLATED_BYTES (2 GiB) */
  readonly maxInflatedBytes?: number;
  /** Hot-table write retries and BatchWriteItem requests in flight (`concurrency`, default 32). */
  readonly retry?: RetryOptions & { readonly concurrency?: number };
}

/** What every step of an object's processing reads: the deps, with what is built from them once. */
export interface ProcessorContext extends LogProcessorDeps {
  readonly clock: () => Date;
  readonly doc: DynamoDBDocumentClient;
  readonly ledger: ObjectLedger;
}

export function processorContext(deps: LogProcessorDeps): ProcessorContext {
  const clock = deps.clock ?? (() => new Date());
  const doc = hotTableDocumentClient(deps.dynamo);
  const { hotTable, hotTableTtlDays } = deps.settings;
  return { ...deps, clock, doc, ledger: new ObjectLedger(doc, hotTable, hotTableTtlDays, clock) };
}
