import { expect } from "chai";
import {
  byName,
  constructionError,
  mockedSuite,
  ofType,
  resetRecorded,
  settled,
  valueOf,
  type RecordedResource,
} from "../../helpers/pulumi-mocks";
import type {
  AlertingStack as AlertingStackClass,
  AlertingStackArgs,
} from "../../../components/alerting-stack";
import { DEFAULT_THRESHOLDS } from "../../../contract/thresholds";
import { cloudwatchSourceReads } from "./source-series";

let AlertingStack: typeof AlertingStackClass;

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const PARAMETER = "aws:ssm/parameter:Parameter";
const TAIL = " GROUP BY InstanceId ORDER BY MAX() DESC";

const args = (over: Partial<AlertingStackArgs> = {}): AlertingStackArgs => ({
  environment: "prod",
  schedule: "rate(3 hours)",
  metricSource: "cloudwatch",
  thresholds: DEFAULT_THRESHOLDS,
  alertEmails: ["ops@example.com"],
  collectorFunctionName: "collector-fn",
  processorFunctionName: "processor-fn",
  stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline",
  stateMachineName: "pipeline",
  tableName: "hot-table",
  schedulerDlqName: "scheduler-dlq",
  processorFailureQueueName: "processor-failures",
  fastAlerts: true,
  ...over,
});

async function build(name: string, over: Partial<AlertingStackArgs> = {}) {
  const stack = new AlertingStack(name, args(over));
  await valueOf(stack.dashboardUrl);
  return settled();
}

/** The Metrics Insights expression of each fast alarm, by alarm key. */
function expressions(resources: RecordedResource[], name: string): Record<string, string> {
  return Object.fromEntries(
    ofType(resources, ALARM)
      .filter((r) => r.name.startsWith(`${name}-fast-`))
      .map((r) => [
        r.name.slice(name.length + 1),
        (r.inputs.metricQueries as { expression: string }[])[0]?.expression ?? "",
      ]),
  );
}

/** Real instance-id shapes: 17 hex digits (current) and 8 (older instances). */
const long = (n: number) => `i-${n.toString(16).padStart(17, "0")}`;
const short = (n: number) => `i-${(0xa0000000 + n).toString(16)}`;
const cpuQuery = (ids: readonly string[]) =>
  `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) WHERE ${ids
    .map((id) => `InstanceId = '${id}'`)
    .join(" OR ")}${TAIL}`;

