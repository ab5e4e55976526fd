import { LAKE_RECORD_BYTES } from "./athena-scans";
import { lakeStorageLines, type LakeTiers } from "./lake-storage";
import { PRICES, type Price } from "./prices";
import { scheduleIntervalSeconds } from "./schedule";

/** What the stack's config decides. */
export interface CostFacts {
  readonly schedule: string;
  /**
   * The longest gap between runs as the program computed it (the collector's
   * COLLECTION_INTERVAL_SECONDS); without it, derived from a rate() schedule, a day for cron().
   */
  readonly intervalSeconds?: number;
  readonly workflowType: "STANDARD" | "EXPRESS";
  readonly instances: number;
  readonly lake: LakeTiers;
  readonly hotTableDays: number;
  readonly logDays: number;
  /** cloudwatch reads stored history (every datapoint of a window); host and synthetic one value a run. @default "cloudwatch" */
  readonly metricSource?: "cloudwatch" | "synthetic" | "host";
  /** The cloudwatch source's datapoint period in seconds. @default 300 */
  readonly periodSeconds?: number;
  /** How far behind its scheduled time a window ends. @default 600 */
  readonly lagSeconds?: number;
  /** Instances per shard of a run's fan-out. @default 100 */
  readonly shardSize?: number;
  /** Metrics per instance the processor's anomaly detection follows (ANOMALY_DETECTION). @default 0 (off) */
  readonly anomalyMetrics?: number;
}

/** What the stack's resources decide. */
export interface CostCounts {
  /** memorySize of each Lambda function, MB. */
  readonly functionMemoryMb: readonly number[];
  /** States entered by one run outside the Map states' iterations. */
  readonly stateTransitionsPerRun: number;
  /** States entered per shard, over every Map state (one iteration per metric type). @default 0 */
  readonly stateTransitionsPerShard?: number;
  /**
   * Metrics the Metrics Insights query alarms (fast alerts) query, each once however many
   * alarms split its instances: each analyzes one metric per instance. @default 0
   */
  readonly insightsAlarms?: number;
  /** E-mail subscriptions of the alert topic. @default 0 */
  readonly emailSubscriptions?: number;
  /** The state machine notifies every run, not only failed ones. @default false */
  readonly notifiesEveryRun?: boolean;
  /** Metrics watched by metric alarms (one per plain alarm, one per metric of a math alarm). */
  readonly alarmMetrics: number;
  readonly compositeAlarms: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
  /** States of the daily compaction run outside its Map of days (0 or absent: no compaction). */
  readonly compactionStatesPerRun?: number;
  /** States of one day of the compaction's Map, every one counted (so it errs high). @default 0 */
  readonly compactionStatesPerDay?: number;
  /** Closed days each compaction run checks (its catch-up window). @default 1 */
  readonly compactionCatchUpDays?: number;
  /** Keys one listing of the compaction returns at most (its MaxKeys). @default 1000 */
  readonly compactionListKeys?: number;
  /** The workgroup's per-query scan cutoff, bytes. @default no cutoff */
  readonly athenaCutoffBytes?: number;
}

/**
 * Workload figures the price depends on but no setting states: measured or reasoned, kept
 * here so the estimate can be re-derived and questioned.
 */
export const WORKLOAD = Object.freeze({
  daysPerMonth: 30,
  /** cpu, memory, disk, network: one collector invocation and one lake object each per run. */
  metricTypes: 4,
  /** HOST_METRICS of contract/emitted-metrics.ts: records per instance per run. */
  hostMetrics: 7,
  /** Each host metric is emitted per InstanceId and once per Environment (host and synthetic sources). */
  hostMetricFleetDimensionSets: 1,
  /** PIPELINE_METRICS, dimension Environment. */
  pipelineMetrics: 10,
  /** Bytes of one EMF document: a host document per instance and type, the counters per invocation. */
  emfDocumentBytes: 600,
  /** Object-ledger writes per object: the claim, the counters' mark and the completion (an alert's mark is rare). */
  idempotencyWritesPerObject: 3,
  /** Objects delivered twice (S3 delivers at least once): the ledger reads the record. */
  duplicateObjectShare: 0.01,
  /** Objects with a bad line, whose quarantine file is one more PUT. */
  quarantinedObjectShare: 0.01,
  /** Alarm notifications per instance a month (an ALARM and its OK), fast alerts or the processor's. */
  alertsPerInstanceMonth: 2,
  /** Runs that fail and notify. */
  failedRunShare: 0.01,
  /** Bytes of one JSON Lines record in the lake: measured, the same figure the scan model uses. */
  recordBytes: LAKE_RECORD_BYTES.raw,
  /** Bytes of one hot-table item, stored again in the GSI (projection ALL). */
  itemBytes: 400,
  tableCopies: 2,
  /** Average billed duration of one invocation (CloudWatch API calls dominate). */
  invocationSeconds: 2,
  /** Express: billed duration of one run, in 64 MB units. */
  expressRunSeconds: 10,
  expressMemoryGb: 64 / 1024,
  logBytesPerInvocation: 4096,
  /** State machine logs at level ALL with execution data. */
  logBytesPerTransition: 1024,
  /** Athena queries of one compaction run: the plan (a row a day) and the UNLOAD of yesterday. */
  compactionQueries: 2,
  /**
   * Listings of one compacted day besides counting its raw objects: its curated prefix before
   * and after emptying it. Each checked day adds one marker listing and its raw pages.
   */
  compactionListsPerCompactedDay: 2,
  /** States entered again for each further page of a day's raw objects: list, tally, test. */
  compactionStatesPerExtraPage: 3,
});

