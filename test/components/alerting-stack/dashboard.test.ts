import { expect } from "chai";
import {
  buildDashboardBody,
  type DashboardInput,
  type MetricWidget,
  type Widget,
} from "../../../components/alerting-stack/dashboard";

/**
 * What the handlers emit, written out as docs/handlers.md names it (not read from
 * emitted-metrics.ts, which the dashboard itself is built from).
 */
const NAMESPACE = "InfraMonitoring";
const HOST_METRIC_NAMES = [
  "cpu_utilization",
  "memory_utilization",
  "disk_utilization",
  "disk_read_bytes",
  "disk_write_bytes",
  "network_in",
  "network_out",
];
/** Each host value per instance and per environment. */
const HOST_DIMENSION_SETS = [["InstanceId"], ["Environment"]];
const PIPELINE_COUNTERS = [
  "CollectionErrors",
  "EmptyTargetSets",
  "FilesProcessed",
  "InstancesWithoutData",
  "MetricsCoerced",
  "MetricsFailed",
  "MetricsProcessed",
  "QuarantinedLines",
  "RecordsCollected",
  "ThresholdViolations",
];
/** ErrorRate per service, and once more per environment alone. */
const ERROR_RATE_DIMENSION_SETS = [["Environment", "Service"], ["Environment"]];

const INPUT: DashboardInput = {
  region: "eu-west-1",
  environment: "dev",
  runPeriodSeconds: 10_800,
  queuePeriodSeconds: 300,
  hostSeries: "pipeline",
  collectorFunctionName: "collector-fn",
  processorFunctionName: "processor-fn",
  stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline",
  stateMachineName: "pipeline",
  tableName: "hot-table",
  tableIndexName: "by-metric-type",
  schedulerDlqName: "scheduler-dlq",
  processorFailureQueueName: "processor-failures",
  alarmArns: [
    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a",
    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:b",
  ],
};

/** A metric a widget shows: namespace, name, and its dimensions (values only when fixed). */
interface ShownMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string | undefined>;
}

const SEARCH = /^SEARCH\('\{([^}]+)\} MetricName="([^"]+)"((?: \w+="[^"]*")*)', '(\w+)'\)$/;