describe("AlertingStack fast alerts scoped to the fleet", () => {
  mockedSuite(async () => {
    ({ AlertingStack } = await import("../../../components/alerting-stack/index.js"));
  });

  it('a tag target filters every query on the tag: tag."key" on AWS/EC2, the agent\'s dimension on CWAgent', async () => {
    const resources = await build("fa-tag", {
      fastAlertTag: { key: "Monitoring", value: "enabled" },
    });
    expect(expressions(resources, "fa-tag")).to.deep.equal({
      "fast-cpu": `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) WHERE tag."Monitoring" = 'enabled'${TAIL}`,
      "fast-memory": `SELECT MAX(mem_used_percent) FROM "CWAgent" WHERE "Monitoring" = 'enabled'${TAIL}`,
      "fast-disk": `SELECT MAX(disk_used_percent) FROM "CWAgent" WHERE "Monitoring" = 'enabled'${TAIL}`,
    });
  });

  it("memory and disk read CWAgent whatever the agent's dimension sets, grouped by instance", async () => {
    const resources = await build("fa-any");
    const all = expressions(resources, "fa-any");
    expect(all["fast-memory"]).to.equal(`SELECT MAX(mem_used_percent) FROM "CWAgent"${TAIL}`);
    expect(all["fast-disk"]).to.equal(`SELECT MAX(disk_used_percent) FROM "CWAgent"${TAIL}`);
    for (const q of Object.values(all)) expect(q).not.to.include('SCHEMA("CWAgent"');
  });

  it("28 instances fit one CPU query of exactly 1,024 characters; the 29th starts a second alarm", async () => {
    const ids = [
      ...Array.from({ length: 12 }, (_, i) => long(i)),
      ...Array.from({ length: 16 }, (_, i) => short(i)),
    ];
    const edge = cpuQuery(ids);
    expect(edge.length).to.equal(1024);

    const fits = expressions(await build("fa-edge", { fastAlertInstanceIds: ids }), "fa-edge");
    expect(fits["fast-cpu"]).to.equal(edge);
    expect(fits).not.to.have.property("fast-cpu-2");

    resetRecorded();
    const extra = short(99);
    const over = expressions(
      await build("fa-over", { fastAlertInstanceIds: [...ids, extra] }),
      "fa-over",
    );
    expect(over["fast-cpu"]).to.equal(edge);
    expect(over["fast-cpu-2"]).to.equal(cpuQuery([extra]));
    for (const [key, q] of Object.entries(over)) expect(q.length, key).to.be.at.most(1024);
  });

  it("250 instances: every query within 1,024 characters, every instance in exactly one alarm per metric", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => long(i));
    const all = expressions(
      await build("fa-many", { fastAlertInstanceIds: [...ids, ids[0] as string] }),
      "fa-many",
    );
    for (const metric of ["cpu", "memory", "disk"]) {
      const queries = Object.entries(all).filter(([k]) =>
        k.match(new RegExp(`^fast-${metric}(-\\d+)?$`)),
      );
      expect(queries.length, metric).to.equal(11);
      const watched = queries.flatMap(([, q]) =>
        [...q.matchAll(/InstanceId = '(i-[0-9a-f]+)'/g)].map((m) => m[1]),
      );
      expect(watched, metric).to.deep.equal(ids);
      for (const [key, q] of queries) expect(q.length, key).to.be.at.most(1024);
    }
  });

  it("sourcePeriodSeconds: 10800 (3 hours) is accepted, 10860 refused before any resource, naming the key", async () => {
    const ok = await build("fa-3h", { sourcePeriodSeconds: 10_800 });
    expect(byName(ok, "fa-3h-fast-cpu").inputs.metricQueries[0].period).to.equal(10_800);
    resetRecorded();
    const message = constructionError(
      () => new AlertingStack("fa-long", args({ sourcePeriodSeconds: 10_860 })),
    );
    expect(message).to.include(
      "sourcePeriodSeconds 10860 is longer than the 10800 s (3 hours) of data a Metrics Insights alarm can read",
    );
    expect(ofType(await settled(), ALARM)).to.have.length(0);
    // Without fast alerts the period reads no Metrics Insights window.
    expect(
      () =>
        new AlertingStack("fa-off-long", args({ fastAlerts: false, sourcePeriodSeconds: 86_400 })),
    ).not.to.throw();
  });

  it("refuses a tag the query cannot carry unquoted, and a tag with instance ids", () => {
    const message = constructionError(
      () =>
        new AlertingStack(
          "fa-bad-tag",
          args({
            fastAlertTag: { key: "Team's", value: "a\\b" },
            fastAlertInstanceIds: ["i-0123456789abcdef0"],
          }),
        ),
    );
    expect(message).to.include(
      `fastAlertTag: tag key "Team's" must be printable ASCII without quotes or backslashes`,
    );
    expect(message).to.include("fastAlertTag and fastAlertInstanceIds cannot both be set");
    // Without fast alerts the tag reaches no query and no agent dimension.
    expect(
      () =>
        new AlertingStack(
          "fa-tag-off",
          args({ fastAlerts: false, fastAlertTag: { key: "Team's", value: "x" } }),
        ),
    ).not.to.throw();
  });

  it("ships the agent configuration the collector and the alarms expect, as an AmazonCloudWatch- SSM parameter", async () => {
    const resources = await build("fa-agent", {
      fastAlertTag: { key: "Monitoring", value: "enabled" },
    });
    const [parameter] = ofType(resources, PARAMETER);
    expect(parameter?.inputs).to.deep.include({
      name: "AmazonCloudWatch-fa-agent",
      type: "String",
      tier: "Standard",
    });
    const value = parameter?.inputs.insecureValue as string;
    // The Standard tier holds at most 4 KB.
    expect(Buffer.byteLength(value)).to.be.below(4096);
    const config = JSON.parse(value) as {
      metrics: {
        namespace: string;
        append_dimensions: Record<string, string>;
        aggregation_dimensions: string[][];
        metrics_collected: Record<
          string,
          { measurement: string[]; append_dimensions?: Record<string, string> }
        >;
      };
    };
    // The agent names a metric <plugin>_<measurement>.
    const published = Object.entries(config.metrics.metrics_collected)
      .flatMap(([plugin, p]) => p.measurement.map((m) => `${plugin}_${m}`))
      .sort();
    const queried = Object.values(expressions(resources, "fa-agent"))
      .map((q) => /^SELECT MAX\((\w+)\) FROM "CWAgent"/.exec(q)?.[1])
      .filter((m): m is string => m !== undefined)
      .sort();
    const reads = (await cloudwatchSourceReads()).filter((s) => s.namespace === "CWAgent");
    expect(config.metrics.namespace).to.equal("CWAgent");
    expect(published).to.deep.equal(queried);
    expect(published).to.deep.equal(reads.map((s) => s.metricName).sort());
    // The collector reads CWAgent with InstanceId alone: the agent must publish that set.
    for (const s of reads)
      expect(config.metrics.aggregation_dimensions).to.deep.include(s.dimensions);
    expect(config.metrics.append_dimensions).to.deep.equal({ InstanceId: "${aws:InstanceId}" });
    // The CWAgent alarms filter on the dimension every plugin appends.
    for (const p of Object.values(config.metrics.metrics_collected)) {
      expect(p.append_dimensions).to.deep.equal({ Monitoring: "enabled" });
    }
  });

  it("draws the cloudwatch source's host graphs at its period", async () => {
    const resources = await build("fa-graphs", { sourcePeriodSeconds: 60 });
    const body = JSON.parse(
      ofType(resources, "aws:cloudwatch/dashboard:Dashboard")[0]?.inputs.dashboardBody as string,
    ) as { widgets: { properties: { title: string; period?: number } }[] };
    const host = body.widgets.filter((w) => w.properties.title.endsWith(" per instance"));
    expect(host.map((w) => w.properties.period)).to.deep.equal([60, 60, 60, 60, 60]);
  });

  it("creates no agent parameter for a synthetic source without fast alerts", async () => {
    const resources = await build("fa-none", { metricSource: "synthetic", fastAlerts: false });
    expect(ofType(resources, PARAMETER)).to.deep.equal([]);
  });
});
