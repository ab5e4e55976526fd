import {
  DIMENSIONS,
  ERROR_RATE_METRIC,
  HOST_METRICS,
  METRICS_NAMESPACE,
  PIPELINE_METRICS,
} from "../../contract/emitted-metrics";
import type { MetricType } from "../../contract/metric-types";
import { CLOUDWATCH_METRICS } from "../../contract/cloudwatch-metrics";
import { AWS_METRICS } from "./aws-metrics";

/** What the dashboard shows, every value resolved. */
export interface DashboardInput {
  readonly region: string;
  readonly environment: string;
  /** Seconds between runs: the period of the per-run graphs. */
  readonly runPeriodSeconds: number;
  readonly queuePeriodSeconds: number;
  /**
   * Where the per-instance host series are: AWS/EC2 and CWAgent (the cloudwatch source), or
   * the pipeline's own InfraMonitoring copies (host and synthetic sources).
   */
  readonly hostSeries: "cloudwatch" | "pipeline";
  /** Period of the cloudwatch source's graphs: its datapoints' resolution. @default 300 */
  readonly sourcePeriodSeconds?: number;
  readonly collectorFunctionName: string;
  readonly processorFunctionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly tableName: string;
  readonly tableIndexName: string;
  readonly schedulerDlqName: string;
  readonly processorFailureQueueName: string;
  /** The lake's daily compaction, when it is watched. */
  readonly compaction?: { readonly stateMachineArn: string; readonly deadLetterQueueName: string };
  readonly alarmArns: readonly string[];
}

export type Stat = "Sum" | "Maximum" | "Average";

export interface MetricOptions {
  readonly stat: "Sum" | "Maximum";
  readonly label: string;
}
export interface ExpressionRow {
  readonly expression: string;
  readonly id: string;
}
/** [namespace, metric, dimension name, value, ..., options] or one SEARCH expression. */
export type MetricRow = readonly (string | MetricOptions)[] | readonly [ExpressionRow];

interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface MetricWidget extends Placement {
  readonly type: "metric";
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: false;
    readonly period: number;
    readonly stat: "Sum" | "Maximum";
    readonly metrics: readonly MetricRow[];
  };
}
export interface AlarmWidget extends Placement {
  readonly type: "alarm";
  readonly properties: {
    readonly title: string;
    readonly alarms: readonly string[];
    readonly sortBy: "stateUpdatedTimestamp";
  };
}
export type Widget = MetricWidget | AlarmWidget;

export interface DashboardBody {
  /** Relative ISO-8601 start: enough runs to see a trend at any schedule. */
  readonly start: string;
  /** Keep each graph's own period, or 3-hourly points vanish in a short auto period. */
  readonly periodOverride: "inherit";
  readonly widgets: readonly Widget[];
}

const GRID_WIDTH = 24;
const DEFAULT_SOURCE_PERIOD_SECONDS = 300;
const DAY_SECONDS = 86_400;
const WIDGET = { width: 12, height: 6 } as const;
const RUNS_SHOWN = 8;

type Unplaced = Omit<MetricWidget, keyof Placement>;
type MetricFactory = (
  title: string,
  period: number,
  stat: "Sum" | "Maximum",
  rows: MetricRow[],
) => Unplaced;

/**
 * A SEARCH over one dimension set: series for instances or services that appear after the
 * deployment show up with no change to the dashboard.
 */
function searchExpression(
  dimensions: readonly string[],
  metricName: string,
  stat: Stat,
  filters: Readonly<Record<string, string>> = {},
  namespace: string = METRICS_NAMESPACE,
): string {
  const schema = [namespace, ...dimensions].map((s) => `"${s}"`).join(",");
  const terms = [`MetricName="${metricName}"`]
    .concat(Object.entries(filters).map(([k, v]) => `${k}="${v}"`))
    .join(" ");
  return `SEARCH('{${schema}} ${terms}', '${stat}')`;
}

/** A graph with no place yet, in the input's region. */
const metricFactory =
  (region: string): MetricFactory =>
  (title, period, stat, metrics) => ({
    type: "metric",
    properties: { title, region, view: "timeSeries", stacked: false, period, stat, metrics },
  });

/** The worst services' error rates, found by a SEARCH so new services show up. */
function errorRateWidget(metric: MetricFactory, input: DashboardInput): Unplaced {
  const expression = searchExpression(
    ERROR_RATE_METRIC.dimensions,
    ERROR_RATE_METRIC.name,
    "Maximum",
    { [DIMENSIONS.environment]: input.environment },
  );
  return metric("Error rate per service (%)", input.runPeriodSeconds, "Maximum", [
    [{ expression, id: "errorrate" }],
  ]);
}

