import { expect } from "chai";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeSyntheticLake } from "../../bench/lake";
import { COMPACTION_STATE_NAMES as S } from "../../components/analytics-catalog/compaction-definition";
import { curatedDayPath } from "../../components/analytics-catalog/curated";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { LAKE_PREFIXES } from "../../contract/lake";
import {
  CompactionFailedError,
  curatedDays,
  daysAgo,
  localCompaction,
  rawDays,
  type CompactionOutput,
  type LocalCompactionOptions,
} from "../../local/compaction";
import { openLake } from "../../local/lake-db";
import { LOCAL_STACK } from "../../local/layout";

/** The marker's name before its raw object count, as docs/components/analytics-catalog.md gives it. */
const MARKER = "_compacted.raw-objects=";

const PLAIN = { objectSuffix: ".jsonl" };
const DAY_MS = 86_400_000;

const dayAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);
const curatedDir = (lake: string, day: string) =>
  path.join(lake, LAKE_PREFIXES.curated, curatedDayPath(day));
const rawDir = (lake: string, day: string) =>
  path.join(lake, LAKE_PREFIXES.metrics, curatedDayPath(day));
const outcomes = (o: CompactionOutput) => Object.fromEntries(o.days.map((d) => [d.day, d.outcome]));
const compacted = (o: CompactionOutput) =>
  o.days.filter((d) => d.outcome === "compacted").map((d) => d.day);
const run = (lake: string, options: Partial<LocalCompactionOptions> = {}) =>
  localCompaction(lake, { ...PLAIN, ...options })({});

/** Every raw object of a day, recursively (hour folders). */
function rawObjects(lake: string, day: string): string[] {
  const dir = rawDir(lake, day);
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => path.join(dir, f));
}

/** Copies one raw object of `from` into day `to` under a new name: a late or moved object. */
function copyRawObject(lake: string, from: string, to: string, name: string): void {
  const [source = ""] = rawObjects(lake, from);
  const dir = path.join(rawDir(lake, to), "hour=05");
  mkdirSync(dir, { recursive: true });
  copyFileSync(source, path.join(dir, `${name}.jsonl`));
}

/** Rows of one day in a table of the local lake's database. */
async function rowsOf(lake: string, tableName: string, day: string): Promise<number> {
  const [y, m, d] = day.split("-").map(Number);
  const db = await openLake(lake, ".jsonl");
  try {
    const sql = `SELECT count(*) FROM "${LOCAL_STACK.database}".${tableName} WHERE year = ${y} AND month = ${m} AND day = ${d}`;
    return Number((await db.runAndReadAll(sql)).getRows()[0]?.[0]);
  } finally {
    db.closeSync();
  }
}
const curatedRows = (lake: string, day: string) => rowsOf(lake, TABLE_NAMES.curated, day);
const rawRows = (lake: string, day: string) => rowsOf(lake, TABLE_NAMES.metrics, day);

