import * as pulumi from "@pulumi/pulumi";
import type { AnalyticsCatalogArgs } from "./args";
import {
  ANALYTICS_CATALOG_DEFAULTS,
  DEFAULT_FLEET_PERIOD_SECONDS,
} from "../../contract/defaults/analytics-catalog";
import type { NamedQuerySpec } from "./named-queries";
import { formatBytes, scanEstimates, sizedCutoffBytes } from "./scan-model";

/**
 * The workgroup's per-query scan cutoff: the one given, else sized from the fleet, else the
 * default. A given cutoff that the largest query at the fleet would pass warns: Athena would
 * cancel that query every time.
 */
export function scanCutoff(
  resource: pulumi.Resource,
  args: AnalyticsCatalogArgs,
  queries: readonly NamedQuerySpec[],
): number {
  const given = args.bytesScannedCutoffPerQuery;
  if (!args.fleet) return given ?? ANALYTICS_CATALOG_DEFAULTS.bytesScannedCutoffPerQuery;
  const fleet = {
    instances: args.fleet.instances,
    periodSeconds: args.fleet.periodSeconds ?? DEFAULT_FLEET_PERIOD_SECONDS,
  };
  const [largest] = scanEstimates(queries, fleet);
  if (!largest) return given ?? ANALYTICS_CATALOG_DEFAULTS.bytesScannedCutoffPerQuery;
  // Every named query is bounded by its partition filter (a test holds them to it).
  if (!Number.isFinite(largest.bytes)) throw new Error(`${largest.name} has no partition window`);
  if (given === undefined) return sizedCutoffBytes(largest.bytes);
  if (given < largest.bytes) {
    void pulumi.log.warn(
      `AnalyticsCatalog: bytesScannedCutoffPerQuery ${formatBytes(given)} is under what ${largest.name} scans at ${fleet.instances} instances (${formatBytes(largest.bytes)}): Athena will cancel it`,
      resource,
    );
  }
  return given;
}
