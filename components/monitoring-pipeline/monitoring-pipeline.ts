import * as pulumi from "@pulumi/pulumi";
import { warnFractionThresholds } from "../shared/threshold-check";
import { AlertingStack } from "../alerting-stack/alerting-stack";
import { AnalyticsCatalog } from "../analytics-catalog/analytics-catalog";
import { CollectorWorkflow } from "../collector-workflow/collector-workflow";
import { MetricStore } from "../metric-store/metric-store";
import {
  componentProvider,
  existingLake,
  existingResourcesGate,
  gatedOptions,
} from "../metric-store/existing";
import { claimNamePrefix } from "../shared/name-prefixes";
import { markValidated, throwIfInvalid } from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";
import type { CheckSite } from "../shared/input-check";
import type { MonitoringPipelineArgs } from "./args";
import { type BuiltLinks, type Parts } from "./parts";
import { resolveMonitoringPipeline } from "./resolve";
import { partsProblems, PIPELINE_KEYS, pipelineOwner } from "./validate";

/** The facade's four parts: every child of theirs is reachable from here. */
export interface MonitoringPipelineParts {
  /** The lake and the hot table. */
  readonly store: MetricStore;
  /** The Lambdas, the state machine, the schedule and the S3 -> EventBridge -> processor wiring. */
  readonly workflow: CollectorWorkflow;
  /** The topic, the alarms and the dashboard. */
  readonly alerting: AlertingStack;
  /** The Glue catalog, the Athena workgroup and the named queries. */
  readonly analytics: AnalyticsCatalog;
}

/** Every string output of the facade: the one list it assigns and registers. */
type FacadeOutputs = Omit<
  MonitoringPipeline,
  keyof pulumi.ComponentResource | keyof MonitoringPipelineParts
>;

/**
 * The parts are readonly properties of every pipeline, merged in from MonitoringPipelineParts:
 * the multi-language schema is inferred from the class's own members, and a component object
 * has no schema type, so other languages reach the parts' children through the outputs.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface MonitoringPipeline extends MonitoringPipelineParts {}

/**
 * The whole pipeline from one args object: MetricStore, CollectorWorkflow, AlertingStack and
 * AnalyticsCatalog, wired together. Every part's args are built and validated once, and the
 * existing resources checked, before any child exists;
 * the parts stay public for what the facade did not foresee.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MonitoringPipeline extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:MonitoringPipeline";

  /** The lake bucket's name. */
  declare readonly lakeBucketName: pulumi.Output<string>;
  /** The hot table's name. */
  declare readonly hotTableName: pulumi.Output<string>;
  /** The state machine's ARN. */
  declare readonly stateMachineArn: pulumi.Output<string>;
  /** The alert topic's ARN. */
  declare readonly alertTopicArn: pulumi.Output<string>;
  /** The CloudWatch dashboard's console URL. */
  declare readonly dashboardUrl: pulumi.Output<string>;
  /** The Athena workgroup's name. */
  declare readonly athenaWorkgroup: pulumi.Output<string>;
  /** The lake bucket's ARN. */
  declare readonly lakeBucketArn: pulumi.Output<string>;
  /** The hot table's ARN. */
  declare readonly hotTableArn: pulumi.Output<string>;
  /** The data collector Lambda's name. */
  declare readonly collectorFunctionName: pulumi.Output<string>;
  /** The log processor Lambda's name. */
  declare readonly processorFunctionName: pulumi.Output<string>;
  /** The data collector's execution role: a bring-your-own bucket or key policy names it. */
  declare readonly collectorRoleArn: pulumi.Output<string>;
  /** The log processor's execution role: a bring-your-own topic's policy lets it publish. */
  declare readonly processorRoleArn: pulumi.Output<string>;
  /** The state machine's role: a bring-your-own topic's policy lets it publish. */
  declare readonly stateMachineRoleArn: pulumi.Output<string>;
  /** The queue of schedule invocations that failed. */
  declare readonly schedulerDlqUrl: pulumi.Output<string>;
  /** The queue of S3 events the processor failed on. */
  declare readonly processorFailureQueueUrl: pulumi.Output<string>;
  /** The Glue database over the lake. */
  declare readonly databaseName: pulumi.Output<string>;
  /** The IAM policy to attach to a role that queries the lake through Athena. */
  declare readonly queryPolicyArn: pulumi.Output<string>;

  constructor(name: string, args: MonitoringPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    // Resolved once: the parts' args, with links that resolve as the parts are built.
    const { prefix, site, parts, resolve } = resolveMonitoringPipeline(name, args);
    // Existing resources are checked first: no child registers before they fit.
    const provider = componentProvider(opts);
    const lake = existingLake(site, parts.store, provider, PIPELINE_KEYS);
    const gate = existingResourcesGate(site, parts.store, lake, provider, PIPELINE_KEYS);
    super(
      MonitoringPipeline.TYPE,
      name,
      {},
      gatedOptions(withLegacyTypeAlias(MonitoringPipeline.TYPE, opts), gate),
    );
    // Validated once, here: the parts are marked so they do not check their args again.
    throwIfInvalid(this, site.kind, name, partsProblems(name, prefix, parts, args.existing, args));
    warnFractionThresholds(this, site.kind, args.thresholds);
    claimNamePrefix(prefix, pipelineOwner(name));
    if (lake) {
      void pulumi.log.warn(
        "MonitoringPipeline: existing.lakeBucket must have EventBridge delivery on (its notification configuration is left to its owner), or the processor never runs.",
        this,
      );
    }
    const built = this.createParts(prefix, site, parts);
    resolve(partLinks(built));
    const outputs = facadeOutputs(built);
    Object.assign(this, built, outputs);
    this.registerOutputs(outputs);
  }

  /** The four parts, each with its validated args. */
  private createParts(prefix: string, site: CheckSite, parts: Parts): MonitoringPipelineParts {
    const child = { parent: this };
    const part = <T extends object>(a: T, key: string) => markValidated(a, { ...site, part: key });
    return {
      store: new MetricStore(prefix, part(parts.store, "store"), child),
      workflow: new CollectorWorkflow(prefix, part(parts.workflow, "workflow"), child),
      alerting: new AlertingStack(prefix, part(parts.alerting, "alerting"), child),
      analytics: new AnalyticsCatalog(prefix, part(parts.analytics, "analytics"), child),
    };
  }
}

