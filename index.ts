/**
 * The stack program: read and validate the stack's config, compose the components,
 * export their outputs. Invalid config stops here, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { AlertingStack, AnalyticsCatalog, CollectorWorkflow, MetricStore } from "./components";
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

  // The topic lives in AlertingStack, which watches this workflow: deferred outputs break the cycle.
  const [alertTopicArn, resolveAlertTopicArn] = pulumi.deferredOutput<string>();
  const [alertTopicKmsKeyArn, resolveAlertTopicKmsKeyArn] = pulumi.deferredOutput<string>();
  const workflow = new CollectorWorkflow(name, {
    environment: config.environment,
    lakeBucketName: store.bucketName,
    lakeBucketArn: store.bucketArn,
    tableName: store.tableName,
    tableArn: store.tableArn,
    hotTableTtlDays: store.hotTableTtlDays,
    alertTopicArn,
    alertTopicKmsKeyArn,
    schedule: config.schedule,
    workflowType: config.workflowType,
    metricSource: config.metricSource,
    targets: config.targets,
    thresholds: config.thresholds,
    notifyOnSuccess: config.notifyOnSuccess,
    logRetentionDays: config.retention.logDays,
    tags,
  });

  const alerting = new AlertingStack(name, {
    environment: config.environment,
    schedule: config.schedule,
    thresholds: config.thresholds,
    alertEmails: config.alertEmails,
    collectorFunctionName: workflow.collectorFunctionName,
    processorFunctionName: workflow.processorFunctionName,
    stateMachineArn: workflow.stateMachineArn,
    stateMachineName: workflow.stateMachineName,
    tableName: store.tableName,
    tableIndexName: store.metricTypeIndexName,
    schedulerDlqName: workflow.schedulerDlqName,
    processorFailureQueueName: workflow.processorFailureQueueName,
    publisherRoleArns: [workflow.stateMachineRoleArn, workflow.processorRoleArn],
    fastAlerts: config.fastAlerts,
    ...(config.targets.instanceIds ? { fastAlertInstanceIds: config.targets.instanceIds } : {}),
    // The cloudwatch source publishes no copy of AWS/EC2 and CWAgent values to alarm on.
    hostMetricAlarms: config.metricSource !== "cloudwatch",
    tags,
  });
  resolveAlertTopicArn(alerting.topicArn);
  resolveAlertTopicKmsKeyArn(alerting.topicKmsKeyArn);

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
