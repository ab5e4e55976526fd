import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RowWindow } from "./sweeper";

/** One NAB CSV's rows; `score` is present in results files. */
export interface NabRows {
  readonly timestamps: number[];
  readonly values: number[];
  readonly scores: number[];
}

/** NAB timestamps ("2014-02-19 10:50:00" or with ".000000") as UTC epoch milliseconds. */
export function parseTimestamp(text: string): number {
  const ms = Date.parse(`${text.trim().slice(0, 19).replace(" ", "T")}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a NAB timestamp: ${JSON.stringify(text)}`);
  return ms;
}

/** Reads a NAB CSV: `timestamp,value[,anomaly_score,...]`, columns found by header name. */
export function readNabCsv(file: string): NabRows {
  const lines = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = (lines[0] ?? "").split(",");
  const ts = header.indexOf("timestamp");
  const val = header.indexOf("value");
  const sc = header.indexOf("anomaly_score");
  if (ts < 0 || val < 0) throw new Error(`${file}: no timestamp,value header`);
  const out: NabRows = { timestamps: [], values: [], scores: [] };
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    out.timestamps.push(parseTimestamp(cells[ts] ?? ""));
    out.values.push(Number(cells[val]));
    if (sc >= 0) out.scores.push(Number(cells[sc]));
  }
  return out;
}

/** Every CSV under `dir`, as `<category>/<file>.csv` paths relative to it, sorted. */
export function listCsv(dir: string, sub = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listCsv(dir, rel));
    else if (entry.name.endsWith(".csv")) out.push(rel);
  }
  return out.sort();
}

/** The labelled windows per data file (`<category>/<file>.csv`), as epoch-ms pairs. */
export type Windows = Record<string, [number, number][]>;

export function readWindows(file: string): Windows {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, [string, string][]>;
  const out: Windows = {};
  for (const [name, list] of Object.entries(raw)) {
    out[name] = list.map(([a, b]) => [parseTimestamp(a), parseTimestamp(b)]);
  }
  return out;
}

/** Windows as row indexes of a file: NAB matches window limits to rows by exact timestamp. */
export function rowWindows(
  timestamps: readonly number[],
  windows: [number, number][],
): RowWindow[] {
  const index = new Map(timestamps.map((t, i) => [t, i]));
  return windows.map(([a, b]) => {
    const start = index.get(a);
    const end = index.get(b);
    if (start === undefined || end === undefined) throw new Error("window limit is not a row");
    return { start, end };
  });
}

/**
 * The NAB folder (data/, labels/, config/, results/): `NAB_DIR`, else `shared/nab` in the repo's
 * parent folder or the nearest ancestor that has one (CI keeps shared/ beside the clone).
 */
export function findNabDir(from = path.resolve(__dirname, "../..")): string | undefined {
  if (process.env.NAB_DIR) return process.env.NAB_DIR;
  let dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, "shared", "nab");
    if (existsSync(path.join(candidate, "labels", "combined_windows.json"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
