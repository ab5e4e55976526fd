import * as pulumi from "@pulumi/pulumi";
import { checkedThresholds, warnFractionThresholds } from "../shared/threshold-check";
import { checkedTags } from "../shared/tags";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "./defaults";
import { createEncryptedQueue } from "./encrypted-queue";
import { handlerArchive } from "./handler-archive";
import { warnAboutPassedKeys } from "./key-grants";
import { collectorEnvironment, processorEnvironment } from "./handler-environment";
import { createHandlerFunction } from "./handler-function";
import { accountScope } from "../shared/account-scope";
import {
  checkSite,
  isValidated,
  throwIfInvalid,
  warnIgnored,
  warnWeakenedDefaults,
} from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";
import { collectorPolicy, processorPolicy } from "./iam-policies";
import { createLakeRule, wireLakeToProcessor } from "./processor-trigger";
import { withCheckedTargets } from "./targets";
import { ignoredEnvironmentKeys, validateCollectorWorkflowArgs } from "./validate";
import { createTargetList, targetListLocation } from "./target-list";
import { createWorkflowSchedule } from "./workflow-schedule";
import { createWorkflowStateMachine } from "./workflow-state-machine";
import { resolveAnomalyDetection } from "../shared/anomaly-args";

const kind = "CollectorWorkflow";

const optional = (v: pulumi.Input<string> | undefined) =>
  pulumi.output(v) as pulumi.Output<string | undefined>;

/**
 * The pipeline's moving parts: the data-collector and log-processor Lambdas, the state machine
 * that runs one collection per metric type in parallel and reports the run, the schedule that
 * starts it, the S3 -> processor wiring and the dead-letter queues of both paths.
 */
