import { type HostMetric, HOST_METRICS } from "./emitted-metrics";

/** One CloudWatch metric the cloudwatch source reads per instance, for one host metric. */
export interface CloudWatchMetric extends HostMetric {
  readonly namespace: "AWS/EC2" | "CWAgent";
  readonly awsName: string;
  readonly stat: "Average" | "Maximum" | "Sum";
  readonly method: "cloudwatch" | "cloudwatch-agent";
}

type CloudWatchRead = Omit<CloudWatchMetric, keyof HostMetric>;

/** Where each host metric (by record metric_name) is read from. */
const READS: Readonly<Record<string, CloudWatchRead>> = {
  cpu_utilization: {
    namespace: "AWS/EC2",
    awsName: "CPUUtilization",
    stat: "Average",
    method: "cloudwatch",
  },
  memory_utilization: {
    namespace: "CWAgent",
    awsName: "mem_used_percent",
    stat: "Average",
    method: "cloudwatch-agent",
  },
  disk_utilization: {
    namespace: "CWAgent",
    awsName: "disk_used_percent",
    stat: "Maximum",
    method: "cloudwatch-agent",
  },
  disk_read_bytes: {
    namespace: "AWS/EC2",
    awsName: "EBSReadBytes",
    stat: "Sum",
    method: "cloudwatch",
  },
  disk_write_bytes: {
    namespace: "AWS/EC2",
    awsName: "EBSWriteBytes",
    stat: "Sum",
    method: "cloudwatch",
  },
  network_in: { namespace: "AWS/EC2", awsName: "NetworkIn", stat: "Sum", method: "cloudwatch" },
  network_out: { namespace: "AWS/EC2", awsName: "NetworkOut", stat: "Sum", method: "cloudwatch" },
};

/**
 * Every host metric with where CloudWatch has it. AWS/EC2 metrics carry the single dimension
 * InstanceId. CWAgent metrics are read with the same dimension, which the agent publishes when
 * configured with `"aggregation_dimensions": [["InstanceId"]]` (disk: the fullest filesystem,
 * Maximum).
 */
export const CLOUDWATCH_METRICS: readonly CloudWatchMetric[] = Object.freeze(
  HOST_METRICS.map((metric) => {
    const read = READS[metric.name];
    if (!read) throw new Error(`no CloudWatch metric is mapped to ${metric.name}`);
    return { ...metric, ...read };
  }),
);
