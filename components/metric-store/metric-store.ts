import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedTags, type ResolvedTags } from "../shared/tags";
import type { CheckSite } from "../shared/input-check";
import { HOT_TABLE_KEYS } from "../../functions/shared/hot-table";
import { createSecureBucket } from "../shared/secure-bucket";
import type { MetricStoreArgs } from "./args";
import {
  ACCESS_LOG_PREFIX,
  METRIC_STORE_DEFAULTS,
  TRANSITION_MINIMUM_OBJECT_SIZE,
} from "./defaults";
import { lakeLifecycleRules } from "./lifecycle";
import { ignoredArgs, validateMetricStoreArgs } from "./validate";
import { accountScope } from "../shared/account-scope";
import { withLegacyTypeAlias } from "../shared/type-token";
import {
  checkSite,
  isValidated,
  offSettings,
  throwIfInvalid,
  warnIgnored,
  warnWeakenedDefaults,
} from "../shared/validation";
import { createHotTable } from "./hot-table";
import { componentProvider, existingLake, existingResourcesGate, gatedOptions } from "./existing";

/**
 * The pipeline's storage: the S3 lake (raw metrics, raw logs, quarantine) with its access-log
 * bucket, and the DynamoDB hot table the dashboards and recent-value queries read.
 */
export class MetricStore extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:MetricStore";

  /** The lake bucket, created or the existing one given; undefined when given by existingName. */
  readonly bucket?: aws.s3.Bucket;
  /** The hot table, created or the existing one given. */
  readonly table: aws.dynamodb.Table;
  /** The lake bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  /** The lake bucket's ARN. */
  readonly bucketArn: pulumi.Output<string>;
  /** The server access log bucket's name; undefined when access logging is off or the lake is existing. */
  readonly logBucketName?: pulumi.Output<string>;
  /** The server access log bucket's ARN; undefined with logBucketName. */
  readonly logBucketArn?: pulumi.Output<string>;
  /** The hot table's name. */
  readonly tableName: pulumi.Output<string>;
  /** The hot table's ARN. */
  readonly tableArn: pulumi.Output<string>;
  /** The hot table's index by metric type. */
  readonly metricTypeIndexName: string = HOT_TABLE_KEYS.metricTypeIndex;
  /** Days an item stays in the hot table. */
  readonly hotTableTtlDays: number;

  constructor(name: string, args: MetricStoreArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    // Existing resources are checked first: no child registers before they fit (a facade that
    // validated these args checks them itself).
    const site = { kind: "MetricStore", name };
    const provider = componentProvider(opts);
    const lakeRef = existingLake(site, args, provider);
    const prechecked = isValidated(args);
    const gate = prechecked ? undefined : existingResourcesGate(site, args, lakeRef, provider);
    super(
      MetricStore.TYPE,
      name,
      {},
      gatedOptions(withLegacyTypeAlias(MetricStore.TYPE, opts), gate),
    );
    if (!prechecked) {
      throwIfInvalid(this, "MetricStore", name, validateMetricStoreArgs(name, args));
    }
    const d = METRIC_STORE_DEFAULTS;
    const settings = {
      versioning: args.versioning ?? d.versioning,
      accessLogging: args.accessLogging ?? d.accessLogging,
      pointInTimeRecovery: args.pointInTimeRecovery ?? d.pointInTimeRecovery,
      deletionProtection: args.deletionProtection ?? d.deletionProtection,
    };
    this.warnOnWeakenedDefaults(settings);
    const tagSite = checkSite(args, "MetricStore", name);
    const tags = checkedTags(tagSite, args.tags);
    this.hotTableTtlDays = args.hotTableTtlDays ?? d.hotTableTtlDays;

    const created = lakeRef
      ? undefined
      : this.createLake(name, args, settings, { tags, site: tagSite });
    const existingTable = args.table?.existing;
    const table =
      existingTable ??
      createHotTable(name, {
        parent: this,
        pointInTimeRecovery: settings.pointInTimeRecovery,
        deletionProtection: settings.deletionProtection,
        kmsKeyArn: args.kmsKeyArn,
        tags,
        site: tagSite,
        settings: args.table,
      });
    warnIgnored(this, "MetricStore", ignoredArgs(args));

    this.bucket = args.bucket?.existing ?? created?.lake;
    this.table = table;
    this.logBucketName = created?.logs?.bucket;
    this.logBucketArn = created?.logs?.arn;
    this.bucketName = lakeRef?.bucket ?? (created as { lake: aws.s3.Bucket }).lake.bucket;
    this.bucketArn = lakeRef?.arn ?? (created as { lake: aws.s3.Bucket }).lake.arn;
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.registerOutputs({
      bucket: this.bucket,
      table: this.table,
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      logBucketName: this.logBucketName,
      logBucketArn: this.logBucketArn,
      tableName: this.tableName,
      tableArn: this.tableArn,
      metricTypeIndexName: this.metricTypeIndexName,
      hotTableTtlDays: this.hotTableTtlDays,
    });
  }

  /** The lake bucket with its versioning, lifecycle and access logging. */
  private createLake(
    name: string,
    args: MetricStoreArgs,
    settings: Readonly<Record<"versioning" | "accessLogging" | "deletionProtection", boolean>>,
    { tags, site }: { tags: ResolvedTags; site: CheckSite },
  ): { lake: aws.s3.Bucket; logs?: aws.s3.Bucket } {
    const d = METRIC_STORE_DEFAULTS;
    const lifecycle = { ...d.lifecycle, ...args.lifecycle };
    const child = { parent: this };
    const forceDestroy = !settings.deletionProtection;
    const lake = createSecureBucket(`${name}-lake`, {
      parent: this,
      tags,
      forceDestroy,
      kmsKeyArn: args.kmsKeyArn,
      bucketTags: { site, key: "bucket.tags", tags: args.bucket?.tags },
    });
    const versioning = new aws.s3.BucketVersioning(
      `${name}-lake-versioning`,
      {
        bucket: lake.bucket.id,
        versioningConfiguration: { status: settings.versioning ? "Enabled" : "Suspended" },
      },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lake-lifecycle`,
      {
        bucket: lake.bucket.id,
        rules: lakeLifecycleRules(lifecycle),
        transitionDefaultMinimumObjectSize: TRANSITION_MINIMUM_OBJECT_SIZE,
      },
      // Noncurrent-version rules only mean something once versioning is set.
      { ...child, dependsOn: [versioning] },
    );

    if (settings.accessLogging) {
      const logs = this.createAccessLogBucket(
        name,
        lake.bucket,
        tags,
        forceDestroy,
        args.accessLogExpireDays ?? d.accessLogExpireDays,
        lifecycle.abortIncompleteUploadDays,
      );
      new aws.s3.BucketLogging(
        `${name}-lake-logging`,
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

    return { lake: lake.bucket };
  }

  /** A bucket for the lake's server access logs, with the same protections and its own expiry. */
  private createAccessLogBucket(
    name: string,
    lake: aws.s3.Bucket,
    tags: ResolvedTags,
    forceDestroy: boolean,
    expireDays: number,
    abortIncompleteUploadDays: number,
  ) {
    const accountId = accountScope(this).accountId;
    const logs = createSecureBucket(`${name}-access-logs`, {
      parent: this,
      tags,
      forceDestroy,
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
      `${name}-access-logs-lifecycle`,
      {
        bucket: logs.bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: expireDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: abortIncompleteUploadDays },
          },
        ],
      },
      { parent: this },
    );
    return logs;
  }

  private warnOnWeakenedDefaults(settings: {
    versioning: boolean;
    accessLogging: boolean;
    pointInTimeRecovery: boolean;
    deletionProtection: boolean;
  }): void {
    warnWeakenedDefaults(this, "MetricStore", offSettings(settings));
  }
}
