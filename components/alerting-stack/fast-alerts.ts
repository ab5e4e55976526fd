import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { CLOUDWATCH_METRICS } from "../../functions/data-collector/sources/cloudwatch-metrics";
import { THRESHOLD_RULES, type Thresholds } from "../../functions/shared/thresholds";

/**
 * Fast alerts: one CloudWatch Metrics Insights query alarm per threshold metric, over the
 * source metrics themselves (AWS/EC2 CPUUtilization, CWAgent mem_used_percent and
 * disk_used_percent), grouped by InstanceId so each instance is a contributor with its own
 * state. A breach alerts within a period or two of the source's data, whatever the
 * collection schedule. The alarm follows instances as they come and go; it is billed per
 * metric it analyzes (policies/cost/prices.ts), as per-instance alarms would be.
 */
export interface FastAlertSpec {
  readonly key: string;
  /** An Output when the instance ids are one. */
  readonly query: pulumi.Input<string>;
  readonly threshold: number;
  readonly description: string;
}

export interface FastAlertInput {
  readonly thresholds: Thresholds;
  /** The source's period: one datapoint per instance and period. */
  readonly periodSeconds: number;
  /** Only these instances; otherwise every instance in the region reporting the metric. */
  readonly instanceIds?: readonly string[];
  readonly runbook: (anchor: string) => string;
}

/** Metrics Insights string literals are single-quoted, a quote doubled. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function buildFastAlertSpecs(input: FastAlertInput): FastAlertSpec[] {
  const where = input.instanceIds?.length
    ? ` WHERE ${input.instanceIds.map((id) => `InstanceId = ${literal(id)}`).join(" OR ")}`
    : "";
  const specs: FastAlertSpec[] = [];
  for (const rule of THRESHOLD_RULES) {
    if (rule.metricType === "log") continue;
    const source = CLOUDWATCH_METRICS.find((m) => m.name === rule.metricName);
    if (!source) continue;
    const threshold = input.thresholds[rule.threshold];
    // Maximum: the disk metric is the fullest filesystem; the others one value per period.
    specs.push({
      key: `fast-${rule.threshold}`,
      query:
        `SELECT MAX(${source.awsName}) FROM SCHEMA("${source.namespace}", InstanceId)${where} ` +
        `GROUP BY InstanceId ORDER BY MAX() DESC`,
      threshold,
      description:
        `An instance's ${source.namespace} ${source.awsName} is above ${threshold} % ` +
        `(${input.periodSeconds} s periods, read directly from CloudWatch). The alarm's ` +
        `contributors name the instance. ${input.runbook(`high-${rule.threshold}`)}`,
    });
  }
  return specs;
}

export interface FastAlarmOptions {
  readonly periodSeconds: number;
  readonly actionsEnabled: boolean;
  readonly alarmActions: pulumi.Input<string>[];
  readonly okActions: pulumi.Input<string>[];
  readonly tags: Record<string, string>;
}

/** The alarm resource for one spec: a multi-time-series Metrics Insights query alarm. */
export function createFastAlarm(
  name: string,
  spec: FastAlertSpec,
  o: FastAlarmOptions,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${name}-${spec.key}`,
    {
      name: `${name}-${spec.key}`,
      alarmDescription: spec.description,
      metricQueries: [
        {
          id: "q1",
          expression: spec.query,
          period: o.periodSeconds,
          returnData: true,
          label: spec.key,
        },
      ],
      comparisonOperator: "GreaterThanThreshold",
      threshold: spec.threshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // An instance that stopped reporting is not a breach; the collection reports it missing.
      treatMissingData: "notBreaching",
      actionsEnabled: o.actionsEnabled,
      alarmActions: o.alarmActions,
      okActions: o.okActions,
      tags: o.tags,
    },
    opts,
  );
}
