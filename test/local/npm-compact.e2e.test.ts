import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSyntheticLake } from "../../bench/lake";
import { curatedDayPath } from "../../components/analytics-catalog/curated";
import { LAKE_PREFIXES } from "../../contract/lake";
import { curatedDays, rawDays } from "../../local/compaction";
import { S3RVER_OBJECT_SUFFIX } from "../../local/lake-db";
import { LOCAL_STACK, localPaths } from "../../local/layout";
import { namedQueries } from "../../components/analytics-catalog/named-queries";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { npmScript as npm } from "../helpers/processes";

describe("npm run compact, npm start's compaction and npm run query over both layers", function () {
  this.timeout(120_000);
  let dataDir: string;
  let lake: string;
  /** The named query over JSON Lines only, before any compaction. */
  let truth: unknown[] = [];
  /** The daily-peak-memory named query over both layers, as npm run query answers it. */
  const peaks = async () => {
    const r = await npm(
      "query",
      "--",
      "daily-peak-memory",
      "--data-dir",
      dataDir,
      "--format",
      "json",
    );
    expect(r.code, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as unknown[];
  };

  before(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "npm-compact-"));
    lake = localPaths(dataDir).lake;
    writeSyntheticLake(lake, { days: 3, instances: 2, objectSuffix: S3RVER_OBJECT_SUFFIX });
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("compacts the finished days; the named query answers as the raw layer alone does", async () => {
    // The truth: the same query over JSON Lines only, every day of its window.
    const rawOnly = namedQueries({
      database: LOCAL_STACK.database,
      metricsTable: TABLE_NAMES.metrics,
      quarantineTable: TABLE_NAMES.quarantine,
      thresholds: DEFAULT_THRESHOLDS,
    }).find((q) => q.name === "daily-peak-memory");
    // Without its leading comment line, which the argument parser would take for a flag.
    const sql = (rawOnly?.sql ?? "").replace(/^--.*\n/gm, "");
    const answer = await npm("query", "--", sql, "--data-dir", dataDir, "--format", "json");
    expect(answer.code, answer.stderr).to.equal(0);
    truth = JSON.parse(answer.stdout) as unknown[];
    const compact = await npm("compact", "--", "--data-dir", dataDir);
    expect(compact.code, compact.stderr).to.equal(0);
    const finished = rawDays(lake).slice(0, 2);
    for (const day of finished) expect(compact.stdout).to.contain(`compacted ${day} -> `);
    expect(curatedDays(lake)).to.deep.equal(finished);
    const rows = await peaks();
    // Two instances a day with data (three days; today has none in its first run's hours):
    // each day from exactly one layer, none twice.
    expect(rawDays(lake).length).to.be.oneOf([2, 3]);
    expect(rows).to.have.length(2 * rawDays(lake).length);
    expect(rows).to.deep.equal(truth);
  });

  it("npm start heals a day that was never compacted: the query answers with its rows again", async () => {
    // As if the first day had never been compacted (a failed run, the schedule off).
    const [first = ""] = rawDays(lake);
    rmSync(path.join(lake, LAKE_PREFIXES.curated, curatedDayPath(first)), { recursive: true });
    const [y, m, d] = first.split("-").map(Number);
    const ofFirst = (rows: unknown[]) =>
      (rows as { year: number; month: number; day: number }[]).filter(
        (r) => r.year === y && r.month === m && r.day === d,
      );
    // Closed days older than yesterday come from Parquet only: the first day's rows are gone.
    expect(ofFirst(await peaks())).to.deep.equal([]);
    const start = await npm(
      "start",
      "--",
      "--cycles",
      "1",
      "--every",
      "0",
      "--source",
      "synthetic",
      "--data-dir",
      dataDir,
    );
    expect(start.code, start.stderr).to.equal(0);
    const compacted = start.stdout.split("\n").filter((l) => l.startsWith("compacted "));
    expect(compacted).to.have.length(1);
    expect(compacted[0]).to.contain(`compacted ${first} -> `);
    expect(start.stdout).to.match(/compaction: 30 days checked, 1 compacted, 1 up to date/);
    // Two instances' peaks of that day, as the raw layer alone answered before any compaction.
    const healed = ofFirst(await peaks());
    expect(healed).to.have.length(2);
    expect(healed).to.deep.equal(ofFirst(truth));
  });

  it("refuses a malformed or unfinished --day, naming the flag", async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const day of ["2025-02-30", "yesterday", today]) {
      const r = await npm("compact", "--", "--day", day, "--data-dir", dataDir);
      expect(r.code, day).to.equal(2);
      expect(r.stderr, day).to.contain("--day");
    }
  });
});
