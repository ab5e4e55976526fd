import { CloudWatchClient, PutMetricDataCommand, type Dimension } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { expect } from "chai";
import {
  cloudWatchAgentConfig,
  type CloudWatchAgentConfig,
} from "../../../components/alerting-stack/agent-config";
import { cloudWatchSource } from "../../../functions/data-collector/sources/cloudwatch";
import { motoSuite } from "../../helpers/moto";
import { sourceRequest } from "../../functions/fixtures";

const INSTANCE = "i-0123456789abcdef0";
const AT = new Date(Math.floor(Date.now() / 300_000) * 300_000 - 3_600_000);
const MOUNTS = [
  { device: "nvme0n1p1", fstype: "xfs", path: "/" },
  { device: "nvme1n1", fstype: "ext4", path: "/data" },
];

/**
 * What an agent running `config` publishes for one reading, as the agent documents it: each
 * plugin's measurements as `<plugin>_<measurement>`, with the global and the plugin's appended
 * dimensions, the agent's `host` dimension and, for disk, one series per mount; then one
 * series per aggregation dimension set.
 */
function agentPublishes(config: CloudWatchAgentConfig, at: Date) {
  const global = Object.entries(config.metrics.append_dimensions).map(([Name, v]) => ({
    Name,
    Value: v === "${aws:InstanceId}" ? INSTANCE : v,
  }));
  const data: { MetricName: string; Dimensions: Dimension[]; Value: number; Timestamp: Date }[] =
    [];
  for (const [plugin, p] of Object.entries(config.metrics.metrics_collected)) {
    const own = Object.entries(p.append_dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));
    for (const measurement of p.measurement) {
      const MetricName = `${plugin}_${measurement}`;
      const perSeries: Record<string, string>[] = plugin === "disk" ? MOUNTS : [{}];
      perSeries.forEach((mount, i) => {
        const extra = Object.entries(mount).map(([Name, Value]) => ({ Name, Value }));
        const Dimensions = [...global, ...own, { Name: "host", Value: "ip-10-0-0-1" }, ...extra];
        data.push({ MetricName, Dimensions, Value: 40 + i * 30, Timestamp: at });
      });
      for (const set of config.metrics.aggregation_dimensions) {
        const Dimensions = global.filter((d) => set.includes(d.Name));
        data.push({ MetricName, Dimensions, Value: 70, Timestamp: at });
      }
    }
  }
  return data;
}

describe("the shipped CloudWatch agent configuration, against moto", () => {
  const moto = motoSuite();
  beforeEach(async () => moto().reset());

  async function collect(config: CloudWatchAgentConfig) {
    const cloudwatch = new CloudWatchClient(moto().clientConfig);
    for (let k = 0; k < 3; k++) {
      const at = new Date(AT.getTime() - k * 300_000);
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: config.metrics.namespace,
          MetricData: agentPublishes(config, at),
        }),
      );
    }
    const source = cloudWatchSource({
      cloudwatch,
      tagging: new ResourceGroupsTaggingAPIClient(moto().clientConfig),
      region: "eu-west-1",
      instanceIds: [INSTANCE],
    });
    const request = (type: "memory" | "disk") =>
      sourceRequest(type, new Date(AT.getTime() + 300_000), 1_800);
    return {
      memory: await source.collect(request("memory")),
      disk: await source.collect(request("disk")),
    };
  }

  it("publishes memory and disk as the collector reads them, tag dimension and all", async () => {
    const { memory, disk } = await collect(
      cloudWatchAgentConfig({ tag: { key: "Monitoring", value: "enabled" } }),
    );
    expect(memory.missing).to.deep.equal([]);
    // EBS bytes come from AWS/EC2, not from the agent: nothing was put there.
    expect(disk.missing).to.deep.equal([
      `${INSTANCE}/disk_read_bytes`,
      `${INSTANCE}/disk_write_bytes`,
    ]);
    const names = (records: unknown[]) => [
      ...new Set(records.map((r) => (r as { metric_name: string }).metric_name)),
    ];
    expect(names(memory.records)).to.deep.equal(["memory_utilization"]);
    expect(names(disk.records)).to.include("disk_utilization");
    expect(memory.records).to.have.length(3);
  });

  it("without the InstanceId aggregation the collector finds nothing: the shipped set is what it needs", async () => {
    const config = cloudWatchAgentConfig({});
    const { memory, disk } = await collect({
      ...config,
      metrics: { ...config.metrics, aggregation_dimensions: [] },
    });
    expect(memory.records).to.deep.equal([]);
    expect(memory.missing).to.deep.equal([`${INSTANCE}/memory_utilization`]);
    expect(disk.missing).to.include(`${INSTANCE}/disk_utilization`);
  });
});
