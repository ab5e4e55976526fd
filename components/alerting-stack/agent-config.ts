import * as aws from "@pulumi/aws";
import type { ChildNames } from "../shared/naming";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedTags } from "../shared/tags";
import { CLOUDWATCH_METRICS } from "../../contract/cloudwatch-metrics";
import type { FastAlertTarget } from "./fast-alerts";

/**
 * The CloudWatch agent configuration the stack reads (collector) and alarms on (fast alerts),
 * in the agent's own JSON schema. The agent names a metric `<plugin>_<measurement>`.
 */
export interface CloudWatchAgentConfig {
  readonly agent: { readonly metrics_collection_interval: number };
  readonly metrics: {
    readonly namespace: string;
    readonly append_dimensions: Readonly<Record<string, string>>;
    readonly aggregation_dimensions: readonly (readonly string[])[];
    readonly metrics_collected: Readonly<Record<string, AgentPlugin>>;
  };
}

interface AgentPlugin {
  readonly measurement: readonly string[];
  readonly resources?: readonly string[];
  readonly append_dimensions?: Readonly<Record<string, string>>;
}

/**
 * The agent's parameter-store convention: CloudWatchAgentServerPolicy lets instances read
 * parameters named AmazonCloudWatch-*, and `amazon-cloudwatch-agent-ctl -c ssm:<name>` loads one.
 */
export const AGENT_PARAMETER_PREFIX = "AmazonCloudWatch-";

/** Seconds between the agent's readings: finer than any source period the alarms accept. */
const AGENT_INTERVAL_SECONDS = 60;

/**
 * Memory and disk as the cloudwatch source reads them (CLOUDWATCH_METRICS, namespace CWAgent,
 * dimension InstanceId alone, via aggregation_dimensions) and as the fast alerts filter them
 * (the fleet's tag as a dimension, since the agent publishes custom metrics).
 */
export function cloudWatchAgentConfig(target: FastAlertTarget): CloudWatchAgentConfig {
  const agentMetrics = CLOUDWATCH_METRICS.filter((m) => m.namespace === "CWAgent");
  const plugins: Record<string, AgentPlugin> = {};
  for (const m of agentMetrics) {
    const [plugin = "", ...rest] = m.awsName.split("_");
    const existing = plugins[plugin];
    plugins[plugin] = {
      measurement: [...(existing?.measurement ?? []), rest.join("_")],
      ...(plugin === "disk" ? { resources: ["*"] } : {}),
      ...(target.tag ? { append_dimensions: { [target.tag.key]: target.tag.value } } : {}),
    };
  }
  return {
    agent: { metrics_collection_interval: AGENT_INTERVAL_SECONDS },
    metrics: {
      namespace: "CWAgent",
      append_dimensions: { InstanceId: "${aws:InstanceId}" },
      aggregation_dimensions: [["InstanceId"]],
      metrics_collected: plugins,
    },
  };
}

/** The configuration as an SSM parameter the fleet's agents load. */
export function createAgentConfigParameter(
  names: ChildNames,
  target: FastAlertTarget,
  tags: ResolvedTags,
  opts: pulumi.CustomResourceOptions,
): aws.ssm.Parameter {
  return new aws.ssm.Parameter(
    names.logical("agent-config"),
    {
      name: names.prefixed("ssmParameter", AGENT_PARAMETER_PREFIX),
      description: `CloudWatch agent configuration the ${names.prefix} collector and fast alerts expect`,
      type: "String",
      tier: "Standard",
      // Not a secret: shown in previews so a reviewer sees what the fleet will load.
      insecureValue: JSON.stringify(cloudWatchAgentConfig(target), null, 2),
      tags,
    },
    opts,
  );
}
