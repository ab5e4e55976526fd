import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/**
 * A headless Chromium from the npm registry (@sparticuz/chromium): the binary ships inside the
 * package and is unpacked to the temp folder on first use, with the NSS libraries it links
 * (from the package's Amazon Linux layer), so the system needs only libc and libgcc.
 * No apt, no root, no playwright browser download.
 */
export async function chromiumExecutable(): Promise<{
  executablePath: string;
  args: string[];
  libraryPath: string;
}> {
  // An ES module only: imported dynamically from this CommonJS module.
  const { default: packaged, inflate } = await import("@sparticuz/chromium");
  const bin = path.join(path.dirname(require.resolve("@sparticuz/chromium")), "..", "bin");
  const [executablePath, libs] = await Promise.all([
    packaged.executablePath(bin),
    inflate(path.join(bin, "al2023.tar.br")),
  ]);
  return { executablePath, args: packaged.args, libraryPath: path.join(libs, "lib") };
}

/** Flags the package adds for serverless pages that a dashboard must not run with. */
const INSECURE_FLAGS = new Set(["--disable-web-security", "--allow-running-insecure-content"]);

export async function launchChromium(): Promise<Browser> {
  const { executablePath, args, libraryPath } = await chromiumExecutable();
  const inherited = process.env.LD_LIBRARY_PATH;
  return chromium.launch({
    executablePath,
    // Under LANG=C the headless shell reports "en-US@posix", which Intl refuses.
    args: [...args.filter((a) => !INSECURE_FLAGS.has(a)), "--lang=en-US"],
    env: {
      ...process.env,
      LD_LIBRARY_PATH: inherited ? `${libraryPath}:${inherited}` : libraryPath,
    },
  });
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
