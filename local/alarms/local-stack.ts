import { buildAlarmSpecs, type AlarmSpec } from "../../components/alerting-stack";
import { buildDashboardBody, type DashboardBody } from "../../components/alerting-stack";
import { ALERTING_STACK_DEFAULTS as D } from "../../contract/defaults/alerting-stack";
import { runPeriodSeconds } from "../../components/alerting-stack";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import { DEFAULT_THRESHOLDS } from "../../contract/thresholds";
import { LOCAL_STACK } from "../layout";

/**
 * The local twin runs the alarms as AlertingStack builds them for a one-minute schedule, and
 * each cycle stands for one such minute: alarms count cycles, not wall-clock time, so
 * "two breaching runs in a row" can be seen with `--every 0`.
 */
export const LOCAL_INTERVAL_SECONDS = 60;

export const alarmName = (spec: AlarmSpec) => `${LOCAL_STACK.alerting}-${spec.key}`;
export const alarmArn = (name: string) =>
  `arn:aws:cloudwatch:${LOCAL_STACK.region}:${LOCAL_STACK.account}:alarm:${name}`;

/** An alarm spec with every value known: locally there are no Pulumi outputs. */
export type LocalAlarmSpec = AlarmSpec & {
  readonly threshold: number;
  readonly description: string;
};

/** The spec itself, checked to hold a plain threshold and description. */
function plainSpec(spec: AlarmSpec): LocalAlarmSpec {
  if (typeof spec.threshold !== "number" || typeof spec.description !== "string") {
    throw new Error(`alarm ${spec.key}: threshold and description must be plain values`);
  }
  return spec as LocalAlarmSpec;
}

/** Every metric alarm AlertingStack deploys, with the local stack's names. */
export function localAlarmSpecs(): LocalAlarmSpec[] {
  const specs = buildAlarmSpecs({
    environment: LOCAL_STACK.environment,
    intervalSeconds: LOCAL_INTERVAL_SECONDS,
    thresholds: DEFAULT_THRESHOLDS,
    lambdaDurationThresholdMs: D.lambdaDurationThresholdMs,
    // The local twin runs the host source, which publishes the InfraMonitoring host series.
    hostMetricAlarms: true,
    hostThresholdRuns: D.hostThresholdRuns,
    lambdaDurationRuns: D.lambdaDurationRuns,
    queueDepthPeriodSeconds: D.queueDepthPeriodSeconds,
    collectorFunctionName: LOCAL_STACK.collectorFunction,
    processorFunctionName: LOCAL_STACK.processorFunction,
    stateMachineArn: LOCAL_STACK.stateMachineArn,
    tableName: LOCAL_STACK.table,
    tableIndexName: HOT_TABLE_KEYS.metricTypeIndex,
    schedulerDlqName: LOCAL_STACK.schedulerDlq,
    processorFailureQueueName: LOCAL_STACK.processorFailureQueue,
  });
  return specs.map(plainSpec);
}

/** The body of the dashboard AlertingStack deploys, with the local stack's names. */
export function localDashboardBody(): DashboardBody {
  return buildDashboardBody({
    region: LOCAL_STACK.region,
    environment: LOCAL_STACK.environment,
    runPeriodSeconds: runPeriodSeconds(LOCAL_INTERVAL_SECONDS),
    queuePeriodSeconds: D.queueDepthPeriodSeconds,
    hostSeries: "pipeline",
    collectorFunctionName: LOCAL_STACK.collectorFunction,
    processorFunctionName: LOCAL_STACK.processorFunction,
    stateMachineArn: LOCAL_STACK.stateMachineArn,
    stateMachineName: LOCAL_STACK.stateMachineName,
    tableName: LOCAL_STACK.table,
    tableIndexName: HOT_TABLE_KEYS.metricTypeIndex,
    schedulerDlqName: LOCAL_STACK.schedulerDlq,
    processorFailureQueueName: LOCAL_STACK.processorFailureQueue,
    alarmArns: localAlarmSpecs().map((s) => alarmArn(alarmName(s))),
  });
}

/** Plain strings: locally every dimension value is known (no Pulumi outputs). */
export function plainDimensions(spec: AlarmSpec): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec.dimensions).map(([k, v]) => {
      if (typeof v !== "string") throw new Error(`alarm ${spec.key}: dimension ${k} is not text`);
      return [k, v];
    }),
  );
}