/** Athena bills at least 10 MB per query. */
const ATHENA_MIN_BYTES = 10 * 1024 ** 2;

export interface CostLine {
  readonly item: string;
  readonly usd: number;
  readonly basis: string;
}

export interface CostEstimate {
  readonly runsPerMonth: number;
  /** Records one run collects (every datapoint of the window for the cloudwatch source). */
  readonly recordsPerRun: number;
  /** Shards one run fans out to. */
  readonly shards: number;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const GB = 1024 ** 3;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 3 : 1));
/** "$0.023 per GB-month", or "$0.2 per 1M request" for prices of a fraction of a cent. */
export function formatPrice(price: Price): string {
  const tiny = price.usd < 0.001;
  const amount = Number((tiny ? price.usd * 1e6 : price.usd).toPrecision(6));
  return `$${amount} per ${tiny ? "1M " : ""}${price.per}`;
}
const cost = (item: string, quantity: number, price: Price, basis?: string): CostLine => ({
  item,
  usd: quantity * price.usd,
  basis: `${basis ?? fmt(quantity)} x ${formatPrice(price)}`,
});

/**
 * The daily compaction in the steady state (yesterday compacted, the other days of the window
 * checked and up to date): its transitions, the S3 listings that check each day (a marker
 * listing and the raw objects a page at a time), the marker PUT, and the bytes Athena scans
 * (a day of raw JSON Lines, at most the workgroup's cutoff, at least 10 MB a query). Days the
 * catch-up heals are exceptions: each costs one more UNLOAD of its day.
 */
function compactionLines(counts: CostCounts, rawBytesPerDay: number, rawObjectsPerDay: number) {
  const states = counts.compactionStatesPerRun ?? 0;
  if (states === 0) return [];
  const days = WORKLOAD.daysPerMonth;
  const checked = counts.compactionCatchUpDays ?? 1;
  const pages = Math.max(1, Math.ceil(rawObjectsPerDay / (counts.compactionListKeys ?? 1000)));
  const lists = checked * (1 + pages) + WORKLOAD.compactionListsPerCompactedDay;
  const perDay =
    (counts.compactionStatesPerDay ?? 0) + (pages - 1) * WORKLOAD.compactionStatesPerExtraPage;
  const transitions = states + checked * perDay;
  const cap = counts.athenaCutoffBytes ?? Infinity;
  const unload = Math.max(ATHENA_MIN_BYTES, Math.min(cap, rawBytesPerDay));
  const scannedTb =
    (days * (unload + ATHENA_MIN_BYTES * (WORKLOAD.compactionQueries - 1))) / 1024 ** 4;
  return [
    cost(
      "Step Functions transitions (compaction)",
      days * transitions,
      PRICES.sfnStandardTransition,
      `${days} runs x (${states} + ${checked} days x ${fmt(perDay)}) states`,
    ),
    cost(
      "S3 LIST (compaction checks)",
      days * lists,
      PRICES.s3List,
      `${days} runs x (${checked} days x (1 marker + ${pages} raw pages) + ${WORKLOAD.compactionListsPerCompactedDay})`,
    ),
    cost("S3 PUT (compaction markers)", days, PRICES.s3Put),
    cost("Athena scans (compaction)", scannedTb, PRICES.athenaTbScanned),
  ];
}

/** What one stack does in a month, from which every line item is priced. */
interface Volumes {
  readonly facts: CostFacts;
  readonly counts: CostCounts;
  readonly w: typeof WORKLOAD;
  readonly runs: number;
  readonly windowed: boolean;
  readonly shards: number;
  readonly recordsPerRun: number;
  readonly collectorInvocations: number;
  readonly invocations: number;
  readonly gbSeconds: number;
  readonly objectsPerDay: number;
  readonly rawBytesPerDay: number;
  readonly objectsPerMonth: number;
  readonly tableGb: number;
  readonly billedHourFraction: number;
  readonly customMetrics: number;
  readonly transitions: number;
  readonly logGb: number;
  readonly insightsMetrics: number;
  readonly publishes: number;
  /** Detector state items read and written: each series once per object that carries it. */
  readonly anomalyStateUpdates: number;
}

