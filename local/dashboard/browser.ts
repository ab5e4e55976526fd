import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium package; playwright's own browser download needs the internet. */
export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium); .ci/run does this`,
    );
  }
  // --no-sandbox: the sandbox needs user namespaces, which containers and root often lack.
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

export interface LoadedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors seen while loading. */
  readonly errors: string[];
}

/** Opens the dashboard and waits until it has drawn its data once. */
export async function loadDashboard(browser: Browser, url: string): Promise<LoadedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-loaded=true]", { timeout: 20_000 });
  return { page, errors };
}
