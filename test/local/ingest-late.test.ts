/**
 * `npm run ingest` of an object for a day already compacted: the real processor asks for the
 * compaction's catch-up run, the compaction definition (executed locally) re-compacts the day,
 * and the curated layer holds the late records once.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { type Backend, embeddedBackend } from "../../local/backend";
import { compactFinishedDays } from "../../local/compaction";
import { ingestFiles } from "../../local/ingest";
import { openLake } from "../../local/lake-db";
import { LOCAL_STACK, localPaths, type LocalPaths } from "../../local/layout";
import { NotificationLog } from "../../local/notifications";
import { metricLine } from "../functions/fixtures";
import { npmScript } from "../helpers/processes";

const DAY_MS = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);
const keyOn = (day: string, name: string) =>
  `raw-metrics/year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8)}/hour=01/${name}.jsonl`;

describe("npm run ingest of late objects", function () {
  this.timeout(120_000);
  let dir: string;
  let paths: LocalPaths;
  let backend: Backend;

  const file = (name: string, instance: string, day: string, n: number) => {
    const p = path.join(dir, name);
    const lines = Array.from({ length: n }, (_, h) =>
      metricLine({
        instance_id: instance,
        timestamp: `${day}T${String(h + 1).padStart(2, "0")}:00:00Z`,
      }),
    );
    writeFileSync(p, lines.join("\n") + "\n");
    return p;
  };
  const ingest = async (f: string, key: string) => {
    const reopened = new Set<string>();
    const notifications = new NotificationLog(paths.notifications, () => undefined);
    const [report] = await ingestFiles(
      { files: [f], prefix: "raw-metrics", key },
      backend,
      paths,
      notifications,
      reopened,
    );
    expect(report?.status).to.equal("processed");
    return [...reopened];
  };
  const curatedRows = async (day: string) => {
    const db = await openLake(paths.lake);
    try {
      const [y, m, d] = day.split("-").map(Number);
      const rows = await db.runAndReadAll(
        `SELECT instance_id, count(*) AS n FROM "${LOCAL_STACK.database}".${TABLE_NAMES.curated}
         WHERE year = ${y} AND month = ${m} AND day = ${d} GROUP BY 1 ORDER BY 1`,
      );
      return Object.fromEntries(rows.getRowObjectsJson().map((r) => [r.instance_id, r.n]));
    } finally {
      db.closeSync();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ingest-late-"));
    paths = localPaths(path.join(dir, "data"));
    backend = await embeddedBackend(paths);
  });
  afterEach(async () => {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-opens a compacted day: the catch-up run re-compacts it with the late records", async () => {
    const day = dayAgo(3);
    await ingest(file("first.jsonl", "i-first", day, 3), keyOn(day, "first"));
    const first = await compactFinishedDays(paths.lake);
    expect(first.days.filter((d) => d.outcome === "compacted").map((d) => d.day)).to.deep.equal([
      day,
    ]);
    expect(await curatedRows(day)).to.deep.equal({ "i-first": "3" });

    // Lands after its day was compacted: the processor asks for a catch-up run.
    const asked = await ingest(file("late.jsonl", "i-late", day, 2), keyOn(day, "late"));
    expect(asked).to.have.length(1);
    expect(asked[0]).to.match(/^late-objects-\d{8}T\d{4}$/);
    const second = await compactFinishedDays(paths.lake);
    expect(second.days.filter((d) => d.outcome === "compacted").map((d) => d.day)).to.deep.equal([
      day,
    ]);
    expect(await curatedRows(day)).to.deep.equal({ "i-first": "3", "i-late": "2" });
  });

  it("asks nothing for yesterday, which the queries still read from raw", async () => {
    const day = dayAgo(1);
    expect(await ingest(file("y.jsonl", "i-y", day, 1), keyOn(day, "y"))).to.deep.equal([]);
  });

  it("prints the re-compaction from the command line", async () => {
    await backend.stop();
    const day = dayAgo(2);
    const f = file("cli.jsonl", "i-cli", day, 2);
    const out = await npmScript(
      "ingest",
      "--",
      f,
      "--key",
      keyOn(day, "cli"),
      "--data-dir",
      paths.root,
    );
    expect(out.code, out.stdout + out.stderr).to.equal(0);
    expect(out.stdout).to.contain("late objects re-opened compacted days");
    expect(out.stdout).to.contain(`compacted ${day} -> curated-metrics/`);
    backend = await embeddedBackend(paths);
  });
});