describe("the compaction catches up by itself (definition executed locally)", function () {
  this.timeout(120_000);
  let root: string;
  let lake: string;
  let finished: string[];

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "catch-up-"));
    lake = path.join(root, "lake");
    writeSyntheticLake(lake, { days: 4, instances: 2 });
    finished = rawDays(lake).filter((d) => daysAgo(d) >= 1);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("checks every day of the window, newest first, and compacts the closed days with raw data", async () => {
    const output = await run(lake, { catchUpDays: 5 });
    expect(output.days.map((d) => d.day)).to.deep.equal([1, 2, 3, 4, 5].map(dayAgo));
    expect(compacted(output).sort()).to.deep.equal(finished);
    for (const day of finished) {
      const [marker] = readdirSync(curatedDir(lake, day)).filter((f) => f.startsWith("_"));
      expect(marker).to.equal(`${MARKER}${rawObjects(lake, day).length}`);
      expect(await curatedRows(lake, day)).to.equal(await rawRows(lake, day));
    }
    expect(outcomes(output)[dayAgo(5)]).to.equal("no-raw-data");
    expect(existsSync(curatedDir(lake, dayAgo(5)))).to.equal(false);
  });

  it("with nothing missing, a run compacts nothing and rewrites no file (idempotent)", async () => {
    await run(lake);
    const mtimes = () =>
      finished.map((d) => statSync(path.join(curatedDir(lake, d), "part-0.parquet")).mtimeMs);
    const before = mtimes();
    const again = await run(lake);
    expect(compacted(again)).to.deep.equal([]);
    for (const day of finished) expect(outcomes(again)[day]).to.equal("current");
    expect(mtimes()).to.deep.equal(before);
  });

  it("heals a day in the middle that was never compacted, and only that day", async () => {
    await run(lake);
    const middle = finished[1] ?? "";
    rmSync(curatedDir(lake, middle), { recursive: true });
    expect(await curatedRows(lake, middle)).to.equal(0);
    const output = await run(lake);
    expect(compacted(output)).to.deep.equal([middle]);
    expect(await curatedRows(lake, middle)).to.equal(await rawRows(lake, middle));
  });

  it("recompacts a day that got a late object after it was compacted, with the late rows", async () => {
    await run(lake);
    const day = finished[0] ?? "";
    const before = await curatedRows(lake, day);
    // Another day's records, so every row is new to this day (a replay of rows it has is not).
    copyRawObject(lake, finished[1] ?? "", day, "late-object");
    const output = await run(lake);
    expect(compacted(output)).to.deep.equal([day]);
    expect(await curatedRows(lake, day)).to.be.above(before);
    expect(await curatedRows(lake, day)).to.equal(await rawRows(lake, day));
    expect(compacted(await run(lake))).to.deep.equal([]);
  });

  it("counts a day's raw objects across listing pages (over 500), and sees one more", async () => {
    const day = finished[0] ?? "";
    const extra = 520;
    for (let i = 0; i < extra; i++) copyRawObject(lake, day, day, `many-${i}`);
    const objects = rawObjects(lake, day).length;
    expect(objects).to.be.above(500);
    const first = await run(lake);
    const outcome = first.days.find((d) => d.day === day);
    expect(outcome?.raw_objects).to.equal(objects);
    expect(readdirSync(curatedDir(lake, day))).to.include(`${MARKER}${objects}`);
    copyRawObject(lake, day, day, "one-more");
    expect(compacted(await run(lake))).to.deep.equal([day]);
    expect(readdirSync(curatedDir(lake, day))).to.include(`${MARKER}${objects + 1}`);
  });

  it("leaves a day alone whose raw objects shrank (expiry, not news)", async () => {
    await run(lake);
    const day = finished[0] ?? "";
    const rows = await curatedRows(lake, day);
    rmSync(rawObjects(lake, day)[0] ?? "");
    const output = await run(lake);
    expect(outcomes(output)[day]).to.equal("current");
    expect(await curatedRows(lake, day)).to.equal(rows);
  });

  it("stops at the raw retention: day 30 is a candidate, day 31 is not", async () => {
    const [source = ""] = finished;
    copyRawObject(lake, source, dayAgo(30), "day-30");
    copyRawObject(lake, source, dayAgo(31), "day-31");
    const output = await run(lake);
    expect(output.days).to.have.length(30);
    expect(output.days.at(-1)?.day).to.equal(dayAgo(30));
    expect(compacted(output)).to.include(dayAgo(30));
    expect(output.days.map((d) => d.day)).not.to.include(dayAgo(31));
    expect(existsSync(curatedDir(lake, dayAgo(31)))).to.equal(false);
  });

  it("a failing day fails the execution, the other days are compacted, and the next run heals it", async () => {
    const bad = finished[1] ?? "";
    const partial = path.join(curatedDir(lake, bad), "partial-0.parquet");
    const error = await run(lake, {
      overrides: {
        [S.unload]: (input, unload) => {
          const sql = (input as { QueryString: string }).QueryString;
          if (!sql.includes(`DATE '${bad}'`)) return unload(input);
          // Half a day written, then the query dies: the run must not leave it behind.
          mkdirSync(path.dirname(partial), { recursive: true });
          writeFileSync(partial, "half a day");
          throw Object.assign(new Error("Query exhausted resources"), { name: "Athena.Failed" });
        },
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(CompactionFailedError);
    const days = (error as CompactionFailedError).days;
    expect(days.filter((d) => d.outcome === "failed").map((d) => d.day)).to.deep.equal([bad]);
    expect(days.find((d) => d.day === bad)?.error?.Error).to.equal("Athena.Failed");
    expect((error as Error).message).to.contain(bad);
    // The half-written day was emptied and has no marker: it reads as no rows, not half of them.
    expect(existsSync(partial)).to.equal(false);
    expect(readdirSync(curatedDir(lake, bad))).to.deep.equal([]);
    for (const day of finished.filter((d) => d !== bad)) {
      expect(await curatedRows(lake, day)).to.equal(await rawRows(lake, day));
    }
    const healed = await run(lake);
    expect(compacted(healed)).to.deep.equal([bad]);
    expect(await curatedRows(lake, bad)).to.equal(await rawRows(lake, bad));
  });

  it("an execution overlapping an older one does nothing; a forced one fails saying so", async () => {
    // The older run is held before its plan until the newer ones have ended.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const older = localCompaction(lake, {
      ...PLAIN,
      overrides: { [S.plan]: async (input, plan) => (await gate, plan(input)) },
    })({}, "older");
    const newer = await localCompaction(lake, PLAIN)({}, "newer");
    expect(newer.days).to.deep.equal([]);
    expect(newer.yielded_to).to.match(/:older$/);
    const byHand = await localCompaction(lake, PLAIN)({ days_ago: 1 }, "by-hand").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const cause = (byHand as { cause?: Error } | undefined)?.cause;
    expect(cause?.name).to.equal("AlreadyRunning");
    expect(cause?.message).to.match(/:older$/);
    expect(curatedDays(lake)).to.deep.equal([]);
    release();
    expect(compacted(await older).sort()).to.deep.equal(finished);
  });
});
