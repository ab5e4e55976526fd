import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { warnFractionThresholds } from "../shared/threshold-check";
import type { CollectorWorkflowArgs } from "./args";
import { createEncryptedQueue } from "./encrypted-queue";
import { warnAboutPassedKeys } from "./key-grants";
import { createCollector, createProcessor } from "./handlers";
import { accountScope } from "../shared/account-scope";
import {
  isValidated,
  throwIfInvalid,
  warnIgnored,
  warnWeakenedDefaults,
} from "../shared/validation";
import { withLegacyTypeAlias } from "../shared/type-token";
import { createLakeRule, wireLakeToProcessor } from "./processor-trigger";
import { resolveCollectorWorkflow } from "./resolve";
import { withCheckedTargets } from "./targets";
import { ignoredEnvironmentKeys, validateCollectorWorkflowArgs } from "./validate";
import { createTargetList, targetListLocation } from "./target-list";
import { createWorkflowSchedule } from "./workflow-schedule";
import { createWorkflowStateMachine } from "./workflow-state-machine";
import { workflowOutputs, type WorkflowChildren } from "./outputs";

const kind = "CollectorWorkflow";

/** Every public property of the component: the one list it assigns and registers. */
type WorkflowOutputs = Omit<CollectorWorkflow, keyof pulumi.ComponentResource>;

/**
 * The pipeline's moving parts: the data-collector and log-processor Lambdas, the state machine
 * that runs one collection per metric type in parallel and reports the run, the schedule that
 * starts it, the S3 -> processor wiring and the dead-letter queues of both paths.
 */
export class CollectorWorkflow extends pulumi.ComponentResource {
  static readonly TYPE = "infra-monitoring-pipeline:index:CollectorWorkflow";

  /** The data-collector function. */
  declare readonly collectorFunction: aws.lambda.Function;
  /** The log-processor function. */
  declare readonly processorFunction: aws.lambda.Function;
  /** The data collector's execution role. */
  declare readonly collectorRole: aws.iam.Role;
  /** The log processor's execution role. */
  declare readonly processorRole: aws.iam.Role;
  /** The collection state machine. */
  declare readonly stateMachine: aws.sfn.StateMachine;
  /** The state machine's role. */
  declare readonly stateMachineRole: aws.iam.Role;
  /** The schedule that starts the state machine. */
  declare readonly schedule: aws.scheduler.Schedule;
  /** The schedule's role. */
  declare readonly schedulerRole: aws.iam.Role;
  /** The schedule's dead-letter queue. */
  declare readonly schedulerDlq: aws.sqs.Queue;
  /** The queue of object events the processor could not handle. */
  declare readonly processorFailureQueue: aws.sqs.Queue;

  /** The data-collector function's name. */
  declare readonly collectorFunctionName: pulumi.Output<string>;
  /** The data-collector function's ARN. */
  declare readonly collectorFunctionArn: pulumi.Output<string>;
  /** The log-processor function's name. */
  declare readonly processorFunctionName: pulumi.Output<string>;
  /** The log-processor function's ARN. */
  declare readonly processorFunctionArn: pulumi.Output<string>;
  /** The collection state machine's name. */
  declare readonly stateMachineName: pulumi.Output<string>;
  /** The collection state machine's ARN. */
  declare readonly stateMachineArn: pulumi.Output<string>;
  /** The deployed ASL document. */
  declare readonly definition: pulumi.Output<string>;
  /** The EventBridge Scheduler schedule that starts the state machine. */
  declare readonly scheduleName: pulumi.Output<string>;
  /** The schedule's dead-letter queue. */
  declare readonly schedulerDlqName: pulumi.Output<string>;
  /** The schedule's dead-letter queue ARN. */
  declare readonly schedulerDlqArn: pulumi.Output<string>;
  /** The schedule's dead-letter queue URL. */
  declare readonly schedulerDlqUrl: pulumi.Output<string>;
  /** The queue of object events the processor could not handle. */
  declare readonly processorFailureQueueName: pulumi.Output<string>;
  /** The processor failure queue's ARN. */
  declare readonly processorFailureQueueArn: pulumi.Output<string>;
  /** The processor failure queue's URL. */
  declare readonly processorFailureQueueUrl: pulumi.Output<string>;
  /** The data collector's execution role. */
  declare readonly collectorRoleArn: pulumi.Output<string>;
  /** The log processor's execution role. */
  declare readonly processorRoleArn: pulumi.Output<string>;
  /** The state machine's role. */
  declare readonly stateMachineRoleArn: pulumi.Output<string>;
  /** The schedule's role. */
  declare readonly schedulerRoleArn: pulumi.Output<string>;
  /** The data collector's log group. */
  declare readonly collectorLogGroupName: pulumi.Output<string>;
  /** The log processor's log group. */
  declare readonly processorLogGroupName: pulumi.Output<string>;
  /** The state machine's log group. */
  declare readonly stateMachineLogGroupName: pulumi.Output<string>;
  /** STANDARD or EXPRESS. */
  declare readonly workflowType: string;

  constructor(name: string, args: CollectorWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CollectorWorkflow.TYPE, name, {}, withLegacyTypeAlias(CollectorWorkflow.TYPE, opts));
    // A facade that built these args validated them with its other parts'.
    if (!isValidated(args)) {
      throwIfInvalid(this, kind, name, validateCollectorWorkflowArgs(name, args));
      warnFractionThresholds(this, kind, args.thresholds);
    }
    this.warnOnWeakenedDefaults(args);
    const outputs: WorkflowOutputs = workflowOutputs(this.createChildren(name, args));
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }

  /** Every child, wired: what the outputs are read from. */
  private createChildren(name: string, args: CollectorWorkflowArgs): WorkflowChildren {
    const r = resolveCollectorWorkflow(name, args);
    const scope = accountScope(this);
    warnAboutPassedKeys(this, name, args, scope);
    // Every helper reads the checked tags: an Output among them is checked when it resolves.
    const tagged: CollectorWorkflowArgs = { ...args, tags: r.tags };
    // Ids from an Output are checked when they resolve, before the list object is written.
    const checkedArgs = withCheckedTargets(r.site, tagged);
    const location = targetListLocation(name, checkedArgs);
    const object = createTargetList(this, name, location, checkedArgs);
    const collector = createCollector(this, r, checkedArgs, { location, object });

    const lakeRule = createLakeRule(this, r.names, tagged);
    const failures = createEncryptedQueue(
      r.names.logical("processor-failures"),
      this,
      r.tags,
      args.queueKmsKeyArn,
      lakeRule.arn,
    );
    const processor = createProcessor(this, r, args, failures);
    wireLakeToProcessor(this, r, lakeRule, processor, failures.queue, scope);

    const workflow = createWorkflowStateMachine(this, r, args, collector.fn.arn, scope);
    const dlq = createEncryptedQueue(
      r.names.logical("scheduler-dlq"),
      this,
      r.tags,
      args.queueKmsKeyArn,
    );
    const schedule = createWorkflowSchedule(
      this,
      r,
      workflow.stateMachine.arn,
      dlq.queue.arn,
      scope,
    );
    return { r, collector, processor, workflow, failures, dlq, schedule };
  }

  private warnOnWeakenedDefaults(args: CollectorWorkflowArgs): void {
    const weakened: string[] = [];
    if (args.tracing === false) weakened.push("tracing");
    if (args.stateMachineLogLevel === "OFF") weakened.push("stateMachineLogLevel");
    warnWeakenedDefaults(this, kind, weakened);
    warnIgnored(this, kind, ignoredEnvironmentKeys(args));
  }
}
