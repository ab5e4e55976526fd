import { expect } from "chai";
import { parseStackConfig, StackConfigError } from "../../config/load";

const ns = (config: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(config).map(([k, v]) => [
      `infra-monitoring:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );

const minimal = { environment: "dev", metricSource: "synthetic" };

function problemsOf(config: Record<string, unknown>): readonly string[] {
  try {
    parseStackConfig(ns(config));
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return (err as StackConfigError).problems;
  }
  throw new Error("expected the config to be rejected");
}

describe("stack config", () => {
  it("applies the documented defaults", () => {
    const config = parseStackConfig({ ...ns(minimal), "aws:region": "eu-west-1" });
    expect(config).to.deep.equal({
      environment: "dev",
      schedule: "rate(3 hours)",
      workflowType: "STANDARD",
      metricSource: "synthetic",
      targets: {},
      alertEmails: [],
      thresholds: { cpu: 80, memory: 90, disk: 85, errorRate: 5 },
      anomalyDetection: {
        enabled: false,
        sensitivity: 0.45,
        metrics: ["cpu_utilization", "memory_utilization", "disk_utilization"],
      },
      retention: {
        hotTableDays: 7,
        lakeInfrequentAccessDays: 30,
        lakeExpireDays: 365,
        logDays: 30,
      },
      notifyOnSuccess: false,
      fastAlerts: false,
      deletionProtection: true,
      tags: {},
      monthlyBudgetUsd: 25,
    });
  });

  it("decodes scalars the way Pulumi passes them (strings)", () => {
    const config = parseStackConfig(
      ns({ ...minimal, monthlyBudgetUsd: "12.5", notifyOnSuccess: "true" }),
    );
    expect(config.monthlyBudgetUsd).to.equal(12.5);
    expect(config.notifyOnSuccess).to.equal(true);
    expect(parseStackConfig(ns({ ...minimal, fastAlerts: "true" })).fastAlerts).to.equal(true);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      "a bad e-mail",
      { alertEmails: ["ops@example.com", "not-an-address"] },
      "infra-monitoring:alertEmails.1: must be an e-mail address",
    ],
    [
      "a schedule that is not an expression",
      { schedule: "every 3 hours" },
      "infra-monitoring:schedule:",
    ],
    [
      "IA days >= expire days",
      { retention: { lakeInfrequentAccessDays: 90, lakeExpireDays: 90 } },
      "infra-monitoring:retention.lakeInfrequentAccessDays: must be less than lakeExpireDays (90 >= 90)",
    ],
    ["an unknown key", { colour: "blue" }, "infra-monitoring:colour: unknown key"],
    [
      "an unknown nested key",
      { thresholds: { gpu: 50 } },
      "infra-monitoring:thresholds.gpu: unknown key",
    ],
    [
      "a log retention CloudWatch does not offer",
      { retention: { logDays: 10 } },
      "infra-monitoring:retention.logDays: must be one of",
    ],
    [
      "IA days below the S3 minimum",
      { retention: { lakeInfrequentAccessDays: 10 } },
      "infra-monitoring:retention.lakeInfrequentAccessDays:",
    ],
    ["an unknown workflow type", { workflowType: "FAST" }, "infra-monitoring:workflowType:"],
    ["a threshold above 100 %", { thresholds: { cpu: 120 } }, "infra-monitoring:thresholds.cpu:"],
    [
      "a bad instance id",
      { metricSource: "cloudwatch", targets: { instanceIds: ["web-1"] } },
      "infra-monitoring:targets.instanceIds.0: must be an EC2 instance id",
    ],
    [
      "cloudwatch without targets",
      { metricSource: "cloudwatch" },
      "infra-monitoring:targets: the cloudwatch source needs targets.tag or targets.instanceIds",
    ],
    [
      "a fleet over a million instances",
      { fleet: { instances: 1_000_001 } },
      "infra-monitoring:fleet.instances:",
    ],
    [
      "a fleet without its instances",
      { fleet: { periodSeconds: 60 } },
      "infra-monitoring:fleet.instances:",
    ],
    [
      "archive after expiry",
      { retention: { lakeArchiveDays: 400, lakeExpireDays: 365 } },
      "infra-monitoring:retention.lakeArchiveDays: must be less than lakeExpireDays (400 >= 365)",
    ],
  ];
  for (const [what, change, message] of invalid) {
    it(`rejects ${what}, naming the key`, () => {
      const problems = problemsOf({ ...minimal, ...change });
      expect(
        problems.some((p) => p.startsWith(message)),
        problems.join("\n"),
      ).to.equal(true);
    });
  }

  it("refuses a schedule whose runs can be more than a day and an hour apart, at the key", () => {
    // One collection reads at most a day: a longer gap would lose the datapoints before it.
    expect(problemsOf({ ...minimal, schedule: "rate(2 days)" })).to.deep.equal([
      'infra-monitoring:schedule: "rate(2 days)" leaves up to 172800 s between runs, but one collection reads at most 90000 s (a day and an hour): run at least daily, at a local time that exists every day (EventBridge Scheduler skips a run whose local time the spring daylight-saving change skips)',
    ]);
    // Weekdays only: Friday 08:00 to Monday 08:00 is three days.
    expect(problemsOf({ ...minimal, schedule: "cron(0 8 ? * MON-FRI *)" })).to.deep.equal([
      'infra-monitoring:schedule: "cron(0 8 ? * MON-FRI *)" leaves up to 259200 s between runs, but one collection reads at most 90000 s (a day and an hour): run at least daily, at a local time that exists every day (EventBridge Scheduler skips a run whose local time the spring daylight-saving change skips)',
    ]);
    for (const schedule of ["rate(1 day)", "cron(0 9,17 * * ? *)", "cron(*/10 * * * ? *)"]) {
      expect(parseStackConfig(ns({ ...minimal, schedule })).schedule).to.equal(schedule);
    }
  });

  it("refuses cron fields out of range", () => {
    expect(problemsOf({ ...minimal, schedule: "cron(99 99 99 99 ? 1900)" })).to.deep.equal([
      'infra-monitoring:schedule: "cron(99 99 99 99 ? 1900)" cron(): minutes "99" is not 0-59',
    ]);
  });

  it("checks the shape of aws:region", () => {
    expect(() => parseStackConfig({ ...ns(minimal), "aws:region": "us-east-1" })).not.to.throw();
    let problems: readonly string[] = [];
    try {
      parseStackConfig({ ...ns(minimal), "aws:region": "Frankfurt" });
    } catch (err) {
      problems = (err as StackConfigError).problems;
    }
    expect(problems).to.deep.equal([
      'aws:region: "Frankfurt" is not an AWS region name such as eu-west-1',
    ]);
  });

  it("allows 50 tags with the program's own and refuses more, and reserved aws: keys", () => {
    const tags = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    expect(parseStackConfig(ns({ ...minimal, tags: tags(48) })).tags).to.have.keys(
      Object.keys(tags(48)),
    );
    expect(problemsOf({ ...minimal, tags: tags(49) })).to.deep.equal([
      "infra-monitoring:tags: 51 tags with the program's own (project, environment); AWS allows 50 per resource",
    ]);
    expect(problemsOf({ ...minimal, tags: { "aws:owner": "me" } })).to.deep.equal([
      "infra-monitoring:tags.aws:owner: tag keys starting with aws: are reserved by AWS",
    ]);
  });

  it("says what is wrong with an environment that arrives as a number", () => {
    expect(problemsOf({ ...minimal, environment: "2024" })).to.deep.equal([
      "infra-monitoring:environment: must be 1-16 lower-case letters, digits or dashes, starting with a letter",
    ]);
  });

  it("runs the cross-field checks even when another key has the wrong type", () => {
    const problems = problemsOf({
      environment: "dev",
      metricSource: "cloudwatch",
      monthlyBudgetUsd: "lots",
      tags: { a: "b" },
      retention: { logDays: "forever", lakeInfrequentAccessDays: 90, lakeExpireDays: 60 },
    });
    expect(problems.map((p) => p.split(": ")[0])).to.have.members([
      "infra-monitoring:monthlyBudgetUsd",
      "infra-monitoring:retention.logDays",
      "infra-monitoring:retention.lakeInfrequentAccessDays",
      "infra-monitoring:targets",
    ]);
  });

  it("rejects a missing environment", () => {
    expect(problemsOf({ metricSource: "synthetic" })).to.deep.equal([
      "infra-monitoring:environment: is required (e.g. dev or prod)",
    ]);
  });

  it("lists every problem in one error", () => {
    const problems = problemsOf({
      environment: "Dev!",
      metricSource: "synthetic",
      schedule: "hourly",
      alertEmails: ["nope"],
      retention: { lakeInfrequentAccessDays: 90, lakeExpireDays: 60 },
      bogus: 1,
    });
    expect(problems.map((p) => p.split(":")[1])).to.have.members([
      "environment",
      "schedule",
      "alertEmails.0",
      "retention.lakeInfrequentAccessDays",
      "bogus",
    ]);
  });
});
