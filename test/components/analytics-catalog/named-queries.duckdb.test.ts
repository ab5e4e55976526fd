import type { DuckDBConnection } from "@duckdb/node-api";
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { TABLE_NAMES } from "../../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../../components/analytics-catalog/named-queries";
import { metricObjectKey, quarantineKey } from "../../../contract/lake";
import { openLake } from "../../../local/lake-db";
import { LOCAL_STACK } from "../../../local/layout";
import type { MetricRecord, MetricType } from "../../../contract/metric-record";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";
import type { CloudWatchUnit } from "../../../contract/units";

/**
 * The same SQL Athena stores, run by DuckDB over a small lake laid out exactly as the
 * pipeline writes it. DuckDB only needs what the local run will give it: UTC, and a
 * from_iso8601_timestamp macro.
 */
const NOW = new Date("2024-06-01T12:00:00Z");
const DATABASE = LOCAL_STACK.database;

const UNITS: Record<string, CloudWatchUnit> = { network_in: "Bytes", network_out: "Bytes" };
function record(instance: string, type: MetricType, name: string, value: number, at: string) {
  return {
    timestamp: at,
    instance_id: instance,
    region: "eu-west-1",
    metric_type: type,
    metric_name: name,
    value,
    unit: UNITS[name] ?? "Percent",
    metadata: { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true },
  } satisfies MetricRecord;
}

const RECORDS = [
  record("i-a", "cpu", "cpu_utilization", 50, "2024-05-31T10:00:00Z"),
  record("i-a", "cpu", "cpu_utilization", 90, "2024-06-01T11:00:00Z"),
  record("i-a", "cpu", "cpu_utilization", 99, "2024-05-20T10:00:00Z"), // outside every window
  record("i-b", "cpu", "cpu_utilization", 20, "2024-06-01T10:00:00Z"),
  record("i-a", "memory", "memory_utilization", 95, "2024-06-01T09:00:00Z"),
  record("i-a", "memory", "memory_utilization", 60, "2024-05-31T09:00:00Z"),
  record("i-a", "disk", "disk_utilization", 40, "2024-05-28T08:00:00Z"),
  record("i-a", "disk", "disk_utilization", 55, "2024-06-01T08:00:00Z"),
  record("i-b", "network", "network_in", 1000, "2024-06-01T06:00:00Z"),
  record("i-b", "network", "network_out", 500, "2024-06-01T06:00:00Z"),
  record("i-a", "network", "network_in", 100, "2024-06-01T06:00:00Z"),
];

function writeLake(root: string): void {
  const write = (key: string, lines: unknown[]) => {
    mkdirSync(dirname(join(root, key)), { recursive: true });
    writeFileSync(join(root, key), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  };
  RECORDS.forEach((r, i) =>
    write(metricObjectKey(new Date(r.timestamp), r.metric_type, `run-${i}`), [r]),
  );
  const source = metricObjectKey(new Date("2024-06-01T10:00:00Z"), "cpu", "bad-run");
  const bad = (n: number, at: string) => ({
    source_key: source,
    line_number: n,
    raw_line: `{"value":"high-${n}"}`,
    reason: "value: must be a number or a numeric string",
    quarantined_at: at,
  });
  // Keyed by the UTC hour the lines were quarantined, as the processor writes them.
  write(quarantineKey(source, new Date("2024-06-01T10:05:00Z")), [
    bad(1, "2024-06-01T10:05:00Z"),
    bad(2, "2024-06-01T10:05:00Z"),
  ]);
  // Outside the window: its partition is never read.
  write("quarantine/year=2024/month=05/day=01/hour=10/old-run.errors.jsonl", [
    bad(3, "2024-06-01T10:05:00Z"),
  ]);
  // The layout before quarantine was partitioned: no partition, so no bounded query reads it.
  write(`quarantine/${source}.errors.jsonl`, [bad(4, "2024-06-01T10:05:00Z")]);
}

describe("named queries run in DuckDB over a local lake", () => {
  let root: string;
  let db: DuckDBConnection;
  const results: Record<string, Record<string, unknown>[]> = {};

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "lake-"));
    writeLake(root);
    // The local run's own set-up, over plain .jsonl files instead of s3rver's.
    db = await openLake(root, ".jsonl");
    const queries = namedQueries({
      database: DATABASE,
      metricsTable: TABLE_NAMES.metrics,
      quarantineTable: TABLE_NAMES.quarantine,
      thresholds: DEFAULT_THRESHOLDS,
      now: NOW,
    });
    for (const q of queries) results[q.name] = (await db.runAndReadAll(q.sql)).getRowObjectsJson();
  });
  after(() => {
    db?.closeSync();
    rmSync(root, { recursive: true, force: true });
  });

  it("averages CPU per instance over the last 7 days only", () => {
    expect(results["avg-cpu-by-instance"]).to.deep.equal([
      { instance_id: "i-a", avg_cpu: 70, max_cpu: 90, min_cpu: 50, samples: "2" },
      { instance_id: "i-b", avg_cpu: 20, max_cpu: 20, min_cpu: 20, samples: "1" },
    ]);
  });

  it("finds the daily memory peaks, reading month=05 as the integer 5", () => {
    const rows = results["daily-peak-memory"]?.map((r) => [r.year, r.month, r.day, r.peak_memory]);
    expect(rows).to.deep.equal([
      [2024, 6, 1, 95],
      [2024, 5, 31, 60],
    ]);
  });

  it("lists the readings above threshold in the last 24 hours", () => {
    const rows = results["threshold-violations"]?.map((r) => [
      r.metric_name,
      r.threshold,
      r.peak_value,
    ]);
    expect(rows).to.have.deep.members([
      ["cpu_utilization", 80, 90],
      ["memory_utilization", 90, 95],
    ]);
  });

  it("ranks network talkers by bytes in and out", () => {
    expect(results["network-top-talkers"]).to.deep.equal([
      { instance_id: "i-b", bytes_in: 1000, bytes_out: 500, bytes_total: 1500 },
      { instance_id: "i-a", bytes_in: 100, bytes_out: 0, bytes_total: 100 },
    ]);
  });

  it("measures disk growth from the earliest to the latest reading", () => {
    expect(results["disk-growth-per-instance"]).to.deep.equal([
      { instance_id: "i-a", first_value: 40, last_value: 55, growth: 15, samples: "2" },
    ]);
  });

  it("reports how fresh each metric type is", () => {
    const rows = results["data-freshness"]?.map((r) => [r.metric_type, r.minutes_since_latest]);
    expect(rows).to.deep.equal([
      ["cpu", "60"],
      ["disk", "240"],
      ["memory", "180"],
      ["network", "360"],
    ]);
  });

  it("groups quarantined lines by source and reason", () => {
    const rows = results["quarantined-lines-by-reason"]?.map((r) => [r.source, r.reason, r.lines]);
    expect(rows).to.deep.equal([
      ["raw-metrics", "value: must be a number or a numeric string", "2"],
    ]);
  });
});
