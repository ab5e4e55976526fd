/**
 * Objects that land after their day was compacted, and replays that write records again: the
 * named queries over both layers (DuckDB, the local twin) and the compaction workflow (its
 * definition executed by aws-local-stepfunctions) answer every record in the lake, once.
 */
import { expect } from "chai";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeSyntheticLake } from "../../bench/lake";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../components/analytics-catalog/named-queries";
import { metricObjectKey } from "../../contract/lake";
import type { MetricRecord } from "../../contract/metric-record";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { localCompaction, type CompactionOutput } from "../../local/compaction";
import { openLake } from "../../local/lake-db";
import { LOCAL_STACK } from "../../local/layout";

const PLAIN = { objectSuffix: ".jsonl" };
const NOW = new Date();
const DAY_MS = 86_400_000;
const dayAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS).toISOString().slice(0, 10);
const compact = (lake: string) => localCompaction(lake, { ...PLAIN, catchUpDays: 5 })({});
const compacted = (o: CompactionOutput) =>
  o.days.filter((d) => d.outcome === "compacted").map((d) => d.day);

const sql = (name: string) => {
  const q = namedQueries({
    database: LOCAL_STACK.database,
    metricsTable: TABLE_NAMES.metrics,
    quarantineTable: TABLE_NAMES.quarantine,
    curatedTable: TABLE_NAMES.curated,
    thresholds: DEFAULT_THRESHOLDS,
    now: NOW,
  }).find((x) => x.name === name);
  if (!q) throw new Error(`no query ${name}`);
  return q.sql;
};

async function rows(lake: string, query: string): Promise<Record<string, unknown>[]> {
  const db = await openLake(lake, ".jsonl");
  try {
    return (await db.runAndReadAll(query)).getRowObjectsJson();
  } finally {
    db.closeSync();
  }
}
const avgCpu = async (lake: string) =>
  Object.fromEntries(
    (await rows(lake, sql("avg-cpu-by-instance"))).map((r) => [r.instance_id, r.samples]),
  );
const curatedCount = async (lake: string, day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  const [row] = await rows(
    lake,
    `SELECT count(*) AS n FROM "${LOCAL_STACK.database}".${TABLE_NAMES.curated} WHERE year = ${y} AND month = ${m} AND day = ${d}`,
  );
  return Number(row?.n);
};

/** A late object: `n` cpu readings of instance `instance`, hourly from 01:00 of `day`. */
function writeLateObject(
  lake: string,
  day: string,
  instance: string,
  n: number,
  stamp = `late-${instance}`,
  value = 42,
): void {
  const records: MetricRecord[] = Array.from({ length: n }, (_, h) => ({
    timestamp: `${day}T${String(h + 1).padStart(2, "0")}:00:00.000Z`,
    instance_id: instance,
    region: "eu-west-1",
    metric_type: "cpu",
    metric_name: "cpu_utilization",
    value,
    unit: "Percent",
    metadata: { collection_method: "synthetic", pipeline_version: "1.0", synthetic: true },
  }));
  const key = metricObjectKey(new Date(`${day}T01:00:00Z`), "cpu", stamp);
  mkdirSync(path.dirname(path.join(lake, key)), { recursive: true });
  writeFileSync(path.join(lake, key), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

/** Every object of a day written again under new names: a replay of an overlapping window. */
function replayDay(lake: string, day: string): number {
  const dir = path.join(
    lake,
    "raw-metrics",
    `year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8)}`,
  );
  // Today holds no object yet in the first hour after midnight.
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".jsonl"));
  for (const f of files)
    copyFileSync(path.join(dir, f), path.join(dir, f.replace(/\.jsonl$/, "-replay.jsonl")));
  return files.length;
}

describe("late objects and replays (DuckDB twin, compaction definition executed locally)", function () {
  this.timeout(120_000);
  let root: string;
  let lake: string;

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), "late-"));
    lake = path.join(root, "lake");
    writeSyntheticLake(lake, { days: 4, instances: 2, now: NOW });
    expect(compacted(await compact(lake))).to.include(dayAgo(1));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("answers an object that lands after its day was compacted at once, and once after the next run", async () => {
    const before = await avgCpu(lake);
    writeLateObject(lake, dayAgo(1), "i-late", 5);

    // No compaction yet: yesterday is compacted, but its raw objects are still read.
    expect(await avgCpu(lake)).to.deep.equal({ ...before, "i-late": "5" });

    const output = await compact(lake);
    expect(compacted(output)).to.deep.equal([dayAgo(1)]);
    expect(await avgCpu(lake)).to.deep.equal({ ...before, "i-late": "5" });
    expect(compacted(await compact(lake))).to.deep.equal([]);
  });

  it("re-opens an older day for a late object: the next run recompacts it and the queries read it", async () => {
    const before = await avgCpu(lake);
    const rowsBefore = await curatedCount(lake, dayAgo(3));
    writeLateObject(lake, dayAgo(3), "i-older", 4);

    expect(compacted(await compact(lake))).to.deep.equal([dayAgo(3)]);
    expect(await curatedCount(lake, dayAgo(3))).to.equal(rowsBefore + 4);
    expect(await avgCpu(lake)).to.deep.equal({ ...before, "i-older": "4" });
  });

  it("an overlapping replay duplicates no row: not in the open days, not in the recompacted day", async () => {
    const answers = await avgCpu(lake);
    const curated = await curatedCount(lake, dayAgo(2));
    expect(replayDay(lake, dayAgo(2))).to.be.above(0);
    replayDay(lake, dayAgo(1));
    replayDay(lake, dayAgo(0));

    // Today and yesterday from raw, each record once.
    expect(await avgCpu(lake)).to.deep.equal(answers);
    const output = await compact(lake);
    expect(compacted(output).sort()).to.deep.equal([dayAgo(2), dayAgo(1)].sort());
    expect(await curatedCount(lake, dayAgo(2))).to.equal(curated);
    expect(await avgCpu(lake)).to.deep.equal(answers);
  });

  it("keeps one row per record identity when a replay carries a revised value", async () => {
    const day = dayAgo(2);
    // Two windows' objects, the later one (its key sorts last) with revised values.
    writeLateObject(lake, day, "i-revised", 3, "20240101T000000Z-20240101T030000Z", 42);
    writeLateObject(lake, day, "i-revised", 3, "20240101T010000Z-20240101T040000Z", 43);
    await compact(lake);
    const [y, m, d] = day.split("-").map(Number);
    const found = await rows(
      lake,
      `SELECT "timestamp", value FROM "${LOCAL_STACK.database}".${TABLE_NAMES.curated}
       WHERE year = ${y} AND month = ${m} AND day = ${d} AND instance_id = 'i-revised' ORDER BY 1`,
    );
    expect(found).to.have.length(3);
    // The copy in the object whose key sorts last: the later window.
    expect(found.map((r) => r.value)).to.deep.equal([43, 43, 43]);
  });
});
