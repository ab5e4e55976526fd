import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exitedPid } from "../helpers/processes";
import { DataDirLocked, lockDataDir } from "../../local/lock";

describe("the data folder's lock", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "lock-"));
    file = path.join(dir, "run.lock");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is taken once: the holder's pid and command are in the file; release removes it", () => {
    const lock = lockDataDir(file, "npm start --cycles 1");
    expect(JSON.parse(readFileSync(file, "utf8"))).to.include({
      pid: process.pid,
      command: "npm start --cycles 1",
    });
    expect(lock.tookOverFrom).to.equal(undefined);
    lock.release();
    expect(() => readFileSync(file)).to.throw(/ENOENT/);
    // A second release, or one after someone else took it, removes nothing of theirs.
    writeFileSync(file, JSON.stringify({ pid: 1, started_at: "x", command: "other" }));
    lock.release();
    expect(readFileSync(file, "utf8")).to.contain('"pid":1');
  });

  it("refuses while a live process holds it, naming that process", () => {
    const holder = spawn("sleep", ["30"]);
    try {
      const owner = { pid: holder.pid, started_at: "2026-11-21T10:00:00Z", command: "npm start" };
      writeFileSync(file, JSON.stringify(owner));
      expect(() => lockDataDir(file, "npm start"))
        .to.throw(DataDirLocked)
        .with.property("message")
        .that.contains(`in use by process ${holder.pid} (npm start, since 2026-11-21T10:00:00Z)`);
      expect(readFileSync(file, "utf8")).to.equal(JSON.stringify(owner));
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock whose process is gone", async () => {
    const dead = await exitedPid();
    writeFileSync(file, JSON.stringify({ pid: dead, started_at: "x", command: "npm start" }));
    const lock = lockDataDir(file, "npm start");
    expect(lock.tookOverFrom).to.equal(dead);
    expect(JSON.parse(readFileSync(file, "utf8"))).to.include({ pid: process.pid });
    lock.release();
  });

  it("takes over a half-written or foreign lock file", () => {
    for (const junk of ["", '{"pid":', '{"pid":-4}', "[]"]) {
      writeFileSync(file, junk);
      const lock = lockDataDir(file, "npm start");
      expect(lock.tookOverFrom, junk).to.equal(undefined);
      expect(JSON.parse(readFileSync(file, "utf8"))).to.include({ pid: process.pid });
      lock.release();
    }
  });
});