/** Reads the widget's rows: plain metric rows, and SEARCH expressions over one dimension set. */
function shownMetrics(widget: MetricWidget): ShownMetric[] {
  return widget.properties.metrics.map((row) => {
    const first = row[0];
    if (typeof first === "object" && "expression" in first) {
      const m = SEARCH.exec(first.expression);
      if (!m) throw new Error(`unparsed expression ${first.expression}`);
      const [namespace = "", ...dims] = (m[1] ?? "").split(",").map((s) => s.replace(/"/g, ""));
      const filters = Object.fromEntries(
        [...(m[3] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((f) => [f[1], f[2]]),
      );
      return {
        namespace,
        name: m[2] ?? "",
        dimensions: Object.fromEntries(dims.map((d) => [d, filters[d] as string | undefined])),
      };
    }
    const parts = row.filter((p): p is string => typeof p === "string");
    const [namespace = "", name = "", ...pairs] = parts;
    const dimensions: Record<string, string> = {};
    for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i] ?? ""] = pairs[i + 1] ?? "";
    return { namespace, name, dimensions };
  });
}

/**
 * What the stack's resources emit: the handlers' metrics (emitted-metrics.ts) and the AWS
 * metrics of the given resources, as each service documents them.
 */
function emitted(input: DashboardInput): ((m: ShownMetric) => boolean)[] {
  const sameKeys = (m: ShownMetric, keys: readonly string[]) =>
    Object.keys(m.dimensions).sort().join() === [...keys].sort().join();
  const custom =
    (names: readonly string[], sets: readonly (readonly string[])[]) => (m: ShownMetric) =>
      m.namespace === NAMESPACE &&
      names.includes(m.name) &&
      sets.some((set) => sameKeys(m, set)) &&
      [undefined, input.environment].includes(m.dimensions.Environment);
  const aws =
    (namespace: string, names: string[], dims: Record<string, string>) => (m: ShownMetric) =>
      m.namespace === namespace &&
      names.includes(m.name) &&
      sameKeys(m, Object.keys(dims)) &&
      Object.entries(dims).every(([k, v]) => m.dimensions[k] === v);
  const lambda = ["Invocations", "Errors", "Duration", "Throttles", "ConcurrentExecutions"];
  const states = [
    "ExecutionsStarted",
    "ExecutionsSucceeded",
    "ExecutionsFailed",
    "ExecutionsTimedOut",
    "ExecutionsAborted",
    "ExecutionTime",
  ];
  const dynamo = [
    "ReadThrottleEvents",
    "WriteThrottleEvents",
    "ConsumedReadCapacityUnits",
    "ConsumedWriteCapacityUnits",
  ];
  const sqs = ["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"];
  return [
    custom(HOST_METRIC_NAMES, HOST_DIMENSION_SETS),
    custom(PIPELINE_COUNTERS, [["Environment"]]),
    custom(["ErrorRate"], ERROR_RATE_DIMENSION_SETS),
    aws("AWS/Lambda", lambda, { FunctionName: input.collectorFunctionName }),
    aws("AWS/Lambda", lambda, { FunctionName: input.processorFunctionName }),
    aws("AWS/States", states, { StateMachineArn: input.stateMachineArn }),
    aws("AWS/DynamoDB", dynamo, { TableName: input.tableName }),
    aws("AWS/DynamoDB", dynamo, {
      TableName: input.tableName,
      GlobalSecondaryIndexName: input.tableIndexName,
    }),
    aws("AWS/SQS", sqs, { QueueName: input.schedulerDlqName }),
    aws("AWS/SQS", sqs, { QueueName: input.processorFailureQueueName }),
  ];
}

const metricWidgets = (widgets: readonly Widget[]) =>
  widgets.filter((w): w is MetricWidget => w.type === "metric");
const allShown = (widgets: readonly Widget[]) => metricWidgets(widgets).flatMap(shownMetrics);
const titled = (widgets: readonly Widget[], title: string) => {
  const found = metricWidgets(widgets).find((w) => w.properties.title === title);
  if (!found) throw new Error(`no widget titled ${title}`);
  return shownMetrics(found);
};

describe("AlertingStack dashboard body", () => {
  const body = buildDashboardBody(INPUT);

  it("every widget's metric is one some resource of the stack emits", () => {
    const sources = emitted(INPUT);
    const shown = allShown(body.widgets);
    expect(shown.length).to.be.greaterThan(20);
    for (const m of shown) {
      expect(
        sources.some((emits) => emits(m)),
        JSON.stringify(m),
      ).to.equal(true);
    }
  });

  it("the emitted-metric check rejects a metric nothing emits", () => {
    const sources = emitted(INPUT);
    const stray: ShownMetric[] = [
      {
        namespace: NAMESPACE,
        name: "cpu_utilisation",
        dimensions: { InstanceId: undefined },
      },
      { namespace: "AWS/Lambda", name: "Errors", dimensions: { FunctionName: "someone-else" } },
      {
        namespace: NAMESPACE,
        name: "QuarantinedLines",
        dimensions: { Environment: "prod" },
      },
    ];
    for (const m of stray)
      expect(
        sources.some((emits) => emits(m)),
        m.name,
      ).to.equal(false);
  });

  it("shows every host metric per instance, by a SEARCH over the InstanceId dimension set", () => {
    const perInstance = allShown(body.widgets).filter((m) => "InstanceId" in m.dimensions);
    expect(perInstance.map((m) => m.name).sort()).to.deep.equal([...HOST_METRIC_NAMES].sort());
    expect(titled(body.widgets, "CPU (%) per instance").map((m) => m.name)).to.deep.equal([
      "cpu_utilization",
    ]);
    expect(titled(body.widgets, "Network (bytes) per instance").map((m) => m.name)).to.deep.equal([
      "network_in",
      "network_out",
    ]);
  });

  it("shows executions started, succeeded and failed for the state machine", () => {
    const names = titled(body.widgets, "Executions of pipeline").map((m) => m.name);
    expect(names).to.include.members([
      "ExecutionsStarted",
      "ExecutionsSucceeded",
      "ExecutionsFailed",
    ]);
  });

  it("shows Lambda errors, duration and throttles of both functions", () => {
    for (const [title, metric] of [
      ["Lambda errors", "Errors"],
      ["Lambda duration, maximum (ms)", "Duration"],
      ["Lambda throttles", "Throttles"],
    ] as const) {
      expect(titled(body.widgets, title)).to.deep.equal([
        { namespace: "AWS/Lambda", name: metric, dimensions: { FunctionName: "collector-fn" } },
        { namespace: "AWS/Lambda", name: metric, dimensions: { FunctionName: "processor-fn" } },
      ]);
    }
  });

  it("shows DynamoDB throttles for the table and its index, and consumed capacity", () => {
    const throttles = titled(body.widgets, "DynamoDB throttle events");
    expect(
      throttles.filter((m) => m.dimensions.GlobalSecondaryIndexName === "by-metric-type"),
    ).to.have.length(2);
    expect(throttles.filter((m) => !("GlobalSecondaryIndexName" in m.dimensions))).to.have.length(
      2,
    );
    expect(titled(body.widgets, "DynamoDB consumed capacity").map((m) => m.name)).to.deep.equal([
      "ConsumedReadCapacityUnits",
      "ConsumedWriteCapacityUnits",
    ]);
  });

  it("shows both failure queues' depth at the queue period", () => {
    const widget = metricWidgets(body.widgets).find(
      (w) => w.properties.title === "Failure queue depths",
    );
    expect(widget?.properties.period).to.equal(300);
    expect(shownMetrics(widget as MetricWidget).map((m) => m.dimensions.QueueName)).to.deep.equal([
      "scheduler-dlq",
      "processor-failures",
    ]);
  });

  it("shows processed, quarantined and violations, and every other pipeline counter", () => {
    expect(
      titled(body.widgets, "Processed, quarantined, violations").map((m) => m.name),
    ).to.deep.equal(["MetricsProcessed", "QuarantinedLines", "ThresholdViolations"]);
    const pipeline = allShown(body.widgets).filter(
      (m) =>
        m.namespace === NAMESPACE &&
        m.dimensions.Environment === "dev" &&
        !("Service" in m.dimensions),
    );
    expect(pipeline.map((m) => m.name).sort()).to.deep.equal(PIPELINE_COUNTERS);
  });

  it("shows the error rate per service of this environment only", () => {
    expect(titled(body.widgets, "Error rate per service (%)")).to.deep.equal([
      {
        namespace: NAMESPACE,
        name: "ErrorRate",
        dimensions: { Environment: "dev", Service: undefined },
      },
    ]);
  });

  it("opens with an alarm-status widget listing the given alarms", () => {
    const [first] = body.widgets;
    expect(first?.type).to.equal("alarm");
    expect(first?.properties).to.deep.include({ alarms: INPUT.alarmArns });
  });

  it("keeps each graph's period (the run interval) so sparse points stay visible", () => {
    expect(body.periodOverride).to.equal("inherit");
    const periods = metricWidgets(body.widgets)
      .filter((w) => w.properties.title !== "Failure queue depths")
      .map((w) => w.properties.period);
    expect(new Set(periods)).to.deep.equal(new Set([10_800]));
    expect(body.start).to.equal("-PT24H");
    expect(buildDashboardBody({ ...INPUT, runPeriodSeconds: 86_400 }).start).to.equal("-PT192H");
  });

  it("lays widgets on the 24-column grid without overlap", () => {
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width).to.be.at.most(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell), `overlap at ${cell}`).to.equal(false);
          cells.add(cell);
        }
      }
    }
  });

  it("serializes to JSON within CloudWatch's 1 MB dashboard body limit", () => {
    const json = JSON.stringify(body);
    expect(JSON.parse(json)).to.deep.equal(body);
    expect(json.length).to.be.below(1_000_000);
  });
});
