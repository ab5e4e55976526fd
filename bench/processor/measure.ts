import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { execFile } from "node:child_process";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { startLocalServers } from "../../local/servers";
import { generateMetricLines } from "../generate";
import { type ProcessorRun, runProcessor } from "./run-processor";

const MB = 1024 * 1024;
const BUCKET = "lake";
const TABLE = "hot";

/** What the processor does with hostile objects and slow I/O, each on the real code path. */
export interface ProcessorFigures {
  /** Peak RSS of a process running the processor over 200 MB of bad lines. */
  readonly badLinesPeakRssMb: number;
  readonly badLinesSeconds: number;
  /** One 50 MB line without a newline, read and quarantined. */
  readonly line50mbSeconds: number;
  /** Records streamed, parsed and written through a DynamoDB answering each call after 10 ms. */
  readonly simulatedIoRecordsPerS: number;
}

/** 1 MB of lines that fail in every way the schema words (not JSON, wrong fields, out of range). */
function badBlock(): string {
  const kinds = [
    "{not json at all, just a broken producer line with some padding to make it longer",
    JSON.stringify({ timestamp: "yesterday", instance_id: "", region: "Europe", value: "high" }),
    JSON.stringify({
      timestamp: "2025-03-01T10:00:00Z",
      instance_id: "i-1",
      region: "eu-west-1",
      metric_type: "cpu",
      metric_name: "cpu_utilization",
      value: 140,
      unit: "Percent",
      metadata: { collection_method: "x", pipeline_version: "1" },
    }),
  ];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MB; i++) {
    const line = kinds[i % kinds.length] ?? "";
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

/** A DynamoDB client whose every call succeeds (nothing unprocessed) after `delayMs`. */
function slowDynamo(delayMs: number): DynamoDBClient {
  return new DynamoDBClient({
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
}

export async function measureProcessor(): Promise<ProcessorFigures> {
  const servers = await startLocalServers();
  try {
    await servers.createBucket(BUCKET);
    await servers.createHotTable(TABLE);
    const runOf = (key: string): ProcessorRun => ({
      s3Config: servers.s3Config,
      dynamoConfig: servers.dynamoConfig,
      table: TABLE,
      bucket: BUCKET,
      key,
    });

    const badKey = "raw-metrics/bench/bad-lines-200mb.jsonl";
    const block = badBlock();
    await new Upload({
      client: servers.s3,
      params: {
        Bucket: BUCKET,
        Key: badKey,
        Body: Readable.from(Array.from({ length: 200 }, () => block)),
      },
    }).done();
    const child = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "bad-lines-child.ts")],
      {
        env: { ...process.env, BENCH_PROCESSOR_RUN: JSON.stringify(runOf(badKey)) },
        maxBuffer: 16 * MB,
      },
    );
    const bad = JSON.parse(child.stdout) as {
      seconds: number;
      peakRssMb: number;
      summary: { quarantined: number };
    };
    if (bad.summary.quarantined === 0) throw new Error("the bad lines were not quarantined");

    const longKey = "raw-metrics/bench/line-50mb.jsonl";
    await servers.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: longKey, Body: Buffer.alloc(50 * MB, "x") }),
    );
    const long = await runProcessor(runOf(longKey));
    if (long.summary?.quarantined !== 1) throw new Error("the 50 MB line was not quarantined");

    const ioKey = "raw-metrics/bench/simulated-io.jsonl";
    const lines = generateMetricLines(200_000);
    await servers.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: ioKey, Body: lines.join("\n") }),
    );
    const io = await runProcessor(runOf(ioKey), slowDynamo(10));
    if (io.summary?.processed !== lines.length) throw new Error("records were lost");

    return {
      badLinesPeakRssMb: bad.peakRssMb,
      badLinesSeconds: bad.seconds,
      line50mbSeconds: long.seconds,
      simulatedIoRecordsPerS: lines.length / io.seconds,
    };
  } finally {
    await servers.stop();
  }
}