/** Started, succeeded, failed and timed-out executions of a state machine. */
function executionRows(stateMachineArn: string): MetricRow[] {
  const states = AWS_METRICS.states;
  const sm = [states.stateMachineArn, stateMachineArn] as const;
  return [
    [states.namespace, states.started, ...sm, { stat: "Sum", label: "started" }],
    [states.namespace, states.succeeded, ...sm, { stat: "Sum", label: "succeeded" }],
    [states.namespace, states.failed, ...sm, { stat: "Sum", label: "failed" }],
    [states.namespace, states.timedOut, ...sm, { stat: "Sum", label: "timed out" }],
  ];
}

/** Errors, duration and throttles of the collector and the processor, a graph each. */
function lambdaWidgets(metric: MetricFactory, input: DashboardInput): Unplaced[] {
  const lambda = AWS_METRICS.lambda;
  const functions = [
    ["collector", input.collectorFunctionName],
    ["processor", input.processorFunctionName],
  ] as const;
  const rows = (metricName: string, stat: "Sum" | "Maximum") =>
    functions.map(([label, fn]) => [
      lambda.namespace,
      metricName,
      lambda.functionName,
      fn,
      { stat, label },
    ]);
  const run = input.runPeriodSeconds;
  return [
    metric("Lambda errors", run, "Sum", rows(lambda.errors, "Sum")),
    metric("Lambda duration, maximum (ms)", run, "Maximum", rows(lambda.duration, "Maximum")),
    metric("Lambda throttles", run, "Sum", rows(lambda.throttles, "Sum")),
  ];
}

/** The hot table's and its index's throttle events, and the table's consumed capacity. */
function tableWidgets(metric: MetricFactory, input: DashboardInput): Unplaced[] {
  const ddb = AWS_METRICS.dynamodb;
  const table = [ddb.tableName, input.tableName] as const;
  const index = [...table, ddb.indexName, input.tableIndexName] as const;
  const run = input.runPeriodSeconds;
  return [
    metric("DynamoDB throttle events", run, "Sum", [
      [ddb.namespace, ddb.readThrottles, ...table, { stat: "Sum", label: "table reads" }],
      [ddb.namespace, ddb.writeThrottles, ...table, { stat: "Sum", label: "table writes" }],
      [ddb.namespace, ddb.readThrottles, ...index, { stat: "Sum", label: "index reads" }],
      [ddb.namespace, ddb.writeThrottles, ...index, { stat: "Sum", label: "index writes" }],
    ]),
    metric("DynamoDB consumed capacity", run, "Sum", [
      [ddb.namespace, ddb.consumedReads, ...table, { stat: "Sum", label: "read units" }],
      [ddb.namespace, ddb.consumedWrites, ...table, { stat: "Sum", label: "write units" }],
    ]),
  ];
}

/** Messages waiting in each failure queue, the compaction's too when it is watched. */
function queueWidget(metric: MetricFactory, input: DashboardInput): Unplaced {
  const sqs = AWS_METRICS.sqs;
  const queues: [string, string][] = [
    [input.schedulerDlqName, "scheduler DLQ"],
    [input.processorFailureQueueName, "processor on-failure"],
    ...(input.compaction
      ? [[input.compaction.deadLetterQueueName, "compaction DLQ"] as [string, string]]
      : []),
  ];
  return metric(
    "Failure queue depths",
    input.queuePeriodSeconds,
    "Maximum",
    queues.map(([name, label]) => [
      sqs.namespace,
      sqs.visible,
      sqs.queueName,
      name,
      { stat: "Maximum", label },
    ]),
  );
}

/** The pipeline's own counters: the three that matter first, then the collection's. */
function pipelineWidgets(metric: MetricFactory, input: DashboardInput): Unplaced[] {
  const env = [DIMENSIONS.environment, input.environment] as const;
  const shown: string[] = [
    PIPELINE_METRICS.metricsProcessed,
    PIPELINE_METRICS.quarantinedLines,
    PIPELINE_METRICS.thresholdViolations,
  ];
  const other = Object.values(PIPELINE_METRICS).filter((m) => !shown.includes(m));
  const rows = (names: readonly string[]) =>
    names.map((m) => [METRICS_NAMESPACE, m, ...env, { stat: "Sum", label: m }] as const);
  const run = input.runPeriodSeconds;
  return [
    metric("Processed, quarantined, violations", run, "Sum", rows(shown)),
    metric("Collection", run, "Sum", rows(other)),
  ];
}

