import * as pulumi from "@pulumi/pulumi";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "./defaults";
import { createEncryptedQueue } from "./encrypted-queue";
import { handlerArchive } from "./handler-archive";
import { collectorEnvironment, processorEnvironment } from "./handler-environment";
import { createHandlerFunction } from "./handler-function";
import { accountScope } from "../shared/account-scope";
import { throwIfInvalid, warnIgnored, warnWeakenedDefaults } from "../shared/validation";
import { collectorPolicy, processorPolicy } from "./iam-policies";
import { createLakeRule, wireLakeToProcessor } from "./processor-trigger";
import { ignoredEnvironmentKeys, validateCollectorWorkflowArgs } from "./validate";
import { createWorkflowSchedule } from "./workflow-schedule";
import { createWorkflowStateMachine } from "./workflow-state-machine";

const optional = (v: pulumi.Input<string> | undefined) =>
  pulumi.output(v) as pulumi.Output<string | undefined>;

/**
 * The pipeline's moving parts: the data-collector and log-processor Lambdas, the state machine
 * that runs one collection per metric type in parallel and reports the run, the schedule that
 * starts it, the S3 -> processor wiring and the dead-letter queues of both paths.
 */
export class CollectorWorkflow extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring:index:CollectorWorkflow";

  readonly collectorFunctionName: pulumi.Output<string>;
  readonly collectorFunctionArn: pulumi.Output<string>;
  readonly processorFunctionName: pulumi.Output<string>;
  readonly processorFunctionArn: pulumi.Output<string>;
  readonly stateMachineName: pulumi.Output<string>;
  readonly stateMachineArn: pulumi.Output<string>;
  /** The deployed ASL document. */
  readonly definition: pulumi.Output<string>;
  readonly scheduleName: pulumi.Output<string>;
  readonly schedulerDlqName: pulumi.Output<string>;
  readonly schedulerDlqArn: pulumi.Output<string>;
  readonly schedulerDlqUrl: pulumi.Output<string>;
  readonly processorFailureQueueName: pulumi.Output<string>;
  readonly processorFailureQueueArn: pulumi.Output<string>;
  readonly processorFailureQueueUrl: pulumi.Output<string>;
  readonly collectorRoleArn: pulumi.Output<string>;
  readonly processorRoleArn: pulumi.Output<string>;
  readonly stateMachineRoleArn: pulumi.Output<string>;
  readonly schedulerRoleArn: pulumi.Output<string>;
  readonly collectorLogGroupName: pulumi.Output<string>;
  readonly processorLogGroupName: pulumi.Output<string>;
  readonly stateMachineLogGroupName: pulumi.Output<string>;
  /** STANDARD or EXPRESS. */
  readonly workflowType: string;

  constructor(name: string, args: CollectorWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CollectorWorkflow.TYPE, name, {}, opts);
    throwIfInvalid(this, "CollectorWorkflow", name, validateCollectorWorkflowArgs(name, args));
    this.warnOnWeakenedDefaults(args);
    const tags = args.tags ?? {};
    const tracing = args.tracing ?? D.tracing;
    const logRetentionDays = args.logRetentionDays ?? D.logRetentionDays;
    const workflowType = args.workflowType ?? D.workflowType;
    this.workflowType = workflowType;
    const scope = accountScope(this);
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

    const collector = createHandlerFunction({
      ...common,
      functionName: `${name}-collector`,
      description: "Collects one metric type into the lake and the hot table",
      code: args.collector?.code ?? handlerArchive("data-collector"),
      memoryMb: args.collector?.memoryMb ?? D.collector.memoryMb,
      timeoutSeconds: args.collector?.timeoutSeconds ?? D.collector.timeoutSeconds,
      settings: args.collector,
      environment: collectorEnvironment(args),
      policy: (logGroupArn) =>
        pulumi
          .all([args.lakeBucketArn, args.tableArn, logGroupArn, lakeKey])
          .apply(([lakeBucketArn, tableArn, logArn, lakeKmsKeyArn]) =>
            JSON.stringify(
              collectorPolicy({
                lakeBucketArn,
                tableArn,
                logGroupArn: logArn,
                readsCloudWatch: (args.metricSource ?? D.metricSource) === "cloudwatch",
                lakeKmsKeyArn,
              }),
            ),
          ),
    });

    const lakeRule = createLakeRule(this, name, args);
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
      description: "Validates, stores and evaluates every new raw-metrics/ and raw-logs/ object",
      code: args.processor?.code ?? handlerArchive("log-processor"),
      memoryMb: args.processor?.memoryMb ?? D.processor.memoryMb,
      timeoutSeconds: args.processor?.timeoutSeconds ?? D.processor.timeoutSeconds,
      settings: args.processor,
      environment: processorEnvironment(args),
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
              }),
            ),
          ),
    });
    wireLakeToProcessor(this, name, args, lakeRule, processor, failures.queue, scope);

    const workflow = createWorkflowStateMachine(
      this,
      name,
      args,
      collector.fn.arn,
      scope,
      topicKey,
    );
    const dlq = createEncryptedQueue(`${name}-scheduler-dlq`, this, tags, args.queueKmsKeyArn);
    const schedule = createWorkflowSchedule(
      this,
      name,
      args,
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
