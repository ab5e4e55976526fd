import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedTags, type ResolvedTags } from "../shared/tags";
import { checkedThresholds, warnFractionThresholds } from "../shared/threshold-check";
import { LAKE_PREFIXES } from "../../functions/shared/lake";
import { createSecureBucket } from "../shared/secure-bucket";
import type { AnalyticsCatalogArgs } from "./args";
import { ANALYTICS_CATALOG_DEFAULTS, RESULTS_ABORT_UPLOAD_DAYS, TABLE_NAMES } from "./defaults";
import type { NamedQuerySpec } from "./named-queries";
import { queryPolicyDocument } from "./query-policy";
import {
  jsonStorage,
  METRICS_COLUMNS,
  PARTITION_KEYS,
  PROJECTION_TEMPLATE_SUFFIX,
  projectionParameters,
  QUARANTINE_COLUMNS,
} from "./tables";
import { defaultDatabaseName, validateAnalyticsCatalogArgs } from "./validate";
import { scanCutoff } from "./scan-cutoff";
import { createCompaction } from "./compaction";
import { CURATED_COLUMNS, CURATED_PARTITION_KEYS, CURATED_TEMPLATE_SUFFIX } from "./curated";
import { accountScope } from "../shared/account-scope";
import { deployedSql, plannedQueries } from "./deployed-queries";
import {
  checkSite,
  isValidated,
  offSettings,
  throwIfInvalid,
  warnWeakenedDefaults,
} from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";

/**
 * SQL over the lake: a Glue database with the metrics table (partition projection, so new
 * hours are queryable at once) and the quarantine table, an Athena workgroup with its own
 * results bucket, the named queries, and a least-privilege policy for running them.
 */
