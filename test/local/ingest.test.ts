import { expect } from "chai";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { UsageError } from "../../local/args";
import { type Backend, embeddedBackend } from "../../local/backend";
import {
  formatIngestReports,
  type IngestReport,
  ingestFiles,
  parseIngestArgs,
} from "../../local/ingest";
import { LOCAL_STACK, localPaths, type LocalPaths } from "../../local/layout";
import { type Notification, NotificationLog } from "../../local/notifications";
import { metricLine, scanTable } from "../functions/fixtures";
import { npmScript } from "../helpers/processes";

/** `npm run ingest -- args`: its exit code and output. */
const npmIngest = (...args: string[]) => npmScript("ingest", "--", ...args);

describe("npm run ingest", function () {
  this.timeout(60_000);
  let dir: string;
  let paths: LocalPaths;
  let backend: Backend;
  let notifications: NotificationLog;
  const published: Notification[] = [];

  const file = (name: string, body: string | Buffer) => {
    const p = path.join(dir, name);
    writeFileSync(p, body);
    // A fixed mtime: the default key's partition is the file's hour.
    utimesSync(p, new Date("2025-03-01T10:30:00Z"), new Date("2025-03-01T10:30:00Z"));
    return p;
  };
  const ingest = (files: string[], prefix = "raw-metrics", key?: string): Promise<IngestReport[]> =>
    ingestFiles({ files, prefix, ...(key ? { key } : {}) }, backend, paths, notifications);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ingest-"));
    paths = localPaths(path.join(dir, "data"));
    backend = await embeddedBackend(paths);
    notifications = new NotificationLog(paths.notifications, (n) => published.push(n));
  });
  after(async () => {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports lines, processed, quarantined with reasons and violations; the same file again is a duplicate", async () => {
    const mixed = file(
      "mixed.jsonl",
      [metricLine(), "{bad", metricLine({ instance_id: "i-hot", value: 97 })].join("\n"),
    );
    const [first] = await ingest([mixed]);
    expect(first?.status).to.equal("processed");
    expect(first?.key).to.match(
      /^raw-metrics\/year=2025\/month=03\/day=01\/hour=10\/mixed-[0-9a-f]{8}\.jsonl$/,
    );
    expect(first?.summary).to.include({ lines: 3, processed: 2, quarantined: 1, violations: 1 });
    expect(first?.reasons).to.have.length(1);
    expect(first?.reasons[0]).to.match(/^line 2: not JSON/);
    expect(published.map((n) => n.subject)).to.deep.equal(["[local] 1 threshold violation: i-hot"]);

    const [again] = await ingest([mixed]);
    expect(again?.summary).to.include({ duplicate: true, processed: 2 });
    expect(published).to.have.length(1);
  });

  it("takes raw-logs, gzip files and an explicit key", async () => {
    const logs = file(
      "app.jsonl.gz",
      gzipSync(
        JSON.stringify({
          timestamp: "2025-03-01T10:00:00Z",
          service: "api",
          level: "INFO",
          message: "m",
        }),
      ),
    );
    const [report] = await ingest([logs], "raw-logs", "raw-logs/mine/app.jsonl.gz");
    expect(report).to.deep.include({ key: "raw-logs/mine/app.jsonl.gz", status: "processed" });
    expect(report?.summary).to.include({ kind: "logs", processed: 1, quarantined: 0 });
  });

  it("gives same-named files of two folders two keys, and every row of both lands", async () => {
    mkdirSync(path.join(dir, "a"), { recursive: true });
    mkdirSync(path.join(dir, "b"), { recursive: true });
    const one = file("a/same.jsonl", metricLine({ instance_id: "i-from-a" }));
    const two = file("b/same.jsonl", metricLine({ instance_id: "i-from-b" }));
    const reports = await ingest([one, two]);
    expect(new Set(reports.map((r) => r.key)).size).to.equal(2);
    expect(
      reports.map((r) => [r.summary?.processed, r.summary?.duplicate, r.replaced]),
    ).to.deep.equal([
      [1, undefined, undefined],
      [1, undefined, undefined],
    ]);
    const ids = (await scanTable(backend.dynamo, LOCAL_STACK.table)).map((i) => i.instance_id);
    expect(ids).to.include.members(["i-from-a", "i-from-b"]);
  });

  it("says so when it replaces other content at a key, even content processed before", async () => {
    const key = "raw-metrics/replaced/x.jsonl";
    const a = file("x-a.jsonl", metricLine({ instance_id: "i-a" }));
    const b = file("x-b.jsonl", metricLine({ instance_id: "i-b" }));
    const [first] = await ingest([a], "raw-metrics", key);
    const [second] = await ingest([b], "raw-metrics", key);
    const [third] = await ingest([a], "raw-metrics", key);
    const [fourth] = await ingest([a], "raw-metrics", key);
    expect(
      [first, second, third, fourth].map((r) => [r?.replaced, r?.summary?.duplicate]),
    ).to.deep.equal([
      [undefined, undefined],
      [true, undefined],
      [true, true],
      [undefined, true],
    ]);
    const text = formatIngestReports([third as IngestReport, fourth as IngestReport]);
    expect(text).to.contain(
      "(replaced other content at this key; this content was processed before)",
    );
    expect(text).to.contain("(duplicate: processed before, nothing changed)");
  });

  it("lets the key decide the prefix", () => {
    const f = file("k.jsonl", metricLine());
    expect(parseIngestArgs([f, "--key", "raw-logs/app/k.jsonl"])).to.include({
      prefix: "raw-logs",
      key: "raw-logs/app/k.jsonl",
    });
    expect(parseIngestArgs([f, "--key", "raw-metrics/k.jsonl"]).prefix).to.equal("raw-metrics");
    expect(
      parseIngestArgs([f, "--key", "raw-logs/k.jsonl", "--prefix", "raw-logs"]).prefix,
    ).to.equal("raw-logs");
    expect(() =>
      parseIngestArgs([f, "--key", "raw-logs/k.jsonl", "--prefix", "raw-metrics"]),
    ).to.throw(UsageError, "--key raw-logs/k.jsonl is under raw-logs/, not --prefix raw-metrics");
  });

  it("refuses bad arguments, naming them", () => {
    const f = file("ok.jsonl", metricLine());
    const cases: [string[], string][] = [
      [[], "name at least one FILE"],
      [[path.join(dir, "missing.jsonl")], "is not a readable file"],
      [[f, "--prefix", "raw-stuff"], "--prefix must be raw-metrics or raw-logs"],
      [[f, f, "--key", "raw-metrics/x.jsonl"], "--key applies to one FILE only"],
      [[f, "--key", "elsewhere/x.jsonl"], "--key must start with raw-metrics/ or raw-logs/"],
      [[f, "--endpoint", "ftp://x"], "--endpoint must be an http(s) URL"],
      [[f, "--bogus"], "Unknown option '--bogus'"],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseIngestArgs(argv), argv.join(" ")).to.throw(UsageError, message);
    }
  });

  it("runs as a command: 0 and JSON when every object was processed, 1 when the store is unreachable", async () => {
    const f = file("cli.jsonl", [metricLine(), "not json"].join("\n"));
    const dataDir = path.join(dir, "cli-data");
    const ok = await npmIngest(f, "--data-dir", dataDir, "--json");
    expect(ok.code, ok.stderr).to.equal(0);
    const [report] = JSON.parse(ok.stdout) as IngestReport[];
    expect(report?.summary).to.include({ processed: 1, quarantined: 1 });
    expect(readFileSync(localPaths(dataDir).logs, "utf8")).to.contain("object processed");

    const down = await npmIngest(f, "--endpoint", "http://127.0.0.1:9", "--data-dir", dataDir);
    expect(down.code).to.equal(1);
    expect(down.stderr).to.match(/^ingest failed: /);
  });
});
