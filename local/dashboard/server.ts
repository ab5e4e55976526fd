import { existsSync, readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { cycleStarts } from "../alarms/cycles";
import { readEmfFile } from "../alarms/emf-datapoints";
import { readAlarmStates } from "../alarms/local-alarms";
import { localDashboardBody } from "../alarms/local-stack";
import { localNamedQueries, queryLake } from "../lake-db";
import { LOCAL_STACK, type LocalPaths } from "../layout";
import type { Cell } from "../table";
import { widgetData, type WidgetData } from "./widget-data";

/** The named query the page shows from the lake, through DuckDB. */
export const LAKE_QUERY = "avg-cpu-by-instance";

export interface LakePanel {
  readonly title: string;
  readonly columns: string[];
  readonly rows: Cell[][];
  /** Why there are no rows to show, when there are none. */
  readonly note?: string;
}

export interface DashboardPayload {
  readonly cycles: number;
  readonly widgets: WidgetData[];
  readonly lake: LakePanel;
}

async function lakePanel(paths: LocalPaths, lakeIsLocal: boolean): Promise<LakePanel> {
  const query = localNamedQueries().find((q) => q.name === LAKE_QUERY);
  const title = `Lake: ${LAKE_QUERY} (DuckDB over ${LOCAL_STACK.database}.metrics)`;
  const empty = (note: string) => ({ title, columns: [], rows: [], note });
  if (!lakeIsLocal) return empty("the lake is at the endpoint; npm run query reads local lakes");
  if (!query || !existsSync(paths.lake)) return empty("no lake in the data folder yet");
  const result = await queryLake(paths.lake, query.sql);
  return { title, ...result };
}

/** Everything the page draws, from the data folder as it is now. */
export async function dashboardPayload(
  paths: LocalPaths,
  lakeIsLocal = true,
): Promise<DashboardPayload> {
  const data = readEmfFile(paths.metrics);
  const starts = cycleStarts(data, LOCAL_STACK.stateMachineArn);
  return {
    cycles: starts.length,
    widgets: widgetData(localDashboardBody(), data, starts, readAlarmStates(paths.alarmStates)),
    lake: await lakePanel(paths, lakeIsLocal),
  };
}

const PUBLIC = path.join(__dirname, "public");
/** Served from node_modules: the page works with no network. */
const UPLOT = path.dirname(require.resolve("uplot/dist/uPlot.iife.min.js"));
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: path.join(PUBLIC, "index.html"), type: "text/html; charset=utf-8" },
  "/app.js": { file: path.join(PUBLIC, "app.js"), type: "text/javascript; charset=utf-8" },
  "/style.css": { file: path.join(PUBLIC, "style.css"), type: "text/css; charset=utf-8" },
  "/vendor/uPlot.iife.min.js": {
    file: path.join(UPLOT, "uPlot.iife.min.js"),
    type: "text/javascript; charset=utf-8",
  },
  "/vendor/uPlot.min.css": {
    file: path.join(UPLOT, "uPlot.min.css"),
    type: "text/css; charset=utf-8",
  },
};

export interface DashboardServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface DashboardOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** False when the lake is at an --endpoint, not in the data folder. @default true */
  readonly lakeIsLocal?: boolean;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}

/** Serves the page and its data on 127.0.0.1 only: nothing of the data folder leaves the machine. */
export async function startDashboard(
  paths: LocalPaths,
  options: DashboardOptions = {},
): Promise<DashboardServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET") return send(res, 405, "text/plain", "GET only\n");
    if (url.pathname === "/api/dashboard") {
      dashboardPayload(paths, options.lakeIsLocal ?? true).then(
        (payload) => send(res, 200, "application/json", JSON.stringify(payload)),
        (err: unknown) =>
          send(res, 500, "application/json", JSON.stringify({ error: (err as Error).message })),
      );
      return;
    }
    const file = FILES[url.pathname];
    if (!file) return send(res, 404, "text/plain", "not found\n");
    send(res, 200, file.type, readFileSync(file.file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
