import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountScope } from "../shared/account-scope";
import { createSecureBucket } from "../shared/secure-bucket";
import {
  ACCESS_LOG_PREFIX,
  TRANSITION_MINIMUM_OBJECT_SIZE,
} from "../../contract/defaults/metric-store";
import { lakeLifecycleRules } from "./lifecycle";
import type { ResolvedMetricStore } from "./resolve";

/** The lake bucket the store creates, and its access-log bucket when logging is on. */
export interface CreatedLake {
  readonly lake: aws.s3.Bucket;
  readonly logs?: aws.s3.Bucket;
}

/** The lake bucket with its versioning, lifecycle and access logging. */
export function createLake(parent: pulumi.ComponentResource, r: ResolvedMetricStore): CreatedLake {
  const child = { parent };
  const names = r.names;
  const lake = createSecureBucket(names.logical("lake"), {
    parent,
    tags: r.tags,
    forceDestroy: r.forceDestroy,
    kmsKeyArn: r.kmsKeyArn,
    bucketTags: { site: r.site, key: "bucket.tags", tags: r.bucketTags },
  });
  const versioning = new aws.s3.BucketVersioning(
    names.logical("lake", "versioning"),
    {
      bucket: lake.bucket.id,
      versioningConfiguration: { status: r.versioning ? "Enabled" : "Suspended" },
    },
    child,
  );
  new aws.s3.BucketLifecycleConfiguration(
    names.logical("lake", "lifecycle"),
    {
      bucket: lake.bucket.id,
      rules: lakeLifecycleRules(r.lifecycle),
      transitionDefaultMinimumObjectSize: TRANSITION_MINIMUM_OBJECT_SIZE,
    },
    // Noncurrent-version rules only mean something once versioning is set.
    { ...child, dependsOn: [versioning] },
  );
  if (!r.accessLogging) return { lake: lake.bucket };

  const logs = createAccessLogBucket(parent, r, lake.bucket);
  new aws.s3.BucketLogging(
    names.logical("lake", "logging"),
    {
      bucket: lake.bucket.id,
      targetBucket: logs.bucket.id,
      targetPrefix: ACCESS_LOG_PREFIX,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
    },
    // Delivery is checked against the log bucket's policy when logging is turned on.
    { ...child, dependsOn: [logs.policy] },
  );
  return { lake: lake.bucket, logs: logs.bucket };
}

/** A bucket for the lake's server access logs, with the same protections and its own expiry. */
function createAccessLogBucket(
  parent: pulumi.ComponentResource,
  r: ResolvedMetricStore,
  lake: aws.s3.Bucket,
) {
  const accountId = accountScope(parent).accountId;
  const logs = createSecureBucket(r.names.logical("access-logs"), {
    parent,
    tags: r.tags,
    forceDestroy: r.forceDestroy,
    // With ACLs disabled, log delivery is granted by policy, scoped to the lake and this account.
    extraStatements: (logBucketArn) => [
      {
        Sid: "AllowServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${logBucketArn}/${ACCESS_LOG_PREFIX}*`,
        Condition: {
          ArnLike: { "aws:SourceArn": lake.arn },
          StringEquals: { "aws:SourceAccount": accountId },
        },
      },
    ],
  });
  new aws.s3.BucketLifecycleConfiguration(
    r.names.logical("access-logs", "lifecycle"),
    {
      bucket: logs.bucket.id,
      rules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: {},
          expiration: { days: r.accessLogExpireDays },
          abortIncompleteMultipartUpload: {
            daysAfterInitiation: r.lifecycle.abortIncompleteUploadDays,
          },
        },
      ],
    },
    { parent },
  );
  return logs;
}
