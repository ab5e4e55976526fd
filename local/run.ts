/**
 * npm start: the whole pipeline on this machine, with no AWS account. See START_USAGE.
 */
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { cloudWatchSource } from "../functions/data-collector/sources/cloudwatch";
import { hostSource } from "../functions/data-collector/sources/host";
import { syntheticSource } from "../functions/data-collector/sources/synthetic";
import type { MetricSource } from "../functions/data-collector/sources/types";
import { HOT_TABLE_KEYS } from "../contract/hot-table";
import { ALARM_PUBLISHER, formatAlarmChanges, LocalAlarms } from "./alarms/local-alarms";
import { parseStartArgs, runMain, START_USAGE, type StartOptions } from "./args";
import { type Backend, embeddedBackend, endpointBackend, endpointClientConfig } from "./backend";
import { type DashboardServer, startDashboard } from "./dashboard/server";
import { lockDataDir } from "./lock";
import { localPaths, LOCAL_STACK, type LocalPaths } from "./layout";
import { localNamedQueries, queryLake } from "./lake-db";
import { compactFinishedDays, formatCompaction } from "./compaction";
import { NotificationLog } from "./notifications";
import { createLocalPipeline, type CycleReport } from "./pipeline";
import { formatCycle, formatNotification, formatSummary, plural, shown } from "./report";
import { formatTable } from "./table";

const SAMPLE_QUERY = "avg-cpu-by-instance";
const SYNTHETIC_INSTANCES = 3;

/** Removes what earlier runs kept: only the local run's own files, not the whole directory. */
function clearData(paths: LocalPaths): void {
  const { s3, dynamodb, notifications, metrics, logs, alarmStates } = paths;
  for (const p of [s3, dynamodb, notifications, metrics, logs, alarmStates]) {
    rmSync(p, { recursive: true, force: true });
  }
}

function metricSource(options: StartOptions): MetricSource {
  if (options.source === "cloudwatch" && options.endpoint) {
    const config = endpointClientConfig(options.endpoint);
    return cloudWatchSource({
      cloudwatch: new CloudWatchClient(config),
      tagging: new ResourceGroupsTaggingAPIClient(config),
      region: config.region,
      ...(options.instances ? { instanceIds: options.instances } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
    });
  }
  if (options.source === "synthetic") {
    return syntheticSource({ instances: SYNTHETIC_INSTANCES, region: LOCAL_STACK.region });
  }
  return hostSource({
    region: LOCAL_STACK.region,
    ...(options.spike ? { spike: options.spike } : {}),
  });
}

/** Waits until `until`, showing a countdown on a terminal, or one line otherwise. */
async function waitFor(until: number, what: string, quiet: boolean): Promise<void> {
  const left = () => Math.max(0, until - Date.now());
  if (left() === 0) return;
  if (!process.stdout.isTTY || quiet) {
    if (!quiet) console.log(`  waiting ${(left() / 1000).toFixed(1)} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, left()));
    return;
  }
  while (left() > 0) {
    process.stdout.write(`\r  waiting: ${what} in ${Math.ceil(left() / 1000)} s   `);
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, left())));
  }
  process.stdout.write("\r\x1b[2K");
}

async function sampleQuery(paths: LocalPaths): Promise<string> {
  const query = localNamedQueries().find((q) => q.name === SAMPLE_QUERY);
  if (!query) return "";
  const result = await queryLake(paths.lake, query.sql);
  return `sample query (npm run query -- ${SAMPLE_QUERY}):\n${formatTable(result.columns, result.rows, { indent: "  " })}`;
}

/** Where the lake and the table are; with --fresh at an endpoint, first empties them there. */
async function openBackend(options: StartOptions, paths: LocalPaths): Promise<Backend> {
  if (!options.endpoint) return embeddedBackend(paths);
  const endpoint = options.endpoint;
  return endpointBackend(
    endpoint,
    options.fresh
      ? (emptied) =>
          console.log(
            `--fresh: emptied bucket ${LOCAL_STACK.bucket} (${plural(emptied.objects, "object")} deleted) ` +
              `and ${emptied.tableDeleted ? "re-created" : "created"} table ${LOCAL_STACK.table} at ${endpoint}`,
          )
      : undefined,
  );
}

/** What the run will do, where its data lives. */
function startBanner(options: StartOptions, backend: Backend, paths: LocalPaths): string {
  const what = {
    host: `host (instance ${os.hostname()})`,
    synthetic: `synthetic (${SYNTHETIC_INSTANCES} instances)`,
    cloudwatch: `cloudwatch at ${options.endpoint} (${options.tag ? `tag ${options.tag.key}=${options.tag.value}` : `${options.instances?.length} instances`}); the first cycle reads the schedule's whole window, later cycles what followed`,
  }[options.source];
  return (
    `local pipeline: ${options.cycles} cycle(s) every ${options.everySeconds} s, source ${what}` +
    `${options.spike ? `, ${options.spike} spike` : ""}\n` +
    `  storage: ${backend.description}\n` +
    `  bucket ${LOCAL_STACK.bucket}, table ${LOCAL_STACK.table} (TTL ${backend.ttl === "enabled" ? `on ${HOT_TABLE_KEYS.ttlAttribute}` : "not supported by this server"}), data in ${shown(paths.root)}`
  );
}

/** A run killed mid-cycle left lake objects the processor never finished: what became of them. */
function caughtUpLine(caughtUp: { objects: unknown[]; errors: string[] }): string {
  return (
    `caught up on ${plural(caughtUp.objects.length, "lake object")} an earlier run left unprocessed` +
    (caughtUp.errors.length
      ? `; ${plural(caughtUp.errors.length, "failed")}: ${caughtUp.errors.join("; ")}`
      : "")
  );
}

/** The cycles, each at its time, with the alarms evaluated after each. */
async function runCycles(
  options: StartOptions,
  pipeline: ReturnType<typeof createLocalPipeline>,
  alarms: LocalAlarms,
  say: (text: string) => void,
): Promise<CycleReport[]> {
  const reports: CycleReport[] = [];
  const firstStart = Date.now();
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    await waitFor(
      firstStart + (cycle - 1) * options.everySeconds * 1000,
      `cycle ${cycle} of ${options.cycles}`,
      options.quiet,
    );
    const report = await pipeline.runCycle(cycle, (execution) =>
      say(`\ncycle ${cycle}/${options.cycles}: execution ${execution}`),
    );
    say(formatCycle(report));
    const changes = alarms.evaluate();
    if (!options.quiet || changes.length > 0) console.log(formatAlarmChanges(changes));
    reports.push(report);
  }
  return reports;
}

/** Resolves on Ctrl-C. */
const interrupted = () => new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));

