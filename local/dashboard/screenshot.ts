/**
 * npm run screenshot: fills a temporary data folder with a short demo run, serves its
 * dashboard, and saves the page as docs/local-dashboard.png (the README's picture).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runMain } from "../args";
import { localPaths } from "../layout";
import { launchChromium, loadDashboard } from "./browser";
import { runDemo } from "./demo";
import { startDashboard } from "./server";

export const SCREENSHOT = path.resolve(__dirname, "../../docs/local-dashboard.png");

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dashboard-demo-"));
  try {
    const paths = localPaths(dir);
    await runDemo(paths, 3);
    const dashboard = await startDashboard(paths);
    const browser = await launchChromium();
    try {
      const { page } = await loadDashboard(browser, dashboard.url);
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
      await dashboard.close();
    }
    console.log(`saved ${path.relative(process.cwd(), SCREENSHOT)}`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main, "Usage: npm run screenshot", (err) => `screenshot failed: ${err.message}`);
