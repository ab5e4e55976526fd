import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../..");

describe("npm run check -- --stack prod --instances 10000", function () {
  this.timeout(120_000);
  let output = "";
  let status: number | null = null;
  before(() => {
    const run = spawnSync(
      "npm",
      ["run", "--silent", "check", "--", "--stack", "prod", "--instances", "10000"],
      { cwd: ROOT, encoding: "utf8" },
    );
    output = run.stdout;
    status = run.status;
  });

  it("passes and prints the cost per instance-month, the total over the fleet", () => {
    expect(status, output).to.equal(0);
    const per = /per instance-month: \$(\d+\.\d{4}) \(\$(\d+\.\d{2}) \/ 10000 instances\)/.exec(
      output,
    );
    expect(per, output).to.not.equal(null);
    const total = /^ {2}Total +\$(\d+\.\d{2})/m.exec(output);
    expect(total?.[1]).to.equal(per?.[2]);
    expect(Number(per?.[1])).to.be.closeTo(Number(total?.[1]) / 10_000, 0.00005);
  });

  it("prints the hot-table index's busiest partition rate", () => {
    // 105 instances in the fullest of 128 shards: 40,000 x 105 / 10,000 (fewer than a run's
    // 105 x 3 disk metrics x 36 datapoints) and 105 x 3 / 60.
    expect(output).to.include(
      "hot-table index: 128 shards a metric type; at 10000 instances the busiest index partition (105 instances) takes at most 420 WCU/s in a run's burst",
    );
    expect(output).to.include(
      "5.25 WCU/s averaged at 60-s data (DynamoDB's limit: 1000 a partition)",
    );
  });

  it("prices the curated layer and no transition of raw objects", () => {
    expect(output).to.match(/S3 Glacier Instant Retrieval storage \(curated-metrics\/\) +\$0\.20/);
    expect(output).to.match(/S3 Standard storage \(raw-metrics\/\) +\$3\.45 +149\.8 GB \(30 days/);
    expect(output).not.to.match(/S3 Glacier storage|S3 lifecycle transitions +\$/);
  });
});