export class AnalyticsCatalog extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:AnalyticsCatalog";

  /** The Glue database. */
  readonly databaseName: pulumi.Output<string>;
  /** The Glue table over raw-metrics/ (partition projection). */
  readonly metricsTableName: pulumi.Output<string>;
  /** The Glue table over quarantine/. */
  readonly quarantineTableName: pulumi.Output<string>;
  /** The Parquet table over curated-metrics/ (one partition per UTC day). */
  readonly curatedTableName: pulumi.Output<string>;
  /** The state machine that compacts a day of raw metrics into Parquet. */
  readonly compactionStateMachineArn: pulumi.Output<string>;
  /** The compaction schedule's dead-letter queue. */
  readonly compactionDlqName: pulumi.Output<string>;
  /** The compaction's failed and timed-out alarms. */
  readonly compactionAlarmNames: pulumi.Output<string[]>;
  /** The Athena workgroup. */
  readonly workgroupName: pulumi.Output<string>;
  /** The Athena workgroup's ARN. */
  readonly workgroupArn: pulumi.Output<string>;
  /** The bucket of query results. */
  readonly resultsBucketName: pulumi.Output<string>;
  /** The results bucket's ARN. */
  readonly resultsBucketArn: pulumi.Output<string>;
  /** Named query ids by their kebab-case name. */
  readonly namedQueryIds: pulumi.Output<Record<string, string>>;
  /** Attach to a role or user that should run the named queries. */
  readonly queryPolicyArn: pulumi.Output<string>;
  /**
   * The queries as deployed; the local run executes the same SQL. A threshold from an Output
   * is written `{thresholds.<key>}` here: the saved query has its value.
   */
  readonly queries: NamedQuerySpec[];

  constructor(name: string, args: AnalyticsCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AnalyticsCatalog.TYPE, name, {}, withLegacyTypeAlias(AnalyticsCatalog.TYPE, opts));
    // A facade that built these args validated them with its other parts'.
    if (!isValidated(args)) {
      throwIfInvalid(this, "AnalyticsCatalog", name, validateAnalyticsCatalogArgs(name, args));
      warnFractionThresholds(this, "AnalyticsCatalog", args.thresholds);
    }
    const d = ANALYTICS_CATALOG_DEFAULTS;
    const settings = {
      enforceWorkgroupConfiguration:
        args.enforceWorkgroupConfiguration ?? d.enforceWorkgroupConfiguration,
      deletionProtection: args.deletionProtection ?? d.deletionProtection,
    };
    this.warnOnWeakenedDefaults(settings);
    const site = checkSite(args, "AnalyticsCatalog", name);
    const tags = checkedTags(site, args.tags);
    const child = { parent: this };
    const forceDestroy = !settings.deletionProtection;
    const databaseName = args.databaseName ?? defaultDatabaseName(name);
    const scope = accountScope(this);
    const accountId = scope.accountId;

    const results = createSecureBucket(`${name}-results`, {
      parent: this,
      tags,
      forceDestroy,
      kmsKeyArn: args.kmsKeyArn,
      bucketTags: { site, key: "resultsBucket.tags", tags: args.resultsBucket?.tags },
    });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-results-lifecycle`,
      {
        bucket: results.bucket.id,
        rules: [
          {
            id: "expire-query-results",
            status: "Enabled",
            filter: {},
            expiration: { days: args.resultsExpireDays ?? d.resultsExpireDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: RESULTS_ABORT_UPLOAD_DAYS },
          },
        ],
      },
      child,
    );

    const database = new aws.glue.CatalogDatabase(
      `${name}-database`,
      {
        name: databaseName,
        description: `Infrastructure-monitoring lake (${args.environment})`,
        tags,
      },
      child,
    );
    const metricsLocation = pulumi.interpolate`s3://${args.lakeBucketName}/${LAKE_PREFIXES.metrics}`;
    const metricsTable = new aws.glue.CatalogTable(
      `${name}-metrics-table`,
      {
        databaseName: database.name,
        name: TABLE_NAMES.metrics,
        description: "Metric records under raw-metrics/, partitioned by UTC hour",
        tableType: "EXTERNAL_TABLE",
        parameters: {
          EXTERNAL: "TRUE",
          classification: "json",
          ...projectionParameters(
            { ...d.projectionYears, ...args.projectionYears },
            pulumi.concat(metricsLocation, PROJECTION_TEMPLATE_SUFFIX),
          ),
        },
        partitionKeys: [...PARTITION_KEYS],
        storageDescriptor: jsonStorage(metricsLocation, METRICS_COLUMNS),
      },
      child,
    );
    // Partitioned like raw, by the UTC hour a line was quarantined: a query reads its window
    // only, however much bad input the lake has seen.
    const quarantineLocation = pulumi.interpolate`s3://${args.lakeBucketName}/${LAKE_PREFIXES.quarantine}`;
    const quarantineTable = new aws.glue.CatalogTable(
      `${name}-quarantine-table`,
      {
        databaseName: database.name,
        name: TABLE_NAMES.quarantine,
        description:
          "Rejected input lines under quarantine/, with the reason, partitioned by UTC hour",
        tableType: "EXTERNAL_TABLE",
        parameters: {
          EXTERNAL: "TRUE",
          classification: "json",
          ...projectionParameters(
            { ...d.projectionYears, ...args.projectionYears },
            pulumi.concat(quarantineLocation, PROJECTION_TEMPLATE_SUFFIX),
          ),
        },
        partitionKeys: [...PARTITION_KEYS],
        storageDescriptor: jsonStorage(quarantineLocation, QUARANTINE_COLUMNS),
      },
      child,
    );

    const curatedLocation = pulumi.interpolate`s3://${args.lakeBucketName}/${LAKE_PREFIXES.curated}`;
    const curatedTable = new aws.glue.CatalogTable(
      `${name}-curated-table`,
      {
        databaseName: database.name,
        name: TABLE_NAMES.curated,
        description:
          "Parquet compacted from raw-metrics/ under curated-metrics/, one partition per UTC day",
        tableType: "EXTERNAL_TABLE",
        parameters: {
          EXTERNAL: "TRUE",
          classification: "parquet",
          "parquet.compression": "ZSTD",
          ...projectionParameters(
            { ...d.projectionYears, ...args.projectionYears },
            pulumi.concat(curatedLocation, CURATED_TEMPLATE_SUFFIX),
            false,
          ),
        },
        partitionKeys: [...CURATED_PARTITION_KEYS],
        storageDescriptor: {
          location: curatedLocation,
          columns: [...CURATED_COLUMNS],
          inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
          serDeInfo: {
            name: "parquet",
            serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            parameters: { "serialization.format": "1" },
          },
        },
      },
      child,
    );

    const queryOptions = {
      database: databaseName,
      metricsTable: TABLE_NAMES.metrics,
      quarantineTable: TABLE_NAMES.quarantine,
      curatedTable: TABLE_NAMES.curated,
    };
    const thresholds = checkedThresholds(site, args.thresholds);
    this.queries = plannedQueries(queryOptions, thresholds);
    const cutoff = scanCutoff(this, args, this.queries);
    const workgroup = this.createWorkgroup(
      name,
      args,
      { ...settings, cutoff },
      results.bucket,
      accountId,
      tags,
    );
    const compaction = createCompaction(this, name, {
      environment: args.environment,
      databaseName,
      lakeBucketName: args.lakeBucketName,
      lakeBucketArn: args.lakeBucketArn,
      workgroup,
      resultsBucketArn: results.bucket.arn,
      scope,
      kmsKeyArn: args.kmsKeyArn,
      alarmTopicArn: args.alarmTopicArn,
      settings: args.compaction ?? {},
      tags,
    });

    const ids: Record<string, pulumi.Output<string>> = {};
    for (const query of this.queries) {
      ids[query.name] = new aws.athena.NamedQuery(
        `${name}-query-${query.name}`,
        {
          name: query.name,
          description: query.description,
          database: database.name,
          query: deployedSql(query, queryOptions, thresholds),
          workgroup: workgroup.name,
        },
        // Athena does not check a saved query's tables; ordering keeps none saved before them.
        { ...child, dependsOn: [metricsTable, quarantineTable, curatedTable] },
      ).id;
    }

    const policy = new aws.iam.Policy(
      `${name}-query-policy`,
      {
        description: `Run the infrastructure-monitoring queries (${args.environment})`,
        policy: pulumi.jsonStringify(
          queryPolicyDocument({
            partition: scope.partition,
            region: scope.region,
            accountId,
            workgroupArn: workgroup.arn,
            databaseName,
            tableNames: [TABLE_NAMES.metrics, TABLE_NAMES.quarantine, TABLE_NAMES.curated],
            lakeBucketArn: args.lakeBucketArn,
            resultsBucketArn: results.bucket.arn,
            kmsKeyArn: args.kmsKeyArn,
          }),
        ),
        tags,
      },
      child,
    );

    this.databaseName = database.name;
    this.metricsTableName = metricsTable.name;
    this.quarantineTableName = quarantineTable.name;
    this.curatedTableName = curatedTable.name;
    this.compactionStateMachineArn = compaction.stateMachine.arn;
    this.compactionDlqName = compaction.dlq.queue.name;
    this.compactionAlarmNames = pulumi.all(compaction.alarms.map((a) => a.name));
    this.workgroupName = workgroup.name;
    this.workgroupArn = workgroup.arn;
    this.resultsBucketName = results.bucket.bucket;
    this.resultsBucketArn = results.bucket.arn;
    this.namedQueryIds = pulumi.output(ids);
    this.queryPolicyArn = policy.arn;
    this.registerOutputs({
      databaseName: this.databaseName,
      metricsTableName: this.metricsTableName,
      quarantineTableName: this.quarantineTableName,
      curatedTableName: this.curatedTableName,
      compactionStateMachineArn: this.compactionStateMachineArn,
      compactionDlqName: this.compactionDlqName,
      compactionAlarmNames: this.compactionAlarmNames,
      workgroupName: this.workgroupName,
      workgroupArn: this.workgroupArn,
      resultsBucketName: this.resultsBucketName,
      resultsBucketArn: this.resultsBucketArn,
      namedQueryIds: this.namedQueryIds,
      queryPolicyArn: this.queryPolicyArn,
      queries: this.queries,
    });
  }

  /** The workgroup: its configuration is enforced, so every query lands encrypted in our bucket. */
  private createWorkgroup(
    name: string,
    args: AnalyticsCatalogArgs,
    settings: {
      enforceWorkgroupConfiguration: boolean;
      deletionProtection: boolean;
      cutoff: number;
    },
    resultsBucket: aws.s3.Bucket,
    accountId: pulumi.Output<string>,
    tags: ResolvedTags,
  ): aws.athena.Workgroup {
    const d = ANALYTICS_CATALOG_DEFAULTS;
    const enforce = settings.enforceWorkgroupConfiguration;
    return new aws.athena.Workgroup(
      `${name}-workgroup`,
      {
        description:
          args.workgroup?.description ?? `Infrastructure-monitoring queries (${args.environment})`,
        state: args.workgroup?.state ?? "ENABLED",
        forceDestroy: !settings.deletionProtection,
        // Where results go and how they are protected follow from the args.
        configuration: {
          enforceWorkgroupConfiguration: enforce,
          // Only consulted when clients may choose: then they may not go below SSE.
          ...(enforce ? {} : { enableMinimumEncryptionConfiguration: true }),
          publishCloudwatchMetricsEnabled:
            args.publishCloudwatchMetrics ?? d.publishCloudwatchMetrics,
          bytesScannedCutoffPerQuery: settings.cutoff,
          engineVersion: { selectedEngineVersion: args.engineVersion ?? d.engineVersion },
          resultConfiguration: {
            outputLocation: pulumi.interpolate`s3://${resultsBucket.bucket}/`,
            expectedBucketOwner: accountId,
            encryptionConfiguration: args.kmsKeyArn
              ? { encryptionOption: "SSE_KMS", kmsKeyArn: args.kmsKeyArn }
              : { encryptionOption: "SSE_S3" },
          },
        },
        tags,
      },
      { parent: this },
    );
  }

  private warnOnWeakenedDefaults(settings: {
    enforceWorkgroupConfiguration: boolean;
    deletionProtection: boolean;
  }): void {
    warnWeakenedDefaults(this, "AnalyticsCatalog", offSettings(settings));
  }
}
