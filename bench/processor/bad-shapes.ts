import { generateMetricLines } from "../generate";

const MB = 1024 * 1024;

/** An object of mostly bad lines, streamed in blocks so the bench never holds it whole. */
export interface BadShape {
  /** The figure's name: processor.<name>.peak_rss_mb and .seconds. */
  readonly name: string;
  readonly key: string;
  readonly blocks: () => Iterable<string>;
  /** Valid lines spread through it: each must land. */
  readonly validLines: number;
}

/** Lines that fail in every way the schema words (not JSON, wrong fields, out of range). */
const MIXED_KINDS = [
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

/** 1 MB of `kinds` in turn. */
function block(kinds: readonly string[]): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < MB; i++) {
    const line = kinds[i % kinds.length] ?? "";
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

/** `megabytes` blocks with one valid line after every (megabytes / valid)th block. */
function* spread(megabytes: number, bad: string, valid: readonly string[]): Generator<string> {
  const every = Math.floor(megabytes / valid.length);
  for (let i = 0; i < megabytes; i++) {
    yield bad;
    const v = valid[i / every];
    if (i % every === 0 && v !== undefined) yield `${v}\n`;
  }
}

/**
 * The shapes of bad input the bench runs: 200 MB of mixed failures, and 1 GB of short lines
 * (each a quarantine line several times its size), each with valid lines among them. The
 * valid lines' timestamps are near `now`, inside the processor's timestamp window.
 */
export function badShapes(now: Date): BadShape[] {
  const valid = (n: number) =>
    generateMetricLines(n).map((l, i) => {
      const record = JSON.parse(l) as { timestamp: string };
      record.timestamp = new Date(now.getTime() - (i + 1) * 60_000).toISOString();
      return JSON.stringify(record);
    });
  // 49 characters and a newline: a producer's plain-text log line where JSON was expected.
  const short = "ERROR 2025-03-01 10:00:00 worker-7 lost its queue";
  return [
    {
      name: "bad_lines_200mb",
      key: "raw-metrics/bench/bad-lines-200mb.jsonl",
      blocks: () => spread(200, block(MIXED_KINDS), valid(10)),
      validLines: 10,
    },
    {
      name: "short_bad_lines_1gb",
      key: "raw-metrics/bench/short-bad-lines-1gb.jsonl",
      blocks: () => spread(1024, block([short]), valid(10)),
      validLines: 10,
    },
  ];
}
