/**
 * The stack program: read and validate the stack's config, compose the components,
 * export their outputs. Invalid config stops here, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { AnalyticsCatalog, MetricStore } from "./components";
import { parseStackConfig, StackConfigError } from "./config/load";
import type { StackConfig } from "./config/stack-config";

function loadConfig(): StackConfig {
  try {
    return parseStackConfig(pulumi.runtime.allConfig());
  } catch (err) {
    // RunError prints the message alone: the list of bad keys, not a stack trace.
    if (err instanceof StackConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

export = () => {
  const config = loadConfig();
  const tags = { project: "infra-monitoring", environment: config.environment, ...config.tags };
  const name = `monitoring-${config.environment}`;

  const store = new MetricStore(name, {
    hotTableTtlDays: config.retention.hotTableDays,
    lifecycle: {
      infrequentAccessDays: config.retention.lakeInfrequentAccessDays,
      archiveDays: config.retention.lakeArchiveDays,
      expireDays: config.retention.lakeExpireDays,
    },
    deletionProtection: config.deletionProtection,
    tags,
  });

  const analytics = new AnalyticsCatalog(name, {
    environment: config.environment,
    lakeBucketName: store.bucketName,
    lakeBucketArn: store.bucketArn,
    thresholds: config.thresholds,
    deletionProtection: config.deletionProtection,
    tags,
  });

  return {
    lakeBucket: store.bucketName,
    accessLogBucket: store.logBucketName,
    hotTable: store.tableName,
    hotTableArn: store.tableArn,
    analyticsDatabase: analytics.databaseName,
    metricsTable: analytics.metricsTableName,
    quarantineTable: analytics.quarantineTableName,
    athenaWorkgroup: analytics.workgroupName,
    athenaResultsBucket: analytics.resultsBucketName,
    namedQueryIds: analytics.namedQueryIds,
    analyticsQueryPolicyArn: analytics.queryPolicyArn,
  };
};
