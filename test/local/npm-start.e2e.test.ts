import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { LOCAL_STACK, localPaths, type LocalPaths } from "../../local/layout";
import type { Notification } from "../../local/notifications";
import { startLocalServers } from "../../local/servers";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

/** Runs an npm script of this repository; resolves with its exit code and output. */
async function npm(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f));
}

describe("npm start and npm run query, end to end", function () {
  this.timeout(60_000);
  let dataDir: string;
  let paths: LocalPaths;
  let start: Awaited<ReturnType<typeof npm>>;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "npm-start-"));
    paths = localPaths(dataDir);
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
