import aslValidator from "asl-validator";
import { expect } from "chai";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeSyntheticLake } from "../../bench/lake";
import {
  buildCompactionDefinition,
  MARKER_NAME,
} from "../../components/analytics-catalog/compaction-definition";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { namedQueries } from "../../components/analytics-catalog/named-queries";
import { LAKE_PREFIXES } from "../../contract/lake";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import {
  compactFinishedDays,
  curatedDays,
  daysAgo,
  localCompaction,
  rawDays,
} from "../../local/compaction";
import { openLake } from "../../local/lake-db";
import { LOCAL_STACK } from "../../local/layout";

const NOW = new Date();
const PLAIN = { objectSuffix: ".jsonl" };
const queriesOver = (curatedTable?: string) =>
  namedQueries({
    database: LOCAL_STACK.database,
    metricsTable: TABLE_NAMES.metrics,
    quarantineTable: TABLE_NAMES.quarantine,
    thresholds: DEFAULT_THRESHOLDS,
    now: NOW,
    curatedTable,
  }).filter((q) => q.name !== "quarantined-lines-by-reason");

/** Doubles to 12 significant digits: a sum's last bits depend on the order rows arrive in. */
const settled = (rows: unknown): unknown =>
  JSON.parse(
    JSON.stringify(rows, (_, v: unknown) =>
      typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
    ),
  );

async function answers(lake: string, curatedTable?: string): Promise<Record<string, unknown>> {
  const db = await openLake(lake, ".jsonl");
  try {
    const out: Record<string, unknown> = {};
    for (const q of queriesOver(curatedTable)) {
      out[q.name] = settled((await db.runAndReadAll(q.sql)).getRowsJson());
    }
    return out;
  } finally {
    db.closeSync();
  }
}

async function count(lake: string, sql: string): Promise<number> {
  const db = await openLake(lake, ".jsonl");
  try {
    return Number((await db.runAndReadAll(sql)).getRows()[0]?.[0]);
  } finally {
    db.closeSync();
  }
}

const curatedFiles = (lake: string, day: string) => {
  const [y, m, d] = day.split("-");
  const dir = path.join(lake, LAKE_PREFIXES.curated, `year=${y}/month=${m}/day=${d}`);
  return readdirSync(dir).sort();
};

