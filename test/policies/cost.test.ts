import { expect } from "chai";
import { estimateMonthlyCost, type CostCounts, type CostFacts } from "../../policies/cost/estimate";
import { countsFromStack, countStates, factsFromStack } from "../../policies/cost/from-stack";
import { PRICES } from "../../policies/cost/prices";
import { TYPES } from "../../policies/rules/types";
import { compliantStack, withChange } from "./fixtures";

/** A point-in-time source (one value per metric a run), so the arithmetic stays small. */
const facts: CostFacts = {
  schedule: "rate(1 day)",
  workflowType: "STANDARD",
  metricSource: "synthetic",
  instances: 1,
  lake: { infrequentAccessDays: 30, expireDays: 60 },
  hotTableDays: 1,
  logDays: 30,
};
const counts: CostCounts = {
  functionMemoryMb: [1024],
  stateTransitionsPerRun: 10,
  alarmMetrics: 2,
  compositeAlarms: 1,
  dashboards: 1,
  kmsKeys: 1,
};
const GB = 1024 ** 3;

function usd(estimate: ReturnType<typeof estimateMonthlyCost>, item: string): number {
  const line = estimate.lines.find((l) => l.item === item);
  if (!line) throw new Error(`no line ${item}`);
  return line.usd;
}

describe("the monthly cost estimate", () => {
  const e = estimateMonthlyCost(facts, counts);

  it("counts runs, invocations and transitions from the schedule", () => {
    expect(e.runsPerMonth).to.equal(30);
    // Per run: the plan and 4 types x 1 shard (collector), 4 objects (processor).
    expect(usd(e, "Lambda requests")).to.be.closeTo(270 * 0.2e-6, 1e-12);
    // 270 invocations x 2 s x 1 GB.
    expect(usd(e, "Lambda compute")).to.be.closeTo(540 * 0.0000133334, 1e-12);
    expect(usd(e, "Step Functions transitions (Map included)")).to.be.closeTo(
      300 * 0.000025,
      1e-12,
    );
    // A point-in-time source reads no CloudWatch metric.
    expect(usd(e, "CloudWatch GetMetricData")).to.equal(0);
  });

  it("prorates custom metrics by the hours that receive data", () => {
    // 7 host metrics x (1 instance + 1 fleet-wide) + 10 pipeline metrics, 1 hour in 24.
    expect(usd(e, "CloudWatch custom metrics")).to.be.closeTo((24 / 24) * 0.3, 1e-12);
  });

  it("bills raw objects in Standard only and counts GSI copies in DynamoDB", () => {
    // 7 records of 266 bytes a day, kept 30 days by raw-metrics/' rule, which moves nothing.
    expect(usd(e, "S3 Standard storage (raw-metrics/)")).to.be.closeTo(
      ((7 * 266 * 30) / GB) * 0.023,
      1e-15,
    );
    expect(
      e.lines.filter((l) => /^S3 .*(Standard-IA|Glacier|transition)/.test(l.item)),
    ).to.deep.equal([]);
    // 30 runs x 7 records x 2 copies (table and GSI).
    expect(usd(e, "DynamoDB writes (items, index)")).to.be.closeTo(
      420 * PRICES.dynamoWrite.usd,
      1e-12,
    );
    // 120 objects x 3 ledger writes (claim, counters' mark, completion); 1 % read back as duplicates.
    expect(usd(e, "DynamoDB writes (idempotency)")).to.be.closeTo(
      360 * PRICES.dynamoWrite.usd,
      1e-12,
    );
    expect(usd(e, "DynamoDB reads (idempotency)")).to.be.closeTo(
      1.2 * PRICES.dynamoRead.usd,
      1e-12,
    );
  });

  it("charges fixed monthly items and totals every line", () => {
    expect(usd(e, "CloudWatch alarms")).to.be.closeTo(0.2, 1e-12);
    expect(usd(e, "CloudWatch composite alarms")).to.equal(0.5);
    expect(usd(e, "CloudWatch dashboards")).to.equal(3);
    expect(usd(e, "KMS keys")).to.equal(1);
    const sum = e.lines.reduce((s, l) => s + l.usd, 0);
    expect(e.totalUsd).to.equal(sum);
    expect(e.totalUsd).to.be.within(4.97, 5.05);
  });

  it("cloudwatch source: every datapoint of the window, GetMetricData per metric, no custom metric copies", () => {
    const fleet = estimateMonthlyCost(
      { ...facts, schedule: "rate(3 hours)", metricSource: "cloudwatch", instances: 100 },
      { ...counts, insightsAlarms: 3, stateTransitionsPerShard: 4 },
    );
    expect(fleet.runsPerMonth).to.equal(240);
    // 100 instances x 7 metrics x 36 five-minute datapoints.
    expect(fleet.recordsPerRun).to.equal(25_200);
    expect(fleet.shards).to.equal(1);
    // 240 runs x 700 metrics requested x $0.01 per 1,000.
    expect(usd(fleet, "CloudWatch GetMetricData")).to.be.closeTo(1.68, 1e-9);
    expect(usd(fleet, "CloudWatch custom metrics")).to.be.closeTo(10 * (1 / 3) * 0.3, 1e-12);
    // 3 query alarms x 100 instance metrics x $0.10.
    expect(usd(fleet, "CloudWatch fast alerts (Metrics Insights)")).to.be.closeTo(30, 1e-9);
    // 4 types x 1 shard x 4 hour partitions (3 hours starting 10 minutes before the hour).
    expect(usd(fleet, "S3 PUT (lake writes)")).to.be.closeTo(240 * 16 * PRICES.s3Put.usd, 1e-12);
    expect(usd(fleet, "Step Functions transitions (Map included)")).to.be.closeTo(
      240 * (10 + 4) * 0.000025,
      1e-12,
    );

    const big = estimateMonthlyCost(
      { ...facts, schedule: "rate(3 hours)", metricSource: "cloudwatch", instances: 1000 },
      { ...counts, stateTransitionsPerShard: 4 },
    );
    expect(big.shards).to.equal(10);
    expect(usd(big, "Step Functions transitions (Map included)")).to.be.closeTo(
      240 * (10 + 10 * 4) * 0.000025,
      1e-12,
    );
    expect(usd(big, "Lambda requests")).to.be.closeTo(
      240 * (1 + 4 * 10 + 4 * 10 * 4) * 0.2e-6,
      1e-12,
    );
  });

  it("prices SNS publishes and e-mail deliveries per subscription", () => {
    const mailed = estimateMonthlyCost(facts, {
      ...counts,
      emailSubscriptions: 2,
      notifiesEveryRun: true,
    });
    // 2 alerts per instance and month + 30 run notices, each delivered to 2 addresses.
    expect(usd(mailed, "SNS publishes")).to.be.closeTo(32 * PRICES.snsPublish.usd, 1e-12);
    expect(usd(mailed, "SNS e-mail deliveries")).to.be.closeTo(64 * PRICES.snsEmail.usd, 1e-12);
  });

  it("prices Express workflows per request and duration instead of transitions", () => {
    const express = estimateMonthlyCost({ ...facts, workflowType: "EXPRESS" }, counts);
    expect(express.lines.map((l) => l.item)).to.include("Step Functions Express");
    expect(express.lines.map((l) => l.item)).not.to.include("Step Functions transitions");
    expect(usd(express, "Step Functions Express")).to.be.closeTo(
      30 * 1e-6 + 30 * 10 * (64 / 1024) * 0.00001667,
      1e-12,
    );
  });

  it("an archive tier changes nothing for raw objects: no rule moves them", () => {
    const archived = estimateMonthlyCost(
      { ...facts, lake: { infrequentAccessDays: 30, archiveDays: 60, expireDays: 150 } },
      counts,
    );
    expect(archived.totalUsd).to.equal(e.totalUsd);
  });
});

