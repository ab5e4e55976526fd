import { readFileSync, statfsSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleepFor } from "node:timers/promises";
import { HOST_METRICS } from "../../../contract/emitted-metrics";
import { PIPELINE_VERSION, type MetricType } from "../../../contract/metric-record";
import type { MetricSource, SourceReading, SourceRequest } from "./types";

/** Cumulative counters since boot, summed over the machine's disks or interfaces. */
export interface ByteCounters {
  readonly in: number;
  readonly out: number;
}

/** Busy and total CPU time since boot, over every core. */
export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/** Where the host source reads the machine from; tests pass their own. */
export interface HostProbe {
  hostname(): string;
  cpuTimes(): CpuTimes;
  /** Percent of memory in use. */
  memoryUsedPercent(): number;
  /** Percent of the root filesystem in use, as `df` reports it. */
  diskUsedPercent(): number;
  /** Bytes read (in) and written (out); undefined where the OS does not tell. */
  diskBytes(): ByteCounters | undefined;
  /** Bytes received (in) and sent (out); undefined where the OS does not tell. */
  networkBytes(): ByteCounters | undefined;
}

export interface HostSourceOptions {
  readonly region: string;
  /** Reports 97 % for this metric type: a threshold breach on demand, for demos. */
  readonly spike?: "cpu" | "memory";
  /** How long CPU use is sampled for at each collection. @default 250 */
  readonly cpuSampleMs?: number;
  readonly probe?: HostProbe;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The value a spiked metric reports: above every default threshold. */
export const SPIKE_PERCENT = 97;

function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** MemAvailable counts reclaimable cache as free, as `free` does; os.freemem() does not. */
function memoryUsedPercent(): number {
  const available = /^MemAvailable:\s+(\d+) kB/m.exec(readText("/proc/meminfo") ?? "");
  const free = available?.[1] ? Number(available[1]) * 1024 : os.freemem();
  return (1 - free / os.totalmem()) * 100;
}

function diskUsedPercent(): number {
  const s = statfsSync("/");
  const used = s.blocks - s.bfree;
  // Blocks reserved for root count as neither used nor available, as in `df`.
  return (used / (used + s.bavail)) * 100;
}

/** Whole disks only: partitions (sda1, nvme0n1p1), loop, RAM and mapper devices would double-count. */
const WHOLE_DISK = /^((sd|vd|xvd|hd)[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

/** /proc/diskstats: sectors read (field 6) and written (field 10), 512 bytes each. */
export function parseDiskStats(text: string): ByteCounters {
  let read = 0;
  let written = 0;
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14 || !WHOLE_DISK.test(f[2] ?? "")) continue;
    read += Number(f[5]) * 512;
    written += Number(f[9]) * 512;
  }
  return { in: read, out: written };
}

/** /proc/net/dev: received and transmitted bytes of every interface but loopback. */
export function parseNetDev(text: string): ByteCounters {
  let received = 0;
  let sent = 0;
  for (const line of text.split("\n")) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === "lo") continue;
    const f = (m[2] ?? "").trim().split(/\s+/);
    received += Number(f[0] ?? 0);
    sent += Number(f[8] ?? 0);
  }
  return { in: received, out: sent };
}

/** This machine, read through node:os, node:fs and (on Linux) /proc. */
export const osProbe: HostProbe = {
  hostname: () => os.hostname(),
  cpuTimes,
  memoryUsedPercent,
  diskUsedPercent,
  diskBytes: () => {
    const text = readText("/proc/diskstats");
    return text === undefined ? undefined : parseDiskStats(text);
  },
  networkBytes: () => {
    const text = readText("/proc/net/dev");
    return text === undefined ? undefined : parseNetDev(text);
  },
};

const round2 = (n: number) => Math.round(Math.min(100, Math.max(0, n)) * 100) / 100;

/** Reads a metric type's values from the probe; the byte counters since the previous read. */
function hostValues(
  options: HostSourceOptions,
): (type: MetricType) => Promise<Record<string, number | undefined>> {
  const probe = options.probe ?? osProbe;
  const sampleMs = options.cpuSampleMs ?? 250;
  const sleep = options.sleep ?? sleepFor;
  const last = { disk: probe.diskBytes(), network: probe.networkBytes() };

  async function cpuPercent(): Promise<number> {
    const before = probe.cpuTimes();
    await sleep(sampleMs);
    const after = probe.cpuTimes();
    const total = after.total - before.total;
    return total > 0 ? ((after.busy - before.busy) / total) * 100 : 0;
  }

  /** Bytes since the previous reading of the same counters. */
  function since(kind: "disk" | "network"): ByteCounters | undefined {
    const now = kind === "disk" ? probe.diskBytes() : probe.networkBytes();
    const before = last[kind];
    last[kind] = now;
    if (!now || !before) return undefined;
    // A counter that went backwards wrapped or was reset: count from zero.
    const delta = (a: number, b: number) => (a >= b ? a - b : a);
    return { in: delta(now.in, before.in), out: delta(now.out, before.out) };
  }

  async function values(type: MetricType): Promise<Record<string, number | undefined>> {
    switch (type) {
      case "cpu":
        return { cpu_utilization: round2(await cpuPercent()) };
      case "memory":
        return { memory_utilization: round2(probe.memoryUsedPercent()) };
      case "disk": {
        const bytes = since("disk");
        return {
          disk_utilization: round2(probe.diskUsedPercent()),
          disk_read_bytes: bytes?.in,
          disk_write_bytes: bytes?.out,
        };
      }
      case "network": {
        const bytes = since("network");
        return { network_in: bytes?.in, network_out: bytes?.out };
      }
    }
  }

  return values;
}

/** The type's records from the values read; a value not read is reported missing. */
function hostReading(
  options: HostSourceOptions,
  instanceId: string,
  read: Record<string, number | undefined>,
  { metricType, at }: SourceRequest,
): SourceReading {
  const spiked = options.spike === metricType;
  const records: unknown[] = [];
  const missing: string[] = [];
  for (const metric of HOST_METRICS.filter((m) => m.metricType === metricType)) {
    const isSpike = spiked && metric.unit === "Percent";
    const value = isSpike ? SPIKE_PERCENT : read[metric.name];
    if (value === undefined) {
      missing.push(`${instanceId}/${metric.name}`);
      continue;
    }
    records.push({
      timestamp: at.toISOString(),
      instance_id: instanceId,
      region: options.region,
      metric_type: metricType,
      metric_name: metric.name,
      value,
      unit: metric.unit,
      metadata: {
        collection_method: "host",
        pipeline_version: PIPELINE_VERSION,
        ...(isSpike ? { synthetic: true } : {}),
      },
    });
  }
  return { records, missing, errors: [] };
}

/**
 * The machine the local run is on, as one instance (its id is the host name). Percentages are
 * read at collection time (CPU over a short sample); byte counts are the bytes moved since the
 * previous collection (the first: since the source was created), like CloudWatch's Sum over a
 * period. A forced spike is marked `synthetic: true`, since that value was not measured.
 */
export function hostSource(options: HostSourceOptions): MetricSource {
  const probe = options.probe ?? osProbe;
  const values = hostValues(options);
  return {
    name: "host",
    windowed: false,
    countTargets: async () => 1,
    async collect(request: SourceRequest): Promise<SourceReading> {
      const instanceId = probe.hostname();
      return hostReading(options, instanceId, await values(request.metricType), request);
    },
  };
}
