import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { localDashboardBody } from "../../local/alarms/local-stack";
import {
  type DashboardPayload,
  type DashboardServer,
  startDashboard,
} from "../../local/dashboard/server";
import { parseRow, seriesFor } from "../../local/dashboard/widget-data";
import { localPaths } from "../../local/layout";
import type { Datum } from "../../local/alarms/emf-datapoints";

describe("the dashboard server", () => {
  let dir: string;
  let server: DashboardServer;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "dashboard-server-"));
    server = await startDashboard(localPaths(dir));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 only", () => {
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("serves uPlot from node_modules, byte for byte (no CDN)", async () => {
    const res = await fetch(new URL("vendor/uPlot.iife.min.js", server.url));
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.contain("text/javascript");
    const local = readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
    expect(await res.text()).to.equal(local);
    const page = await (await fetch(server.url)).text();
    expect(page).not.to.match(/https?:\/\//);
  });

  it("an empty folder: every widget, no data points, no alarms, the lake says why it is empty", async () => {
    const payload = (await (
      await fetch(new URL("api/dashboard", server.url))
    ).json()) as DashboardPayload;
    expect(payload.cycles).to.equal(0);
    expect(payload.widgets.map((w) => w.title)).to.deep.equal(
      localDashboardBody().widgets.map((w) => w.properties.title),
    );
    for (const w of payload.widgets) {
      if (w.type === "alarm") expect(w.alarms).to.deep.equal([]);
      else
        expect(
          w.series.flatMap((s) => s.points),
          w.title,
        ).to.deep.equal([]);
    }
    expect(payload.lake.note).to.equal("no lake in the data folder yet");
  });

  it("answers 404 for other paths (no file outside its list) and 405 for writes", async () => {
    for (const p of ["nope", "../package.json", "%2e%2e/package.json", "app.js/../../x"]) {
      expect((await fetch(`${server.url}${p}`)).status, p).to.equal(404);
    }
    expect((await fetch(server.url, { method: "POST" })).status).to.equal(405);
  });
});

describe("dashboard widget data", () => {
  const at = (ms: number) => ms;
  const datum = (
    metricName: string,
    dimensions: Record<string, string>,
    t: number,
    value: number,
  ): Datum => ({
    namespace: "InfraMonitoring",
    metricName,
    dimensions,
    timestamp: at(t),
    value,
  });

  it("reads the SEARCH expressions dashboard.ts writes", () => {
    const sel = parseRow(
      [
        {
          expression: `SEARCH('{"InfraMonitoring","Environment","Service"} MetricName="ErrorRate" Environment="local"', 'Maximum')`,
          id: "e",
        },
      ],
      "Sum",
    );
    expect(sel).to.deep.equal({
      namespace: "InfraMonitoring",
      metricName: "ErrorRate",
      search: { names: ["Environment", "Service"], filters: { Environment: "local" } },
      stat: "Maximum",
    });
    expect(() => parseRow([{ expression: "METRICS()", id: "m" }], "Sum")).to.throw(/unsupported/);
  });

  it("SEARCH: one series per dimension value set, exact dimension sets only, per cycle", () => {
    const sel = parseRow(
      [
        {
          expression: `SEARCH('{"InfraMonitoring","InstanceId"} MetricName="cpu_utilization"', 'Maximum')`,
          id: "c",
        },
      ],
      "Maximum",
    );
    const data = [
      datum("cpu_utilization", { InstanceId: "b" }, 1000, 10),
      datum("cpu_utilization", { InstanceId: "a" }, 1000, 20),
      datum("cpu_utilization", { InstanceId: "a" }, 1500, 30),
      datum("cpu_utilization", { InstanceId: "a" }, 2500, 5),
      // The fleet-wide series has another dimension set: not part of this SEARCH.
      datum("cpu_utilization", { Environment: "local" }, 1000, 99),
      // Before the first cycle: not drawn.
      datum("cpu_utilization", { InstanceId: "a" }, 500, 1),
    ];
    expect(seriesFor(sel, data, [1000, 2000])).to.deep.equal([
      {
        label: "cpu_utilization a",
        points: [
          [1, 30],
          [2, 5],
        ],
      },
      { label: "cpu_utilization b", points: [[1, 10]] },
    ]);
  });

  it("a metric row: its exact dimensions, its own stat and label", () => {
    const sel = parseRow(
      [
        "InfraMonitoring",
        "MetricsProcessed",
        "Environment",
        "local",
        { stat: "Sum", label: "processed" },
      ],
      "Maximum",
    );
    const data = [
      datum("MetricsProcessed", { Environment: "local" }, 1000, 3),
      datum("MetricsProcessed", { Environment: "local" }, 1200, 4),
      datum("MetricsProcessed", { Environment: "prod" }, 1200, 100),
    ];
    expect(seriesFor(sel, data, [1000])).to.deep.equal([{ label: "processed", points: [[1, 7]] }]);
  });
});
