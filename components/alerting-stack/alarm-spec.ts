/** The alarms' shared shape, in its own file so the alarm builders and alarm-specs.ts make no cycle. */
import type * as pulumi from "@pulumi/pulumi";
import type { ThresholdInputs } from "../shared/threshold-args";
import type { AlarmTiming } from "./timing";

export type MissingDataTreatment = "missing" | "notBreaching" | "breaching" | "ignore";

/** One CloudWatch metric alarm, before it becomes a resource. */
export interface AlarmSpec {
  /** Suffix of the child's and the alarm's name. */
  readonly key: string;
  /** Whether the composite pipeline-health alarm includes it (not host or application alarms). */
  readonly pipeline: boolean;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
  readonly statistic: "Maximum" | "Sum";
  readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  /** An Output when the caller's threshold is one. */
  readonly threshold: pulumi.Input<number>;
  readonly timing: AlarmTiming;
  readonly treatMissingData: MissingDataTreatment;
  /** Minutes after creation the alarm stays silent (a new pipeline has no data yet). */
  readonly warmUpMinutes?: number;
  /** What it means, what to do, and the runbook section; an Output when it shows one. */
  readonly description: pulumi.Input<string>;
}

export interface AlarmSpecInput {
  readonly environment: string;
  /** Alarms on the per-environment host metrics (false: the source emits none). */
  readonly hostMetricAlarms: boolean;
  readonly intervalSeconds: number;
  readonly thresholds: ThresholdInputs;
  readonly lambdaDurationThresholdMs: number;
  readonly hostThresholdRuns: number;
  readonly lambdaDurationRuns: number;
  readonly queueDepthPeriodSeconds: number;
  readonly collectorFunctionName: pulumi.Input<string>;
  readonly processorFunctionName: pulumi.Input<string>;
  readonly stateMachineArn: pulumi.Input<string>;
  readonly tableName: pulumi.Input<string>;
  readonly tableIndexName: string;
  readonly schedulerDlqName: pulumi.Input<string>;
  readonly processorFailureQueueName: pulumi.Input<string>;
}
