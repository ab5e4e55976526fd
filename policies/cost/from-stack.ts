import { known, type Props } from "../rules/helpers";
import { TYPES } from "../rules/types";
import type { CostCounts, CostFacts } from "./estimate";

interface StackResourceLike {
  readonly type: string;
  readonly props: Props;
}

/**
 * Instances assumed when the collector selects them by tag: the real count is only known in
 * the account. Pass the real one as the budget policy's `instances` config.
 */
export const ASSUMED_TAGGED_INSTANCES = 10;
/** Instances the synthetic source reports when not told (contract/handler-settings.ts). */
export const DEFAULT_SYNTHETIC_INSTANCES = 3;
/** The program's defaults (config/stack-config.ts), used when the stack does not say. */
export const DEFAULT_FACTS: CostFacts = Object.freeze({
  schedule: "rate(3 hours)",
  workflowType: "STANDARD",
  instances: ASSUMED_TAGGED_INSTANCES,
  lake: Object.freeze({ infrequentAccessDays: 30, expireDays: 365 }),
  hotTableDays: 7,
  logDays: 30,
});
/** The collector's environment variables (contract/handler-settings.ts HANDLER_ENV). */
export const HANDLER_ENV_NAMES = Object.freeze({
  metricSource: "METRIC_SOURCE",
  syntheticInstances: "SYNTHETIC_INSTANCES",
  targetInstanceIds: "TARGET_INSTANCE_IDS",
  hotTableTtlDays: "HOT_TABLE_TTL_DAYS",
  collectionIntervalSeconds: "COLLECTION_INTERVAL_SECONDS",
  collectionPeriodSeconds: "COLLECTION_PERIOD_SECONDS",
  collectionLagSeconds: "COLLECTION_LAG_SECONDS",
  shardSize: "SHARD_SIZE",
  /** `<sensitivity>:<metric>,…` when the processor's anomaly detection is on. */
  anomalyDetection: "ANOMALY_DETECTION",
});
const TOPIC_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
/** The placeholder the collection's schedule fills with each run's time. */
const SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
/** When a state machine's definition is unknown (preview): plan, four branches, health check, notify. */
const DEFAULT_TRANSITIONS_PER_RUN = 24;
/** Lambda's default memory. */
const DEFAULT_MEMORY_MB = 128;

const propsOf = (resources: readonly StackResourceLike[], type: string) =>
  resources.filter((r) => r.type === type).map((r) => r.props);

/**
 * The ids of `targets.instanceIds`, which CollectorWorkflow writes to one lake object under
 * collector-config/ (contract/target-list.ts), not to the collector's environment.
 */
function listedInstances(resources: readonly StackResourceLike[]): number | undefined {
  for (const p of propsOf(resources, "aws:s3/bucketObjectv2:BucketObjectv2")) {
    const key = known(() => p.key as unknown);
    const content = known(() => p.content as unknown);
    if (typeof key !== "string" || !key.startsWith("collector-config/")) continue;
    if (typeof content !== "string") continue;
    try {
      const ids = (JSON.parse(content) as { instance_ids?: unknown }).instance_ids;
      if (Array.isArray(ids)) return ids.length;
    } catch {
      // Not the list: the assumed fleet stands.
    }
  }
  return undefined;
}

interface StateLike {
  readonly Type?: string;
  readonly Branches?: unknown[];
  readonly ItemProcessor?: unknown;
  readonly Iterator?: unknown;
}
const statesOf = (definition: unknown) =>
  Object.values(
    (definition as { States?: Record<string, unknown> } | undefined)?.States ?? {},
  ) as StateLike[];

/**
 * States one run enters, every state counted once (Choice paths not taken included, so it
 * errs high). `perShard`: Task states inside Map iterations, entered once per shard each.
 */
export function countStates(definition: unknown): { perRun: number; perShard: number } {
  let perRun = 0;
  let perShard = 0;
  for (const state of statesOf(definition)) {
    perRun += 1;
    for (const branch of state.Branches ?? []) {
      const inner = countStates(branch);
      perRun += inner.perRun;
      perShard += inner.perShard;
    }
    const items = state.ItemProcessor ?? state.Iterator;
    if (items) perShard += statesOf(items).filter((s) => s.Type === "Task").length;
  }
  return { perRun, perShard };
}

/** Step Functions' Athena integration: a state machine using it is the daily compaction. */
const ATHENA_TASK = "arn:aws:states:::athena:startQueryExecution";
const isCompaction = (p: Props) => {
  const definition = known(() => p.definition as unknown);
  return typeof definition === "string" && definition.includes(ATHENA_TASK);
};

interface CompactionShape {
  statesPerRun: number;
  statesPerDay: number;
  catchUpDays: number;
  listKeys: number;
}

/**
 * One compaction definition: its states outside the Map of days, the states of one day (all
 * counted, nested Maps' included), the days its catch-up checks (`catch_up_days` of its plan)
 * and the largest MaxKeys of its listings.
 */
