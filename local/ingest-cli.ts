/** npm run ingest: see INGEST_USAGE in ./ingest. */
import { mkdirSync } from "node:fs";
import { runMain } from "./args";
import { type Backend, embeddedBackend, endpointBackend } from "./backend";
import { formatIngestReports, INGEST_USAGE, ingestFiles, parseIngestArgs } from "./ingest";
import { localPaths } from "./layout";
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
  const backend: Backend = options.endpoint
    ? await endpointBackend(options.endpoint)
    : await embeddedBackend(paths);
  try {
    // Alerts go where npm start's go: the notification log (and the terminal, in text mode).
    const notifications = new NotificationLog(paths.notifications, (n) => {
      if (!options.json) console.log(formatNotification(n));
    });
    const reports = await ingestFiles(options, backend, paths, notifications);
    console.log(options.json ? JSON.stringify(reports, null, 2) : formatIngestReports(reports));
    return reports.every((r) => r.status === "processed") ? 0 : 1;
  } finally {
    await backend.stop();
  }
}

runMain(
  () => main(process.argv.slice(2)),
  INGEST_USAGE,
  (err) => `ingest failed: ${err.message}`,
);
