import type * as aws from "@pulumi/aws";
import { LAKE_PREFIXES } from "../../contract/lake";
import type { MetricStoreLifecycleArgs } from "./args";
import {
  ARCHIVE_STORAGE_CLASS,
  UNQUERIED_ARCHIVE_STORAGE_CLASS,
} from "../../contract/defaults/metric-store";

/** The lifecycle args with defaults applied (the archive tier stays optional). */
export type Lifecycle = Required<Omit<MetricStoreLifecycleArgs, "archiveDays">> &
  Pick<MetricStoreLifecycleArgs, "archiveDays">;

/**
 * The prefixes AnalyticsCatalog's tables read (raw-metrics/ never leaves Standard): every day
 * of their retention stays answerable, so they only use classes Athena reads.
 */
export const ATHENA_READ_PREFIXES: readonly string[] = Object.freeze([
  LAKE_PREFIXES.metrics,
  LAKE_PREFIXES.curated,
  LAKE_PREFIXES.quarantine,
]);

/**
 * The lake's lifecycle, per prefix: raw-metrics/ expires once the compaction has had time to
 * turn it into Parquet, with no transition (S3 moves no object under 128 KB anyway);
 * curated-metrics/ and quarantine/ take Standard-IA then Glacier Instant Retrieval, which
 * Athena reads; raw-logs/, which no table reads, takes Glacier Flexible Retrieval. Versions
 * and uploads are cleaned up everywhere.
 */
export function lakeLifecycleRules(
  lc: Lifecycle,
): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  const tiers = (prefix: string, archiveClass: string) => ({
    id: `${prefix.replace(/\/$/, "")}-tier-and-expire`,
    status: "Enabled",
    filter: { prefix },
    transitions: [
      { days: lc.infrequentAccessDays, storageClass: "STANDARD_IA" },
      ...(lc.archiveDays !== undefined
        ? [{ days: lc.archiveDays, storageClass: archiveClass }]
        : []),
    ],
    expiration: { days: lc.expireDays },
  });
  return [
    tiers(LAKE_PREFIXES.curated, ARCHIVE_STORAGE_CLASS),
    tiers(LAKE_PREFIXES.logs, UNQUERIED_ARCHIVE_STORAGE_CLASS),
    tiers(LAKE_PREFIXES.quarantine, ARCHIVE_STORAGE_CLASS),
    {
      id: "raw-metrics-expire-once-compacted",
      status: "Enabled",
      filter: { prefix: LAKE_PREFIXES.metrics },
      expiration: { days: lc.rawMetricsExpireDays },
    },
    {
      id: "old-versions-and-uploads",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: lc.noncurrentVersionExpireDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: lc.abortIncompleteUploadDays },
    },
  ];
}
