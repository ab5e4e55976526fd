/**
 * npm run dashboard -- [--data-dir DIR] [--port N]: the local dashboard of an existing data
 * folder, without running cycles. See DASHBOARD_USAGE.
 */
import { existsSync } from "node:fs";
import { CommandError, DASHBOARD_USAGE, parseDashboardArgs, runMain } from "./args";
import { startDashboard } from "./dashboard/server";
import { localPaths } from "./layout";
import { shown } from "./report";

async function main(argv: readonly string[]): Promise<number> {
  const options = parseDashboardArgs(argv);
  if (options.help) {
    console.log(DASHBOARD_USAGE);
    return 0;
  }
  const paths = localPaths(options.dataDir);
  if (!existsSync(paths.root)) {
    throw new CommandError(
      `no data folder at ${shown(paths.root)}: run npm start first, or give --data-dir`,
    );
  }
  const dashboard = await startDashboard(paths, { port: options.port });
  console.log(`dashboard of ${shown(paths.root)}: ${dashboard.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await dashboard.close();
  return 0;
}

runMain(
  () => main(process.argv.slice(2)),
  DASHBOARD_USAGE,
  (err) => `dashboard failed: ${err.message}`,
);
