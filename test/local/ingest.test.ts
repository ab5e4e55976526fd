import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { UsageError } from "../../local/args";
import { type Backend, embeddedBackend } from "../../local/backend";
import { type IngestReport, ingestFiles, parseIngestArgs } from "../../local/ingest";
import { localPaths, type LocalPaths } from "../../local/layout";
import { type Notification, NotificationLog } from "../../local/notifications";
import { metricLine } from "../functions/fixtures";
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
    expect(first).to.deep.include({
      key: "raw-metrics/year=2025/month=03/day=01/hour=10/mixed.jsonl",
      status: "processed",
    });
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

  it("refuses bad arguments, naming them", () => {
    const f = file("ok.jsonl", metricLine());
    const cases: [string[], string][] = [
      [[], "name at least one FILE"],
      [[path.join(dir, "missing.jsonl")], "is not a readable file"],
      [[f, "--prefix", "raw-stuff"], "--prefix must be raw-metrics or raw-logs"],
      [[f, f, "--key", "raw-metrics/x.jsonl"], "--key applies to one FILE only"],
      [[f, "--key", "elsewhere/x.jsonl"], "--key must start with raw-metrics/"],
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
