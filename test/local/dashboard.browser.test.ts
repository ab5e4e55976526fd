import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { localAlarmSpecs, localDashboardBody } from "../../local/alarms/local-stack";
import {
  chromiumExecutable,
  launchChromium,
  loadDashboard,
  type LoadedPage,
} from "../../local/dashboard/browser";
import { runDemo } from "../../local/dashboard/demo";
import { type DashboardServer, startDashboard } from "../../local/dashboard/server";
import { localPaths, type LocalPaths } from "../../local/layout";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("the local dashboard in headless Chromium", function () {
  this.timeout(120_000);
  let dir: string;
  let paths: LocalPaths;
  let dashboard: DashboardServer;
  let browser: Browser;
  let loaded: LoadedPage;
  const screenshot = path.join(os.tmpdir(), `local-dashboard-${process.pid}.png`);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "dashboard-browser-"));
    paths = localPaths(dir);
    await runDemo(paths, 2);
    dashboard = await startDashboard(paths);
    browser = await launchChromium();
    loaded = await loadDashboard(browser, dashboard.url);
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(screenshot, { force: true });
  });

  it("runs the Chromium the npm package ships, needing only libc and libgcc from the system", async () => {
    const { executablePath, libraryPath } = await chromiumExecutable();
    expect(path.dirname(executablePath)).to.equal(os.tmpdir());
    expect(browser.version()).to.match(/^153\./);
    // ldd names each linked library and where the loader finds it, with the launch's path.
    const linked = execFileSync("ldd", [executablePath], {
      encoding: "utf8",
      env: { ...process.env, LD_LIBRARY_PATH: libraryPath },
    });
    const fromSystem = [...linked.matchAll(/^\s*(\S+) => (\S+)/gm)]
      .filter(([, , where = ""]) => !where.startsWith(`${libraryPath}/`))
      .map(([, lib]) => lib)
      .sort();
    expect(fromSystem).to.deep.equal([
      "libc.so.6",
      "libdl.so.2",
      "libgcc_s.so.1",
      "libm.so.6",
      "libpthread.so.0",
    ]);
  });

  it("draws every widget of AlertingStack's dashboard with data", async () => {
    const body = localDashboardBody();
    const widgets = await loaded.page.$$eval("#grid [data-widget]", (els) =>
      els.map((el) => ({
        title: el.getAttribute("data-widget"),
        points: Number(el.getAttribute("data-points")),
        canvases: el.querySelectorAll("canvas").length,
      })),
    );
    expect(widgets.map((w) => w.title)).to.deep.equal(body.widgets.map((w) => w.properties.title));
    for (const w of widgets) expect(w.points, w.title ?? "").to.be.greaterThan(0);
    // Every metric widget is a uPlot chart (a canvas), not text.
    for (const w of widgets.slice(1)) expect(w.canvases, w.title ?? "").to.be.greaterThan(0);
  });

  it("shows the alarms' states: high CPU in ALARM after two spiked cycles", async () => {
    const states = await loaded.page.$$eval(".alarm", (els) =>
      els.map((el) => [el.textContent?.split(":")[0], el.getAttribute("data-state")]),
    );
    expect(states).to.deep.include(["monitoring-local-high-cpu", "ALARM"]);
    expect(states).to.have.length(localAlarmSpecs().length);
  });

  it("shows the lake's named query through DuckDB", async () => {
    const cells = await loaded.page.$$eval("#lake td", (els) => els.map((e) => e.textContent));
    expect(cells).to.include(os.hostname());
    expect(cells).to.include("97");
  });

  it("redraws as another cycle runs", async () => {
    const before = await loaded.page.textContent("#status");
    expect(before).to.match(/^2 cycle\(s\)/);
    await runDemo(paths, 1);
    // A string: the test compiles without the DOM's types.
    await loaded.page.waitForFunction(
      `document.getElementById("status")?.textContent?.startsWith("3 cycle(s)")`,
      undefined,
      { timeout: 15_000 },
    );
    const cpuPoints = await loaded.page.getAttribute(
      '[data-widget="CPU (%) per instance"]',
      "data-points",
    );
    expect(Number(cpuPoints)).to.equal(3);
  });

  it("logs no console errors and saves a screenshot", async () => {
    expect(loaded.errors).to.deep.equal([]);
    await loaded.page.screenshot({ path: screenshot, fullPage: true });
    const png = readFileSync(screenshot);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
    expect(png.length).to.be.greaterThan(20_000);
  });
});