/** The alarm status across the top, then the graphs two to a row below it. */
function layOut(alarmArns: readonly string[], graphs: readonly Unplaced[]): Widget[] {
  const alarmHeight = 2 + Math.ceil(alarmArns.length / 4);
  const alarms: AlarmWidget = {
    type: "alarm",
    x: 0,
    y: 0,
    width: GRID_WIDTH,
    height: alarmHeight,
    properties: {
      title: "Alarm status",
      alarms: [...alarmArns],
      sortBy: "stateUpdatedTimestamp",
    },
  };
  const perRow = GRID_WIDTH / WIDGET.width;
  const placed = graphs.map((w, i): MetricWidget => ({
    ...w,
    x: (i % perRow) * WIDGET.width,
    y: alarmHeight + Math.floor(i / perRow) * WIDGET.height,
    ...WIDGET,
  }));
  return [alarms, ...placed];
}

/** The dashboard's body, as CloudWatch's dashboard body structure defines it. */
export function buildDashboardBody(input: DashboardInput): DashboardBody {
  const metric = metricFactory(input.region);
  const run = input.runPeriodSeconds;
  const graphs: Unplaced[] = [
    ...(input.hostSeries === "cloudwatch"
      ? sourceHostWidgets(metric, input.sourcePeriodSeconds ?? DEFAULT_SOURCE_PERIOD_SECONDS)
      : hostWidgets(metric, run)),
    errorRateWidget(metric, input),
    metric(
      `Executions of ${input.stateMachineName}`,
      run,
      "Sum",
      executionRows(input.stateMachineArn),
    ),
    ...lambdaWidgets(metric, input),
    ...tableWidgets(metric, input),
    queueWidget(metric, input),
    ...(input.compaction ? [compactionWidget(metric, input.compaction.stateMachineArn)] : []),
    ...pipelineWidgets(metric, input),
  ];
  return {
    start: `-PT${Math.max(24, Math.ceil((RUNS_SHOWN * run) / 3600))}H`,
    periodOverride: "inherit",
    widgets: layOut(input.alarmArns, graphs),
  };
}

const HOST_TITLES: Readonly<Record<MetricType, string>> = {
  cpu: "CPU",
  memory: "Memory",
  disk: "Disk",
  network: "Network",
};

const hostTitle = (m: { metricType: MetricType; unit: string }) =>
  `${HOST_TITLES[m.metricType]} (${m.unit === "Percent" ? "%" : "bytes"})`;

/** Groups by metric type and unit (percent and bytes apart), in the given order. */
function byTitle<T extends { metricType: MetricType; unit: string }>(metrics: readonly T[]) {
  const groups = new Map<string, T[]>();
  for (const m of metrics) groups.set(hostTitle(m), [...(groups.get(hostTitle(m)) ?? []), m]);
  return [...groups];
}

/** Per-instance host graphs of the pipeline's own copies (host and synthetic sources). */
function hostWidgets(metric: MetricFactory, period: number): Unplaced[] {
  return byTitle(HOST_METRICS).map(([title, metrics]) =>
    metric(
      `${title} per instance`,
      period,
      "Maximum",
      metrics.map((m, i) => [
        {
          expression: searchExpression([DIMENSIONS.instance], m.name, "Maximum"),
          id: `${m.metricType}${i}`,
        },
      ]),
    ),
  );
}

/**
 * Per-instance host graphs of the cloudwatch source: the AWS/EC2 and CWAgent series it reads,
 * with the dimension and statistic it reads them with.
 */
function sourceHostWidgets(metric: MetricFactory, period: number): Unplaced[] {
  return byTitle(CLOUDWATCH_METRICS).map(([title, metrics]) =>
    metric(
      `${title} per instance`,
      period,
      "Maximum",
      metrics.map((m, i) => [
        {
          expression: searchExpression([DIMENSIONS.instance], m.awsName, m.stat, {}, m.namespace),
          id: `${m.metricType}${i}`,
        },
      ]),
    ),
  );
}

/** The daily compaction's executions, one point a day. */
function compactionWidget(metric: MetricFactory, stateMachineArn: string): Unplaced {
  return metric(
    "Compaction executions (daily)",
    DAY_SECONDS,
    "Sum",
    executionRows(stateMachineArn),
  );
}