export function compactionShape(definition: unknown): CompactionShape {
  const states = statesOf(definition) as (StateLike & { Result?: { catch_up_days?: number } })[];
  const all = (d: unknown): number =>
    statesOf(d).reduce((n, st) => n + 1 + (st.ItemProcessor ? all(st.ItemProcessor) : 0), 0);
  const maxKeys = [...JSON.stringify(definition).matchAll(/"MaxKeys":(\d+)/g)].map((m) =>
    Number(m[1]),
  );
  return {
    statesPerRun: states.length,
    statesPerDay: states.reduce((n, st) => n + (st.ItemProcessor ? all(st.ItemProcessor) : 0), 0),
    catchUpDays: Math.max(1, ...states.map((st) => st.Result?.catch_up_days ?? 0)),
    listKeys: Math.max(1, ...maxKeys),
  };
}

/** The compaction state machines' shapes, summed (one run a day each). */
function compactionCounts(resources: readonly StackResourceLike[]): Partial<CostCounts> {
  const shapes = propsOf(resources, TYPES.stateMachine)
    .filter(isCompaction)
    .map((p) => compactionShape(JSON.parse(String(known(() => p.definition)))));
  if (shapes.length === 0) return { compactionStatesPerRun: 0 };
  const sum = (f: (s: CompactionShape) => number) => shapes.reduce((n, s) => n + f(s), 0);
  return {
    compactionStatesPerRun: sum((s) => s.statesPerRun),
    compactionStatesPerDay: sum((s) => s.statesPerDay * s.catchUpDays) / sum((s) => s.catchUpDays),
    compactionCatchUpDays: sum((s) => s.catchUpDays),
    compactionListKeys: Math.min(...shapes.map((s) => s.listKeys)),
  };
}

/** The smallest per-query scan cutoff of the stack's workgroups: no query bills past it. */
function workgroupCutoffBytes(resources: readonly StackResourceLike[]): number | undefined {
  const cutoffs = propsOf(resources, TYPES.workgroup)
    .map((p) => known(() => p.configuration?.bytesScannedCutoffPerQuery as number | undefined))
    .filter((c): c is number => typeof c === "number");
  return cutoffs.length ? Math.min(...cutoffs) : undefined;
}

/** The collector workflows' definitions (the compaction runs daily and is counted apart). */
function definitionsOf(resources: readonly StackResourceLike[]): unknown[] {
  return propsOf(resources, TYPES.stateMachine)
    .filter((p) => !isCompaction(p))
    .map((p) => {
      const definition = known(() => p.definition as unknown);
      if (typeof definition !== "string") return undefined;
      try {
        return JSON.parse(definition) as unknown;
      } catch {
        return undefined;
      }
    });
}

const isInsightsQuery = (q: Props) =>
  typeof q.expression === "string" && /^\s*SELECT\s/i.test(q.expression);

/**
 * The metrics the Insights alarms query, each counted once: alarms that split one metric's
 * instance list analyze disjoint instances, so together they cost one metric per instance.
 */
function insightsMetricCount(alarms: readonly Props[], queriesOf: (p: Props) => Props[]): number {
  const metrics = alarms.flatMap((p) =>
    queriesOf(p)
      .filter(isInsightsQuery)
      .map((q) => /^\s*SELECT\s+\w+\(\s*([^)]*?)\s*\)\s+FROM\s+(\S+)/i.exec(String(q.expression)))
      .map((m, i) => (m ? `${m[2]} ${m[1]}` : `unparsed ${i}`)),
  );
  return new Set(metrics).size;
}

export function countsFromStack(resources: readonly StackResourceLike[]): CostCounts {
  const queriesOf = (p: Props) => known(() => p.metricQueries as Props[] | undefined) ?? [];
  const alarms = propsOf(resources, TYPES.metricAlarm);
  const insights = alarms.filter((p) => queriesOf(p).some(isInsightsQuery));
  const alarmMetrics = alarms
    .filter((p) => !insights.includes(p))
    .reduce<number>((n, p) => n + Math.max(1, queriesOf(p).filter((q) => q.metric).length), 0);
  const states = definitionsOf(resources).map((d) =>
    d === undefined ? { perRun: DEFAULT_TRANSITIONS_PER_RUN, perShard: 0 } : countStates(d),
  );
  return {
    functionMemoryMb: propsOf(resources, TYPES.function).map(
      (p) => known(() => p.memorySize as number | undefined) ?? DEFAULT_MEMORY_MB,
    ),
    stateTransitionsPerRun: states.reduce((n, s) => n + s.perRun, 0),
    stateTransitionsPerShard: states.reduce((n, s) => n + s.perShard, 0),
    alarmMetrics,
    insightsAlarms: insightsMetricCount(insights, queriesOf),
    compositeAlarms: propsOf(resources, TYPES.compositeAlarm).length,
    dashboards: propsOf(resources, TYPES.dashboard).length,
    kmsKeys: propsOf(resources, TYPES.kmsKey).length,
    emailSubscriptions: propsOf(resources, TOPIC_SUBSCRIPTION).filter(
      (p) => known(() => p.protocol as unknown) === "email",
    ).length,
    notifiesEveryRun: definitionsOf(resources).some((d) =>
      Object.keys((d as { States?: object } | undefined)?.States ?? {}).includes("NotifySuccess"),
    ),
    ...compactionCounts(resources),
    athenaCutoffBytes: workgroupCutoffBytes(resources),
  };
}

