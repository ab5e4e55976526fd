import { expect } from "chai";
import os from "node:os";
import {
  type ByteCounters,
  type CpuTimes,
  type HostProbe,
  hostSource,
  osProbe,
  parseDiskStats,
  parseNetDev,
  SPIKE_PERCENT,
} from "../../functions/data-collector/sources/host";
import { sourceFromSettings } from "../../functions/data-collector/sources";
import { METRIC_TYPES, metricRecordSchema, type MetricRecord } from "../../contract/metric-record";
import { settingsFromEnv } from "../../contract/handler-settings";
import { DEFAULT_THRESHOLDS, evaluateRecord } from "../../contract/thresholds";
import { sourceRequest } from "../functions/fixtures";

const AT = new Date("2025-03-01T10:00:00Z");

/** A probe whose counters come from queues: each call takes the next value. */
function fakeProbe(parts: {
  cpu?: CpuTimes[];
  disk?: (ByteCounters | undefined)[];
  network?: (ByteCounters | undefined)[];
}): HostProbe {
  const next = <T>(queue: T[] | undefined, fallback: T): T =>
    queue && queue.length > 0 ? (queue.shift() as T) : fallback;
  return {
    hostname: () => "dev-box",
    cpuTimes: () => next(parts.cpu, { busy: 0, total: 0 }),
    memoryUsedPercent: () => 41.237,
    diskUsedPercent: () => 63.5,
    diskBytes: () => next(parts.disk, { in: 0, out: 0 }),
    networkBytes: () => next(parts.network, { in: 0, out: 0 }),
  };
}

/** The host source over a fake probe, sampling CPU without waiting. */
function fakeHostSource(parts: Parameters<typeof fakeProbe>[0], spike?: "cpu" | "memory") {
  return hostSource({
    region: "eu-west-1",
    probe: fakeProbe(parts),
    sleep: async () => undefined,
    ...(spike ? { spike } : {}),
  });
}

async function records(
  source: ReturnType<typeof hostSource>,
  type: (typeof METRIC_TYPES)[number],
): Promise<MetricRecord[]> {
  const reading = await source.collect(sourceRequest(type, AT));
  return reading.records.map((r) => metricRecordSchema.parse(r));
}

