import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { bundleModule } from "../../functions/build";
import { startLocalServers } from "../../local/servers";
import { generateMetricLines } from "../generate";
import type { ProcessorRun } from "./run-processor";

const MB = 1024 * 1024;
const BUCKET = "lake";
const TABLE = "hot";

/** What the processor does with hostile objects and slow I/O, each on the real code path. */
export interface ProcessorFigures {
  /** Peak RSS of a process running the bundled processor over 200 MB of bad lines. */
  readonly badLinesPeakRssMb: number;
  readonly badLinesSeconds: number;
  /** One 50 MB line without a newline, read and quarantined. */
  readonly line50mbSeconds: number;
  /**
   * Records streamed, parsed and written through a DynamoDB answering each call after 10 ms:
   * the median of three runs.
   */
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

interface ChildResult {
  readonly summary?: { processed: number; quarantined: number };
  readonly seconds: number;
  readonly peakRssMb: number;
}

/**
 * Runs the processor as the Lambda does: one bundle built with the handlers' own esbuild
 * settings, in a process of its own on plain Node, without the TypeScript loader (which alone
 * added 15-30 MB to the peak RSS).
 */
async function runBundled(bundle: string, run: ProcessorRun): Promise<ChildResult> {
  const child = await promisify(execFile)(process.execPath, [bundle], {
    env: { ...process.env, BENCH_PROCESSOR_RUN: JSON.stringify(run) },
    maxBuffer: 16 * MB,
  });
  return JSON.parse(child.stdout) as ChildResult;
}

export async function measureProcessor(): Promise<ProcessorFigures> {
  const servers = await startLocalServers();
  const childDir = mkdtempSync(path.join(tmpdir(), "bench-processor-"));
  try {
    const bundle = path.join(childDir, "processor-child.mjs");
    const root = path.resolve(__dirname, "..", "..");
    writeFileSync(bundle, bundleModule(path.join(__dirname, "child.ts"), root));
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
    const bad = await runBundled(bundle, runOf(badKey));
    if (!bad.summary?.quarantined) throw new Error("the bad lines were not quarantined");

    const longKey = "raw-metrics/bench/line-50mb.jsonl";
    await servers.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: longKey, Body: Buffer.alloc(50 * MB, "x") }),
    );
    const long = await runBundled(bundle, runOf(longKey));
    if (long.summary?.quarantined !== 1) throw new Error("the 50 MB line was not quarantined");

    // Three objects of the same lines (the ledger would skip a second run of one object): a
    // median of three runs, so one disturbed run moves nothing.
    const lines = generateMetricLines(200_000);
    const ioSeconds: number[] = [];
    for (const n of [1, 2, 3]) {
      const ioKey = `raw-metrics/bench/simulated-io-${n}.jsonl`;
      await servers.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: ioKey, Body: lines.join("\n") }),
      );
      const io = await runBundled(bundle, { ...runOf(ioKey), dynamoDelayMs: 10 });
      if (io.summary?.processed !== lines.length) throw new Error("records were lost");
      ioSeconds.push(io.seconds);
    }
    const medianSeconds = [...ioSeconds].sort((a, b) => a - b)[1] ?? NaN;

    return {
      badLinesPeakRssMb: bad.peakRssMb,
      badLinesSeconds: bad.seconds,
      line50mbSeconds: long.seconds,
      simulatedIoRecordsPerS: lines.length / medianSeconds,
    };
  } finally {
    await servers.stop();
    rmSync(childDir, { recursive: true, force: true });
  }
}
