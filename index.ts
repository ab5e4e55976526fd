/**
 * The stack program: read and validate the stack's config, compose the components,
 * export their outputs. Invalid config stops here, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { MonitoringPipeline } from "./components";
import { parseStackConfig, StackConfigError } from "./config/load";
import { programTags, type StackConfig } from "./config/stack-config";

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
  const pipeline = new MonitoringPipeline(`monitoring-${config.environment}`, {
    environment: config.environment,
    schedule: config.schedule,
    workflowType: config.workflowType,
    metricSource: config.metricSource,
    targets: config.targets,
    thresholds: config.thresholds,
    anomalyDetection: config.anomalyDetection,
    alertEmails: config.alertEmails,
    notifyOnSuccess: config.notifyOnSuccess,
    fastAlerts: config.fastAlerts,
    hotTableTtlDays: config.retention.hotTableDays,
    lifecycle: {
      infrequentAccessDays: config.retention.lakeInfrequentAccessDays,
      archiveDays: config.retention.lakeArchiveDays,
      expireDays: config.retention.lakeExpireDays,
    },
    logRetentionDays: config.retention.logDays,
    deletionProtection: config.deletionProtection,
    ...(config.fleet ? { fleet: config.fleet } : {}),
    tags: programTags(config.environment, config.tags),
  });
  const { store, workflow, alerting, analytics } = pipeline;

  return {
    lakeBucket: store.bucketName,
    accessLogBucket: store.logBucketName,
    hotTable: store.tableName,
    hotTableArn: store.tableArn,
    collectorFunction: workflow.collectorFunctionName,
    processorFunction: workflow.processorFunctionName,
    stateMachineArn: workflow.stateMachineArn,
    schedule: workflow.scheduleName,
    schedulerDlqUrl: workflow.schedulerDlqUrl,
    processorFailureQueueUrl: workflow.processorFailureQueueUrl,
    alertTopicArn: alerting.topicArn,
    dashboardUrl: alerting.dashboardUrl,
    alarmNames: alerting.alarmNames,
    analyticsDatabase: analytics.databaseName,
    metricsTable: analytics.metricsTableName,
    quarantineTable: analytics.quarantineTableName,
    athenaWorkgroup: analytics.workgroupName,
    athenaResultsBucket: analytics.resultsBucketName,
    namedQueryIds: analytics.namedQueryIds,
    analyticsQueryPolicyArn: analytics.queryPolicyArn,
  };
};
