import type { MetricType } from "../../shared/metric-record";

/** One CloudWatch metric the cloudwatch source reads per instance. */
export interface CloudWatchMetric {
  readonly metricType: MetricType;
  /** The record's metric_name (see HOST_METRICS). */
  readonly recordName: string;
  readonly namespace: "AWS/EC2" | "CWAgent";
  readonly awsName: string;
  readonly stat: "Average" | "Maximum" | "Sum";
  readonly unit: "Percent" | "Bytes";
  readonly method: "cloudwatch" | "cloudwatch-agent";
}

/**
 * AWS/EC2 metrics carry the single dimension InstanceId. CWAgent metrics are read with
 * the same dimension, which the agent publishes when configured with
 * `"aggregation_dimensions": [["InstanceId"]]` (disk: the fullest filesystem, Maximum).
 */
export const CLOUDWATCH_METRICS: readonly CloudWatchMetric[] = Object.freeze([
  {
    metricType: "cpu",
    recordName: "cpu_utilization",
    namespace: "AWS/EC2",
    awsName: "CPUUtilization",
    stat: "Average",
    unit: "Percent",
    method: "cloudwatch",
  },
  {
    metricType: "memory",
    recordName: "memory_utilization",
    namespace: "CWAgent",
    awsName: "mem_used_percent",
    stat: "Average",
    unit: "Percent",
    method: "cloudwatch-agent",
  },
  {
    metricType: "disk",
    recordName: "disk_utilization",
    namespace: "CWAgent",
    awsName: "disk_used_percent",
    stat: "Maximum",
    unit: "Percent",
    method: "cloudwatch-agent",
  },
  {
    metricType: "disk",
    recordName: "disk_read_bytes",
    namespace: "AWS/EC2",
    awsName: "EBSReadBytes",
    stat: "Sum",
    unit: "Bytes",
    method: "cloudwatch",
  },
  {
    metricType: "disk",
    recordName: "disk_write_bytes",
    namespace: "AWS/EC2",
    awsName: "EBSWriteBytes",
    stat: "Sum",
    unit: "Bytes",
    method: "cloudwatch",
  },
  {
    metricType: "network",
    recordName: "network_in",
    namespace: "AWS/EC2",
    awsName: "NetworkIn",
    stat: "Sum",
    unit: "Bytes",
    method: "cloudwatch",
  },
  {
    metricType: "network",
    recordName: "network_out",
    namespace: "AWS/EC2",
    awsName: "NetworkOut",
    stat: "Sum",
    unit: "Bytes",
    method: "cloudwatch",
  },
]);
