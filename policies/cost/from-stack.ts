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
/** Instances the synthetic source reports when not told (functions/shared/settings.ts). */
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
/** The collector's environment variables (functions/shared/settings.ts HANDLER_ENV). */
export const HANDLER_ENV_NAMES = Object.freeze({
  metricSource: "METRIC_SOURCE",
  syntheticInstances: "SYNTHETIC_INSTANCES",
  targetInstanceIds: "TARGET_INSTANCE_IDS",
  hotTableTtlDays: "HOT_TABLE_TTL_DAYS",
});
/** When a state machine's definition is unknown (preview): four branches, health check, notify. */
const DEFAULT_TRANSITIONS_PER_RUN = 12;
/** Lambda's default memory. */
const DEFAULT_MEMORY_MB = 128;

const propsOf = (resources: readonly StackResourceLike[], type: string) =>
  resources.filter((r) => r.type === type).map((r) => r.props);

/** States entered by one run: every state, with those of Parallel branches and Map processors. */
export function countStates(definition: unknown): number {
  const states = (definition as { States?: Record<string, unknown> } | undefined)?.States ?? {};
  return Object.values(states).reduce<number>((n, raw) => {
    const state = raw as { Branches?: unknown[]; ItemProcessor?: unknown; Iterator?: unknown };
    const nested =
      (state.Branches ?? []).reduce<number>((m, b) => m + countStates(b), 0) +
      countStates(state.ItemProcessor ?? state.Iterator);
    return n + 1 + nested;
  }, 0);
}

/** Step Functions' Athena integration: a state machine using it is the daily compaction. */
const ATHENA_TASK = "arn:aws:states:::athena:startQueryExecution";
const isCompaction = (p: Props) => {
  const definition = known(() => p.definition as unknown);
  return typeof definition === "string" && definition.includes(ATHENA_TASK);
};

/** States one compaction run enters (once a day), summed over compaction state machines. */
function compactionStatesPerRun(resources: readonly StackResourceLike[]): number {
  return propsOf(resources, TYPES.stateMachine)
    .filter(isCompaction)
    .reduce((n, p) => n + countStates(JSON.parse(String(known(() => p.definition)))), 0);
}

/** The smallest per-query scan cutoff of the stack's workgroups: no query bills past it. */
function workgroupCutoffBytes(resources: readonly StackResourceLike[]): number | undefined {
  const cutoffs = propsOf(resources, TYPES.workgroup)
    .map((p) => known(() => p.configuration?.bytesScannedCutoffPerQuery as number | undefined))
    .filter((c): c is number => typeof c === "number");
  return cutoffs.length ? Math.min(...cutoffs) : undefined;
}

function transitionsPerRun(resources: readonly StackResourceLike[]): number {
  const counts = propsOf(resources, TYPES.stateMachine).map((p) => {
    const definition = known(() => p.definition as unknown);
    if (isCompaction(p)) return 0;
    if (typeof definition !== "string") return DEFAULT_TRANSITIONS_PER_RUN;
    try {
      return countStates(JSON.parse(definition));
    } catch {
      return DEFAULT_TRANSITIONS_PER_RUN;
    }
  });
  return counts.reduce((a, b) => a + b, 0);
}

export function countsFromStack(resources: readonly StackResourceLike[]): CostCounts {
  const alarmMetrics = propsOf(resources, TYPES.metricAlarm).reduce<number>((n, p) => {
    const queries = known(() => p.metricQueries as Props[] | undefined) ?? [];
    return n + Math.max(1, queries.filter((q) => q.metric !== undefined).length);
  }, 0);
  return {
    functionMemoryMb: propsOf(resources, TYPES.function).map(
      (p) => known(() => p.memorySize as number | undefined) ?? DEFAULT_MEMORY_MB,
    ),
    stateTransitionsPerRun: transitionsPerRun(resources),
    alarmMetrics,
    compositeAlarms: propsOf(resources, TYPES.compositeAlarm).length,
    dashboards: propsOf(resources, TYPES.dashboard).length,
    kmsKeys: propsOf(resources, TYPES.kmsKey).length,
    compactionStatesPerRun: compactionStatesPerRun(resources),
    athenaCutoffBytes: workgroupCutoffBytes(resources),
  };
}

/** The lake's tiers: the lifecycle configuration that moves objects to Standard-IA. */
function lakeFromStack(resources: readonly StackResourceLike[]): CostFacts["lake"] | undefined {
  for (const p of propsOf(resources, TYPES.lifecycle)) {
    for (const rule of known(() => p.rules as Props[] | undefined) ?? []) {
      const transitions = (rule.transitions as Props[] | undefined) ?? [];
      const ia = transitions.find((t) => t.storageClass === "STANDARD_IA")?.days as
        number | undefined;
      const expire = rule.expiration?.days as number | undefined;
      if (ia === undefined || expire === undefined) continue;
      const archive = transitions.find((t) => t.storageClass?.startsWith("GLACIER"))?.days as
        number | undefined;
      return { infrequentAccessDays: ia, archiveDays: archive, expireDays: expire };
    }
  }
  return undefined;
}

/** Facts the resources reveal; what they do not is left out (the caller falls back). */
export function factsFromStack(resources: readonly StackResourceLike[]): Partial<CostFacts> {
  const facts: { -readonly [K in keyof CostFacts]?: CostFacts[K] } = {};
  const schedule = propsOf(resources, TYPES.schedule)
    .map((p) => known(() => p.scheduleExpression as unknown))
    .find((s): s is string => typeof s === "string");
  if (schedule) facts.schedule = schedule;
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
  }
  const lake = lakeFromStack(resources);
  if (lake) facts.lake = lake;
  const retention = propsOf(resources, TYPES.logGroup)
    .map((p) => known(() => p.retentionInDays as unknown))
    .filter((d): d is number => typeof d === "number" && d > 0);
  if (retention.length > 0) facts.logDays = Math.max(...retention);
  return facts;
}