describe("host metric source", () => {
  it("reports every host metric as a valid record of this instance, method host", async () => {
    const source = fakeHostSource({
      cpu: [
        { busy: 100, total: 1000 },
        { busy: 400, total: 2000 },
      ],
    });
    const all: MetricRecord[] = [];
    for (const type of METRIC_TYPES) all.push(...(await records(source, type)));

    expect(all.map((r) => r.metric_name)).to.deep.equal([
      "cpu_utilization",
      "memory_utilization",
      "disk_utilization",
      "disk_read_bytes",
      "disk_write_bytes",
      "network_in",
      "network_out",
    ]);
    for (const r of all) {
      expect(r).to.include({ instance_id: "dev-box", region: "eu-west-1" });
      expect(r.timestamp).to.equal(AT.toISOString());
      expect(r.metadata).to.deep.equal({ collection_method: "host", pipeline_version: "1.0" });
    }
    const value = (name: string) => all.find((r) => r.metric_name === name)?.value;
    // 300 busy of 1000 elapsed.
    expect(value("cpu_utilization")).to.equal(30);
    expect(value("memory_utilization")).to.equal(41.24);
    expect(value("disk_utilization")).to.equal(63.5);
  });

  it("counts bytes since the previous collection, the first since the source was created", async () => {
    const source = fakeHostSource({
      network: [
        { in: 1000, out: 500 },
        { in: 1600, out: 700 },
        { in: 1650, out: 900 },
      ],
    });
    const first = await records(source, "network");
    const second = await records(source, "network");

    expect(first.map((r) => [r.metric_name, r.value, r.unit])).to.deep.equal([
      ["network_in", 600, "Bytes"],
      ["network_out", 200, "Bytes"],
    ]);
    expect(second.map((r) => r.value)).to.deep.equal([50, 200]);
  });

  it("counts from zero when a counter went backwards (reset or wrapped)", async () => {
    const source = fakeHostSource({
      disk: [
        { in: 9000, out: 9000 },
        { in: 300, out: 9500 },
      ],
    });
    const disk = await records(source, "disk");
    expect(disk.map((r) => [r.metric_name, r.value])).to.deep.equal([
      ["disk_utilization", 63.5],
      ["disk_read_bytes", 300],
      ["disk_write_bytes", 500],
    ]);
  });

  it("lists byte counters the OS does not offer as missing instead of inventing them", async () => {
    const source = fakeHostSource({ network: [undefined, undefined] });
    const reading = await source.collect(sourceRequest("network", AT));
    expect(reading.records).to.deep.equal([]);
    expect(reading.missing).to.deep.equal(["dev-box/network_in", "dev-box/network_out"]);
  });

  it("a cpu spike reports 97 %, marked synthetic, and breaches the default threshold", async () => {
    const source = fakeHostSource({}, "cpu");
    const [cpu] = await records(source, "cpu");
    const [memory] = await records(source, "memory");

    expect(cpu?.value).to.equal(SPIKE_PERCENT);
    expect(cpu?.metadata).to.deep.equal({
      collection_method: "host",
      pipeline_version: "1.0",
      synthetic: true,
    });
    expect(evaluateRecord(cpu as MetricRecord, DEFAULT_THRESHOLDS)?.threshold).to.equal(80);
    // Only the spiked type is forced.
    expect(memory?.value).to.equal(41.24);
    expect(memory?.metadata.synthetic).to.equal(undefined);
  });

  it("a memory spike forces memory_utilization only", async () => {
    const source = fakeHostSource({}, "memory");
    const [memory] = await records(source, "memory");
    expect(evaluateRecord(memory as MetricRecord, DEFAULT_THRESHOLDS)).to.include({
      metric_name: "memory_utilization",
      value: 97,
      threshold: 90,
    });
  });

  it("is what METRIC_SOURCE=host selects", () => {
    const settings = settingsFromEnv({
      PIPELINE_ENVIRONMENT: "local",
      LAKE_BUCKET: "lake",
      HOT_TABLE: "hot",
      METRIC_SOURCE: "host",
    });
    expect(sourceFromSettings(settings, { region: "eu-west-1" }).name).to.equal("host");
  });
});

describe("host counters parsing", () => {
  it("sums received and sent bytes of every interface but loopback", () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 4142359    3700    0    0    0     0          0         0  4142359    3700    0    0    0     0       0          0
  eth0: 1000 10 0 0 0 0 0 0 200 2 0 0 0 0 0 0
 wlan0:   50 1 0 0 0 0 0 0 7 1 0 0 0 0 0 0`;
    expect(parseNetDev(text)).to.deep.equal({ in: 1050, out: 207 });
  });

  it("sums sectors of whole disks only, 512 bytes each", () => {
    const text = [
      "   7       0 loop0 9 0 9 0 9 0 9 0 0 0 0 0 0 0 0 0 0",
      " 254       0 vda 50989 11277 100 37538 7632 71048 20 15963 0 10500 54568",
      " 254       1 vda1 50000 11000 90 37000 7000 70000 18 15000 0 10000 54000",
      " 259       0 nvme0n1 1 0 10 0 1 0 2 0 0 0 0",
      " 259       1 nvme0n1p1 1 0 10 0 1 0 2 0 0 0 0",
      " 253       0 zram0 5 0 5 0 5 0 5 0 0 0 0",
    ].join("\n");
    expect(parseDiskStats(text)).to.deep.equal({ in: 110 * 512, out: 22 * 512 });
  });

  it("reads this machine: its host name and percentages between 0 and 100", () => {
    expect(osProbe.hostname()).to.equal(os.hostname());
    for (const percent of [osProbe.memoryUsedPercent(), osProbe.diskUsedPercent()]) {
      expect(percent).to.be.within(0, 100);
    }
    const cpu = osProbe.cpuTimes();
    expect(cpu.total).to.be.greaterThan(0);
    expect(cpu.busy).to.be.within(0, cpu.total);
  });
});
