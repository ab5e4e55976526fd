import { spawnSync } from "node:child_process";
import path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { MetricStore } from "../../components";
import { parseArgs, UsageError } from "../../scripts/check/args";
import { runCheck } from "../../scripts/check/main";
import { policyPackConfigFor } from "../../scripts/check/policy-config";

const ROOT = path.resolve(__dirname, "../..");

/** Runs `npm run check`'s script as a real child process. */
function checkProcess(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/check.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

describe("the offline check", () => {
  for (const stack of ["dev", "prod"]) {
    it(`passes the shipped ${stack} stack with a plan and a cost estimate`, async () => {
      const result = await runCheck({ stack });
      const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
      expect(mandatory.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
      expect(result.exitCode).to.equal(0);
      expect(result.output).to.include(`== Plan: stack ${stack}`);
      for (const component of [
        "MetricStore",
        "CollectorWorkflow",
        "AlertingStack",
        "AnalyticsCatalog",
      ]) {
        expect(result.output).to.include(`${component} monitoring-${stack} (`);
      }
      // The rules had something to check: functions, a state machine, their alarms.
      expect(result.output).to.match(
        /lambda\.Function monitoring-\w+-collector +runtime=nodejs22\.x/,
      );
      expect(result.output).to.match(/sfn\.StateMachine monitoring-\w+-workflow +type=STANDARD/);
      expect(result.output).to.match(/ {2}Total +\$\d+\.\d\d {2}budget \$\d+\.00/);
      expect(result.totalUsd).to.be.greaterThan(0);
    });
  }

  it("catches a deliberately insecure program and fails", async () => {
    const tags = { project: "infra-monitoring", environment: "dev" };
    const result = await runCheck({
      stack: "dev",
      program: () => {
        new MetricStore("insecure", { versioning: false, pointInTimeRecovery: false, tags });
        new aws.s3.Bucket("bare", { tags: { project: "infra-monitoring" } });
      },
    });
    const found = result.violations.map((v) => `${v.policy}: ${v.message}`);
    expect(found).to.include.members([
      "dynamodb-point-in-time-recovery: Point-in-time recovery is not enabled (pointInTimeRecovery.enabled).",
      "s3-versioning: insecure-lake (aws:s3/bucket:Bucket) holds data but versioning is not enabled.",
      "s3-public-access-block: bare (aws:s3/bucket:Bucket) has no BucketPublicAccessBlock.",
      "s3-bucket-encryption: bare (aws:s3/bucket:Bucket) has no BucketServerSideEncryptionConfiguration.",
      "required-tags: Missing required tags: environment.",
    ]);
    expect(result.exitCode).to.equal(1);
    expect(result.output).to.match(/FAILED: \d+ mandatory policy violation\(s\)\./);
  });

  it("the budget policy prices the stack as the check does, from the same stack file", async () => {
    expect(policyPackConfigFor("dev")).to.deep.include({
      "monthly-budget": {
        monthlyBudgetUsd: 15,
        schedule: "rate(3 hours)",
        workflowType: "STANDARD",
        instances: 3,
        lakeInfrequentAccessDays: 30,
        lakeExpireDays: 90,
        hotTableDays: 3,
        logDays: 14,
      },
    });
    const result = await runCheck({
      stack: "dev",
      configOverrides: { "infra-monitoring:monthlyBudgetUsd": 0.5 },
    });
    const budget = result.violations.filter((v) => v.policy === "monthly-budget");
    expect(budget).to.have.length(1);
    expect(budget[0]?.enforcementLevel).to.equal("advisory");
    expect(budget[0]?.message).to.include(
      `$${result.totalUsd.toFixed(2)} exceeds the budget of $0.50`,
    );
    // Advisory only: the check still passes.
    expect(result.exitCode).to.equal(0);
  });

  it("npm run --silent policy-config prints the pack config as bare JSON, as CI writes it", () => {
    const written = spawnSync("npm", ["run", "--silent", "policy-config", "--", "--stack", "dev"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(written.status, written.stderr).to.equal(0);
    expect(JSON.parse(written.stdout)).to.deep.equal(policyPackConfigFor("dev"));
  });

  it("prices prod for any fleet size: every datapoint and fast alerts within budget", async () => {
    const at = async (instances: number, fastAlerts?: boolean) =>
      runCheck({
        stack: "prod",
        instances,
        ...(fastAlerts === undefined
          ? {}
          : { configOverrides: { "infra-monitoring:fastAlerts": fastAlerts } }),
      });
    const hundred = await at(100);
    expect(hundred.output).to.include(
      "100 instances, 1 shard(s), 25200 records/run, fast alerts on",
    );
    expect(hundred.output).to.match(
      /CloudWatch fast alerts \(Metrics Insights\) +\$30\.00 +3 alarms x 100 instances/,
    );
    expect(hundred.output).to.match(/CloudWatch GetMetricData +\$1\.68/);
    // No per-instance custom metrics for the cloudwatch source: the 10 pipeline counters only.
    expect(hundred.output).to.match(/CloudWatch custom metrics +\$1\.00 +10 metrics/);
    expect(hundred.totalUsd).to.be.below(60);
    expect((await at(1000)).totalUsd).to.be.below(500);
    expect((await at(100, false)).totalUsd).to.be.below(20);
  });

  it("rejects a missing or unknown stack with a usage error", () => {
    expect(() => parseArgs([])).to.throw(UsageError, "--stack is required");
    expect(() => parseArgs(["--stack", "staging"])).to.throw(UsageError, 'unknown stack "staging"');
    expect(parseArgs(["--stack=prod"])).to.deep.equal({ stack: "prod" });
    expect(
      parseArgs(["--stack", "prod", "--instances", "1000", "--fast-alerts=off"]),
    ).to.deep.equal({ stack: "prod", instances: 1000, fastAlerts: false });
    expect(() => parseArgs(["--stack", "prod", "--instances", "0"])).to.throw(
      UsageError,
      '--instances must be a whole number from 1 to 999999 (got "0")',
    );
    expect(() => parseArgs(["--stack", "prod", "--instances"])).to.throw(UsageError, "--instances");
    expect(() => parseArgs(["--stack", "prod", "--fast-alerts", "maybe"])).to.throw(
      UsageError,
      '--fast-alerts must be on or off (got "maybe")',
    );
  });

  it("as a process: exit 0 for dev, exit 2 and the usage for a bad stack", () => {
    const ok = checkProcess("--stack", "dev");
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.include("OK: no mandatory policy violations.");
    const bad = checkProcess("--stack", "staging");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include("usage: npm run check -- --stack <dev|prod>");
  });
});
