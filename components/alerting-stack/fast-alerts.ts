import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedTags } from "../shared/tags";
import { CLOUDWATCH_METRICS } from "../../contract/cloudwatch-metrics";
import { THRESHOLD_RULES } from "../../contract/thresholds";
import type { ChildNames } from "../shared/naming";
import { type ThresholdInputs, withThreshold } from "../shared/threshold-args";

/**
 * Fast alerts: CloudWatch Metrics Insights query alarms per threshold metric, over the source
 * metrics themselves (AWS/EC2 CPUUtilization, CWAgent mem_used_percent and disk_used_percent),
 * grouped by InstanceId so each instance is a contributor with its own state. A breach alerts
 * within a period or two of the source's data, whatever the collection schedule. Each alarm
 * is billed per metric it analyzes (policies/cost/prices.ts), so the query names the fleet.
 */
export interface FastAlertSpec {
  readonly key: string;
  /** An Output when the instance ids are one. */
  readonly query: pulumi.Input<string>;
  /** An Output when the caller's threshold is one. */
  readonly threshold: pulumi.Input<number>;
  readonly description: pulumi.Input<string>;
}

/** The fleet the fast alerts watch: a tag, or a list of instances; neither is the region. */
export interface FastAlertTarget {
  readonly tag?: { readonly key: string; readonly value: string };
  readonly instanceIds?: readonly string[];
}

export interface FastAlertInput {
  readonly thresholds: ThresholdInputs;
  /** The source's period: one datapoint per instance and period. */
  readonly periodSeconds: number;
  readonly target: FastAlertTarget;
  readonly runbook: (anchor: string) => string;
}

/** The provider's limit on a metric query's `expression` (aws.cloudwatch.MetricAlarm). */
export const MAX_EXPRESSION_CHARS = 1024;
/** Metrics Insights alarms evaluate at most the latest three hours of data. */
export const MAX_INSIGHTS_PERIOD_SECONDS = 10_800;

/**
 * Characters a tag key or value may hold here: printable ASCII without the quotes and the
 * backslash, so the query needs no escaping and the agent can publish it as a dimension.
 */
const PLAIN_TEXT = /^[\x20-\x7e]+$/;
const QUOTING = /["'\\]/;

/** Why a tag cannot scope the fast alerts, or undefined. */
export function fastAlertTagProblem(tag: { key: string; value: string }): string | undefined {
  for (const [part, text] of [
    ["key", tag.key],
    ["value", tag.value],
  ] as const) {
    if (!PLAIN_TEXT.test(text) || QUOTING.test(text)) {
      return `tag ${part} "${text}" must be printable ASCII without quotes or backslashes (it is quoted in the Metrics Insights query and published by the agent as a dimension)`;
    }
  }
  return undefined;
}

/** AWS/EC2 metrics: the account's resource tags on telemetry put the instance's tags on them. */
const ec2TagFilter = (tag: { key: string; value: string }) => `tag."${tag.key}" = '${tag.value}'`;
/** CWAgent metrics: the agent configuration shipped here appends the tag as a dimension. */
const agentTagFilter = (tag: { key: string; value: string }) => `"${tag.key}" = '${tag.value}'`;
const idFilter = (ids: readonly string[]) => ids.map((id) => `InstanceId = '${id}'`).join(" OR ");

/** One metric's query for a WHERE clause (empty: every instance reporting it). */
function query(namespace: string, metric: string, where: string): string {
  // AWS/EC2 publishes CPUUtilization per InstanceId exactly; the agent adds host, device,
  // path... as configured, so CWAgent is read whatever its dimension sets, grouped by instance.
  const from = namespace === "AWS/EC2" ? `SCHEMA("${namespace}", InstanceId)` : `"${namespace}"`;
  return (
    `SELECT MAX(${metric}) FROM ${from}${where ? ` WHERE ${where}` : ""} ` +
    `GROUP BY InstanceId ORDER BY MAX() DESC`
  );
}

/**
 * The instance lists of one metric's alarms: as many instances per alarm as keep its query
 * within the provider's 1,024 characters, in the given order, each instance once.
 */
export function splitInstanceIds(
  namespace: string,
  metric: string,
  instanceIds: readonly string[],
): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const id of new Set(instanceIds)) {
    const grown = [...current, id];
    if (
      current.length > 0 &&
      query(namespace, metric, idFilter(grown)).length > MAX_EXPRESSION_CHARS
    ) {
      chunks.push(current);
      current = [id];
    } else {
      current = grown;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The WHERE clauses of one metric's alarms: one per alarm. */
function whereClauses(namespace: string, metric: string, target: FastAlertTarget): string[] {
  if (target.tag) return [(namespace === "AWS/EC2" ? ec2TagFilter : agentTagFilter)(target.tag)];
  if (target.instanceIds?.length) {
    return splitInstanceIds(namespace, metric, target.instanceIds).map(idFilter);
  }
  return [""];
}

export function buildFastAlertSpecs(input: FastAlertInput): FastAlertSpec[] {
  const specs: FastAlertSpec[] = [];
  for (const rule of THRESHOLD_RULES) {
    if (rule.metricType === "log") continue;
    const source = CLOUDWATCH_METRICS.find((m) => m.name === rule.metricName);
    if (!source) continue;
    const threshold = input.thresholds[rule.threshold];
    const clauses = whereClauses(source.namespace, source.awsName, input.target);
    clauses.forEach((where, i) => {
      const part = clauses.length > 1 ? ` (instances, part ${i + 1} of ${clauses.length})` : "";
      specs.push({
        // The first alarm keeps the unsplit name: a list that grows does not replace it.
        key: i === 0 ? `fast-${rule.threshold}` : `fast-${rule.threshold}-${i + 1}`,
        // Maximum: the disk metric is the fullest filesystem; the others one value per period.
        query: query(source.namespace, source.awsName, where),
        threshold,
        description: withThreshold(
          threshold,
          (t) =>
            `An instance's ${source.namespace} ${source.awsName} is above ${t} %${part} ` +
            `(${input.periodSeconds} s periods, read directly from CloudWatch). The alarm's ` +
            `contributors name the instance. ${input.runbook(`high-${rule.threshold}`)}`,
        ),
      });
    });
  }
  return specs;
}

export interface FastAlarmOptions {
  readonly periodSeconds: number;
  readonly actionsEnabled: boolean;
  readonly alarmActions: pulumi.Input<string>[];
  readonly okActions: pulumi.Input<string>[];
  readonly tags: ResolvedTags;
}

/** The alarm resource for one spec: a multi-time-series Metrics Insights query alarm. */
export function createFastAlarm(
  names: ChildNames,
  spec: FastAlertSpec,
  o: FastAlarmOptions,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    names.logical(spec.key),
    {
      name: names.physical("alarm", spec.key),
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