describe("compaction workflow executed locally (Athena Tasks bound to DuckDB)", function () {
  this.timeout(60_000);
  let root: string;
  let lake: string;
  let raw: Record<string, unknown>;
  const table = `"${LOCAL_STACK.database}"`;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), "compact-"));
    lake = path.join(root, "lake");
    writeSyntheticLake(lake, { days: 4, instances: 3, now: NOW });
    raw = await answers(lake);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("is valid Amazon States Language", () => {
    const definition = buildCompactionDefinition({
      workgroup: "wg",
      database: "db",
      rawTable: "metrics",
      lakeBucket: "lake",
      catchUpDays: 30,
    });
    const result = aslValidator(JSON.parse(JSON.stringify(definition)));
    expect(result.errorsText("\n")).to.equal("");
  });

  it("compacts each finished day into one Parquet object and leaves today alone", async () => {
    const { days } = await compactFinishedDays(lake, PLAIN);
    const finished = rawDays(lake).filter((d) => daysAgo(d, NOW) >= 1);
    expect(finished.length).to.be.within(3, 4);
    const outputs = days.filter((o) => o.outcome === "compacted");
    expect(outputs.map((o) => o.day).sort()).to.deep.equal(finished);
    expect(curatedDays(lake)).to.deep.equal(finished);
    for (const o of outputs) {
      expect(o.prefix).to.match(/^curated-metrics\/year=\d{4}\/month=\d{2}\/day=\d{2}\/$/);
      expect(o.bytes_scanned).to.be.above(0);
      expect(curatedFiles(lake, o.day)).to.deep.equal([
        `${MARKER_NAME}${o.raw_objects}`,
        "part-0.parquet",
      ]);
    }
    // Every raw record of a finished day is in Parquet, once.
    const rawFinished = await count(
      lake,
      `SELECT count(*) FROM ${table}.metrics WHERE make_date(year, month, day) < current_date`,
    );
    expect(await count(lake, `SELECT count(*) FROM ${table}.${TABLE_NAMES.curated}`)).to.equal(
      rawFinished,
    );
  });

  it("every named query answers the same from both layers as from the raw layer alone", async () => {
    const layered = await answers(lake, TABLE_NAMES.curated);
    for (const q of queriesOver()) {
      expect(layered[q.name], q.name).to.deep.equal(raw[q.name]);
      expect((raw[q.name] as unknown[]).length, q.name).to.be.above(0);
    }
  });

  it("stores rows sorted by instance, then time", async () => {
    const [day = ""] = curatedDays(lake);
    const db = await openLake(lake, ".jsonl");
    try {
      const [y, m, d] = day.split("-").map(Number);
      const rows = (
        await db.runAndReadAll(
          `SELECT instance_id, "timestamp" FROM read_parquet('${path.join(lake, LAKE_PREFIXES.curated)}/year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8)}/*.parquet')`,
        )
      ).getRows() as string[][];
      const sorted = [...rows].sort((a, b) =>
        a[0] === b[0]
          ? String(a[1]).localeCompare(String(b[1]))
          : String(a[0]).localeCompare(String(b[0])),
      );
      expect(rows).to.deep.equal(sorted);
      expect([y, m, d].every(Number.isInteger)).to.equal(true);
    } finally {
      db.closeSync();
    }
  });

  it("re-running a day replaces it: stale objects (more than one listing of them) are deleted first", async () => {
    const [day = ""] = curatedDays(lake);
    const [y, m, d] = day.split("-");
    const dir = path.join(lake, LAKE_PREFIXES.curated, `year=${y}/month=${m}/day=${d}`);
    // A half-done earlier run: 1,200 leftovers, more than one 500-key listing.
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 1200; i++) writeFileSync(path.join(dir, `stale-${i}.txt`), "x");
    const before = await count(lake, `SELECT count(*) FROM ${table}.${TABLE_NAMES.curated}`);
    const { days } = await localCompaction(lake, PLAIN)({ days_ago: daysAgo(day, NOW) });
    expect(days.map((o) => [o.day, o.outcome])).to.deep.equal([[day, "compacted"]]);
    expect(curatedFiles(lake, day)).to.deep.equal([
      `${MARKER_NAME}${days[0]?.raw_objects}`,
      "part-0.parquet",
    ]);
    expect(await count(lake, `SELECT count(*) FROM ${table}.${TABLE_NAMES.curated}`)).to.equal(
      before,
    );
    expect(await answers(lake, TABLE_NAMES.curated)).to.deep.equal(raw);
  });

  it("a second scheduled run finds every day up to date and compacts none", async () => {
    const { days } = await compactFinishedDays(lake, PLAIN);
    expect(days.filter((o) => o.outcome === "compacted")).to.deep.equal([]);
    expect(days.filter((o) => o.outcome === "current")).to.have.length(curatedDays(lake).length);
  });

  for (const bad of [0, -1, 3651, "1; DROP TABLE metrics", null]) {
    it(`refuses days_ago ${JSON.stringify(bad)} before any query runs`, async () => {
      const error = await localCompaction(
        lake,
        PLAIN,
      )({ days_ago: bad }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(String(error?.message ?? error)).to.match(/InvalidInput|days_ago/);
    });
  }

  it("a forced day with no raw data compacts to an empty object, which reads as no rows", async () => {
    const [output] = (await localCompaction(lake, PLAIN)({ days_ago: 30 })).days;
    expect(curatedFiles(lake, output?.day ?? "")).to.deep.equal([
      `${MARKER_NAME}0`,
      "part-0.parquet",
    ]);
    expect(output?.bytes_scanned).to.equal(0);
    expect(await answers(lake, TABLE_NAMES.curated)).to.deep.equal(raw);
  });
});
