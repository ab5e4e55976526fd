import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOT_TABLE_KEYS } from "../../functions/shared/hot-table";
import { createSecureBucket } from "../shared/secure-bucket";
import type { MetricStoreArgs } from "./args";
import { ACCESS_LOG_PREFIX, METRIC_STORE_DEFAULTS } from "./defaults";
import { lakeLifecycleRules } from "./lifecycle";
import { validateMetricStoreArgs } from "./validate";
import { accountScope } from "../shared/account-scope";
import { mergeTags } from "../shared/tags";
import { offSettings, throwIfInvalid, warnWeakenedDefaults } from "../shared/validation";

/**
 * The pipeline's storage: the S3 lake (raw metrics, raw logs, quarantine) with its access-log
 * bucket, and the DynamoDB hot table the dashboards and recent-value queries read.
 */
export class MetricStore extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring:index:MetricStore";

  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  /** The server access log bucket; undefined when access logging is off. */
  readonly logBucketName?: pulumi.Output<string>;
  readonly logBucketArn?: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly tableArn: pulumi.Output<string>;
  readonly metricTypeIndexName: string = HOT_TABLE_KEYS.metricTypeIndex;
  /** The key attribute names the handlers write. */
  readonly keys = HOT_TABLE_KEYS;
  readonly hotTableTtlDays: number;

  constructor(name: string, args: MetricStoreArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(MetricStore.TYPE, name, {}, opts);
    throwIfInvalid(this, "MetricStore", name, validateMetricStoreArgs(name, args));
    const d = METRIC_STORE_DEFAULTS;
    const settings = {
      versioning: args.versioning ?? d.versioning,
      accessLogging: args.accessLogging ?? d.accessLogging,
      pointInTimeRecovery: args.pointInTimeRecovery ?? d.pointInTimeRecovery,
      deletionProtection: args.deletionProtection ?? d.deletionProtection,
    };
    this.warnOnWeakenedDefaults(settings, args);
    const lifecycle = { ...d.lifecycle, ...args.lifecycle };
    const tags = args.tags ?? {};
    this.hotTableTtlDays = args.hotTableTtlDays ?? d.hotTableTtlDays;
    const child = { parent: this };
    const forceDestroy = !settings.deletionProtection;

    const lake = createSecureBucket(`${name}-lake`, {
      parent: this,
      tags,
      forceDestroy,
      kmsKeyArn: args.kmsKeyArn,
      bucketArgs: args.bucket?.args,
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
      this.logBucketName = logs.bucket.bucket;
      this.logBucketArn = logs.bucket.arn;
    }

    const table = new aws.dynamodb.Table(
      `${name}-hot-table`,
      {
        billingMode: "PAY_PER_REQUEST",
        pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
        serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
        deletionProtectionEnabled: settings.deletionProtection,
        ...args.table?.args,
        // Invariants: the handlers and queries depend on these exact keys.
        hashKey: HOT_TABLE_KEYS.partitionKey,
        rangeKey: HOT_TABLE_KEYS.sortKey,
        attributes: [
          { name: HOT_TABLE_KEYS.partitionKey, type: "S" },
          { name: HOT_TABLE_KEYS.sortKey, type: "S" },
          { name: HOT_TABLE_KEYS.metricTypeIndexPartitionKey, type: "S" },
          { name: HOT_TABLE_KEYS.metricTypeIndexSortKey, type: "S" },
        ],
        globalSecondaryIndexes: [
          {
            name: HOT_TABLE_KEYS.metricTypeIndex,
            keySchemas: [
              { attributeName: HOT_TABLE_KEYS.metricTypeIndexPartitionKey, keyType: "HASH" },
              { attributeName: HOT_TABLE_KEYS.metricTypeIndexSortKey, keyType: "RANGE" },
            ],
            projectionType: "ALL",
          },
        ],
        ttl: { attributeName: HOT_TABLE_KEYS.ttlAttribute, enabled: true },
        tags: mergeTags(tags, args.table?.args?.tags),
      },
      child,
    );

    this.bucketName = lake.bucket.bucket;
    this.bucketArn = lake.bucket.arn;
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      logBucketName: this.logBucketName,
      logBucketArn: this.logBucketArn,
      tableName: this.tableName,
      tableArn: this.tableArn,
      metricTypeIndexName: this.metricTypeIndexName,
      keys: this.keys,
      hotTableTtlDays: this.hotTableTtlDays,
    });
  }

  /** A bucket for the lake's server access logs, with the same protections and its own expiry. */
  private createAccessLogBucket(
    name: string,
    lake: aws.s3.Bucket,
    tags: Record<string, string>,
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

  private warnOnWeakenedDefaults(
    settings: {
      versioning: boolean;
      accessLogging: boolean;
      pointInTimeRecovery: boolean;
      deletionProtection: boolean;
    },
    args: MetricStoreArgs,
  ): void {
    const weakened = offSettings(settings);
    const tableArgs = args.table?.args;
    if (tableArgs?.serverSideEncryption !== undefined)
      weakened.push("table.args.serverSideEncryption");
    if (tableArgs?.pointInTimeRecovery !== undefined)
      weakened.push("table.args.pointInTimeRecovery");
    if (args.bucket?.args?.forceDestroy) weakened.push("bucket.args.forceDestroy");
    warnWeakenedDefaults(this, "MetricStore", weakened);
  }
}
