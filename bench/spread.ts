import { loadavg } from "node:os";
import { generateMetricLines } from "./generate";
import { measureProcessor } from "./processor/measure";
import { measureThroughput } from "./throughput";

/** One bench run's figures that carry a target and move with the machine's load. */
interface RunFigures {
  readonly simulatedIo: number;
  readonly sdkBaseline: number;
  readonly ratioToSdkBaseline: number;
  readonly ratioToJsonParse: number;
  readonly jsonParse: number;
  /** The 1-minute load average when the run ended (2 cores here). */
  readonly load1: number;
}

const FIGURES: readonly { key: keyof RunFigures; name: string; digits: number }[] = [
  { key: "simulatedIo", name: "processor.simulated_io.records_per_s", digits: 0 },
  { key: "sdkBaseline", name: "processor.simulated_io.sdk_baseline_per_s", digits: 0 },
  { key: "ratioToSdkBaseline", name: "processor.simulated_io.ratio_to_sdk_baseline", digits: 2 },
  { key: "ratioToJsonParse", name: "processor.ratio_to_json_parse", digits: 2 },
  { key: "jsonParse", name: "processor.json_parse_per_s", digits: 0 },
  { key: "load1", name: "load average (1 min)", digits: 2 },
];

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The figures whose targets must hold on every run, over `runs` runs made as `npm run bench`
 * makes them (the bad-input shapes left out: minutes each, and their memory does not move with
 * load). Prints each run with its load averages, then min / median / max.
 */
export async function printIoSpread(runs: number, lineCount: number): Promise<void> {
  const all: RunFigures[] = [];
  for (let run = 1; run <= runs; run++) {
    const t = await measureThroughput(generateMetricLines(lineCount));
    const p = await measureProcessor({ badInput: false });
    const load = loadavg();
    all.push({
      simulatedIo: p.simulatedIoRecordsPerS,
      sdkBaseline: p.sdkBaselineRecordsPerS,
      ratioToSdkBaseline: p.ratioToSdkBaseline,
      ratioToJsonParse: t.ratioToJsonParse,
      jsonParse: t.jsonParsePerSecond,
      load1: load[0] ?? NaN,
    });
    const f = all.at(-1) as RunFigures;
    const shown = FIGURES.map(({ key, name, digits }) => `${name} ${round(f[key], digits)}`);
    // Each run as it ends: a spread under a loaded machine takes many minutes.
    console.log(`run ${run}/${runs}: ${shown.join(", ")}; load averages ${load.join(", ")}`);
  }
  console.table(
    FIGURES.map(({ key, name, digits }) => {
      const sorted = all.map((f) => f[key]).sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const median =
        sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
      return {
        name,
        min: round(sorted[0] ?? NaN, digits),
        median: round(median ?? NaN, digits),
        max: round(sorted.at(-1) ?? NaN, digits),
      };
    }),
  );
}