export class CollectorWorkflow extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:CollectorWorkflow";

  /** The data-collector function's name. */
  readonly collectorFunctionName: pulumi.Output<string>;
  /** The data-collector function's ARN. */
  readonly collectorFunctionArn: pulumi.Output<string>;
  /** The log-processor function's name. */
  readonly processorFunctionName: pulumi.Output<string>;
  /** The log-processor function's ARN. */
  readonly processorFunctionArn: pulumi.Output<string>;
  /** The collection state machine's name. */
  readonly stateMachineName: pulumi.Output<string>;
  /** The collection state machine's ARN. */
  readonly stateMachineArn: pulumi.Output<string>;
  /** The deployed ASL document. */
  readonly definition: pulumi.Output<string>;
  /** The EventBridge Scheduler schedule that starts the state machine. */
  readonly scheduleName: pulumi.Output<string>;
  /** The schedule's dead-letter queue. */
  readonly schedulerDlqName: pulumi.Output<string>;
  /** The schedule's dead-letter queue ARN. */
  readonly schedulerDlqArn: pulumi.Output<string>;
  /** The schedule's dead-letter queue URL. */
  readonly schedulerDlqUrl: pulumi.Output<string>;
  /** The queue of object events the processor could not handle. */
  readonly processorFailureQueueName: pulumi.Output<string>;
  /** The processor failure queue's ARN. */
  readonly processorFailureQueueArn: pulumi.Output<string>;
  /** The processor failure queue's URL. */
  readonly processorFailureQueueUrl: pulumi.Output<string>;
  /** The data collector's execution role. */
  readonly collectorRoleArn: pulumi.Output<string>;
  /** The log processor's execution role. */
  readonly processorRoleArn: pulumi.Output<string>;
  /** The state machine's role. */
  readonly stateMachineRoleArn: pulumi.Output<string>;
  /** The schedule's role. */
  readonly schedulerRoleArn: pulumi.Output<string>;
  /** The data collector's log group. */
  readonly collectorLogGroupName: pulumi.Output<string>;
  /** The log processor's log group. */
  readonly processorLogGroupName: pulumi.Output<string>;
  /** The state machine's log group. */
  readonly stateMachineLogGroupName: pulumi.Output<string>;
  /** STANDARD or EXPRESS. */
  readonly workflowType: string;

  constructor(name: string, args: CollectorWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CollectorWorkflow.TYPE, name, {}, withLegacyTypeAlias(CollectorWorkflow.TYPE, opts));
    // A facade that built these args validated them with its other parts'.
    if (!isValidated(args)) {
      throwIfInvalid(this, "CollectorWorkflow", name, validateCollectorWorkflowArgs(name, args));
      warnFractionThresholds(this, "CollectorWorkflow", args.thresholds);
    }
    this.warnOnWeakenedDefaults(args);
    const site = checkSite(args, kind, name);
    // Every helper reads the checked tags: an Output among them is checked when it resolves.
    const tags = checkedTags(site, args.tags);
    const tagged: CollectorWorkflowArgs = { ...args, tags };
    const tracing = args.tracing ?? D.tracing;
    const logRetentionDays = args.logRetentionDays ?? D.logRetentionDays;
    const workflowType = args.workflowType ?? D.workflowType;
    this.workflowType = workflowType;
    const scope = accountScope(this);
    warnAboutPassedKeys(this, name, args, scope);
    const queueKey = optional(args.queueKmsKeyArn);
    const topicKey = optional(args.alertTopicKmsKeyArn);
    const lakeKey = optional(args.lakeKmsKeyArn);
    const common = {
      parent: this,
      tracing,
      logRetentionDays,
      logKmsKeyArn: args.logKmsKeyArn,
      tags,
    };

    // Ids from an Output are checked when they resolve, before the list object is written.
    const checkedArgs = withCheckedTargets(site, tagged);
    const listLocation = targetListLocation(name, checkedArgs);
    const targetList = createTargetList(this, name, listLocation, checkedArgs);
    const collector = createHandlerFunction({
      ...common,
      functionName: `${name}-collector`,
      site,
      settingsKey: "collector",
      description: "Collects one metric type of one shard of the fleet into the lake",
      code: args.collector?.code ?? handlerArchive("data-collector"),
      memoryMb: args.collector?.memoryMb ?? D.collector.memoryMb,
      timeoutSeconds: args.collector?.timeoutSeconds ?? D.collector.timeoutSeconds,
      settings: args.collector,
      environment: collectorEnvironment(listLocation?.key, checkedArgs),
      dependsOn: targetList ? [targetList] : [],
      policy: (logGroupArn) =>
        pulumi
          .all([args.lakeBucketArn, logGroupArn, lakeKey, listLocation?.key])
          .apply(([lakeBucketArn, logArn, lakeKmsKeyArn, targetListKey]) =>
            JSON.stringify(
              collectorPolicy({
                lakeBucketArn,
                logGroupArn: logArn,
                readsCloudWatch: (args.metricSource ?? D.metricSource) === "cloudwatch",
                lakeKmsKeyArn,
                targetListKey,
              }),
            ),
          ),
    });

    const lakeRule = createLakeRule(this, name, tagged);
    const failures = createEncryptedQueue(
      `${name}-processor-failures`,
      this,
      tags,
      args.queueKmsKeyArn,
      lakeRule.arn,
    );
    const processor = createHandlerFunction({
      ...common,
      functionName: `${name}-processor`,
      site,
      settingsKey: "processor",
      description: "Validates, stores and evaluates every new raw-metrics/ and raw-logs/ object",
      code: args.processor?.code ?? handlerArchive("log-processor"),
      memoryMb: args.processor?.memoryMb ?? D.processor.memoryMb,
      timeoutSeconds: args.processor?.timeoutSeconds ?? D.processor.timeoutSeconds,
      settings: args.processor,
      environment: processorEnvironment(args, checkedThresholds(site, args.thresholds)),
      policy: (logGroupArn) =>
        pulumi
          .all([
            args.lakeBucketArn,
            args.tableArn,
            logGroupArn,
            args.alertTopicArn,
            topicKey,
            failures.queue.arn,
            queueKey,
            lakeKey,
          ])
          .apply(([lake, table, logArn, topic, topicKmsKey, queue, queueKmsKey, lakeKmsKey]) =>
            JSON.stringify(
              processorPolicy({
                lakeBucketArn: lake,
                tableArn: table,
                logGroupArn: logArn,
                alertTopicArn: topic,
                alertTopicKmsKeyArn: topicKmsKey,
                failureQueueArn: queue,
                queueKmsKeyArn: queueKmsKey,
                lakeKmsKeyArn: lakeKmsKey,
                anomalyDetection: resolveAnomalyDetection(args.anomalyDetection) !== undefined,
              }),
            ),
          ),
    });
    wireLakeToProcessor(this, name, tagged, lakeRule, processor, failures.queue, scope);

    const workflow = createWorkflowStateMachine(
      this,
      name,
      tagged,
      collector.fn.arn,
      scope,
      topicKey,
    );
    const dlq = createEncryptedQueue(`${name}-scheduler-dlq`, this, tags, args.queueKmsKeyArn);
    const schedule = createWorkflowSchedule(
      this,
      name,
      tagged,
      workflow.stateMachine.arn,
      dlq.queue.arn,
      scope,
      queueKey,
    );

    this.collectorFunctionName = collector.fn.name;
    this.collectorFunctionArn = collector.fn.arn;
    this.processorFunctionName = processor.fn.name;
    this.processorFunctionArn = processor.fn.arn;
    this.stateMachineName = workflow.stateMachine.name;
    this.stateMachineArn = workflow.stateMachine.arn;
    this.definition = workflow.stateMachine.definition;
    this.scheduleName = schedule.schedule.name;
    this.schedulerDlqName = dlq.queue.name;
    this.schedulerDlqArn = dlq.queue.arn;
    this.schedulerDlqUrl = dlq.queue.url;
    this.processorFailureQueueName = failures.queue.name;
    this.processorFailureQueueArn = failures.queue.arn;
    this.processorFailureQueueUrl = failures.queue.url;
    this.collectorRoleArn = collector.role.arn;
    this.processorRoleArn = processor.role.arn;
    this.stateMachineRoleArn = workflow.role.arn;
    this.schedulerRoleArn = schedule.role.arn;
    this.collectorLogGroupName = collector.logGroup.name;
    this.processorLogGroupName = processor.logGroup.name;
    this.stateMachineLogGroupName = workflow.logGroup.name;
    this.registerOutputs({
      collectorFunctionName: this.collectorFunctionName,
      collectorFunctionArn: this.collectorFunctionArn,
      processorFunctionName: this.processorFunctionName,
      processorFunctionArn: this.processorFunctionArn,
      stateMachineName: this.stateMachineName,
      stateMachineArn: this.stateMachineArn,
      definition: this.definition,
      scheduleName: this.scheduleName,
      schedulerDlqName: this.schedulerDlqName,
      schedulerDlqArn: this.schedulerDlqArn,
      schedulerDlqUrl: this.schedulerDlqUrl,
      processorFailureQueueName: this.processorFailureQueueName,
      processorFailureQueueArn: this.processorFailureQueueArn,
      processorFailureQueueUrl: this.processorFailureQueueUrl,
      collectorRoleArn: this.collectorRoleArn,
      processorRoleArn: this.processorRoleArn,
      stateMachineRoleArn: this.stateMachineRoleArn,
      schedulerRoleArn: this.schedulerRoleArn,
      collectorLogGroupName: this.collectorLogGroupName,
      processorLogGroupName: this.processorLogGroupName,
      stateMachineLogGroupName: this.stateMachineLogGroupName,
      workflowType: this.workflowType,
    });
  }

  private warnOnWeakenedDefaults(args: CollectorWorkflowArgs): void {
    const weakened: string[] = [];
    if (args.tracing === false) weakened.push("tracing");
    if (args.stateMachineLogLevel === "OFF") weakened.push("stateMachineLogLevel");
    warnWeakenedDefaults(this, "CollectorWorkflow", weakened);
    warnIgnored(this, "CollectorWorkflow", ignoredEnvironmentKeys(args));
  }
}
