import path from "node:path";
import { DEFAULT_PARAMS } from "../../contract/anomaly/params";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { readWindows, rowWindows } from "./corpus";
import { aboveCpuThreshold, countAlerts, cpuAlarm, sumCounts, type AlertCounts } from "./alerts";
import { runDetector } from "./run-detector";
import { probationaryLength } from "./sweeper";

/** The realAWSCloudwatch series a CPU-percentage threshold applies to (EC2 and RDS CPUUtilization). */
export const isCpuSeries = (file: string): boolean => /(ec2|rds)_cpu_utilization_/.test(file);

export interface ComparisonRow {
  readonly rule: string;
  readonly series: string;
  readonly counts: AlertCounts;
}

/**
 * Fixed thresholds against the detector (at its alert level) on NAB's realAWSCloudwatch series,
 * over the rows NAB scores (after the 15 % probation), with the same alert counting for both.
 */
export function compareOnCloudwatch(nabDir: string): ComparisonRow[] {
  const run = runDetector(path.join(nabDir, "data", "realAWSCloudwatch"));
  const windows = readWindows(path.join(nabDir, "labels", "combined_windows.json"));
  const per = { cpu: { immediate: [], alarm: [], detector: [] }, other: { detector: [] } } as {
    cpu: Record<"immediate" | "alarm" | "detector", AlertCounts[]>;
    other: Record<"detector", AlertCounts[]>;
  };
  for (const [file, rows] of run.results) {
    const name = `realAWSCloudwatch/${file}`;
    const limits = rowWindows(rows.timestamps, windows[name] ?? []);
    const from = probationaryLength(rows.timestamps.length);
    const values = run.values.get(file) ?? [];
    const count = (flags: boolean[]) => countAlerts(flags, limits, rows.timestamps, from);
    const detector = count(rows.scores.map((s) => s >= DEFAULT_PARAMS.alertLevel));
    if (isCpuSeries(file)) {
      per.cpu.immediate.push(count(aboveCpuThreshold(values)));
      per.cpu.alarm.push(count(cpuAlarm(values)));
      per.cpu.detector.push(detector);
    } else per.other.detector.push(detector);
  }
  const cpu = `${per.cpu.detector.length} CPU series`;
  const t = DEFAULT_THRESHOLDS.cpu;
  return [
    {
      rule: `CPU > ${t} %, one datapoint (processor alert)`,
      series: cpu,
      counts: sumCounts(per.cpu.immediate),
    },
    {
      rule: `CPU > ${t} %, two in a row (high-cpu alarm)`,
      series: cpu,
      counts: sumCounts(per.cpu.alarm),
    },
    {
      rule: `detector, score >= ${DEFAULT_PARAMS.alertLevel}`,
      series: cpu,
      counts: sumCounts(per.cpu.detector),
    },
    {
      rule: `detector, score >= ${DEFAULT_PARAMS.alertLevel}`,
      series: `${per.other.detector.length} other series (no fixed threshold)`,
      counts: sumCounts(per.other.detector),
    },
  ];
}

/** The comparison as a Markdown table. */
export function comparisonTable(rows: readonly ComparisonRow[]): string {
  const lines = [
    "| rule | series | windows caught | false alerts | alerts per day |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const { rule, series, counts: c } of rows) {
    const perDay = c.days > 0 ? (c.alerts / c.days).toFixed(2) : "-";
    lines.push(
      `| ${rule} | ${series} | ${c.caught} of ${c.windows} | ${c.falseAlerts} | ${perDay} |`,
    );
  }
  return lines.join("\n");
}
