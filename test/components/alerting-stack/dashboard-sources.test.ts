import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type * as pulumi from "@pulumi/pulumi";
import { syntheticSource } from "../../../functions/data-collector/sources/synthetic";
import { hostSource } from "../../../functions/data-collector/sources/host";
import { mockedSuite, ofType, settled, setStackConfig } from "../../helpers/pulumi-mocks";
import {
  answeringCloudwatchSource,
  cloudwatchSourceReads,
  collectorPublishes,
  perInstance,
  type Series,
} from "./source-series";

type Program = () => Record<string, pulumi.Output<unknown> | undefined>;

function stackConfig(stack: string): Record<string, unknown> {
  const file = join(__dirname, "..", "..", "..", `Pulumi.${stack}.yaml`);
  return (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
}

interface Widget {
  type: string;
  properties: { title: string; period?: number; metrics?: unknown[][]; alarms?: string[] };
}

const SEARCH = /^SEARCH\('\{"([^"]+)","([^"]+)"\} MetricName="([^"]+)"', '(\w+)'\)$/;

/** The host graphs' series: the SEARCH expressions of every "per instance" widget. */
function hostGraphSeries(widgets: Widget[]): Series[] {
  return widgets
    .filter((w) => w.type === "metric" && w.properties.title.endsWith(" per instance"))
    .flatMap((w) => w.properties.metrics ?? [])
    .map((row) => {
      const expression = (row[0] as { expression?: string }).expression ?? "";
      const m = SEARCH.exec(expression);
      if (!m) throw new Error(`not a one-dimension SEARCH: ${expression}`);
      return {
        namespace: m[1] ?? "",
        metricName: m[3] ?? "",
        dimensions: [m[2] ?? ""],
        stat: m[4],
      };
    });
}

const byKey = (series: readonly Series[]) => series.map((s) => JSON.stringify(s)).sort();
const withoutStat = (series: readonly Series[]) =>
  series.map(({ namespace, metricName, dimensions }) => ({ namespace, metricName, dimensions }));

describe("the dashboard's host graphs read what the stack's source really produces", () => {
  let program: Program;
  mockedSuite(async () => {
    program = (await import("../../../index.js")).default as unknown as Program;
  });

  async function dashboardOf(stack: string): Promise<Widget[]> {
    setStackConfig(stackConfig(stack));
    program();
    const [dashboard] = ofType(await settled(), "aws:cloudwatch/dashboard:Dashboard");
    return (JSON.parse(dashboard?.inputs.dashboardBody as string) as { widgets: Widget[] }).widgets;
  }

  it("cloudwatch (Pulumi.prod.yaml): the AWS/EC2 and CWAgent series the source queries, as it queries them", async () => {
    expect(stackConfig("prod")["infra-monitoring:metricSource"]).to.equal("cloudwatch");
    const reads = await cloudwatchSourceReads();
    // The collector publishes no per-instance copy with this source: those graphs would be empty.
    const { source, restore } = answeringCloudwatchSource();
    const published = await collectorPublishes(source);
    restore();
    expect(perInstance(published)).to.deep.equal([]);
    expect(reads.length).to.be.greaterThan(0);

    const shown = hostGraphSeries(await dashboardOf("prod"));
    expect(byKey(shown)).to.deep.equal(byKey(reads));
    expect(new Set(shown.map((s) => s.namespace))).to.deep.equal(new Set(["AWS/EC2", "CWAgent"]));
  });

  it("synthetic (Pulumi.dev.yaml): the InfraMonitoring per-instance series the collector publishes", async () => {
    expect(stackConfig("dev")["infra-monitoring:metricSource"]).to.equal("synthetic");
    const published = perInstance(
      await collectorPublishes(syntheticSource({ instances: 2, region: "eu-west-1" })),
    );
    expect(published.length).to.be.greaterThan(0);

    const shown = hostGraphSeries(await dashboardOf("dev"));
    expect(byKey(withoutStat(shown))).to.deep.equal(byKey(published));
  });

  it("prod's fast alerts are scoped to its tag, and the agent configuration is shipped", async () => {
    setStackConfig(stackConfig("prod"));
    program();
    const resources = await settled();
    const cpu = resources.find((r) => r.name === "monitoring-prod-fast-cpu");
    expect((cpu?.inputs.metricQueries as { expression: string }[])[0]?.expression).to.equal(
      `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) WHERE tag."Monitoring" = 'enabled' GROUP BY InstanceId ORDER BY MAX() DESC`,
    );
    const parameters = ofType(resources, "aws:ssm/parameter:Parameter");
    expect(parameters.map((p) => p.inputs.name)).to.deep.equal([
      "AmazonCloudWatch-monitoring-prod",
    ]);
    // No InfraMonitoring host alarm: prod's source publishes none of those series.
    expect(resources.filter((r) => r.name === "monitoring-prod-high-cpu")).to.deep.equal([]);
  });

  it("host (the local twin's source) publishes the same per-instance series as synthetic", async () => {
    const host = perInstance(await collectorPublishes(hostSource({ region: "eu-west-1" })));
    const synthetic = perInstance(
      await collectorPublishes(syntheticSource({ instances: 1, region: "eu-west-1" })),
    );
    expect(byKey(host)).to.deep.equal(byKey(synthetic));
  });
});
