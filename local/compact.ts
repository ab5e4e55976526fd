/**
 * npm run compact -- [--day YYYY-MM-DD] [--data-dir DIR]
 * Runs AnalyticsCatalog's compaction workflow over the local lake, as its schedule does: each
 * closed UTC day of the catch-up window that was never compacted or got objects since becomes
 * Parquet under curated-metrics/. With --day, that day is replaced whatever its state.
 */
import { parseArgs } from "node:util";
import { parseDay } from "../components/analytics-catalog";
import { runMain, UsageError } from "./args";
import { compactFinishedDays, daysAgo, formatCompaction, localCompaction } from "./compaction";
import { DEFAULT_DATA_DIR, localPaths } from "./layout";

export const COMPACT_USAGE = `Usage: npm run compact -- [--day YYYY-MM-DD] [--data-dir DIR]

Compacts the closed UTC days of the local lake's raw-metrics/ (the last 30) that were never
compacted or got objects since into Parquet under curated-metrics/ (the same workflow Athena
runs in AWS, with DuckDB). A second run finds nothing to do.

Options:
  --day DATE        only this day (before today, UTC), replaced even if up to date
  --data-dir DIR    where the data lives (default ${DEFAULT_DATA_DIR})
  --help            this text`;

export interface CompactOptions {
  readonly day?: string;
  readonly dataDir: string;
  readonly help: boolean;
}

export function parseCompactArgs(argv: readonly string[], now = new Date()): CompactOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        day: { type: "string" },
        "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify .*$/, ""));
  }
  let day: string | undefined;
  if (values.day !== undefined) {
    try {
      day = parseDay(values.day);
    } catch (err) {
      throw new UsageError(`--day: ${(err as Error).message}`);
    }
    if (daysAgo(day, now) < 1) throw new UsageError(`--day ${day} is not finished yet (UTC)`);
  }
  return {
    ...(day ? { day } : {}),
    dataDir: String(values["data-dir"]),
    help: values.help === true,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseCompactArgs(argv);
  if (options.help) {
    console.log(COMPACT_USAGE);
    return 0;
  }
  const lake = localPaths(options.dataDir).lake;
  const output = options.day
    ? await localCompaction(lake)({ days_ago: daysAgo(options.day) })
    : await compactFinishedDays(lake);
  console.log(formatCompaction(output));
  return 0;
}

if (require.main === module) {
  runMain(
    () => main(process.argv.slice(2)),
    COMPACT_USAGE,
    (err) => `compaction failed: ${err.message}`,
  );
}
