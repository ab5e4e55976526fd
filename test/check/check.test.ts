import { spawnSync } from "node:child_process";
import path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { MetricStore } from "../../components";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs, projectStacks, UsageError } from "../../scripts/check/args";
import { runCheck } from "../../scripts/check/main";
import { policyPackConfigFor } from "../../scripts/check/policy-config";
import { PolicyRuntime } from "../../scripts/check/policy-runtime";

const ROOT = path.resolve(__dirname, "../..");

/** Runs `npm run check`'s script as a real child process. */
function checkProcess(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/check.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

describe("the offline check", function () {
  // One policy runtime for the file: starting it type-checks the pack (seconds).
  this.timeout(120_000);
  let runtime: PolicyRuntime;
  before(async () => {
    runtime = await PolicyRuntime.start({ stack: "dev", dryRun: false });
  });
  after(() => runtime?.stop());

  for (const stack of ["dev", "prod"]) {
    it(`passes the shipped ${stack} stack with a plan and a cost estimate`, async () => {
      const result = await runCheck({ stack, runtime });
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
      runtime,
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
      runtime,
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

  it("prints prod's largest scans beside its cutoff: 10,000 and 12,561 instances pass, 12,562 fail", async () => {
    const ok = await runCheck({ stack: "prod", runtime, instances: 10_000 });
    expect(ok.exitCode, ok.output).to.equal(0);
    const lines = ok.output.split("\n");
    const from = lines.indexOf("== Athena scans at 10000 instances, 60 s data ==");
    expect(lines.slice(from + 1, from + 4)).to.deep.equal([
      // Sized for prod's fleet (10,000 at 60 s): the largest query with 25 % headroom, whole GiB.
      "workgroup monitoring-prod-workgroup: cutoff 75.0 GiB (80530636800 bytes)",
      // A day of raw: 10,000 x 7 records x 1,440 minutes x 266 bytes.
      "  largest compaction: compaction UNLOAD of a day 25.0 GiB (26812800000 bytes), under the cutoff",
      // 13 closed days of Parquet (8 bytes a record) and the 2 open days of raw.
      "  largest named query: daily-peak-memory 59.7 GiB (64108800000 bytes), under the cutoff",
    ]);
    // 6,410,880 bytes an instance: 12,561 fit in 75 GiB, 12,562 do not.
    const edge = await runCheck({ stack: "prod", runtime, instances: 12_561 });
    expect(edge.exitCode, edge.output).to.equal(0);
    expect(edge.output).to.include("daily-peak-memory 75.0 GiB (80527063680 bytes), under");
    const over = await runCheck({ stack: "prod", runtime, instances: 12_562 });
    expect(over.exitCode).to.equal(1);
    expect(over.output).to.include(
      "  largest named query: daily-peak-memory 75.0 GiB (80533474560 bytes), OVER the cutoff",
    );
    expect(
      over.violations
        .filter((v) => v.policy === "athena-scan-cutoff")
        .map((v) => v.enforcementLevel),
    ).to.deep.equal(["mandatory"]);
  });

  it("prices prod for any fleet size: every datapoint and fast alerts within budget", async () => {
    const at = async (instances: number, fastAlerts?: boolean) =>
      runCheck({
        stack: "prod",
        runtime,
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

  it("reads --instances and --fast-alerts, refusing bad values", () => {
    expect(
      parseArgs(["--stack", "prod", "--instances", "1000", "--fast-alerts=off"]),
    ).to.deep.equal({ stack: "prod", preview: false, instances: 1000, fastAlerts: false });
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

  // Both stacks in both modes are compared with the harness in runtime.test.ts.
  it("passes the dev stack as a first preview, saying what it could not read", async () => {
    const result = await runCheck({ stack: "dev", runtime, preview: true });
    expect(result.exitCode, result.output).to.equal(0);
    expect(result.output).to.include("== Plan: stack dev, as a first preview (");
    expect(result.output).to.match(/\[advisory\] iam-least-privilege .*during preview/);
  });

  it("lays a policy pack config over the stack's: all, shorthand, per-policy properties", async () => {
    const result = await runCheck({
      stack: "dev",
      runtime,
      policyConfig: { all: "mandatory", "log-group-kms-encryption": "disabled" },
      configOverrides: { "infra-monitoring:monthlyBudgetUsd": 0.5 },
    });
    // "all" made the budget rule mandatory; the shorthand silenced the log-group rule.
    expect(result.violations.map((v) => `${v.policy} ${v.enforcementLevel}`)).to.deep.equal([
      "monthly-budget mandatory",
    ]);
    expect(result.exitCode).to.equal(1);
  });

  it("rejects a pack config the CLI would reject, naming each policy and field", async () => {
    let message = "";
    try {
      await runCheck({
        stack: "dev",
        runtime,
        policyConfig: {
          "lambda-timeout": { maxTimeoutSeconds: 1000 },
          "required-tags": { requiredTags: "project" },
          "s3-tls-only": "off",
          "no-such-policy": "advisory",
        },
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n")).to.deep.equal([
      "invalid policy pack config:",
      '  s3-tls-only: "off" is not an enforcement level (advisory, mandatory, remediate, disabled)',
      "  no-such-policy: no such policy in the pack",
      "  lambda-timeout.maxTimeoutSeconds: must be <= 900",
      "  required-tags.requiredTags: must be array",
    ]);
  });

  it("takes any stack with a Pulumi.<name>.yaml, and only those", () => {
    const root = mkdtempSync(path.join(tmpdir(), "check-stacks-"));
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.staging-eu.yaml"]) {
      writeFileSync(path.join(root, f), "config: {}\n");
    }
    expect(projectStacks(root)).to.deep.equal(["dev", "staging-eu"]);
    expect(parseArgs(["--stack", "staging-eu", "--preview"], root)).to.deep.equal({
      stack: "staging-eu",
      preview: true,
    });
    expect(() => parseArgs(["--stack", "prod"], root)).to.throw(
      UsageError,
      'unknown stack "prod": no Pulumi.prod.yaml (stacks: dev, staging-eu)',
    );
    expect(() => parseArgs(["--stack", "../dev"], root)).to.throw(UsageError, "unknown stack");
  });

  it("rejects a missing stack, an unknown option or a missing config file with a usage error", () => {
    expect(() => parseArgs([])).to.throw(UsageError, "--stack is required");
    expect(() => parseArgs(["--stack", "dev", "--fast"])).to.throw(UsageError, "--fast");
    expect(() => parseArgs(["--stack", "dev", "--policy-config", "/nonexistent.json"])).to.throw(
      UsageError,
      "--policy-config: no file /nonexistent.json",
    );
    expect(parseArgs(["--stack=prod"])).to.deep.equal({ stack: "prod", preview: false });
  });

  it("as a process: exit 0 for dev, exit 2 and the usage for a bad stack or config file", () => {
    const ok = checkProcess("--stack", "dev");
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.include("OK: no mandatory policy violations.");
    const bad = checkProcess("--stack", "staging");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include('unknown stack "staging": no Pulumi.staging.yaml');
    expect(bad.stderr).to.include("usage: npm run check -- --stack NAME");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "check-config-")), "config.json");
    writeFileSync(file, "[1, 2]");
    const badFile = checkProcess("--stack", "dev", "--policy-config", file);
    expect(badFile.status).to.equal(2);
    expect(badFile.stderr).to.include("must be a JSON object of policy names");
  });
});
