import {
  DIMENSIONS,
  ERROR_RATE_METRIC,
  HOST_METRICS,
  METRICS_NAMESPACE,
  PIPELINE_METRICS,
} from "../../functions/shared/emitted-metrics";
import type { MetricType } from "../../functions/shared/metric-types";
import { CLOUDWATCH_METRICS } from "../../functions/data-collector/sources/cloudwatch-metrics";
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

/** The dashboard's body, as CloudWatch's dashboard body structure defines it. */
export function buildDashboardBody(input: DashboardInput): DashboardBody {
  const metric = (
    title: string,
    period: number,
    stat: "Sum" | "Maximum",
    metrics: MetricRow[],
  ): Unplaced => ({
    type: "metric",
    properties: {
      title,
      region: input.region,
      view: "timeSeries",
      stacked: false,
      period,
      stat,
      metrics,
    },
  });
  const run = input.runPeriodSeconds;
  const env = [DIMENSIONS.environment, input.environment] as const;
  const { lambda, states, dynamodb: ddb, sqs } = AWS_METRICS;
  const functions = [
    ["collector", input.collectorFunctionName],
    ["processor", input.processorFunctionName],
  ] as const;
  const lambdaRows = (metricName: string, stat: "Sum" | "Maximum") =>
    functions.map(([label, fn]) => [
      lambda.namespace,
      metricName,
      lambda.functionName,
      fn,
      { stat, label },
    ]);
  const table = [ddb.tableName, input.tableName] as const;
  const index = [...table, ddb.indexName, input.tableIndexName] as const;
  const sm = [states.stateMachineArn, input.stateMachineArn] as const;
  const shownPipeline: string[] = [
    PIPELINE_METRICS.metricsProcessed,
    PIPELINE_METRICS.quarantinedLines,
    PIPELINE_METRICS.thresholdViolations,
  ];
  const otherPipeline = Object.values(PIPELINE_METRICS).filter((m) => !shownPipeline.includes(m));
  const pipelineRows = (names: readonly string[]) =>
    names.map((m) => [METRICS_NAMESPACE, m, ...env, { stat: "Sum", label: m }] as const);

  const metricWidgets: Unplaced[] = [
    ...(input.hostSeries === "cloudwatch"
      ? sourceHostWidgets(metric, input.sourcePeriodSeconds ?? DEFAULT_SOURCE_PERIOD_SECONDS)
      : hostWidgets(metric, run)),
    metric("Error rate per service (%)", run, "Maximum", [
      [
        {
          expression: searchExpression(
            ERROR_RATE_METRIC.dimensions,
            ERROR_RATE_METRIC.name,
            "Maximum",
            {
              [DIMENSIONS.environment]: input.environment,
            },
          ),
          id: "errorrate",
        },
      ],
    ]),
    metric(`Executions of ${input.stateMachineName}`, run, "Sum", [
      [states.namespace, states.started, ...sm, { stat: "Sum", label: "started" }],
      [states.namespace, states.succeeded, ...sm, { stat: "Sum", label: "succeeded" }],
      [states.namespace, states.failed, ...sm, { stat: "Sum", label: "failed" }],
      [states.namespace, states.timedOut, ...sm, { stat: "Sum", label: "timed out" }],
    ]),
    metric("Lambda errors", run, "Sum", lambdaRows(lambda.errors, "Sum")),
    metric("Lambda duration, maximum (ms)", run, "Maximum", lambdaRows(lambda.duration, "Maximum")),
    metric("Lambda throttles", run, "Sum", lambdaRows(lambda.throttles, "Sum")),
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
    metric("Failure queue depths", input.queuePeriodSeconds, "Maximum", [
      [
        sqs.namespace,
        sqs.visible,
        sqs.queueName,
        input.schedulerDlqName,
        { stat: "Maximum", label: "scheduler DLQ" },
      ],
      [
        sqs.namespace,
        sqs.visible,
        sqs.queueName,
        input.processorFailureQueueName,
        { stat: "Maximum", label: "processor on-failure" },
      ],
      ...(input.compaction
        ? [
            [
              sqs.namespace,
              sqs.visible,
              sqs.queueName,
              input.compaction.deadLetterQueueName,
              { stat: "Maximum", label: "compaction DLQ" },
            ] as MetricRow,
          ]
        : []),
    ]),
    ...(input.compaction ? [compactionWidget(metric, input.compaction.stateMachineArn)] : []),
    metric("Processed, quarantined, violations", run, "Sum", pipelineRows(shownPipeline)),
    metric("Collection", run, "Sum", pipelineRows(otherPipeline)),
  ];

  const alarmHeight = 2 + Math.ceil(input.alarmArns.length / 4);
  const alarms: AlarmWidget = {
    type: "alarm",
    x: 0,
    y: 0,
    width: GRID_WIDTH,
    height: alarmHeight,
    properties: {
      title: "Alarm status",
      alarms: [...input.alarmArns],
      sortBy: "stateUpdatedTimestamp",
    },
  };
  const perRow = GRID_WIDTH / WIDGET.width;
  const placed = metricWidgets.map((w, i): MetricWidget => ({
    ...w,
    x: (i % perRow) * WIDGET.width,
    y: alarmHeight + Math.floor(i / perRow) * WIDGET.height,
    ...WIDGET,
  }));
  return {
    start: `-PT${Math.max(24, Math.ceil((RUNS_SHOWN * run) / 3600))}H`,
    periodOverride: "inherit",
    widgets: [alarms, ...placed],
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
  const states = AWS_METRICS.states;
  const sm = [states.stateMachineArn, stateMachineArn] as const;
  return metric("Compaction executions (daily)", DAY_SECONDS, "Sum", [
    [states.namespace, states.started, ...sm, { stat: "Sum", label: "started" }],
    [states.namespace, states.succeeded, ...sm, { stat: "Sum", label: "succeeded" }],
    [states.namespace, states.failed, ...sm, { stat: "Sum", label: "failed" }],
    [states.namespace, states.timedOut, ...sm, { stat: "Sum", label: "timed out" }],
  ]);
}
