import { expect } from "chai";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatTimestamp } from "../../scripts/nab/results-io";
import { npmScript } from "../helpers/processes";
import { dailySeries } from "../anomaly/series";

/** A NAB-layout folder of one series: a spike at row 1,500, labelled with a window around it. */
function tinyNab(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nab-"));
  const points = dailySeries(2016, 3).map((p, i) => (i === 1500 ? { ...p, value: 95 } : p));
  mkdirSync(path.join(dir, "data", "synthetic"), { recursive: true });
  mkdirSync(path.join(dir, "labels"));
  mkdirSync(path.join(dir, "config"));
  const csv = points.map((p) => `${formatTimestamp(p.timestamp)},${p.value}`);
  writeFileSync(path.join(dir, "data/synthetic/spike.csv"), ["timestamp,value", ...csv].join("\n"));
  const at = (i: number) => `${formatTimestamp(points[i]?.timestamp ?? 0)}.000000`;
  writeFileSync(
    path.join(dir, "labels/combined_windows.json"),
    JSON.stringify({ "synthetic/spike.csv": [[at(1450), at(1550)]] }),
  );
  const profile = (fp: number, fn: number) => ({
    CostMatrix: { tpWeight: 1, fpWeight: fp, fnWeight: fn, tnWeight: 1 },
  });
  writeFileSync(
    path.join(dir, "config/profiles.json"),
    JSON.stringify({ standard: profile(0.11, 1), reward_low_FP_rate: profile(0.22, 1) }),
  );
  return dir;
}

describe("npm run nab", function () {
  this.timeout(120_000);
  const nab = tinyNab();
  const out = path.join(nab, "out");

  it("writes NAB-format results and scores them, then scores the written files the same", async () => {
    const run = await npmScript(
      "nab",
      "--",
      "--data",
      path.join(nab, "data"),
      "--out",
      out,
      "--json",
    );
    expect(run.code, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as Record<string, Record<string, { normalized: number }>>;
    const ours = report.streamingLikelihood ?? {};
    expect(Object.keys(ours)).to.deep.equal(["standard", "reward_low_FP_rate"]);
    // The spike is caught at the window's middle (0.86 of a TP) with no false positive.
    expect(ours.standard?.normalized).to.be.above(85);

    const file = path.join(out, "streamingLikelihood/synthetic/streamingLikelihood_spike.csv");
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).to.equal("timestamp,value,anomaly_score,label");
    expect(lines).to.have.length(2017);
    expect(lines[1501]?.split(",")[3]).to.equal("1");
    expect(lines[1]?.split(",")[3]).to.equal("0");

    const rescored = await npmScript("nab", "--", "--score", out, "--nab", nab, "--json");
    expect(rescored.code, rescored.stderr).to.equal(0);
    expect(JSON.parse(rescored.stdout)).to.deep.equal(report);
  });

  it("fails with a usage line when neither --data/--out nor --score is given", async () => {
    const run = await npmScript("nab", "--", "--data", path.join(nab, "data"));
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/usage: --data DIR --out DIR/);
  });
});
