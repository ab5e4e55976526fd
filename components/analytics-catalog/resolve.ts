import type { CheckSite } from "../shared/input-check";
import { ChildNames } from "../shared/naming";
import { checkedTags, type ResolvedTags } from "../shared/tags";
import type { ThresholdInputs } from "../shared/threshold-args";
import { checkedThresholds } from "../shared/threshold-check";
import { checkSite } from "../shared/validation";
import type { AnalyticsCatalogArgs } from "./args";
import { ANALYTICS_CATALOG_DEFAULTS as D } from "../../contract/defaults/analytics-catalog";
import { defaultDatabaseName } from "./validate";

/** AnalyticsCatalog's args with every default applied once: what the constructor wires. */
export interface ResolvedAnalyticsCatalog {
  readonly names: ChildNames;
  /** Where an Output's problems are reported when it resolves. */
  readonly site: CheckSite;
  /** Known tags as given; an Output's checked when it resolves. */
  readonly tags: ResolvedTags;
  readonly enforceWorkgroupConfiguration: boolean;
  readonly deletionProtection: boolean;
  readonly forceDestroy: boolean;
  readonly databaseName: string;
  readonly resultsExpireDays: number;
  readonly projectionYears: { readonly first: number; readonly last: number };
  /** Each a number, or an Output checked when it resolves. */
  readonly thresholds: ThresholdInputs;
  readonly publishCloudwatchMetrics: boolean;
  readonly engineVersion: string;
}

/** Merges the defaults into the args: secure defaults, then the caller's choices. */
export function resolveAnalyticsCatalog(
  name: string,
  args: AnalyticsCatalogArgs,
): ResolvedAnalyticsCatalog {
  const deletionProtection = args.deletionProtection ?? D.deletionProtection;
  const site = checkSite(args, "AnalyticsCatalog", name);
  return {
    names: new ChildNames(name),
    site,
    tags: checkedTags(site, args.tags),
    enforceWorkgroupConfiguration:
      args.enforceWorkgroupConfiguration ?? D.enforceWorkgroupConfiguration,
    deletionProtection,
    forceDestroy: !deletionProtection,
    databaseName: args.databaseName ?? defaultDatabaseName(name),
    resultsExpireDays: args.resultsExpireDays ?? D.resultsExpireDays,
    projectionYears: { ...D.projectionYears, ...args.projectionYears },
    thresholds: checkedThresholds(site, args.thresholds),
    publishCloudwatchMetrics: args.publishCloudwatchMetrics ?? D.publishCloudwatchMetrics,
    engineVersion: args.engineVersion ?? D.engineVersion,
  };
}
