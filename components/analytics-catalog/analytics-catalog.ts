import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AnalyticsCatalogArgs } from "./args";
import type { NamedQuerySpec } from "./named-queries";
import { deployedSql, plannedQueries } from "./deployed-queries";
import { TABLE_NAMES } from "../../contract/defaults/analytics-catalog";
import { queryPolicyDocument } from "./query-policy";
import { validateAnalyticsCatalogArgs } from "./validate";
import { scanCutoff } from "./scan-cutoff";
import { createCompaction } from "./compaction";
import { createCatalogTables, type CatalogTables } from "./catalog-tables";
import { createResultsBucket, createWorkgroup } from "./query-resources";
import { resolveAnalyticsCatalog, type ResolvedAnalyticsCatalog } from "./resolve";
import { accountScope, type AccountScope } from "../shared/account-scope";
import { warnFractionThresholds } from "../shared/threshold-check";
import {
  isValidated,
  offSettings,
  throwIfInvalid,
  warnWeakenedDefaults,
} from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";

const kind = "AnalyticsCatalog";

/** What the named queries are built from, the thresholds aside. */
function queryOptions(r: ResolvedAnalyticsCatalog) {
  return {
    database: r.databaseName,
    metricsTable: TABLE_NAMES.metrics,
    quarantineTable: TABLE_NAMES.quarantine,
    curatedTable: TABLE_NAMES.curated,
  };
}

/** Every public property of the component: the one list it assigns and registers. */
type CatalogOutputs = Omit<AnalyticsCatalog, keyof pulumi.ComponentResource>;

/**
 * SQL over the lake: a Glue database with the metrics table (partition projection, so new
 * hours are queryable at once) and the quarantine table, an Athena workgroup with its own
 * results bucket, the named queries, and a least-privilege policy for running them.
 */
