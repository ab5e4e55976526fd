import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { mkdirSync } from "node:fs";
import type { LocalPaths } from "./layout";
import { LOCAL_STACK } from "./layout";
import {
  deleteTable,
  emptyBucket,
  enableTtl,
  ensureBucket,
  ensureHotTable,
  type TtlOutcome,
} from "./provision";
import { emitPutEvents, processorEventsFromS3rver } from "./s3-events";
import { localS3Config, startLocalServers } from "./servers";

/** Where the lake and the hot table live for a local run. */
export interface Backend {
  /** One line for the terminal. */
  readonly description: string;
  /** True for the embedded servers, whose lake is on disk for `npm run query`. */
  readonly embedded: boolean;
  /** Whether the server keeps the hot table's TTL on. */
  readonly ttl: TtlOutcome;
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  /** Receives, for each new object under the processor's prefixes, the event S3 would send. */
  onObjectCreated(dispatch: (event: unknown) => void): void;
  stop(): Promise<void>;
}

/** s3rver and dynalite in this process, keeping their data under the data directory. */
export async function embeddedBackend(paths: LocalPaths): Promise<Backend> {
  mkdirSync(paths.s3, { recursive: true });
  mkdirSync(paths.dynamodb, { recursive: true });
  const servers = await startLocalServers({
    s3Directory: paths.s3,
    dynamoPath: paths.dynamodb,
    region: LOCAL_STACK.region,
  });
  await servers.createBucket(LOCAL_STACK.bucket);
  await servers.createHotTable(LOCAL_STACK.table);
  const ttl = await enableTtl(servers.dynamo, LOCAL_STACK.table);
  let dispatch: (event: unknown) => void = () => undefined;
  servers.onS3Event((raw) => {
    for (const event of processorEventsFromS3rver(raw)) dispatch(event);
  });
  return {
    description: `embedded S3 (s3rver, ${servers.s3Endpoint}) and DynamoDB (dynalite, ${servers.dynamoEndpoint})`,
    embedded: true,
    ttl,
    s3: servers.s3,
    dynamo: servers.dynamo,
    onObjectCreated: (fn) => (dispatch = fn),
    stop: () => servers.stop(),
  };
}

/** Any SDK client's settings for an AWS-compatible endpoint: dummy credentials unless given. */
export function endpointClientConfig(endpoint: string) {
  return {
    region: process.env.AWS_REGION ?? LOCAL_STACK.region,
    endpoint,
    ...(process.env.AWS_ACCESS_KEY_ID
      ? {}
      : { credentials: { accessKeyId: "testing", secretAccessKey: "testing" } }),
  };
}

/** What `--fresh` removed at an endpoint. */
export interface Emptied {
  readonly objects: number;
  readonly tableDeleted: boolean;
}

/**
 * Any AWS-compatible endpoint (moto_server, LocalStack). Credentials come from the usual
 * environment variables, or dummy ones, which such servers accept. They send no bucket
 * notifications to a local process, so each PutObject of the run raises its event itself.
 * `onFresh`, when given, first empties the bucket and re-creates the table, and hears what went.
 */
export async function endpointBackend(
  endpoint: string,
  onFresh?: (emptied: Emptied) => void,
): Promise<Backend> {
  const common = endpointClientConfig(endpoint);
  const s3 = new S3Client(localS3Config(common));
  const dynamo = new DynamoDBClient(common);
  let dispatch: (event: unknown) => void = () => undefined;
  await ensureBucket(s3, LOCAL_STACK.bucket);
  if (onFresh) {
    const objects = await emptyBucket(s3, LOCAL_STACK.bucket);
    onFresh({ objects, tableDeleted: await deleteTable(dynamo, LOCAL_STACK.table) });
  }
  // After emptying: deletions raise no events, the run's own puts do.
  emitPutEvents(s3, (event) => dispatch(event));
  await ensureHotTable(dynamo, LOCAL_STACK.table);
  const ttl = await enableTtl(dynamo, LOCAL_STACK.table);
  return {
    description: `endpoint ${endpoint} (S3 and DynamoDB)`,
    embedded: false,
    ttl,
    s3,
    dynamo,
    onObjectCreated: (fn) => (dispatch = fn),
    async stop() {
      s3.destroy();
      dynamo.destroy();
    },
  };
}
