import * as pulumi from "@pulumi/pulumi";
import type { AlertingStackArgs, AlertingTagArgs } from "../alerting-stack/args";
import { isKnownNow } from "../shared/input-check";
import type { TagsInput } from "../shared/tags";
import type { AnalyticsCatalogArgs } from "../analytics-catalog/args";
import type { CollectorWorkflowArgs } from "../collector-workflow/args";
import { COLLECTOR_WORKFLOW_DEFAULTS } from "../../contract/defaults/collector-workflow";
import type { MetricStoreArgs } from "../metric-store/args";
import { METRIC_STORE_DEFAULTS } from "../../contract/defaults/metric-store";
import { MAX_CATCH_UP_DAYS } from "../analytics-catalog/compaction-definition";
import type { MonitoringPipelineArgs } from "./args";

/** What one part hands the next: names and ARNs, placeholders while validating. */
export interface PartLinks {
  readonly lakeBucketName: pulumi.Input<string>;
  readonly lakeBucketArn: pulumi.Input<string>;
  readonly tableName: pulumi.Input<string>;
  readonly tableArn: pulumi.Input<string>;
  readonly alertTopicArn: pulumi.Input<string>;
  readonly alertTopicKmsKeyArn?: pulumi.Input<string>;
  readonly collectorFunctionName: pulumi.Input<string>;
  readonly processorFunctionName: pulumi.Input<string>;
  readonly stateMachineArn: pulumi.Input<string>;
  readonly stateMachineName: pulumi.Input<string>;
  readonly schedulerDlqName: pulumi.Input<string>;
  readonly processorFailureQueueName: pulumi.Input<string>;
  readonly publisherRoleArns: pulumi.Input<string>[];
  readonly compactionStateMachineArn: pulumi.Input<string>;
  readonly compactionDlqName: pulumi.Input<string>;
  readonly compactionAlarmNames: pulumi.Input<string[]>;
}

/** Stand-ins of the links, for validating every part before any of them exists. */
export const PLACEHOLDER_LINKS: PartLinks = Object.freeze({
  lakeBucketName: "lake",
  lakeBucketArn: "arn:aws:s3:::lake",
  tableName: "table",
  tableArn: "arn:aws:dynamodb:::table/table",
  alertTopicArn: "arn:aws:sns:::topic",
  collectorFunctionName: "collector",
  processorFunctionName: "processor",
  stateMachineArn: "arn:aws:states:::stateMachine:workflow",
  stateMachineName: "workflow",
  schedulerDlqName: "dlq",
  processorFailureQueueName: "failures",
  publisherRoleArns: [],
  compactionStateMachineArn: "arn:aws:states:::stateMachine:compaction",
  compactionDlqName: "compaction-dlq",
  compactionAlarmNames: [],
});

/** The args of the four parts. */
export interface Parts {
  readonly store: MetricStoreArgs;
  readonly workflow: CollectorWorkflowArgs;
  readonly alerting: AlertingStackArgs;
  readonly analytics: AnalyticsCatalogArgs;
}

/** What the parts hand each other once built: the links' values. */
export interface BuiltLinks extends Omit<PartLinks, "publisherRoleArns"> {
  readonly publisherRoleArns: [pulumi.Input<string>, pulumi.Input<string>];
}

/**
 * Links that resolve once the parts exist, so the parts' args are built (and validated) once,
 * before any part: the alert topic is built after the workflow that publishes to it.
 */
export function deferredLinks(): { links: PartLinks; resolve(built: BuiltLinks): void } {
  const resolvers: ((v: pulumi.Input<string | undefined>) => void)[] = [];
  const deferred = () => {
    const [output, resolve] = pulumi.deferredOutput<string>();
    resolvers.push(resolve as (v: pulumi.Input<string | undefined>) => void);
    return output;
  };
  const [compactionAlarmNames, resolveAlarmNames] = pulumi.deferredOutput<string[]>();
  const links: PartLinks = {
    lakeBucketName: deferred(),
    lakeBucketArn: deferred(),
    tableName: deferred(),
    tableArn: deferred(),
    alertTopicArn: deferred(),
    alertTopicKmsKeyArn: deferred(),
    collectorFunctionName: deferred(),
    processorFunctionName: deferred(),
    stateMachineArn: deferred(),
    stateMachineName: deferred(),
    schedulerDlqName: deferred(),
    processorFailureQueueName: deferred(),
    publisherRoleArns: [deferred(), deferred()],
    compactionStateMachineArn: deferred(),
    compactionDlqName: deferred(),
    compactionAlarmNames,
  };
  const order = (b: BuiltLinks) => [
    b.lakeBucketName,
    b.lakeBucketArn,
    b.tableName,
    b.tableArn,
    b.alertTopicArn,
    b.alertTopicKmsKeyArn,
    b.collectorFunctionName,
    b.processorFunctionName,
    b.stateMachineArn,
    b.stateMachineName,
    b.schedulerDlqName,
    b.processorFailureQueueName,
    ...b.publisherRoleArns,
    b.compactionStateMachineArn,
    b.compactionDlqName,
  ];
  return {
    links,
    resolve: (built) => {
      order(built).forEach((v, i) => resolvers[i]?.(v));
      resolveAlarmNames(pulumi.output(built.compactionAlarmNames));
    },
  };
}

/** The four parts' args from the one args object: schedule and thresholds given once. */
export function partArgs(a: MonitoringPipelineArgs, links: PartLinks): Parts {
  const shared = sharedArgs(a);
  return {
    store: storeArgs(a, shared),
    workflow: workflowArgs(a, links, shared),
    alerting: alertingArgs(a, links, shared),
    analytics: analyticsArgs(a, links, shared),
  };
}