function monthlyVolumes(facts: CostFacts, counts: CostCounts): Volumes {
  const w = WORKLOAD;
  const interval = facts.intervalSeconds ?? scheduleIntervalSeconds(facts.schedule);
  const runs = (w.daysPerMonth * 86_400) / interval;
  const runsPerDay = runs / w.daysPerMonth;
  const windowed = (facts.metricSource ?? "cloudwatch") === "cloudwatch";
  const period = facts.periodSeconds ?? 300;
  const lag = facts.lagSeconds ?? 600;
  const shards = Math.max(1, Math.ceil(facts.instances / (facts.shardSize ?? 100)));
  // cloudwatch: every datapoint of the window; host and synthetic: one value a run.
  const datapointsPerMetric = windowed ? Math.max(1, Math.floor(interval / period)) : 1;
  const recordsPerRun = facts.instances * w.hostMetrics * datapointsPerMetric;
  // One object per type, shard and hour partition the window touches.
  const hours = windowed ? Math.ceil(interval / 3600) + (lag % 3600 === 0 ? 0 : 1) : 1;
  const objectsPerRun = w.metricTypes * shards * Math.max(1, hours);
  const collectorInvocations = runs * (1 + w.metricTypes * shards);
  const processorInvocations = runs * objectsPerRun;
  const invocations = collectorInvocations + processorInvocations;
  const memory = counts.functionMemoryMb;
  const meanGb = memory.length === 0 ? 0 : memory.reduce((a, b) => a + b, 0) / memory.length / 1024;
  const gbSeconds = invocations * w.invocationSeconds * meanGb;

  const objectsPerDay = runsPerDay * objectsPerRun;
  const rawBytesPerDay = recordsPerRun * runsPerDay * w.recordBytes;
  const objectsPerMonth = objectsPerDay * w.daysPerMonth;

  const tableGb =
    (recordsPerRun * runsPerDay * facts.hotTableDays * w.itemBytes * w.tableCopies) / GB;
  // A custom metric is billed for each hour it receives data, so sparse schedules pay a fraction.
  const billedHourFraction = Math.min(1, 3600 / interval);
  // The cloudwatch source publishes no copy of values CloudWatch already holds.
  const hostMetrics = windowed
    ? 0
    : w.hostMetrics * (facts.instances + w.hostMetricFleetDimensionSets);
  const customMetrics = hostMetrics + w.pipelineMetrics;
  const transitions =
    runs * (counts.stateTransitionsPerRun + shards * (counts.stateTransitionsPerShard ?? 0));
  const emfDocuments = (windowed ? 0 : runs * facts.instances * w.metricTypes) + invocations;
  const logGb =
    (invocations * w.logBytesPerInvocation +
      emfDocuments * w.emfDocumentBytes +
      transitions * w.logBytesPerTransition) /
    GB;
  const insightsMetrics = (counts.insightsAlarms ?? 0) * facts.instances;
  const alerts = facts.instances * w.alertsPerInstanceMonth;
  const runNotices = runs * (counts.notifiesEveryRun ? 1 : w.failedRunShare);
  const publishes = alerts + runNotices;
  // A series is in one object per hour partition its run's window touches.
  const anomalyStateUpdates = facts.instances * (facts.anomalyMetrics ?? 0) * hours * runs;
  return {
    facts,
    counts,
    w,
    runs,
    windowed,
    shards,
    recordsPerRun,
    collectorInvocations,
    invocations,
    gbSeconds,
    objectsPerDay,
    rawBytesPerDay,
    objectsPerMonth,
    tableGb,
    billedHourFraction,
    customMetrics,
    transitions,
    logGb,
    insightsMetrics,
    publishes,
    anomalyStateUpdates,
  };
}

const p = PRICES;

