import { Readable } from "node:stream";
import { readLineBatches } from "../functions/log-processor/line-reader";
import { parseMetricLine } from "../functions/log-processor/metric-lines";
import { ingestContext } from "../contract/hot-table";
import { hotTableAttributes } from "../functions/shared/hot-table-attributes";

export interface Throughput {
  /** Parse + validate + enrich of the same in-memory lines the baseline parses. */
  readonly recordsPerSecond: number;
  /** The same work end to end: the object streamed in 64 KiB chunks and split into lines. */
  readonly streamedRecordsPerSecond: number;
  readonly jsonParsePerSecond: number;
  /** Median over the rounds of (JSON.parse time / pipeline time), each pair measured back to back. */
  readonly ratioToJsonParse: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** 64 KiB pieces, the size of the chunks an S3 GetObject body stream delivers. */
function* chunks(body: Buffer): Generator<Buffer> {
  for (let i = 0; i < body.length; i += 65_536) yield body.subarray(i, i + 65_536);
}

/** Milliseconds of one run of `fn`, which returns how many lines it handled. */
async function timed(fn: () => Promise<number> | number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const n = await fn();
  if (n === 0) throw new Error("benchmark processed nothing");
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * The processor's per-line work (JSON.parse, validate, enrich to a hot-table item) against
 * plain JSON.parse of the same lines, in one process; and the same work fed from a stream.
 */
export async function measureThroughput(lines: readonly string[], runs = 11): Promise<Throughput> {
  const body = Buffer.from(lines.join("\n") + "\n");
  const ctx = ingestContext("raw-metrics/bench.jsonl", new Date(), 7);
  let sink = 0;

  const handle = (line: string, n: number) => {
    const parsed = parseMetricLine(line, ctx.ingestedAtMs);
    if (!parsed.ok) throw new Error(`generated line rejected: ${parsed.reason}`);
    sink += hotTableAttributes(parsed.record, parsed.timeMs, n, ctx).source_line.N?.length ?? 0;
  };
  const pipeline = () => {
    let n = 0;
    for (const line of lines) handle(line, ++n);
    return n;
  };
  const streamed = async () => {
    let n = 0;
    for await (const batch of readLineBatches(Readable.from(chunks(body)))) {
      for (const line of batch) if (typeof line === "string") handle(line, ++n);
    }
    return n;
  };
  const jsonParse = () => {
    let n = 0;
    for (const line of lines) {
      sink += (JSON.parse(line) as { value: number }).value ? 1 : 0;
      n++;
    }
    return n;
  };
  // Alternate the measurements so each round sees one machine load, and take medians over the
  // rounds: a single disturbed round (GC, a neighbour on the host) then moves nothing. The
  // ratio is the median of each round's own ratio. The first round only warms up the JIT.
  const pipelineMs: number[] = [];
  const streamedMs: number[] = [];
  const parseMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const p = await timed(pipeline);
    const j = await timed(jsonParse);
    const s = await timed(streamed);
    if (i === 0) continue;
    pipelineMs.push(p);
    parseMs.push(j);
    streamedMs.push(s);
    ratios.push(j / p);
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the work observable");
  return {
    recordsPerSecond: lines.length / (median(pipelineMs) / 1000),
    streamedRecordsPerSecond: lines.length / (median(streamedMs) / 1000),
    jsonParsePerSecond: lines.length / (median(parseMs) / 1000),
    ratioToJsonParse: median(ratios),
  };
}
