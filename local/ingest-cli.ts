/** npm run ingest: see INGEST_USAGE in ./ingest. */
import { mkdirSync } from "node:fs";
import { runMain } from "./args";
import { type Backend, embeddedBackend, endpointBackend } from "./backend";
import { compactFinishedDays, formatCompaction } from "./compaction";
import { formatIngestReports, INGEST_USAGE, ingestFiles, parseIngestArgs } from "./ingest";
import { localPaths } from "./layout";
import { lockDataDir } from "./lock";
import { NotificationLog } from "./notifications";
import { formatNotification } from "./report";

async function main(argv: readonly string[]): Promise<number> {
  const options = parseIngestArgs(argv);
  if (options.help) {
    console.log(INGEST_USAGE);
    return 0;
  }
  const paths = localPaths(options.dataDir);
  mkdirSync(paths.root, { recursive: true });
  // The embedded servers keep their files in the folder: one process at a time.
  const lock = lockDataDir(paths.lock, `npm run ingest ${argv.join(" ")}`.trim());
  let backend: Backend | undefined;
  try {
    backend = options.endpoint
      ? await endpointBackend(options.endpoint)
      : await embeddedBackend(paths);
    // Alerts go where npm start's go: the notification log (and the terminal, in text mode).
    const notifications = new NotificationLog(paths.notifications, (n) => {
      if (!options.json) console.log(formatNotification(n));
    });
    const reopened = new Set<string>();
    const reports = await ingestFiles(options, backend, paths, notifications, reopened);
    console.log(options.json ? JSON.stringify(reports, null, 2) : formatIngestReports(reports));
    // A late object re-opened its compacted day: the catch-up run it started, run here.
    if (reopened.size > 0 && backend.embedded) {
      const compaction = formatCompaction(await compactFinishedDays(paths.lake));
      if (!options.json) console.log(`\nlate objects re-opened compacted days\n${compaction}`);
    }
    return reports.every((r) => r.status === "processed") ? 0 : 1;
  } finally {
    await backend?.stop();
    lock.release();
  }
}

runMain(
  () => main(process.argv.slice(2)),
  INGEST_USAGE,
  (err) => `ingest failed: ${err.message}`,
);