/** One function per line item, in the order the estimate lists them. */
const LINE_ITEMS: readonly ((v: Volumes) => CostLine | CostLine[])[] = [
  (v) => cost("Lambda requests", v.invocations, p.lambdaRequest),
  (v) => cost("Lambda compute", v.gbSeconds, p.lambdaGbSecond),
  (v) =>
    v.facts.workflowType === "STANDARD"
      ? cost("Step Functions transitions (Map included)", v.transitions, p.sfnStandardTransition)
      : {
          item: "Step Functions Express",
          usd:
            v.runs * p.sfnExpressRequest.usd +
            v.runs * v.w.expressRunSeconds * v.w.expressMemoryGb * p.sfnExpressGbSecond.usd,
          basis: `${fmt(v.runs)} requests + ${fmt(v.runs * v.w.expressRunSeconds * v.w.expressMemoryGb)} GB-seconds`,
        },
  (v) => cost("EventBridge Scheduler", v.runs, p.schedulerInvocation),
  (v) =>
    cost(
      "CloudWatch GetMetricData",
      v.windowed ? v.runs * v.facts.instances * v.w.hostMetrics : 0,
      p.cwGetMetricData,
    ),
  (v) =>
    cost("Tagging API GetResources", v.windowed ? v.collectorInvocations : 0, p.taggingRequest),
  (v) =>
    lakeStorageLines(
      v.rawBytesPerDay,
      v.facts.lake,
      (v.counts.compactionStatesPerRun ?? 0) > 0,
    ).map((l) => cost(l.item, l.quantity, l.price, l.basis)),
  (v) => cost("S3 PUT (lake writes)", v.objectsPerMonth, p.s3Put),
  (v) => cost("S3 PUT (quarantine)", v.objectsPerMonth * v.w.quarantinedObjectShare, p.s3Put),
  (v) => cost("S3 GET (processor reads)", v.objectsPerMonth, p.s3Get),
  (v) =>
    cost(
      "DynamoDB writes (items, index)",
      v.runs * v.recordsPerRun * v.w.tableCopies,
      p.dynamoWrite,
    ),
  (v) =>
    cost(
      "DynamoDB writes (idempotency)",
      v.objectsPerMonth * v.w.idempotencyWritesPerObject,
      p.dynamoWrite,
    ),
  (v) =>
    cost(
      "DynamoDB reads (idempotency)",
      v.objectsPerMonth * v.w.duplicateObjectShare,
      p.dynamoRead,
    ),
  // One read and one write unit per update: the state item is about 0.8 KB.
  (v) =>
    v.anomalyStateUpdates === 0
      ? []
      : [
          cost("DynamoDB reads (anomaly state)", v.anomalyStateUpdates, p.dynamoRead),
          cost("DynamoDB writes (anomaly state)", v.anomalyStateUpdates, p.dynamoWrite),
        ],
  (v) => cost("DynamoDB storage", v.tableGb, p.dynamoGbMonth),
  (v) => cost("DynamoDB point-in-time recovery", v.tableGb, p.dynamoPitrGbMonth),
  (v) =>
    cost(
      "CloudWatch custom metrics",
      v.customMetrics * v.billedHourFraction,
      p.cwMetricMonth,
      `${v.customMetrics} metrics x ${fmt(v.billedHourFraction)} of hours`,
    ),
  (v) => cost("CloudWatch alarms", v.counts.alarmMetrics, p.cwAlarmMetric),
  (v) =>
    cost(
      "CloudWatch fast alerts (Metrics Insights)",
      v.insightsMetrics,
      p.cwInsightsAlarmMetric,
      `${v.counts.insightsAlarms ?? 0} alarms x ${v.facts.instances} instances`,
    ),
  (v) => cost("CloudWatch composite alarms", v.counts.compositeAlarms, p.cwCompositeAlarm),
  (v) => cost("CloudWatch dashboards", v.counts.dashboards, p.cwDashboard),
  (v) => cost("CloudWatch Logs ingestion (logs, EMF)", v.logGb, p.logsIngestGb),
  (v) =>
    cost(
      "CloudWatch Logs storage",
      v.logGb * (v.facts.logDays / v.w.daysPerMonth),
      p.logsStoreGbMonth,
    ),
  (v) => cost("SNS publishes", v.publishes, p.snsPublish),
  (v) =>
    cost("SNS e-mail deliveries", v.publishes * (v.counts.emailSubscriptions ?? 0), p.snsEmail),
  (v) => cost("KMS keys", v.counts.kmsKeys, p.kmsKeyMonth),
  (v) => cost("X-Ray traces", v.runs + v.invocations, p.xrayTrace),
  (v) => compactionLines(v.counts, v.rawBytesPerDay, v.objectsPerDay),
];

/** The monthly cost of one stack, line by line. Analysts' own Athena queries are not included. */
export function estimateMonthlyCost(facts: CostFacts, counts: CostCounts): CostEstimate {
  const v = monthlyVolumes(facts, counts);
  const lines = LINE_ITEMS.flatMap((item) => item(v));
  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  return {
    runsPerMonth: v.runs,
    recordsPerRun: v.recordsPerRun,
    shards: v.shards,
    lines,
    totalUsd,
  };
}
