import type { Thresholds } from "../../contract/thresholds";
import { ChildNames } from "../shared/naming";
import { resolveThresholds } from "../shared/threshold-args";
import type { AnalyticsCatalogArgs } from "./args";
import { ANALYTICS_CATALOG_DEFAULTS as D } from "../../contract/defaults/analytics-catalog";
import { defaultDatabaseName } from "./validate";

/** AnalyticsCatalog's args with every default applied once: what the constructor wires. */
export interface ResolvedAnalyticsCatalog {
  readonly names: ChildNames;
  readonly tags: Record<string, string>;
  readonly enforceWorkgroupConfiguration: boolean;
  readonly deletionProtection: boolean;
  readonly forceDestroy: boolean;
  readonly databaseName: string;
  readonly resultsExpireDays: number;
  readonly projectionYears: { readonly first: number; readonly last: number };
  readonly thresholds: Thresholds;
  readonly publishCloudwatchMetrics: boolean;
  readonly engineVersion: string;
}

/** Merges the defaults into the args: secure defaults, then the caller's choices. */
export function resolveAnalyticsCatalog(
  name: string,
  args: AnalyticsCatalogArgs,
): ResolvedAnalyticsCatalog {
  const deletionProtection = args.deletionProtection ?? D.deletionProtection;
  return {
    names: new ChildNames(name),
    tags: args.tags ?? {},
    enforceWorkgroupConfiguration:
      args.enforceWorkgroupConfiguration ?? D.enforceWorkgroupConfiguration,
    deletionProtection,
    forceDestroy: !deletionProtection,
    databaseName: args.databaseName ?? defaultDatabaseName(name),
    resultsExpireDays: args.resultsExpireDays ?? D.resultsExpireDays,
    projectionYears: { ...D.projectionYears, ...args.projectionYears },
    thresholds: resolveThresholds(args.thresholds),
    publishCloudwatchMetrics: args.publishCloudwatchMetrics ?? D.publishCloudwatchMetrics,
    engineVersion: args.engineVersion ?? D.engineVersion,
  };
}
