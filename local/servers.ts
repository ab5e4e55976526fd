import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import dynalite from "dynalite";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { ensureBucket, ensureHotTable } from "./provision";

/**
 * S3 (s3rver) and DynamoDB (dynalite) servers speaking the real HTTP protocols, on random
 * free ports, for tests and the local run. Nothing leaves the machine.
 *
 * ```ts
 * const servers = await startLocalServers();
 * await servers.createBucket("lake");
 * await servers.createHotTable("hot");
 * // ... hand servers.s3 / servers.dynamo to a handler factory ...
 * await servers.stop();
 * ```
 */
export interface LocalServers {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  /** Configured for s3rver: its fixed credentials, path-style URLs, no streaming checksums. */
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  /** Client config to build more clients (e.g. with middleware) against the same servers. */
  readonly s3Config: S3ClientConfig;
  readonly dynamoConfig: DynamoDBClientConfig;
  /** s3rver's notification-shaped records for every write (keys are not URL-encoded). */
  onS3Event(listener: (event: unknown) => void): void;
  /** Creates the bucket unless it exists. */
  createBucket(name: string): Promise<void>;
  /** The hot table with exactly the keys and index of HOT_TABLE_KEYS, unless it exists. */
  createHotTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  /** Where s3rver keeps objects. @default a new temporary directory, removed by stop() */
  readonly s3Directory?: string;
  /** LevelDB directory for dynalite. @default in memory */
  readonly dynamoPath?: string;
  /** @default "us-east-1" */
  readonly region?: string;
}

/** What S3-compatible servers need of an S3 client: path-style URLs, no streaming checksums. */
export function localS3Config(config: S3ClientConfig): S3ClientConfig {
  return {
    ...config,
    forcePathStyle: true,
    // Otherwise streamed uploads are stored with their aws-chunked framing.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

export async function startLocalServers(options: LocalServerOptions = {}): Promise<LocalServers> {
  const region = options.region ?? "us-east-1";
  const ownDir = options.s3Directory ? undefined : await mkdtemp(path.join(tmpdir(), "s3rver-"));
  const s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: options.s3Directory ?? ownDir,
    silent: true,
  });
  const s3Address = await s3rver.run();
  const s3Endpoint = `http://127.0.0.1:${s3Address.port}`;

  const dynamoServer = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dynamoPath ? { path: options.dynamoPath } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    dynamoServer.once("error", reject);
    dynamoServer.listen(0, "127.0.0.1", () => resolve());
  });
  const dynamoEndpoint = `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`;

  const s3Config = localS3Config({
    region,
    endpoint: s3Endpoint,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const dynamoConfig: DynamoDBClientConfig = {
    region,
    endpoint: dynamoEndpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const s3 = new S3Client(s3Config);
  const dynamo = new DynamoDBClient(dynamoConfig);

  return {
    s3Endpoint,
    dynamoEndpoint,
    s3,
    dynamo,
    s3Config,
    dynamoConfig,
    onS3Event(listener) {
      s3rver.on("event", listener);
    },
    createBucket: (name) => ensureBucket(s3, name),
    createHotTable: (name) => ensureHotTable(dynamo, name),
    async stop() {
      s3.destroy();
      dynamo.destroy();
      await s3rver.close();
      await new Promise<void>((resolve, reject) =>
        dynamoServer.close((err?: Error) => (err ? reject(err) : resolve())),
      );
      if (ownDir) await rm(ownDir, { recursive: true, force: true });
    },
  };
}