/** What the built parts hand each other. */
function partLinks({
  store: s,
  workflow: w,
  alerting,
  analytics,
}: MonitoringPipelineParts): BuiltLinks {
  return {
    lakeBucketName: s.bucketName,
    lakeBucketArn: s.bucketArn,
    tableName: s.tableName,
    tableArn: s.tableArn,
    alertTopicArn: alerting.topicArn,
    // Undefined for an existing topic without a key: the workflow then grants no key use.
    alertTopicKmsKeyArn: alerting.topicKmsKeyArn as pulumi.Output<string>,
    collectorFunctionName: w.collectorFunctionName,
    processorFunctionName: w.processorFunctionName,
    stateMachineArn: w.stateMachineArn,
    stateMachineName: w.stateMachineName,
    schedulerDlqName: w.schedulerDlqName,
    processorFailureQueueName: w.processorFailureQueueName,
    publisherRoleArns: [w.stateMachineRoleArn, w.processorRoleArn],
    compactionStateMachineArn: analytics.compactionStateMachineArn,
    compactionDlqName: analytics.compactionDlqName,
    compactionAlarmNames: analytics.compactionAlarmNames,
  };
}

/** The facade's string outputs, read from its parts. */
function facadeOutputs({
  store: s,
  workflow: w,
  alerting,
  analytics,
}: MonitoringPipelineParts): FacadeOutputs {
  return {
    lakeBucketName: s.bucketName,
    hotTableName: s.tableName,
    stateMachineArn: w.stateMachineArn,
    alertTopicArn: alerting.topicArn,
    dashboardUrl: alerting.dashboardUrl,
    athenaWorkgroup: analytics.workgroupName,
    lakeBucketArn: s.bucketArn,
    hotTableArn: s.tableArn,
    collectorFunctionName: w.collectorFunctionName,
    processorFunctionName: w.processorFunctionName,
    collectorRoleArn: w.collectorRoleArn,
    processorRoleArn: w.processorRoleArn,
    stateMachineRoleArn: w.stateMachineRoleArn,
    schedulerDlqUrl: w.schedulerDlqUrl,
    processorFailureQueueUrl: w.processorFailureQueueUrl,
    databaseName: analytics.databaseName,
    queryPolicyArn: analytics.queryPolicyArn,
  };
}
