import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createSecureBucket, type SecureBucket } from "../shared/secure-bucket";
import type { AnalyticsCatalogArgs } from "./args";
import { RESULTS_ABORT_UPLOAD_DAYS } from "../../contract/defaults/analytics-catalog";
import type { ResolvedAnalyticsCatalog } from "./resolve";

/** The bucket of query results, expired after resultsExpireDays. */
export function createResultsBucket(
  parent: pulumi.Resource,
  r: ResolvedAnalyticsCatalog,
  args: AnalyticsCatalogArgs,
): SecureBucket {
  const results = createSecureBucket(r.names.logical("results"), {
    parent,
    tags: r.tags,
    forceDestroy: r.forceDestroy,
    kmsKeyArn: args.kmsKeyArn,
    bucketTags: { site: r.site, key: "resultsBucket.tags", tags: args.resultsBucket?.tags },
  });
  new aws.s3.BucketLifecycleConfiguration(
    r.names.logical("results", "lifecycle"),
    {
      bucket: results.bucket.id,
      rules: [
        {
          id: "expire-query-results",
          status: "Enabled",
          filter: {},
          expiration: { days: r.resultsExpireDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: RESULTS_ABORT_UPLOAD_DAYS },
        },
      ],
    },
    { parent },
  );
  return results;
}

/** The workgroup: its configuration is enforced, so every query lands encrypted in our bucket. */
export function createWorkgroup(
  parent: pulumi.Resource,
  r: ResolvedAnalyticsCatalog,
  args: AnalyticsCatalogArgs,
  resultsBucket: aws.s3.Bucket,
  accountId: pulumi.Output<string>,
  cutoff: number,
): aws.athena.Workgroup {
  const enforce = r.enforceWorkgroupConfiguration;
  const name = r.names.logical("workgroup");
  return new aws.athena.Workgroup(
    name,
    {
      ...r.names.autoNamed("athenaWorkgroup", name),
      description:
        args.workgroup?.description ?? `Infrastructure-monitoring queries (${args.environment})`,
      state: args.workgroup?.state ?? "ENABLED",
      forceDestroy: !r.deletionProtection,
      // Where results go and how they are protected follow from the args.
      configuration: {
        enforceWorkgroupConfiguration: enforce,
        // Only consulted when clients may choose: then they may not go below SSE.
        ...(enforce ? {} : { enableMinimumEncryptionConfiguration: true }),
        publishCloudwatchMetricsEnabled: r.publishCloudwatchMetrics,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: r.engineVersion },
        resultConfiguration: {
          outputLocation: pulumi.interpolate`s3://${resultsBucket.bucket}/`,
          expectedBucketOwner: accountId,
          encryptionConfiguration: args.kmsKeyArn
            ? { encryptionOption: "SSE_KMS", kmsKeyArn: args.kmsKeyArn }
            : { encryptionOption: "SSE_S3" },
        },
      },
      tags: r.tags,
    },
    { parent },
  );
}
