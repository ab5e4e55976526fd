import type { MetricType } from "./metric-types";

/**
 * The CloudWatch metrics the handlers emit (as Embedded Metric Format). Alarms and the
 * dashboard are built from these constants, so a renamed metric cannot leave an alarm
 * watching nothing.
 */
export const METRICS_NAMESPACE = "InfraMonitoring";

export const DIMENSIONS = Object.freeze({
  instance: "InstanceId",
  environment: "Environment",
  /** The application service of a raw-logs/ line. */
  service: "Service",
});

/**
 * Each host value is emitted twice: per instance (dashboards, per-instance alarms) and per
 * environment (fleet-wide alarms on the maximum, whatever instances come and go).
 */
export const HOST_METRIC_DIMENSION_SETS: readonly (readonly string[])[] = Object.freeze([
  [DIMENSIONS.instance],
  [DIMENSIONS.environment],
]);

export interface HostMetric {
  readonly metricType: MetricType;
  readonly name: string;
  readonly unit: "Percent" | "Bytes";
}

/** Every host metric the collector's sources produce, by record metric_name. */
export const HOST_METRICS: readonly HostMetric[] = Object.freeze([
  { metricType: "cpu", name: "cpu_utilization", unit: "Percent" },
  { metricType: "memory", name: "memory_utilization", unit: "Percent" },
  { metricType: "disk", name: "disk_utilization", unit: "Percent" },
  { metricType: "disk", name: "disk_read_bytes", unit: "Bytes" },
  { metricType: "disk", name: "disk_write_bytes", unit: "Bytes" },
  { metricType: "network", name: "network_in", unit: "Bytes" },
  { metricType: "network", name: "network_out", unit: "Bytes" },
]);

/** The pipeline's own counters, dimension Environment only. */
export const PIPELINE_METRICS = Object.freeze({
  metricsProcessed: "MetricsProcessed",
  metricsFailed: "MetricsFailed",
  metricsCoerced: "MetricsCoerced",
  filesProcessed: "FilesProcessed",
  thresholdViolations: "ThresholdViolations",
  quarantinedLines: "QuarantinedLines",
  recordsCollected: "RecordsCollected",
  instancesWithoutData: "InstancesWithoutData",
  /** Values the collector failed to read (after retries); the rest of the run still lands. */
  collectionErrors: "CollectionErrors",
  /** 1 for each plan that found no instance to collect (a tag that matches nothing). */
  emptyTargetSets: "EmptyTargetSets",
});
export const PIPELINE_METRIC_DIMENSIONS: readonly string[] = Object.freeze([
  DIMENSIONS.environment,
]);

/** Per application service, from raw-logs/ objects: dimensions Environment and Service. */
export const ERROR_RATE_METRIC = Object.freeze({
  name: "ErrorRate",
  unit: "Percent",
  dimensions: Object.freeze([DIMENSIONS.environment, DIMENSIONS.service]),
});

/**
 * ErrorRate is emitted per service and once more per environment alone: the services are
 * unknown at deploy time, so the alarm watches the Maximum of the [Environment] series.
 */
export const ERROR_RATE_DIMENSION_SETS: readonly (readonly string[])[] = Object.freeze([
  ERROR_RATE_METRIC.dimensions,
  [DIMENSIONS.environment],
]);
