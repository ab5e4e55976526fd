import * as pulumi from "@pulumi/pulumi";
import { warnFractionThresholds } from "../shared/threshold-check";
import { checkedTags } from "../shared/tags";
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
import type { MonitoringPipelineArgs } from "./args";
import { deferredLinks, partArgs } from "./parts";
import { partsProblems, PIPELINE_KEYS, pipelineOwner } from "./validate";

interface Parts {
  readonly store: MetricStore;
  readonly workflow: CollectorWorkflow;
  readonly alerting: AlertingStack;
  readonly analytics: AnalyticsCatalog;
}

/**
 * The children, behind getters: a multi-language schema carries outputs, not component objects,
 * so TypeScript users reach them here and other languages through the outputs.
 */
const PARTS = new WeakMap<MonitoringPipeline, Parts>();
const partsOf = (p: MonitoringPipeline): Parts => PARTS.get(p) as Parts;

/**
 * The whole pipeline from one args object: MetricStore, CollectorWorkflow, AlertingStack and
 * AnalyticsCatalog, wired together. Every part's args are built and validated once, and the
 * existing resources checked, before any child exists;
 * the parts stay public for what the facade did not foresee.
 */
export class MonitoringPipeline extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:MonitoringPipeline";

  /** The lake bucket's name. */
  readonly lakeBucketName: pulumi.Output<string>;
  /** The hot table's name. */
  readonly hotTableName: pulumi.Output<string>;
  /** The state machine's ARN. */
  readonly stateMachineArn: pulumi.Output<string>;
  /** The alert topic's ARN. */
  readonly alertTopicArn: pulumi.Output<string>;
  /** The CloudWatch dashboard's console URL. */
  readonly dashboardUrl: pulumi.Output<string>;
  /** The Athena workgroup's name. */
  readonly athenaWorkgroup: pulumi.Output<string>;
  /** The lake bucket's ARN. */
  readonly lakeBucketArn: pulumi.Output<string>;
  /** The hot table's ARN. */
  readonly hotTableArn: pulumi.Output<string>;
  /** The data collector Lambda's name. */
  readonly collectorFunctionName: pulumi.Output<string>;
  /** The log processor Lambda's name. */
  readonly processorFunctionName: pulumi.Output<string>;
  /** The data collector's execution role: a bring-your-own bucket or key policy names it. */
  readonly collectorRoleArn: pulumi.Output<string>;
  /** The log processor's execution role: a bring-your-own topic's policy lets it publish. */
  readonly processorRoleArn: pulumi.Output<string>;
  /** The state machine's role: a bring-your-own topic's policy lets it publish. */
  readonly stateMachineRoleArn: pulumi.Output<string>;
  /** The queue of schedule invocations that failed. */
  readonly schedulerDlqUrl: pulumi.Output<string>;
  /** The queue of S3 events the processor failed on. */
  readonly processorFailureQueueUrl: pulumi.Output<string>;
  /** The Glue database over the lake. */
  readonly databaseName: pulumi.Output<string>;
  /** The IAM policy to attach to a role that queries the lake through Athena. */
  readonly queryPolicyArn: pulumi.Output<string>;

  /** The lake and the hot table. */
  get store(): MetricStore {
    return partsOf(this).store;
  }
  /** The Lambdas, the state machine, the schedule and the S3 -> EventBridge -> processor wiring. */
  get workflow(): CollectorWorkflow {
    return partsOf(this).workflow;
  }
  /** The topic, the alarms and the dashboard. */
  get alerting(): AlertingStack {
    return partsOf(this).alerting;
  }
  /** The Glue catalog, the Athena workgroup and the named queries. */
  get analytics(): AnalyticsCatalog {
    return partsOf(this).analytics;
  }

  constructor(name: string, args: MonitoringPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const prefix = args.namePrefix ?? name;
    const site = { kind: "MonitoringPipeline", name };
    // The parts' args are built once, with links that resolve as the parts are built.
    const { links, resolve } = deferredLinks();
    // The tags are checked once, here: every part takes the checked map.
    const parts = partArgs({ ...args, tags: checkedTags(site, args.tags) }, links);
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
    throwIfInvalid(
      this,
      "MonitoringPipeline",
      name,
      partsProblems(name, prefix, parts, args.existing, args),
    );
    warnFractionThresholds(this, "MonitoringPipeline", args.thresholds);
    claimNamePrefix(prefix, pipelineOwner(name));
    const child = { parent: this };
    if (lake) {
      void pulumi.log.warn(
        "MonitoringPipeline: existing.lakeBucket must have EventBridge delivery on (its notification configuration is left to its owner), or the processor never runs.",
        this,
      );
    }
    const part = <T extends object>(a: T, key: string) => markValidated(a, { ...site, part: key });

    const s = new MetricStore(prefix, part(parts.store, "store"), child);
    const w = new CollectorWorkflow(prefix, part(parts.workflow, "workflow"), child);
    const alerting = new AlertingStack(prefix, part(parts.alerting, "alerting"), child);
    const analytics = new AnalyticsCatalog(prefix, part(parts.analytics, "analytics"), child);
    resolve({
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
    });
    PARTS.set(this, { store: s, workflow: w, alerting, analytics });

    this.lakeBucketName = s.bucketName;
    this.hotTableName = s.tableName;
    this.stateMachineArn = w.stateMachineArn;
    this.alertTopicArn = alerting.topicArn;
    this.dashboardUrl = alerting.dashboardUrl;
    this.athenaWorkgroup = analytics.workgroupName;
    this.lakeBucketArn = s.bucketArn;
    this.hotTableArn = s.tableArn;
    this.collectorFunctionName = w.collectorFunctionName;
    this.processorFunctionName = w.processorFunctionName;
    this.collectorRoleArn = w.collectorRoleArn;
    this.processorRoleArn = w.processorRoleArn;
    this.stateMachineRoleArn = w.stateMachineRoleArn;
    this.schedulerDlqUrl = w.schedulerDlqUrl;
    this.processorFailureQueueUrl = w.processorFailureQueueUrl;
    this.databaseName = analytics.databaseName;
    this.queryPolicyArn = analytics.queryPolicyArn;
    this.registerOutputs({
      lakeBucketName: this.lakeBucketName,
      hotTableName: this.hotTableName,
      stateMachineArn: this.stateMachineArn,
      alertTopicArn: this.alertTopicArn,
      dashboardUrl: this.dashboardUrl,
      athenaWorkgroup: this.athenaWorkgroup,
      lakeBucketArn: this.lakeBucketArn,
      hotTableArn: this.hotTableArn,
      collectorFunctionName: this.collectorFunctionName,
      processorFunctionName: this.processorFunctionName,
      collectorRoleArn: this.collectorRoleArn,
      processorRoleArn: this.processorRoleArn,
      stateMachineRoleArn: this.stateMachineRoleArn,
      schedulerDlqUrl: this.schedulerDlqUrl,
      processorFailureQueueUrl: this.processorFailureQueueUrl,
      databaseName: this.databaseName,
      queryPolicyArn: this.queryPolicyArn,
    });
  }
}