/** What several parts take alike: the key, whether the lake is given, the tags. */
interface SharedArgs {
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly lakeGiven: boolean;
  readonly common: { readonly tags?: TagsInput };
}

function sharedArgs(a: MonitoringPipelineArgs): SharedArgs {
  return {
    kmsKeyArn: a.existing?.kmsKey?.arn ?? a.existing?.kmsKeyArn,
    lakeGiven: a.existing?.lakeBucket !== undefined || a.existing?.lakeBucketName !== undefined,
    common: { tags: a.tags },
  };
}

function storeArgs(
  a: MonitoringPipelineArgs,
  { kmsKeyArn, lakeGiven, common }: SharedArgs,
): MetricStoreArgs {
  return {
    ...common,
    hotTableTtlDays: a.hotTableTtlDays,
    lifecycle: a.lifecycle,
    deletionProtection: a.deletionProtection,
    kmsKeyArn,
    bucket: lakeGiven
      ? { existing: a.existing?.lakeBucket, existingName: a.existing?.lakeBucketName }
      : undefined,
    table: a.existing?.hotTable ? { existing: a.existing.hotTable } : undefined,
  };
}

/** A day is caught up only while all of its raw objects still exist. */
function catchUpDaysOf(a: MonitoringPipelineArgs): number {
  return Math.min(
    a.lifecycle?.rawMetricsExpireDays ?? METRIC_STORE_DEFAULTS.lifecycle.rawMetricsExpireDays,
    MAX_CATCH_UP_DAYS,
  );
}

function workflowArgs(
  a: MonitoringPipelineArgs,
  links: PartLinks,
  { kmsKeyArn, lakeGiven, common }: SharedArgs,
): CollectorWorkflowArgs {
  return {
    ...common,
    environment: a.environment,
    lakeBucketName: links.lakeBucketName,
    lakeBucketArn: links.lakeBucketArn,
    tableName: links.tableName,
    tableArn: links.tableArn,
    hotTableTtlDays: a.hotTableTtlDays,
    alertTopicArn: links.alertTopicArn,
    alertTopicKmsKeyArn: links.alertTopicKmsKeyArn,
    lakeKmsKeyArn: kmsKeyArn,
    schedule: a.schedule,
    scheduleTimezone: a.scheduleTimezone,
    workflowType: a.workflowType,
    metricSource: a.metricSource,
    targets: a.targets,
    thresholds: a.thresholds,
    anomalyDetection: a.anomalyDetection,
    notifyOnSuccess: a.notifyOnSuccess,
    executionTimeoutSeconds: a.executionTimeoutSeconds,
    logRetentionDays: a.logRetentionDays,
    collectionPeriodSeconds: a.collectionPeriodSeconds,
    // An existing bucket's notification configuration belongs to its owner.
    lakeEventBridge: !lakeGiven,
    // A late object re-opens its compacted day through the compaction's catch-up run.
    compaction: {
      stateMachineArn: links.compactionStateMachineArn,
      catchUpDays: catchUpDaysOf(a),
    },
  };
}

function alertingArgs(
  a: MonitoringPipelineArgs,
  links: PartLinks,
  { kmsKeyArn, common }: SharedArgs,
): AlertingStackArgs {
  return {
    ...common,
    environment: a.environment,
    schedule: a.schedule ?? COLLECTOR_WORKFLOW_DEFAULTS.schedule,
    thresholds: a.thresholds,
    alertEmails: a.alertEmails,
    fastAlerts: a.fastAlerts,
    fastAlertInstanceIds: a.targets?.instanceIds,
    // A tag from an Output cannot scope the fast alerts: partsProblems refuses that pairing.
    fastAlertTag: isKnownNow(a.targets?.tag) ? (a.targets?.tag as AlertingTagArgs) : undefined,
    sourcePeriodSeconds: a.collectionPeriodSeconds,
    // Host alarms and graphs follow the series the collector's source really produces.
    metricSource: a.metricSource ?? COLLECTOR_WORKFLOW_DEFAULTS.metricSource,
    kmsKeyArn,
    topic: a.existing?.alertTopic ? { existing: a.existing.alertTopic } : undefined,
    collectorFunctionName: links.collectorFunctionName,
    processorFunctionName: links.processorFunctionName,
    stateMachineArn: links.stateMachineArn,
    stateMachineName: links.stateMachineName,
    tableName: links.tableName,
    schedulerDlqName: links.schedulerDlqName,
    processorFailureQueueName: links.processorFailureQueueName,
    publisherRoleArns: links.publisherRoleArns,
    // The compaction AnalyticsCatalog runs joins the pipeline's health and dashboard.
    compaction: {
      stateMachineArn: links.compactionStateMachineArn,
      deadLetterQueueName: links.compactionDlqName,
      alarmNames: links.compactionAlarmNames,
    },
  };
}

function analyticsArgs(
  a: MonitoringPipelineArgs,
  links: PartLinks,
  { kmsKeyArn, common }: SharedArgs,
): AnalyticsCatalogArgs {
  return {
    ...common,
    environment: a.environment,
    lakeBucketName: links.lakeBucketName,
    lakeBucketArn: links.lakeBucketArn,
    thresholds: a.thresholds,
    deletionProtection: a.deletionProtection,
    fleet: a.fleet,
    kmsKeyArn,
    // The compaction's failure and time-out alarms go to the pipeline's topic.
    alarmTopicArn: links.alertTopicArn,
    compaction: { catchUpDays: catchUpDaysOf(a) },
  };
}