/** The pipeline and its alarms; alarm notifications show as one summary per cycle. */
function localRun(options: StartOptions, backend: Backend, paths: LocalPaths) {
  const notifications = new NotificationLog(paths.notifications, (n) => {
    if (n.publisher !== ALARM_PUBLISHER) console.log(formatNotification(n));
  });
  const alarms = new LocalAlarms(paths, notifications);
  const pipeline = createLocalPipeline({
    backend,
    source: metricSource(options),
    paths,
    notifications,
  });
  return { pipeline, alarms };
}

/** Serving reads files only: the servers and the lock are released, another run may start. */
async function keepServing(dashboard: DashboardServer, onInterrupt: () => void): Promise<void> {
  if (process.stdin.isTTY) {
    console.log(`\ndashboard still serving at ${dashboard.url}; Ctrl-C to stop`);
    process.off("SIGINT", onInterrupt);
    await interrupted();
  }
  await dashboard.close();
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseStartArgs(argv);
  if (options.help) {
    console.log(START_USAGE);
    return 0;
  }
  const paths = localPaths(options.dataDir);
  mkdirSync(paths.root, { recursive: true });
  // Before --fresh deletes anything: another run may be using the folder.
  const lock = lockDataDir(paths.lock, `npm start ${argv.join(" ")}`.trim());
  if (lock.tookOverFrom) {
    console.log(
      `took over the data folder's lock from process ${lock.tookOverFrom}, which is gone`,
    );
  }
  const say = (text: string) => {
    if (!options.quiet) console.log(text);
  };
  let backend: Backend | undefined;
  let dashboard: DashboardServer | undefined;
  // Once only: an interrupt and the normal end may both ask.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await backend?.stop();
      lock.release();
    })());
  const onInterrupt = () => {
    console.log("\ninterrupted: stopping the servers");
    void stop()
      .then(() => dashboard?.close())
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", onInterrupt);

  let code = 0;
  try {
    if (options.fresh) clearData(paths);
    backend = await openBackend(options, paths);
    if (options.dashboard) {
      dashboard = await startDashboard(paths, {
        port: options.port,
        lakeIsLocal: backend.embedded,
      });
      console.log(`dashboard: ${dashboard.url}`);
    }
    const { pipeline, alarms } = localRun(options, backend, paths);
    say(startBanner(options, backend, paths));

    // A run killed mid-cycle left lake objects the processor never finished: those first.
    const caughtUp = await pipeline.catchUp();
    if (caughtUp.objects.length + caughtUp.errors.length > 0) say(caughtUpLine(caughtUp));

    const reports = await runCycles(options, pipeline, alarms, say);
    console.log(`\n${formatSummary(reports, paths, backend.embedded)}`);
    if (backend.embedded) {
      // As the schedule does: closed days not compacted yet or grown since; today stays JSON Lines.
      say(`\n${formatCompaction(await compactFinishedDays(paths.lake))}`);
      say(`\n${await sampleQuery(paths)}`);
    }
    code = reports.every((r) => r.processorErrors.length === 0) ? 0 : 1;
  } catch (err) {
    // An open server would keep the process alive after the error is reported.
    await dashboard?.close();
    throw err;
  } finally {
    await stop();
  }
  if (dashboard) await keepServing(dashboard, onInterrupt);
  return code;
}

runMain(
  () => main(process.argv.slice(2)),
  START_USAGE,
  (err) => `local run failed: ${err.stack ?? String(err)}`,
);
