import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
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
import { badShapes } from "./bad-shapes";
import type { ProcessorRun } from "./run-processor";

const MB = 1024 * 1024;
const BUCKET = "lake";
const TABLE = "hot";

/** One bad-input shape: the peak RSS of the process running the bundled processor over it. */
export interface BadShapeFigures {
  readonly name: string;
  readonly peakRssMb: number;
  readonly seconds: number;
}

/** What the processor does with hostile objects and slow I/O, each on the real code path. */
export interface ProcessorFigures {
  readonly badShapes: BadShapeFigures[];
  /** One 50 MB line without a newline, read and quarantined. */
  readonly line50mbSeconds: number;
  /**
   * Records streamed, parsed and written through a DynamoDB answering each call after 10 ms:
   * the median of three runs.
   */
  readonly simulatedIoRecordsPerS: number;
  /** The bare SDK writing the same items through the same DynamoDB: the median of three runs. */
  readonly sdkBaselineRecordsPerS: number;
  /**
   * simulatedIoRecordsPerS over sdkBaselineRecordsPerS, as the median of each pass's own ratio
   * (the two measured back to back): what the processor keeps of what the SDK alone allows on
   * this machine, so it moves far less with the hardware than either figure.
   */
  readonly ratioToSdkBaseline: number;
}

const IO_RECORDS = 200_000;
const IO_DELAY_MS = 10;

const medianOf3 = (values: readonly number[]) => [...values].sort((a, b) => a - b)[1] ?? NaN;

/**
 * Three passes, each the processor over an object of IO_RECORDS lines (three objects of the
 * same lines: the ledger would skip a second run of one object), then the bare SDK writing the
 * same items. Medians of three, so one disturbed pass moves nothing.
 */
async function measureSimulatedIo(
  bundle: string,
  s3: S3Client,
  runOf: (key: string) => ProcessorRun,
): Promise<Omit<ProcessorFigures, "badShapes" | "line50mbSeconds">> {
  const lines = generateMetricLines(IO_RECORDS);
  const ours: number[] = [];
  const sdk: number[] = [];
  const ratios: number[] = [];
  for (const n of [1, 2, 3]) {
    const ioKey = `raw-metrics/bench/simulated-io-${n}.jsonl`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: ioKey, Body: lines.join("\n") }));
    const io = await runBundled(bundle, { ...runOf(ioKey), dynamoDelayMs: IO_DELAY_MS });
    if (io.summary?.processed !== lines.length) throw new Error("records were lost");
    const bare = await runBundled(bundle, {
      ...runOf(ioKey),
      dynamoDelayMs: IO_DELAY_MS,
      sdkBaselineRecords: IO_RECORDS,
    });
    ours.push(IO_RECORDS / io.seconds);
    sdk.push(IO_RECORDS / bare.seconds);
    ratios.push(bare.seconds / io.seconds);
  }
  return {
    simulatedIoRecordsPerS: medianOf3(ours),
    sdkBaselineRecordsPerS: medianOf3(sdk),
    ratioToSdkBaseline: medianOf3(ratios),
  };
}

interface ChildResult {
  readonly summary?: { processed: number; quarantined: number; quarantine_key: string | null };
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

/** `badInput: false` skips the bad-input shapes (minutes each) for a spread of the I/O figure. */
export async function measureProcessor(
  options: { readonly badInput?: boolean } = {},
): Promise<ProcessorFigures> {
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

    const badShapeFigures: BadShapeFigures[] = [];
    for (const shape of options.badInput === false ? [] : badShapes(new Date())) {
      await new Upload({
        client: servers.s3,
        params: { Bucket: BUCKET, Key: shape.key, Body: Readable.from(shape.blocks()) },
      }).done();
      const bad = await runBundled(bundle, runOf(shape.key));
      if (!bad.summary?.quarantined) throw new Error(`${shape.name}: nothing was quarantined`);
      if (bad.summary.processed !== shape.validLines) {
        throw new Error(
          `${shape.name}: ${bad.summary.processed} of ${shape.validLines} valid lines landed`,
        );
      }
      badShapeFigures.push({ name: shape.name, peakRssMb: bad.peakRssMb, seconds: bad.seconds });
      // The shape and its quarantine are gigabytes on the servers' disk: gone before the next.
      await servers.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: shape.key }));
      if (bad.summary.quarantine_key) {
        await servers.s3.send(
          new DeleteObjectCommand({ Bucket: BUCKET, Key: bad.summary.quarantine_key }),
        );
      }
    }

    const longKey = "raw-metrics/bench/line-50mb.jsonl";
    await servers.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: longKey, Body: Buffer.alloc(50 * MB, "x") }),
    );
    const long = await runBundled(bundle, runOf(longKey));
    if (long.summary?.quarantined !== 1) throw new Error("the 50 MB line was not quarantined");

    return {
      badShapes: badShapeFigures,
      line50mbSeconds: long.seconds,
      ...(await measureSimulatedIo(bundle, servers.s3, runOf)),
    };
  } finally {
    await servers.stop();
    rmSync(childDir, { recursive: true, force: true });
  }
}