/**
 * The lake's tiers: the first rule that moves objects to Standard-IA (curated-metrics/ in
 * MetricStore's order), and how long the rule of raw-metrics/ keeps it.
 */
function lakeFromStack(resources: readonly StackResourceLike[]): CostFacts["lake"] | undefined {
  for (const p of propsOf(resources, TYPES.lifecycle)) {
    const rules = known(() => p.rules as Props[] | undefined) ?? [];
    const raw = rules.find((r) => r.filter?.prefix === "raw-metrics/")?.expiration?.days as
      number | undefined;
    for (const rule of rules) {
      const transitions = (rule.transitions as Props[] | undefined) ?? [];
      const ia = transitions.find((t) => t.storageClass === "STANDARD_IA")?.days as
        number | undefined;
      const expire = rule.expiration?.days as number | undefined;
      if (ia === undefined || expire === undefined) continue;
      const archive = transitions.find((t) => t.storageClass?.startsWith("GLACIER"))?.days as
        number | undefined;
      return {
        infrequentAccessDays: ia,
        archiveDays: archive,
        expireDays: expire,
        ...(raw !== undefined ? { rawMetricsExpireDays: raw } : {}),
      };
    }
  }
  return undefined;
}

/** Facts the resources reveal; what they do not is left out (the caller falls back). */
export function factsFromStack(resources: readonly StackResourceLike[]): Partial<CostFacts> {
  const facts: { -readonly [K in keyof CostFacts]?: CostFacts[K] } = {};
  // The collection's schedule passes its scheduled time; the compaction's passes nothing.
  const schedules = propsOf(resources, TYPES.schedule);
  const collection =
    schedules.find((p) =>
      String(known(() => p.target?.input as unknown)).includes(SCHEDULED_TIME),
    ) ?? schedules[0];
  const schedule = known(() => collection?.scheduleExpression as unknown);
  if (typeof schedule === "string") facts.schedule = schedule;
  const type = propsOf(resources, TYPES.stateMachine)
    .map((p) => known(() => p.type as unknown))
    .find((t) => t === "STANDARD" || t === "EXPRESS");
  if (type) facts.workflowType = type;
  for (const p of propsOf(resources, TYPES.function)) {
    const env = (known(() => p.environment?.variables as Props | undefined) ?? {}) as Props;
    const names = HANDLER_ENV_NAMES;
    const ids = env[names.targetInstanceIds] as unknown;
    if (env[names.metricSource] === "synthetic") {
      facts.instances = Number(env[names.syntheticInstances] ?? DEFAULT_SYNTHETIC_INSTANCES);
    } else if (typeof ids === "string" && ids !== "") {
      facts.instances = ids.split(",").length;
    }
    const ttl = env[names.hotTableTtlDays] as unknown;
    if (ttl !== undefined) facts.hotTableDays = Number(ttl);
    const source = env[names.metricSource] as unknown;
    if (source === "cloudwatch" || source === "synthetic" || source === "host") {
      facts.metricSource = source;
    }
    const number = (name: string) =>
      env[name] === undefined ? undefined : Number(env[name] as unknown);
    const interval = number(names.collectionIntervalSeconds);
    if (interval !== undefined) facts.intervalSeconds = interval;
    const period = number(names.collectionPeriodSeconds);
    if (period !== undefined) facts.periodSeconds = period;
    const lag = number(names.collectionLagSeconds);
    if (lag !== undefined) facts.lagSeconds = lag;
    const shardSize = number(names.shardSize);
    if (shardSize !== undefined) facts.shardSize = shardSize;
    const anomaly = env[names.anomalyDetection] as unknown;
    if (typeof anomaly === "string" && anomaly.includes(":")) {
      facts.anomalyMetrics = anomaly.slice(anomaly.indexOf(":") + 1).split(",").length;
    }
  }
  const listed = listedInstances(resources);
  if (listed !== undefined) facts.instances = listed;
  const lake = lakeFromStack(resources);
  if (lake) facts.lake = lake;
  const retention = propsOf(resources, TYPES.logGroup)
    .map((p) => known(() => p.retentionInDays as unknown))
    .filter((d): d is number => typeof d === "number" && d > 0);
  if (retention.length > 0) facts.logDays = Math.max(...retention);
  return facts;
}
