/**
 * npm run ingest: puts files into the local lake and runs the real processor on the event S3
 * would send for each, so a producer's output can be checked before deploying. See INGEST_USAGE.
 */
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { readLineBatches } from "../functions/log-processor/line-reader";
import { createLogProcessor, type ObjectSummary } from "../functions/log-processor/processor";
import { MetricsEmitter } from "../functions/shared/emf";
import { LAKE_PREFIXES, partitionPath } from "../contract/lake";
import { quarantineLineSchema } from "../contract/quarantine";
import { HANDLER_ENV, settingsFromEnv } from "../contract/handler-settings";
import { UsageError } from "./args";
import type { Backend } from "./backend";
import { FileLogger } from "./file-logger";
import { processorContext } from "./lambda-context";
import { DEFAULT_DATA_DIR, LOCAL_STACK, type LocalPaths } from "./layout";
import { localSnsClient, type NotificationLog } from "./notifications";
import { objectCreatedEvent } from "./s3-events";
import { LOCAL_COMPACTION_ARN, localSfnClient } from "./step-functions";

export const INGEST_USAGE = `Usage: npm run ingest -- FILE... [options]

Puts each file into the local lake and runs the real log processor on the S3 event the
bucket notification would send. Prints, per object: lines, processed, quarantined (with
reasons), violations, duplicate. Exits 0 when every object was processed (quarantined lines
included), 1 when one failed. The same file ingested twice is a duplicate and changes nothing;
other content put under a key that held an object says so.

Options:
  --prefix NAME     raw-metrics (default) or raw-logs; with --key, the key's own prefix
  --key KEY         the object's key, under raw-metrics/ or raw-logs/ (one FILE only; default
                    <prefix>/year=…/month=…/day=…/hour=…/<name>-<hash of the file's path>.<ext>,
                    the hour of the file's mtime: same-named files of two folders never collide)
  --endpoint URL    an AWS-compatible endpoint instead of the embedded servers
  --data-dir DIR    where the embedded servers keep their data (default ${DEFAULT_DATA_DIR})
  --json            one JSON document instead of text
  --help            this text`;

export interface IngestOptions {
  readonly files: string[];
  readonly prefix: string;
  readonly key?: string;
  readonly endpoint?: string;
  readonly dataDir: string;
  readonly json: boolean;
  readonly help: boolean;
}

const PREFIXES: Readonly<Record<string, string>> = {
  "raw-metrics": LAKE_PREFIXES.metrics,
  "raw-logs": LAKE_PREFIXES.logs,
};

/** The options of `npm run ingest`; throws UsageError naming the bad flag or file. */
export function parseIngestArgs(argv: readonly string[]): IngestOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        prefix: { type: "string" },
        key: { type: "string" },
        endpoint: { type: "string" },
        "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify .*$/, ""));
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const key = values.key;
  // The key decides the prefix; --prefix may repeat it, not contradict it.
  const keyPrefix =
    key === undefined
      ? undefined
      : Object.keys(PREFIXES).find((p) => key.startsWith(PREFIXES[p] ?? ""));
  const prefix = values.prefix ?? keyPrefix ?? "raw-metrics";
  if (!PREFIXES[prefix]) {
    throw new UsageError(`--prefix must be raw-metrics or raw-logs (got "${prefix}")`);
  }
  if (!help && positionals.length === 0) throw new UsageError("name at least one FILE");
  for (const file of positionals) {
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new UsageError(`${file} is not a readable file`);
    }
  }
  if (key !== undefined) {
    if (positionals.length !== 1) throw new UsageError("--key applies to one FILE only");
    if (!keyPrefix) {
      throw new UsageError(`--key must start with raw-metrics/ or raw-logs/ (got "${key}")`);
    }
    if (keyPrefix !== prefix) {
      throw new UsageError(`--key ${key} is under ${keyPrefix}/, not --prefix ${prefix}`);
    }
  }
  const endpoint = values.endpoint;
  if (
    endpoint !== undefined &&
    (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))
  ) {
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://127.0.0.1:5000 (got "${endpoint}")`,
    );
  }
  return {
    files: positionals,
    prefix,
    ...(key ? { key } : {}),
    ...(endpoint ? { endpoint } : {}),
    dataDir: String(values["data-dir"]),
    json: values.json === true,
    help,
  };
}

/** lib-storage Upload's default part size. */
const UPLOAD_PART_BYTES = 5 * 1024 * 1024;

/** Reasons listed per object; the quarantine object holds them all. */
const MAX_REASONS = 50;

export interface IngestReport {
  readonly file: string;
  readonly key: string;
  readonly status: "processed" | "failed";
  readonly summary?: ObjectSummary;
  /** The key held other content before this ingest put the file there (now replaced). */
  readonly replaced?: true;
  /** "line N: reason" for the first MAX_REASONS quarantined lines. */
  readonly reasons: string[];
  readonly error?: string;
}

/**
 * The key a file lands under: given, or the hour of its mtime, its name and a hash of its
 * absolute path (before the extension, which says gzip), so the same file ingested twice lands
 * on the same key (and is a duplicate) and same-named files of two folders on two keys.
 */