describe("cost inputs read from the stack's resources", () => {
  it("counts functions, alarms, dashboards and the states of a definition", () => {
    const c = countsFromStack(compliantStack());
    expect(c.functionMemoryMb).to.deep.equal([256, 256]);
    expect(c.alarmMetrics).to.equal(3);
    expect(c.dashboards).to.equal(1);
    expect(c.stateTransitionsPerRun).to.equal(1);
    const parallel = {
      States: {
        P: { Type: "Parallel", Branches: [{ States: { A: {}, B: {} } }, { States: { C: {} } }] },
        Done: {},
      },
    };
    expect(countStates(parallel)).to.deep.equal({ perRun: 5, perShard: 0 });
    // A Map's iteration states are entered once per shard: its Task on the success path.
    const map = {
      States: {
        P: {
          Type: "Parallel",
          Branches: [
            {
              States: {
                M: {
                  Type: "Map",
                  ItemProcessor: { States: { T: { Type: "Task" }, F: { Type: "Pass" } } },
                },
                C: { Type: "Choice" },
              },
            },
          ],
        },
      },
    };
    expect(countStates(map)).to.deep.equal({ perRun: 3, perShard: 1 });
  });

  it("reads the instance count and the lake's tiers", () => {
    const f = factsFromStack(compliantStack());
    expect(f.instances).to.equal(3);
    expect(f.lake).to.deep.equal({
      infrequentAccessDays: 30,
      archiveDays: undefined,
      expireDays: 90,
    });
    expect(f.logDays).to.equal(14);
    expect(f.workflowType).to.equal("STANDARD");
    expect(f.schedule).to.equal(undefined);
  });

  it("takes the collection's schedule and interval, not the compaction's daily one", () => {
    const schedule = (name: string, expression: string, input: string) => ({
      type: TYPES.schedule,
      name,
      props: { scheduleExpression: expression, target: { input } },
    });
    const stack = [
      schedule("compaction-schedule", "cron(30 1 * * ? *)", "{}"),
      schedule(
        "schedule",
        "cron(0 9,17 * * ? *)",
        '{"scheduled_time":"<aws.scheduler.scheduled-time>"}',
      ),
      ...withChange(compliantStack(), "collector", (p) => {
        p.environment.variables.COLLECTION_INTERVAL_SECONDS = "57600";
      }),
    ];
    const read = factsFromStack(stack);
    expect(read.schedule).to.equal("cron(0 9,17 * * ? *)");
    // The program's own figure for the cron's longest gap (16 hours), which the pack cannot derive.
    expect(read.intervalSeconds).to.equal(57_600);
    expect(estimateMonthlyCost({ ...facts, ...read }, counts).runsPerMonth).to.equal(45);
  });

  it("a synthetic collector without an instance count reports the source's default", () => {
    const stack = compliantStack();
    for (const fn of ["collector", "processor"]) {
      withChange(stack, fn, (p) => delete p.environment.variables.SYNTHETIC_INSTANCES);
    }
    // The synthetic source's three made-up instances (docs/local.md).
    expect(factsFromStack(stack).instances).to.equal(3);
  });
});
