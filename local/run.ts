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
import { parseStartArgs, runMain, START_USAGE, type StartOptions } from "./args";
import { type Backend, embeddedBackend, endpointBackend, endpointClientConfig } from "./backend";
import { localPaths, LOCAL_STACK, type LocalPaths } from "./layout";
import { localNamedQueries, queryLake } from "./lake-db";
import { NotificationLog } from "./notifications";
import { createLocalPipeline, type CycleReport } from "./pipeline";
import { formatCycle, formatNotification, formatSummary, shown } from "./report";
import { formatTable } from "./table";

const SAMPLE_QUERY = "avg-cpu-by-instance";
const SYNTHETIC_INSTANCES = 3;

/** Removes what earlier runs kept: only the local run's own files, not the whole directory. */
function clearData(paths: LocalPaths): void {
  for (const p of [paths.s3, paths.dynamodb, paths.notifications, paths.metrics, paths.logs]) {
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
async function waitFor(until: number, what: string): Promise<void> {
  const left = () => Math.max(0, until - Date.now());
  if (left() === 0) return;
  if (!process.stdout.isTTY) {
    console.log(`  waiting ${(left() / 1000).toFixed(1)} s for ${what}`);
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

async function main(argv: readonly string[]): Promise<number> {
  const options = parseStartArgs(argv);
  if (options.help) {
    console.log(START_USAGE);
    return 0;
  }
  const paths = localPaths(options.dataDir);
  if (options.fresh) clearData(paths);
  mkdirSync(paths.root, { recursive: true });

  const backend: Backend = options.endpoint
    ? await endpointBackend(options.endpoint)
    : await embeddedBackend(paths);
  // Once only: an interrupt and the normal end may both ask.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= backend.stop());
  process.once("SIGINT", () => {
    console.log("\ninterrupted: stopping the servers");
    void stop().finally(() => process.exit(130));
  });

  try {
    const notifications = new NotificationLog(paths.notifications, (n) =>
      console.log(formatNotification(n)),
    );
    const pipeline = createLocalPipeline({
      backend,
      source: metricSource(options),
      paths,
      notifications,
    });
    const what = {
      host: `host (instance ${os.hostname()})`,
      synthetic: `synthetic (${SYNTHETIC_INSTANCES} instances)`,
      cloudwatch: `cloudwatch at ${options.endpoint} (${options.tag ? `tag ${options.tag.key}=${options.tag.value}` : `${options.instances?.length} instances`}); the first cycle reads the schedule's whole window, later cycles what followed`,
    }[options.source];
    console.log(
      `local pipeline: ${options.cycles} cycle(s) every ${options.everySeconds} s, source ${what}` +
        `${options.spike ? `, ${options.spike} spike` : ""}\n` +
        `  storage: ${backend.description}\n` +
        `  bucket ${LOCAL_STACK.bucket}, table ${LOCAL_STACK.table}, data in ${shown(paths.root)}`,
    );

    const reports: CycleReport[] = [];
    const firstStart = Date.now();
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      await waitFor(
        firstStart + (cycle - 1) * options.everySeconds * 1000,
        `cycle ${cycle} of ${options.cycles}`,
      );
      const report = await pipeline.runCycle(cycle, (execution) =>
        console.log(`\ncycle ${cycle}/${options.cycles}: execution ${execution}`),
      );
      console.log(formatCycle(report));
      reports.push(report);
    }
    console.log(`\n${formatSummary(reports, paths, backend.embedded)}`);
    if (backend.embedded) console.log(`\n${await sampleQuery(paths)}`);
    return reports.every((r) => r.processorErrors.length === 0) ? 0 : 1;
  } finally {
    await stop();
  }
}

runMain(
  () => main(process.argv.slice(2)),
  START_USAGE,
  (err) => `local run failed: ${err.stack ?? String(err)}`,
);