export class AnalyticsCatalog extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:AnalyticsCatalog";

  /** The Glue database. */
  declare readonly database: aws.glue.CatalogDatabase;
  /** The Glue table over raw-metrics/. */
  declare readonly metricsTable: aws.glue.CatalogTable;
  /** The Glue table over quarantine/. */
  declare readonly quarantineTable: aws.glue.CatalogTable;
  /** The Parquet table over curated-metrics/. */
  declare readonly curatedTable: aws.glue.CatalogTable;
  /** The Athena workgroup. */
  declare readonly workgroup: aws.athena.Workgroup;
  /** The bucket of query results. */
  declare readonly resultsBucket: aws.s3.Bucket;
  /** The policy for running the named queries. */
  declare readonly queryPolicy: aws.iam.Policy;
  /** The compaction state machine. */
  declare readonly compactionStateMachine: aws.sfn.StateMachine;
  /** The compaction state machine's role. */
  declare readonly compactionRole: aws.iam.Role;
  /** The compaction schedule's dead-letter queue. */
  declare readonly compactionDlq: aws.sqs.Queue;

  /** The Glue database. */
  declare readonly databaseName: pulumi.Output<string>;
  /** The Glue table over raw-metrics/ (partition projection). */
  declare readonly metricsTableName: pulumi.Output<string>;
  /** The Glue table over quarantine/. */
  declare readonly quarantineTableName: pulumi.Output<string>;
  /** The Parquet table over curated-metrics/ (one partition per UTC day). */
  declare readonly curatedTableName: pulumi.Output<string>;
  /** The state machine that compacts a day of raw metrics into Parquet. */
  declare readonly compactionStateMachineArn: pulumi.Output<string>;
  /** The compaction schedule's dead-letter queue. */
  declare readonly compactionDlqName: pulumi.Output<string>;
  /** The compaction's failed and timed-out alarms. */
  declare readonly compactionAlarmNames: pulumi.Output<string[]>;
  /** The Athena workgroup. */
  declare readonly workgroupName: pulumi.Output<string>;
  /** The Athena workgroup's ARN. */
  declare readonly workgroupArn: pulumi.Output<string>;
  /** The bucket of query results. */
  declare readonly resultsBucketName: pulumi.Output<string>;
  /** The results bucket's ARN. */
  declare readonly resultsBucketArn: pulumi.Output<string>;
  /** Named query ids by their kebab-case name. */
  declare readonly namedQueryIds: pulumi.Output<Record<string, string>>;
  /** Attach to a role or user that should run the named queries. */
  declare readonly queryPolicyArn: pulumi.Output<string>;
  /**
   * The queries as deployed; the local run executes the same SQL. A threshold from an Output
   * is written `{thresholds.<key>}` here: the saved query has its value.
   */
  declare readonly queries: NamedQuerySpec[];

  constructor(name: string, args: AnalyticsCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AnalyticsCatalog.TYPE, name, {}, withLegacyTypeAlias(AnalyticsCatalog.TYPE, opts));
    // A facade that built these args validated them with its other parts'.
    if (!isValidated(args)) {
      throwIfInvalid(this, kind, name, validateAnalyticsCatalogArgs(name, args));
      warnFractionThresholds(this, kind, args.thresholds);
    }
    const r = resolveAnalyticsCatalog(name, args);
    const { enforceWorkgroupConfiguration, deletionProtection } = r;
    warnWeakenedDefaults(
      this,
      kind,
      offSettings({ enforceWorkgroupConfiguration, deletionProtection }),
    );
    const outputs = this.createChildren(r, args);
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }

  /** The results bucket, the catalog, the workgroup, the compaction, the queries and the policy. */
  private createChildren(r: ResolvedAnalyticsCatalog, args: AnalyticsCatalogArgs): CatalogOutputs {
    const scope = accountScope(this);
    const results = createResultsBucket(this, r, args);
    const tables = createCatalogTables(this, r, args);
    const queries = plannedQueries(queryOptions(r), r.thresholds);
    const cutoff = scanCutoff(this, args, queries);
    const workgroup = createWorkgroup(this, r, args, results.bucket, scope.accountId, cutoff);
    const compaction = createCompaction(this, r.names, {
      environment: args.environment,
      databaseName: r.databaseName,
      lakeBucketName: args.lakeBucketName,
      lakeBucketArn: args.lakeBucketArn,
      workgroup,
      resultsBucketArn: results.bucket.arn,
      scope,
      kmsKeyArn: args.kmsKeyArn,
      alarmTopicArn: args.alarmTopicArn,
      settings: args.compaction ?? {},
      tags: r.tags,
    });
    const ids = this.createNamedQueries(r, queries, tables, workgroup);
    const policy = this.createQueryPolicy(r, args, scope, workgroup, results.bucket);
    return {
      ...tables,
      workgroup,
      resultsBucket: results.bucket,
      queryPolicy: policy,
      compactionStateMachine: compaction.stateMachine,
      compactionRole: compaction.role,
      compactionDlq: compaction.dlq.queue,
      databaseName: tables.database.name,
      metricsTableName: tables.metricsTable.name,
      quarantineTableName: tables.quarantineTable.name,
      curatedTableName: tables.curatedTable.name,
      compactionStateMachineArn: compaction.stateMachine.arn,
      compactionDlqName: compaction.dlq.queue.name,
      compactionAlarmNames: pulumi.all(compaction.alarms.map((a) => a.name)),
      workgroupName: workgroup.name,
      workgroupArn: workgroup.arn,
      resultsBucketName: results.bucket.bucket,
      resultsBucketArn: results.bucket.arn,
      namedQueryIds: pulumi.output(ids),
      queryPolicyArn: policy.arn,
      queries,
    };
  }

  /** One saved query per spec, after the tables it reads. */
  private createNamedQueries(
    r: ResolvedAnalyticsCatalog,
    queries: readonly NamedQuerySpec[],
    tables: CatalogTables,
    workgroup: aws.athena.Workgroup,
  ): Record<string, pulumi.Output<string>> {
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const query of queries) {
      ids[query.name] = new aws.athena.NamedQuery(
        r.names.logical("query", query.name),
        {
          name: query.name,
          description: query.description,
          database: tables.database.name,
          query: deployedSql(query, queryOptions(r), r.thresholds),
          workgroup: workgroup.name,
        },
        // Athena does not check a saved query's tables; ordering keeps none saved before them.
        {
          parent: this,
          dependsOn: [tables.metricsTable, tables.quarantineTable, tables.curatedTable],
        },
      ).id;
    }
    return ids;
  }

  /** The least-privilege policy for running the named queries. */
  private createQueryPolicy(
    r: ResolvedAnalyticsCatalog,
    args: AnalyticsCatalogArgs,
    scope: pulumi.Output<AccountScope>,
    workgroup: aws.athena.Workgroup,
    resultsBucket: aws.s3.Bucket,
  ): aws.iam.Policy {
    const name = r.names.logical("query-policy");
    return new aws.iam.Policy(
      name,
      {
        ...r.names.autoNamed("iamPolicy", name),
        description: `Run the infrastructure-monitoring queries (${args.environment})`,
        policy: pulumi.jsonStringify(
          queryPolicyDocument({
            partition: scope.partition,
            region: scope.region,
            accountId: scope.accountId,
            workgroupArn: workgroup.arn,
            databaseName: r.databaseName,
            tableNames: [TABLE_NAMES.metrics, TABLE_NAMES.quarantine, TABLE_NAMES.curated],
            lakeBucketArn: args.lakeBucketArn,
            resultsBucketArn: resultsBucket.arn,
            kmsKeyArn: args.kmsKeyArn,
          }),
        ),
        tags: r.tags,
      },
      { parent: this },
    );
  }
}
