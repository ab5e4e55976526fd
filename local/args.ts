import { parseArgs } from "node:util";
import { CommandError, UsageError } from "../contract/errors";
import { DEFAULT_DATA_DIR } from "./layout";

// UsageError: see contract/errors.ts (every error class is defined there).
export { UsageError };

export const START_USAGE = `Usage: npm start -- [options]

Runs the pipeline on this machine: local S3 and DynamoDB servers, the real state machine
definition and the real handlers. Data accumulates under the data directory.

Options:
  --cycles N        state machine executions to run (default 3)
  --every SECONDS   time from one execution's start to the next (default 10; 0 = back to back)
  --source NAME     host (this machine, default), synthetic (three made-up instances) or
                    cloudwatch (AWS/EC2 and CWAgent at --endpoint, e.g. moto_server)
  --tag KEY=VALUE   cloudwatch: the instances carrying this tag (the tagging API at --endpoint)
  --instances IDS   cloudwatch: these instances, comma-separated (i-1,i-2)
  --spike TYPE      cpu or memory: report 97 % for it, to see an alert
  --fresh           delete the data of earlier runs first (with --endpoint: empty its bucket and table)
  --endpoint URL    use this AWS-compatible endpoint (e.g. moto_server) instead of the embedded servers
  --data-dir DIR    where the data lives (default ${DEFAULT_DATA_DIR})
  --port N          the dashboard's port on 127.0.0.1 (default 0: any free port)
  --no-dashboard    serve no dashboard; exit after the cycles
  --quiet           print only alerts, alarm changes, the dashboard's address and the summary
  --help            this text

The dashboard serves while the cycles run. After them, on a terminal, it keeps serving until
Ctrl-C; otherwise (output piped, CI) the run exits.`;

export interface StartOptions {
  readonly cycles: number;
  readonly everySeconds: number;
  readonly source: "host" | "synthetic" | "cloudwatch";
  /** cloudwatch: the instances carrying this tag. */
  readonly tag?: { readonly key: string; readonly value: string };
  /** cloudwatch: these instances. */
  readonly instances?: string[];
  readonly spike?: "cpu" | "memory";
  readonly fresh: boolean;
  readonly endpoint?: string;
  readonly dataDir: string;
  /** Serve the dashboard (off with --no-dashboard). */
  readonly dashboard: boolean;
  readonly port: number;
  readonly quiet: boolean;
  readonly help: boolean;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
}

/** node:util's parse errors name the flag; its error code and hint are noise to a user. */
function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify .*$/, ""));
  }
}

/** The flags of `npm start`, as node:util parseArgs reads them. */
const START_FLAGS = {
  cycles: { type: "string", default: "3" },
  every: { type: "string", default: "10" },
  source: { type: "string", default: "host" },
  spike: { type: "string" },
  tag: { type: "string" },
  instances: { type: "string" },
  fresh: { type: "boolean", default: false },
  endpoint: { type: "string" },
  "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
  port: { type: "string", default: "0" },
  "no-dashboard": { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

function parseCycles(text: string): number {
  const cycles = Number(text);
  if (!/^\d+$/.test(text) || cycles < 1 || cycles > 10_000) {
    throw new UsageError(`--cycles must be a whole number from 1 to 10000 (got "${text}")`);
  }
  return cycles;
}

function parseEvery(text: string): number {
  const everySeconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(everySeconds) || everySeconds < 0) {
    throw new UsageError(`--every must be a number of seconds, 0 or more (got "${text}")`);
  }
  return everySeconds;
}

function parseEndpoint(endpoint: string, fresh: boolean): string {
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://127.0.0.1:5000 (got "${endpoint}")`,
    );
  }
  // Emptying a real AWS bucket and table is never what a demo flag should do.
  if (fresh && /(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(endpoint).hostname)) {
    throw new UsageError(
      `--fresh refuses to empty a bucket and table in AWS itself (${endpoint}); it is for local servers`,
    );
  }
  return endpoint;
}

/** The source and, for cloudwatch, its targets: by tag or by instance ids, one of the two. */
function parseTargets(
  text: { source: string; tag?: string; instances?: string },
  endpoint: string | undefined,
): Pick<StartOptions, "source" | "tag" | "instances"> {
  const source = oneOf("source", text.source, ["host", "synthetic", "cloudwatch"] as const);
  const tagMatch = text.tag === undefined ? undefined : /^([^=]+)=(.+)$/.exec(text.tag);
  if (text.tag !== undefined && !tagMatch) {
    throw new UsageError(`--tag must be KEY=VALUE (got "${text.tag}")`);
  }
  const tag = tagMatch ? { key: tagMatch[1] ?? "", value: tagMatch[2] ?? "" } : undefined;
  const instances = text.instances?.split(",");
  const badId = instances?.find((id) => !/^i-[0-9a-zA-Z]{1,32}$/.test(id));
  if (badId !== undefined) {
    throw new UsageError(`--instances must be instance ids such as i-1,i-2 (got "${badId}")`);
  }
  if (source === "cloudwatch") {
    // The local run never reads a real account's metrics: the source needs the endpoint.
    if (!endpoint) throw new UsageError("--source cloudwatch reads CloudWatch at --endpoint URL");
    if (!tag === !instances) {
      throw new UsageError("--source cloudwatch needs either --tag KEY=VALUE or --instances IDS");
    }
  } else if (tag || instances) {
    throw new UsageError("--tag and --instances apply to --source cloudwatch");
  }
  return { source, ...(tag ? { tag } : {}), ...(instances ? { instances } : {}) };
}

