import { PRICES, type Price } from "./prices";
import { scheduleIntervalSeconds } from "./schedule";

/** What the stack's config decides. */
export interface CostFacts {
  readonly schedule: string;
  readonly workflowType: "STANDARD" | "EXPRESS";
  readonly instances: number;
  readonly lake: {
    readonly infrequentAccessDays: number;
    readonly archiveDays?: number;
    readonly expireDays: number;
  };
  readonly hotTableDays: number;
  readonly logDays: number;
}

/** What the stack's resources decide. */
export interface CostCounts {
  /** memorySize of each Lambda function, MB. */
  readonly functionMemoryMb: readonly number[];
  readonly stateTransitionsPerRun: number;
  /** Metrics watched by metric alarms (one per plain alarm, one per metric of a math alarm). */
  readonly alarmMetrics: number;
  readonly compositeAlarms: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
  /** States of the daily compaction run (0 or absent: no compaction). */
  readonly compactionStatesPerRun?: number;
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
  /** HOST_METRICS of functions/shared/emitted-metrics.ts: records per instance per run. */
  hostMetrics: 7,
  /** Each host metric is emitted per InstanceId and once per Environment. */
  hostMetricFleetDimensionSets: 1,
  /** PIPELINE_METRICS, dimension Environment. */
  pipelineMetrics: 8,
  /** Bytes of one JSON Lines record in the lake. */
  recordBytes: 350,
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
  /** Athena queries of one compaction run: the plan (one row) and the UNLOAD of a day. */
  compactionQueries: 2,
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
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const GB = 1024 ** 3;
const IA_MIN_OBJECT_BYTES = 128 * 1024;
const GLACIER_OVERHEAD_BYTES = 40 * 1024;

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
 * The daily compaction: its transitions, and the bytes Athena scans for it (a day of raw JSON
 * Lines, at most the workgroup's cutoff, at least 10 MB a query) at the per-TB price.
 */
function compactionLines(counts: CostCounts, rawBytesPerDay: number): CostLine[] {
  const states = counts.compactionStatesPerRun ?? 0;
  if (states === 0) return [];
  const days = WORKLOAD.daysPerMonth;
  const cap = counts.athenaCutoffBytes ?? Infinity;
  const unload = Math.max(ATHENA_MIN_BYTES, Math.min(cap, rawBytesPerDay));
  const scannedTb =
    (days * (unload + ATHENA_MIN_BYTES * (WORKLOAD.compactionQueries - 1))) / 1024 ** 4;
  return [
    cost("Step Functions transitions (compaction)", days * states, PRICES.sfnStandardTransition),
    cost("Athena scans (compaction)", scannedTb, PRICES.athenaTbScanned),
  ];
}

/** The monthly cost of one stack, line by line. Analysts' own Athena queries are not included. */
export function estimateMonthlyCost(facts: CostFacts, counts: CostCounts): CostEstimate {
  const w = WORKLOAD;
  const interval = scheduleIntervalSeconds(facts.schedule);
  const runs = (w.daysPerMonth * 86_400) / interval;
  const runsPerDay = runs / w.daysPerMonth;
  const recordsPerRun = facts.instances * w.hostMetrics;
  const invocationsPerFunction = runs * w.metricTypes;
  const invocations = invocationsPerFunction * counts.functionMemoryMb.length;
  const gbSeconds = counts.functionMemoryMb.reduce(
    (sum, mb) => sum + invocationsPerFunction * w.invocationSeconds * (mb / 1024),
    0,
  );

  const objectBytes = (recordsPerRun / w.metricTypes) * w.recordBytes;
  const objectsPerDay = runsPerDay * w.metricTypes;
  const { infrequentAccessDays: ia, archiveDays, expireDays } = facts.lake;
  const standardDays = Math.min(ia, expireDays);
  const iaDays = Math.max(0, (archiveDays ?? expireDays) - ia);
  const glacierDays = archiveDays === undefined ? 0 : Math.max(0, expireDays - archiveDays);
  const objectsPerMonth = objectsPerDay * w.daysPerMonth;

  const tableGb =
    (recordsPerRun * runsPerDay * facts.hotTableDays * w.itemBytes * w.tableCopies) / GB;
  // A custom metric is billed for each hour it receives data, so sparse schedules pay a fraction.
  const billedHourFraction = Math.min(1, 3600 / interval);
  const customMetrics =
    w.hostMetrics * (facts.instances + w.hostMetricFleetDimensionSets) + w.pipelineMetrics;
  const transitions = runs * counts.stateTransitionsPerRun;
  const logGb =
    (invocations * w.logBytesPerInvocation + transitions * w.logBytesPerTransition) / GB;
  const p = PRICES;

  const lines: CostLine[] = [
    cost("Lambda requests", invocations, p.lambdaRequest),
    cost("Lambda compute", gbSeconds, p.lambdaGbSecond),
    facts.workflowType === "STANDARD"
      ? cost("Step Functions transitions", transitions, p.sfnStandardTransition)
      : {
          item: "Step Functions Express",
          usd:
            runs * p.sfnExpressRequest.usd +
            runs * w.expressRunSeconds * w.expressMemoryGb * p.sfnExpressGbSecond.usd,
          basis: `${fmt(runs)} requests + ${fmt(runs * w.expressRunSeconds * w.expressMemoryGb)} GB-seconds`,
        },
    cost("EventBridge Scheduler", runs, p.schedulerInvocation),
    cost(
      "S3 Standard storage",
      (objectsPerDay * standardDays * objectBytes) / GB,
      p.s3StandardGbMonth,
    ),
    cost(
      "S3 Standard-IA storage",
      (objectsPerDay * iaDays * Math.max(objectBytes, IA_MIN_OBJECT_BYTES)) / GB,
      p.s3InfrequentGbMonth,
    ),
    cost(
      "S3 Glacier storage",
      (objectsPerDay * glacierDays * (objectBytes + GLACIER_OVERHEAD_BYTES)) / GB,
      p.s3GlacierGbMonth,
    ),
    cost("S3 PUT (lake writes)", objectsPerMonth, p.s3Put),
    cost("S3 GET (processor reads)", objectsPerMonth, p.s3Get),
    cost(
      "S3 lifecycle transitions",
      objectsPerMonth,
      archiveDays === undefined
        ? p.s3TransitionIa
        : {
            ...p.s3TransitionIa,
            usd: p.s3TransitionIa.usd + p.s3TransitionGlacier.usd,
            per: "object moved to Standard-IA, then Glacier",
          },
    ),
    cost("DynamoDB writes", runs * recordsPerRun * w.tableCopies, p.dynamoWrite),
    cost("DynamoDB storage", tableGb, p.dynamoGbMonth),
    cost("DynamoDB point-in-time recovery", tableGb, p.dynamoPitrGbMonth),
    cost(
      "CloudWatch custom metrics",
      customMetrics * billedHourFraction,
      p.cwMetricMonth,
      `${customMetrics} metrics x ${fmt(billedHourFraction)} of hours`,
    ),
    cost("CloudWatch alarms", counts.alarmMetrics, p.cwAlarmMetric),
    cost("CloudWatch composite alarms", counts.compositeAlarms, p.cwCompositeAlarm),
    cost("CloudWatch dashboards", counts.dashboards, p.cwDashboard),
    cost("CloudWatch Logs ingestion", logGb, p.logsIngestGb),
    cost("CloudWatch Logs storage", logGb * (facts.logDays / w.daysPerMonth), p.logsStoreGbMonth),
    cost("KMS keys", counts.kmsKeys, p.kmsKeyMonth),
    cost("X-Ray traces", runs + invocationsPerFunction, p.xrayTrace),
  ];
  lines.push(...compactionLines(counts, recordsPerRun * runsPerDay * w.recordBytes));
  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  return { runsPerMonth: runs, lines, totalUsd };
}
