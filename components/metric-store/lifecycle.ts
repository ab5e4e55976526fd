import type * as aws from "@pulumi/aws";
import { LAKE_PREFIXES } from "../../functions/shared/lake";
import type { MetricStoreLifecycleArgs } from "./args";
import { ARCHIVE_STORAGE_CLASS } from "./defaults";

/** The lifecycle args with defaults applied (the archive tier stays optional). */
type Lifecycle = Required<Omit<MetricStoreLifecycleArgs, "archiveDays">> &
  Pick<MetricStoreLifecycleArgs, "archiveDays">;

/** The prefixes kept for the long retention as they are (no compacted copy of them exists). */
const TIERED_AS_IS = [LAKE_PREFIXES.logs, LAKE_PREFIXES.quarantine];

/**
 * The lake's lifecycle, per prefix: raw-metrics/ expires once the compaction has had time to
 * turn it into Parquet (its tiny objects would never reach a storage tier anyway: S3 skips
 * objects under 128 KB); curated-metrics/ (one Parquet object per day) and the prefixes with
 * no compacted copy carry the tiers and the long retention. Versions and uploads are cleaned
 * up everywhere.
 */
export function lakeLifecycleRules(
  lc: Lifecycle,
): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  const tiers = (id: string, prefix: string) => ({
    id,
    status: "Enabled",
    filter: { prefix },
    transitions: [
      { days: lc.infrequentAccessDays, storageClass: "STANDARD_IA" },
      ...(lc.archiveDays !== undefined
        ? [{ days: lc.archiveDays, storageClass: ARCHIVE_STORAGE_CLASS }]
        : []),
    ],
    expiration: { days: lc.expireDays },
  });
  return [
    tiers("curated-metrics-tier-and-expire", LAKE_PREFIXES.curated),
    ...TIERED_AS_IS.map((prefix) => tiers(`${prefix.replace(/\/$/, "")}-tier-and-expire`, prefix)),
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
