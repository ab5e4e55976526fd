import { expect } from "chai";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { emfDatapoints } from "../../local/alarms/emf-datapoints";
import { formatAlarmChanges, LocalAlarms, readAlarmStates } from "../../local/alarms/local-alarms";
import { localPaths, type LocalPaths } from "../../local/layout";
import { type Notification, NotificationLog } from "../../local/notifications";
import { serviceMetricLines } from "../../local/service-metrics";

const facts = {
  executionSucceeded: true,
  collector: { durationsMs: [120, 80], errors: 0 },
  processor: { durationsMs: [40], errors: 0 },
  itemsWritten: 3,
};

/** A fleet-wide cpu_utilization value as the collector's EMF carries it. */
const cpuLine = (value: number, at: number) =>
  JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: "InfraMonitoring",
          Dimensions: [["InstanceId"], ["Environment"]],
          Metrics: [{ Name: "cpu_utilization", Unit: "Percent" }],
        },
      ],
    },
    InstanceId: "vm",
    Environment: "local",
    cpu_utilization: value,
  });

describe("local alarms over the run's EMF metrics", () => {
  let dir: string;
  let paths: LocalPaths;
  let sent: Notification[];
  let alarms: LocalAlarms;
  const t0 = Date.parse("2026-11-21T10:00:00Z");

  /** One cycle: its service metrics (which mark the cycle) and a CPU value. */
  const cycle = (i: number, cpu: number | undefined) => {
    const at = t0 + i * 1000;
    for (const line of serviceMetricLines(facts, new Date(at))) {
      appendFileSync(paths.metrics, `${line}\n`);
    }
    if (cpu !== undefined) appendFileSync(paths.metrics, `${cpuLine(cpu, at + 5)}\n`);
    return alarms.evaluate();
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "local-alarms-"));
    paths = localPaths(dir);
    sent = [];
    alarms = new LocalAlarms(
      paths,
      new NotificationLog(paths.notifications, (n) => sent.push(n)),
      () => new Date("2026-11-21T10:00:30Z"),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("evaluates nothing before the first cycle", () => {
    expect(alarms.evaluate()).to.deep.equal([]);
    expect(sent).to.deep.equal([]);
  });

  it("alarms on high CPU after two breaching cycles in a row, not after one", () => {
    const first = cycle(0, 97);
    expect(first.find((c) => c.name === "monitoring-local-high-cpu")).to.equal(undefined);
    expect(first.every((c) => c.from === "INSUFFICIENT_DATA" && c.to === "OK")).to.equal(true);
    const second = cycle(1, 97);
    expect(second).to.have.length(1);
    expect(second[0]).to.include({
      name: "monitoring-local-high-cpu",
      from: "INSUFFICIENT_DATA",
      to: "ALARM",
    });
    const back = cycle(2, 20);
    expect(back.map((c) => [c.name, c.to])).to.deep.equal([["monitoring-local-high-cpu", "OK"]]);
  });

  it("sends each change to ALARM or OK in the shape CloudWatch publishes to SNS", () => {
    cycle(0, 97);
    cycle(1, 97);
    const alarm = sent.find((n) => n.subject.startsWith("ALARM"));
    expect(alarm?.publisher).to.equal("cloudwatch-alarms");
    expect(alarm?.topic_arn).to.equal("arn:aws:sns:eu-west-1:000000000000:monitoring-local-alerts");
    expect(alarm?.subject).to.equal('ALARM: "monitoring-local-high-cpu" in EU (Ireland)');
    const message = JSON.parse(alarm?.message ?? "{}") as Record<string, unknown>;
    expect(message).to.include({
      AlarmName: "monitoring-local-high-cpu",
      NewStateValue: "ALARM",
      OldStateValue: "INSUFFICIENT_DATA",
      AWSAccountId: "000000000000",
      AlarmArn: "arn:aws:cloudwatch:eu-west-1:000000000000:alarm:monitoring-local-high-cpu",
      StateChangeTime: "2026-11-21T10:00:30.000+0000",
    });
    expect(message.NewStateReason).to.match(/^Threshold Crossed: 2 out of the last 2 datapoints/);
    expect(message.Trigger).to.deep.include({
      MetricName: "cpu_utilization",
      Namespace: "InfraMonitoring",
      Statistic: "MAXIMUM",
      Dimensions: [{ value: "local", name: "Environment" }],
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 80,
      TreatMissingData: "missing",
    });
    // Alarms with data went to OK first (AlertingStack sets OK actions), then high-cpu to
    // ALARM; memory and disk had no data (missing: INSUFFICIENT_DATA, which sends nothing).
    const lines = readFileSync(paths.notifications, "utf8").trim().split("\n");
    const subjects = lines.map((l) => (JSON.parse(l) as Notification).subject);
    expect(subjects.filter((s) => s.startsWith("OK: "))).to.have.length(alarms.specs.length - 3);
    expect(subjects.filter((s) => s.startsWith("ALARM: "))).to.have.length(1);
    expect(subjects.some((s) => s.includes("high-memory") || s.includes("high-disk"))).to.equal(
      false,
    );
  });

  it("keeps the states for the dashboard and the next run", () => {
    cycle(0, 97);
    cycle(1, 97);
    const states = readAlarmStates(paths.alarmStates);
    expect(states).to.have.length(alarms.specs.length);
    expect(states.find((s) => s.name === "monitoring-local-high-cpu")?.state).to.equal("ALARM");
    const next = new LocalAlarms(paths, new NotificationLog(paths.notifications, () => undefined));
    expect(next.evaluate()).to.deep.equal([]);
  });

  it("skips torn and foreign lines in metrics.jsonl", () => {
    appendFileSync(paths.metrics, '{"_aws":{"Timestamp":1,"CloudWatchMe\nnot json\n{"a":1}\n');
    cycle(0, 97);
    cycle(1, 97);
    expect(readAlarmStates(paths.alarmStates).find((s) => s.state === "ALARM")?.name).to.equal(
      "monitoring-local-high-cpu",
    );
  });

  it("formats the changes: ALARM ones by name, the rest counted", () => {
    const text = formatAlarmChanges([
      { name: "a", from: "INSUFFICIENT_DATA", to: "OK", reason: "r" },
      { name: "b", from: "INSUFFICIENT_DATA", to: "OK", reason: "r" },
      { name: "c", from: "OK", to: "ALARM", reason: "why" },
    ]);
    expect(text).to.equal(
      "  alarm c: OK -> ALARM\n      why\n  alarms: 2 alarms INSUFFICIENT_DATA -> OK",
    );
    expect(formatAlarmChanges([])).to.equal("  alarms: no state change");
  });
});

describe("EMF extraction", () => {
  it("yields one data point per dimension set and array value; drops what CloudWatch would", () => {
    const doc = {
      _aws: {
        Timestamp: 5,
        CloudWatchMetrics: [
          {
            Namespace: "N",
            Dimensions: [["A"], ["A", "B"], ["Missing"]],
            Metrics: [{ Name: "m" }, { Name: "absent" }],
          },
        ],
      },
      A: "a",
      B: "b",
      m: [1, 2],
    };
    expect(emfDatapoints(doc).map((d) => [d.dimensions, d.value])).to.deep.equal([
      [{ A: "a" }, 1],
      [{ A: "a" }, 2],
      [{ A: "a", B: "b" }, 1],
      [{ A: "a", B: "b" }, 2],
    ]);
    expect(emfDatapoints({ m: 1 })).to.deep.equal([]);
    expect(emfDatapoints(null)).to.deep.equal([]);
  });
});