export function ingestKey(file: string, options: Pick<IngestOptions, "prefix" | "key">): string {
  if (options.key) return options.key;
  const prefix = PREFIXES[options.prefix] ?? LAKE_PREFIXES.metrics;
  const name = path.basename(file);
  const dot = name.indexOf(".", 1);
  const [stem, ext] = dot === -1 ? [name, ""] : [name.slice(0, dot), name.slice(dot)];
  const hash = createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 8);
  return `${prefix}${partitionPath(statSync(file).mtime)}${stem}-${hash}${ext}`;
}

/** The first MAX_REASONS reasons, read as a stream: a quarantine object may be gigabytes. */
async function quarantineReasons(backend: Backend, key: string | null): Promise<string[]> {
  if (!key) return [];
  const out = await backend.s3.send(new GetObjectCommand({ Bucket: LOCAL_STACK.bucket, Key: key }));
  const body = out.Body as Readable | undefined;
  const reasons: string[] = [];
  if (!body) return reasons;
  try {
    for await (const batch of readLineBatches(body)) {
      for (const l of batch) {
        if (typeof l !== "string" || l.trim() === "") continue;
        const q = quarantineLineSchema.parse(JSON.parse(l));
        reasons.push(`line ${q.line_number}: ${q.reason}`);
        if (reasons.length === MAX_REASONS) return reasons;
      }
    }
    return reasons;
  } finally {
    body.destroy();
  }
}

/** The ETag the key holds before this ingest puts the file, or undefined when it is new. */
async function etagBefore(backend: Backend, key: string): Promise<string | undefined> {
  try {
    const head = await backend.s3.send(
      new HeadObjectCommand({ Bucket: LOCAL_STACK.bucket, Key: key }),
    );
    return head.ETag;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return undefined;
    }
    throw err;
  }
}

/** Uploads each file and runs the processor on its event; one report per file, in order. */
export async function ingestFiles(
  options: Pick<IngestOptions, "files" | "prefix" | "key">,
  backend: Backend,
  paths: LocalPaths,
  notifications: NotificationLog,
  /** Catch-up runs a late object asked for, by name; the caller compacts once the files are in. */
  reopened: Set<string> = new Set(),
): Promise<IngestReport[]> {
  const settings = settingsFromEnv({
    [HANDLER_ENV.environment]: LOCAL_STACK.environment,
    [HANDLER_ENV.lakeBucket]: LOCAL_STACK.bucket,
    [HANDLER_ENV.hotTable]: LOCAL_STACK.table,
    [HANDLER_ENV.alertTopicArn]: LOCAL_STACK.alertTopicArn,
    [HANDLER_ENV.compactionStateMachineArn]: LOCAL_COMPACTION_ARN,
  });
  const logger = new FileLogger(paths.logs, "log-processor", () => undefined);
  const processor = createLogProcessor({
    s3: backend.s3,
    dynamo: backend.dynamo,
    sns: localSnsClient(notifications, "log-processor", LOCAL_STACK.region),
    sfn: localSfnClient(reopened),
    settings,
    logger,
    metrics: new MetricsEmitter({
      environment: settings.environment,
      sink: (line) => appendFileSync(paths.metrics, `${line}\n`),
      logger,
    }),
  });
  const reports: IngestReport[] = [];
  for (const file of options.files) {
    const key = ingestKey(file, options);
    try {
      const before = await etagBefore(backend, key);
      const put = await new Upload({
        client: backend.s3,
        params: { Bucket: LOCAL_STACK.bucket, Key: key, Body: createReadStream(file) },
      }).done();
      const event = objectCreatedEvent({
        bucket: LOCAL_STACK.bucket,
        key,
        ...(put.ETag ? { etag: put.ETag } : {}),
        size: statSync(file).size,
        // Upload puts a file under one part in one request.
        reason: statSync(file).size > UPLOAD_PART_BYTES ? "CompleteMultipartUpload" : "PutObject",
      });
      const { objects } = await processor.handle(event, processorContext(randomUUID()));
      const summary = objects[0];
      const reasons = await quarantineReasons(backend, summary?.quarantine_key ?? null);
      const replaced = before !== undefined && before !== put.ETag;
      reports.push({
        file,
        key,
        status: "processed",
        ...(summary ? { summary } : {}),
        ...(replaced ? { replaced } : {}),
        reasons,
      });
    } catch (err) {
      reports.push({ file, key, status: "failed", reasons: [], error: (err as Error).message });
    }
  }
  return reports;
}

/** The text report: one block per object. */
export function formatIngestReports(reports: readonly IngestReport[]): string {
  return reports
    .map((r) => {
      const head = `${r.file} -> s3://${LOCAL_STACK.bucket}/${r.key}`;
      if (r.status === "failed") return `${head}\n  FAILED: ${r.error}`;
      const s = r.summary;
      if (!s) return `${head}\n  nothing to process`;
      const note = r.replaced
        ? s.duplicate
          ? "  (replaced other content at this key; this content was processed before)"
          : "  (replaced other content at this key)"
        : s.duplicate
          ? "  (duplicate: processed before, nothing changed)"
          : "";
      const lines = [
        `${head}${note}`,
        `  lines ${s.lines}, processed ${s.processed}, quarantined ${s.quarantined}, violations ${s.violations}`,
        ...r.reasons.map((reason) => `    ${reason}`),
      ];
      if (s.quarantined > r.reasons.length) {
        lines.push(`    ... and ${s.quarantined - r.reasons.length} more in ${s.quarantine_key}`);
      }
      return lines.join("\n");
    })
    .join("\n");
}
