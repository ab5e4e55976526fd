/** The cost section of the check: the stack's config decides the facts, its resources the counts. */
import {
  formatPrice,
  WORKLOAD,
  estimateMonthlyCost,
  type CostEstimate,
  type CostFacts,
} from "../../policies/cost/estimate";
import {
  ASSUMED_TAGGED_INSTANCES,
  countsFromStack,
  DEFAULT_SYNTHETIC_INSTANCES,
  factsFromStack,
} from "../../policies/cost/from-stack";
import { PRICES, PRICES_AS_OF, PRICES_REGION } from "../../policies/cost/prices";
import { DYNAMODB_WRITE_LIMITS, indexWriteRates } from "../../policies/cost/hot-table-writes";
import { HOT_TABLE_KEYS } from "../../contract/hot-table";
import type { BudgetConfig } from "../../policies/rules/budget";
import type { ResourceInput } from "../../policies/harness";
import type { StackConfig } from "../../config/stack-config";

export function instancesOf(
  config: StackConfig,
  given?: number,
): { count: number; assumed: boolean } {
  if (given !== undefined) return { count: given, assumed: false };
  const t = config.targets;
  if (config.metricSource === "synthetic")
    return { count: t.syntheticInstances ?? DEFAULT_SYNTHETIC_INSTANCES, assumed: false };
  if (t.instanceIds) return { count: t.instanceIds.length, assumed: false };
  return { count: ASSUMED_TAGGED_INSTANCES, assumed: true };
}

export function factsOf(config: StackConfig, instances?: number): CostFacts {
  const r = config.retention;
  return {
    schedule: config.schedule,
    workflowType: config.workflowType,
    metricSource: config.metricSource,
    instances: instancesOf(config, instances).count,
    lake: {
      infrequentAccessDays: r.lakeInfrequentAccessDays,
      archiveDays: r.lakeArchiveDays,
      expireDays: r.lakeExpireDays,
    },
    hotTableDays: r.hotTableDays,
    logDays: r.logDays,
  };
}

/** The monthly-budget policy's config for a stack: the same facts the check prices. */
export function budgetConfigOf(config: StackConfig): BudgetConfig {
  const f = factsOf(config);
  return {
    monthlyBudgetUsd: config.monthlyBudgetUsd,
    schedule: f.schedule,
    workflowType: f.workflowType,
    instances: f.instances,
    lakeInfrequentAccessDays: f.lake.infrequentAccessDays,
    ...(f.lake.archiveDays !== undefined ? { lakeArchiveDays: f.lake.archiveDays } : {}),
    lakeExpireDays: f.lake.expireDays,
    hotTableDays: f.hotTableDays,
    logDays: f.logDays,
  };
}

export function estimateFor(
  config: StackConfig,
  outputs: readonly ResourceInput[],
  instances?: number,
): CostEstimate {
  const fromStack = factsFromStack(outputs);
  const fromConfig = factsOf(config, instances);
  // The config decides the tiers; the stack adds what the config does not say (raw's lifetime).
  return estimateMonthlyCost(
    { ...fromStack, ...fromConfig, lake: { ...fromStack.lake, ...fromConfig.lake } },
    countsFromStack(outputs),
  );
}

const money = (usd: number) => `$${usd.toFixed(2)}`;

/** The total spread over the fleet: what one more instance costs a month, roughly. */
export function perInstanceMonth(totalUsd: number, instances: number): string {
  return instances > 0
    ? `per instance-month: $${(totalUsd / instances).toFixed(4)} (${money(totalUsd)} / ${instances} instances)`
    : "per instance-month: no instances";
}

/** The busiest hot-table index partition's write rate at this fleet size. */
export function hotTableIndexLine(instances: number, recordsPerRun: number): string {
  // Datapoints of one metric a run: records per instance over the host metrics.
  const datapoints = instances > 0 ? recordsPerRun / instances / WORKLOAD.hostMetrics : 0;
  const r = indexWriteRates(instances, HOT_TABLE_KEYS.metricTypeIndexShards, datapoints);
  const limit = DYNAMODB_WRITE_LIMITS;
  return (
    `hot-table index: ${r.shards} shards a metric type; at ${instances} instances the busiest index partition ` +
    `(${r.busiestShardInstances} instance${r.busiestShardInstances === 1 ? "" : "s"}) takes at most ${r.peakUnitsPerSecond.toFixed(0)} WCU/s in a run's burst ` +
    `(its share of the table's ${limit.onDemandTableUnitsPerSecond} WRU/s on-demand quota), ${r.sustainedUnitsPerSecond.toFixed(2)} WCU/s ` +
    `averaged at 60-s data (DynamoDB's limit: ${limit.partitionUnitsPerSecond} a partition)`
  );
}

export function formatCost(config: StackConfig, estimate: CostEstimate, given?: number): string[] {
  const facts = factsOf(config, given);
  const instances = instancesOf(config, given);
  const width = Math.max(...estimate.lines.map((l) => l.item.length));
  const archive =
    facts.lake.archiveDays !== undefined ? `, Glacier IR at ${facts.lake.archiveDays}d` : "";
  return [
    `schedule ${facts.schedule} (${estimate.runsPerMonth.toFixed(0)} runs/month), ${facts.workflowType} workflow, ` +
      `${instances.count} instances${instances.assumed ? " (assumed: targets are chosen by tag; price another fleet with --instances N)" : ""}, ` +
      `${estimate.shards} shard(s), ${estimate.recordsPerRun} records/run, fast alerts ${config.fastAlerts ? "on" : "off"}`,
    `lake: Standard-IA at ${facts.lake.infrequentAccessDays}d${archive}, expiry at ${facts.lake.expireDays}d; ` +
      `hot table TTL ${facts.hotTableDays}d; log retention ${facts.logDays}d`,
    ...estimate.lines.map(
      (l) => `  ${l.item.padEnd(width)}  ${money(l.usd).padStart(8)}  ${l.basis}`,
    ),
    `  ${"Total".padEnd(width)}  ${money(estimate.totalUsd).padStart(8)}  budget ${money(config.monthlyBudgetUsd)}`,
    perInstanceMonth(estimate.totalUsd, instances.count),
    hotTableIndexLine(instances.count, estimate.recordsPerRun),
    `prices: ${PRICES_REGION} on-demand, no free tier, as of ${PRICES_AS_OF}; sources: ${[...new Set(Object.values(PRICES).map((p) => p.source))].join(" ")}`,
    `not included: analysts' Athena queries ($ per TB scanned, plus ${formatPrice(PRICES.s3RetrievalIaGb)} and ${formatPrice(PRICES.s3RetrievalGlacierIrGb)} for days they read from those tiers), data transfer, the raw-logs/ your applications send, quarantine/ objects`,
  ];
}
