import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LOCAL_STACK, localPaths, type LocalPaths } from "../../local/layout";
import { exitedPid, npmScript as npm } from "../helpers/processes";
import type { Notification } from "../../local/notifications";
import { startLocalServers } from "../../local/servers";

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f));
}

describe("npm start and npm run query, end to end", function () {
  this.timeout(60_000);
  let dataDir: string;
  let paths: LocalPaths;
  let start: Awaited<ReturnType<typeof npm>>;

  let stalePid: number;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "npm-start-"));
    paths = localPaths(dataDir);
    // A lock left by a run that was killed: its process is gone.
    stalePid = await exitedPid();
    writeFileSync(
      paths.lock,
      JSON.stringify({ pid: stalePid, started_at: "x", command: "npm start" }),
    );
    start = await npm(
      "start",
      "--",
      "--cycles",
      "2",
      "--every",
      "0",
      "--spike",
      "cpu",
      "--fresh",
      "--data-dir",
      dataDir,
    );
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints the dashboard's address at start, takes over the stale lock and releases it", () => {
    const lines = start.stdout.split("\n");
    expect(lines[0]).to.equal(
      `took over the data folder's lock from process ${stalePid}, which is gone`,
    );
    expect(lines[1]).to.match(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(existsSync(paths.lock)).to.equal(false);
  });

  it("evaluates the alarms: high CPU goes to ALARM on the second spiked cycle", () => {
    const [first, second] = start.stdout.split("cycle 2/2");
    expect(first).to.match(/alarms: \d+ alarms INSUFFICIENT_DATA -> OK/);
    expect(first).not.to.contain("high-cpu");
    expect(second).to.contain("alarm monitoring-local-high-cpu: INSUFFICIENT_DATA -> ALARM");
    const alarm = readFileSync(paths.notifications, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Notification)
      .find((n) => n.subject === 'ALARM: "monitoring-local-high-cpu" in EU (Ireland)');
    expect(JSON.parse(alarm?.message ?? "{}")).to.include({ NewStateValue: "ALARM" });
  });

  it("a second run on a folder in use exits 2 naming the other process, deleting nothing", async () => {
    const holder = spawn("sleep", ["60"]);
    try {
      writeFileSync(
        paths.lock,
        JSON.stringify({
          pid: holder.pid,
          started_at: "2026-11-21T10:00:00Z",
          command: "npm start",
        }),
      );
      const second = await npm("start", "--", "--fresh", "--data-dir", dataDir);
      expect(second.code).to.equal(2);
      expect(second.stderr).to.contain(`the data folder is in use by process ${holder.pid}`);
      expect(second.stderr).not.to.contain("Database is closed");
      expect(existsSync(paths.notifications)).to.equal(true);
      expect(readFileSync(paths.lock, "utf8")).to.contain(String(holder.pid));
    } finally {
      holder.kill();
      rmSync(paths.lock, { force: true });
    }
  });

  it("runs two cycles and exits 0", () => {
    expect(start.code, start.stderr).to.equal(0);
    expect(start.stdout).to.contain("cycle 2/2: execution local-");
    expect(start.stdout).to.match(/summary: 2 cycles, 8 objects processed/);
  });

  it("writes eight JSON Lines objects to the lake: four metric types, two executions", () => {
    const objects = filesUnder(path.join(paths.lake, "raw-metrics")).filter((f) =>
      f.endsWith(".jsonl._S3rver_object"),
    );
    expect(objects).to.have.length(8);
    const types = objects.map((f) => path.basename(f).split("-")[0]).sort();
    expect(types).to.deep.equal([
      "cpu",
      "cpu",
      "disk",
      "disk",
      "memory",
      "memory",
      "network",
      "network",
    ]);
  });

  it("leaves this host's items in the hot table", async () => {
    const servers = await startLocalServers({ s3Directory: paths.s3, dynamoPath: paths.dynamodb });
    try {
      const out = await servers.dynamo.send(new ScanCommand({ TableName: LOCAL_STACK.table }));
      const instances = (out.Items ?? []).flatMap((i) =>
        i.instance_id?.S ? [i.instance_id.S] : [],
      );
      // cpu 1 + memory 1 + disk 3 + network 2 metrics per cycle, where /proc offers all of them.
      expect(instances.length).to.be.within(2 * 3, 2 * 7);
      expect(new Set(instances)).to.deep.equal(new Set([os.hostname()]));
    } finally {
      await servers.stop();
    }
  });

  it("records a CPU violation alert per cycle in notifications.jsonl", () => {
    const sent = readFileSync(paths.notifications, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Notification);
    const cpu = sent.filter(
      (n) => n.publisher === "log-processor" && n.message.includes("cpu_utilization = 97"),
    );
    expect(cpu).to.have.length(2);
    expect(cpu[0]?.subject).to.equal(`[local] 1 threshold violation: ${os.hostname()}`);
  });

  it("quarantines nothing of the host's data", () => {
    expect(filesUnder(path.join(paths.lake, "quarantine"))).to.deep.equal([]);
    expect(start.stdout).to.contain("0 quarantined lines");
  });

  it("npm run query -- avg-cpu-by-instance returns this host's row", async () => {
    const query = await npm("query", "--", "avg-cpu-by-instance", "--data-dir", dataDir);
    expect(query.code, query.stderr).to.equal(0);
    const row = query.stdout.split("\n").find((l) => l.startsWith(`${os.hostname()} `));
    expect(row?.trim().split(/\s+/)).to.deep.equal([os.hostname(), "97", "97", "97", "2"]);
  });

  it("--quiet --no-dashboard: the alerts and the summary only, no address, no cycle tables", async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), "npm-start-quiet-"));
    try {
      const quiet = await npm(
        "start",
        "--",
        ...["--cycles", "1", "--every", "0", "--spike", "cpu", "--quiet", "--no-dashboard"],
        ...["--data-dir", other],
      );
      expect(quiet.code, quiet.stderr).to.equal(0);
      expect(quiet.stdout).to.contain("SNS log-processor: [local] 1 threshold violation");
      expect(quiet.stdout).to.match(/alarms: \d+ alarms INSUFFICIENT_DATA -> OK/);
      expect(quiet.stdout).to.contain("summary: 1 cycle,");
      for (const noise of [
        "dashboard:",
        "cycle 1/1",
        "s3 key",
        "local pipeline:",
        "sample query",
      ]) {
        expect(quiet.stdout).not.to.contain(noise);
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("bad flags: a usage message and exit code 2", async () => {
    const bad = await npm("start", "--", "--cycles", "0");
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("error: --cycles must be a whole number from 1 to 10000");
    expect(bad.stderr).to.contain("Usage: npm start -- [options]");
    const unknown = await npm("query", "--", "no-such-query", "--data-dir", dataDir);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain('unknown query "no-such-query"');
  });
});
