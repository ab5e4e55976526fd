import type { MetricType } from "./metric-types";

/** Alert thresholds, in percent. One definition: the processor's immediate alerts and the alarms both read it. */
export interface Thresholds {
  readonly cpu: number;
  readonly memory: number;
  readonly disk: number;
  /** Share of a service's log lines at ERROR or FATAL, in percent. */
  readonly errorRate: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  cpu: 80,
  memory: 90,
  disk: 85,
  errorRate: 5,
});

export interface ThresholdRule {
  readonly threshold: keyof Thresholds;
  /** The record (and CloudWatch metric) the rule watches. */
  readonly metricType: MetricType | "log";
  readonly metricName: string;
}

/**
 * Which metric each threshold applies to. The metric names are the ones the collector emits
 * to CloudWatch, so the alarms and the processor's alerts watch the same numbers.
 */
export const THRESHOLD_RULES: readonly ThresholdRule[] = Object.freeze([
  { threshold: "cpu", metricType: "cpu", metricName: "cpu_utilization" },
  { threshold: "memory", metricType: "memory", metricName: "memory_utilization" },
  { threshold: "disk", metricType: "disk", metricName: "disk_utilization" },
  { threshold: "errorRate", metricType: "log", metricName: "ErrorRate" },
]);

export interface Violation {
  instance_id: string;
  metric_type: MetricType;
  metric_name: string;
  value: number;
  threshold: number;
  timestamp: string;
}

/** The violation a record makes, if any: strictly above the threshold, as the alarms compare. */
export function evaluateRecord(
  record: Omit<Violation, "threshold">,
  thresholds: Thresholds,
): Violation | undefined {
  const rule = THRESHOLD_RULES.find(
    (r) => r.metricType === record.metric_type && r.metricName === record.metric_name,
  );
  if (!rule) return undefined;
  const threshold = thresholds[rule.threshold];
  if (record.value <= threshold) return undefined;
  return {
    instance_id: record.instance_id,
    metric_type: record.metric_type,
    metric_name: record.metric_name,
    value: record.value,
    threshold,
    timestamp: record.timestamp,
  };
}