function parseSpike(
  text: string | undefined,
  source: StartOptions["source"],
): StartOptions["spike"] {
  const spike = text === undefined ? undefined : oneOf("spike", text, ["cpu", "memory"] as const);
  if (spike && source !== "host") {
    throw new UsageError(
      "--spike applies to --source host (synthetic values cross the thresholds at random)",
    );
  }
  return spike;
}

/** The options of `npm start`; throws UsageError naming the bad flag. */
export function parseStartArgs(argv: readonly string[]): StartOptions {
  const { values } = usageErrors(() =>
    parseArgs({ args: [...argv], strict: true, options: START_FLAGS }),
  );
  const text = (name: keyof typeof values) => String(values[name]);
  const port = parsePort(text("port"));
  const cycles = parseCycles(text("cycles"));
  const everySeconds = parseEvery(text("every"));
  const endpoint =
    values.endpoint === undefined
      ? undefined
      : parseEndpoint(text("endpoint"), values.fresh === true);
  const targets = parseTargets(
    { source: text("source"), tag: values.tag, instances: values.instances },
    endpoint,
  );
  const spike = parseSpike(values.spike, targets.source);
  return {
    cycles,
    everySeconds,
    ...targets,
    ...(spike ? { spike } : {}),
    fresh: values.fresh === true,
    ...(endpoint ? { endpoint } : {}),
    dataDir: text("data-dir"),
    dashboard: values["no-dashboard"] !== true,
    port,
    quiet: values.quiet === true,
    help: values.help === true,
  };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${text}")`);
  }
  return port;
}

export const DASHBOARD_USAGE = `Usage: npm run dashboard -- [--data-dir DIR] [--port N]

Serves the local dashboard of an existing data folder on 127.0.0.1, without running cycles,
until Ctrl-C. It redraws as another run (npm start) adds cycles to the folder.`;

export interface DashboardCliOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly help: boolean;
}

export function parseDashboardArgs(argv: readonly string[]): DashboardCliOptions {
  const { values } = usageErrors(() =>
    parseArgs({
      args: [...argv],
      strict: true,
      options: {
        "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
        port: { type: "string", default: "0" },
        help: { type: "boolean", default: false },
      },
    }),
  );
  return {
    dataDir: String(values["data-dir"]),
    port: parsePort(String(values.port)),
    help: values.help === true,
  };
}

export const QUERY_USAGE = `Usage: npm run query -- <named query | "SQL"> [--data-dir DIR] [--format table|csv|json]
       npm run query -- --list

Runs one of AnalyticsCatalog's named queries (or any SQL) over the local lake with DuckDB.
Tables as in Athena: monitoring_local.metrics, monitoring_local.quarantine and
monitoring_local.metrics_curated (Parquet, npm run compact). The named queries read each day
from one layer: Parquet once compacted, JSON Lines otherwise.
--format: table (default, for reading), csv (RFC 4180, a header row) or json (an array of
objects, one per row). A missing or empty data folder exits with code 2.`;

export const QUERY_FORMATS = ["table", "csv", "json"] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

export interface QueryOptions {
  readonly query?: string;
  readonly list: boolean;
  readonly format: QueryFormat;
  readonly dataDir: string;
  readonly help: boolean;
}

/** The options of `npm run query`: exactly one query (name or SQL) unless --list or --help. */
export function parseQueryArgs(argv: readonly string[]): QueryOptions {
  const { values, positionals } = usageErrors(() =>
    parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        list: { type: "boolean", default: false },
        "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
        format: { type: "string", default: "table" },
        help: { type: "boolean", default: false },
      },
    }),
  );
  const format = oneOf("format", String(values.format), QUERY_FORMATS);
  const list = values.list === true;
  const help = values.help === true;
  if (positionals.length > 1) {
    throw new UsageError(
      `give one query name or one quoted SQL statement (got ${positionals.length} arguments)`,
    );
  }
  const [query] = positionals;
  if (!query && !list && !help) throw new UsageError("name a query, give SQL, or use --list");
  return {
    ...(query ? { query } : {}),
    list,
    format,
    help,
    dataDir: String(values["data-dir"]),
  };
}

// CommandError: see contract/errors.ts (every error class is defined there).
export { CommandError };

/**
 * Runs a command's main and sets the exit code: main's own, 2 with the usage for bad input,
 * 2 with the message for a CommandError, 1 with `failure(err)` for anything else.
 */
export function runMain(
  main: () => Promise<number>,
  usage: string,
  failure: (err: Error) => string,
): void {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`error: ${err.message}\n\n${usage}`);
        process.exitCode = 2;
      } else if (err instanceof CommandError) {
        console.error(`error: ${err.message}`);
        process.exitCode = 2;
      } else {
        console.error(failure(err as Error));
        process.exitCode = 1;
      }
    },
  );
}
