import type { EncryptedQueue } from "./encrypted-queue";
import type { HandlerFunction } from "./handler-function";
import type { ResolvedCollectorWorkflow } from "./resolve";
import type { createWorkflowSchedule } from "./workflow-schedule";
import type { createWorkflowStateMachine } from "./workflow-state-machine";

/** What CollectorWorkflow's constructor made. */
export interface WorkflowChildren {
  readonly r: ResolvedCollectorWorkflow;
  readonly collector: HandlerFunction;
  readonly processor: HandlerFunction;
  readonly workflow: ReturnType<typeof createWorkflowStateMachine>;
  readonly failures: EncryptedQueue;
  readonly dlq: EncryptedQueue;
  readonly schedule: ReturnType<typeof createWorkflowSchedule>;
}

/**
 * The component's outputs: its children as resources, and their names for other languages.
 * Typed by the component, which checks the list against its declared properties (this file
 * does not import the class, so the two make no import cycle).
 */
export function workflowOutputs(c: WorkflowChildren) {
  const { collector, processor, workflow, failures, dlq, schedule } = c;
  return {
    collectorFunction: collector.fn,
    processorFunction: processor.fn,
    collectorRole: collector.role,
    processorRole: processor.role,
    stateMachine: workflow.stateMachine,
    stateMachineRole: workflow.role,
    schedule: schedule.schedule,
    schedulerRole: schedule.role,
    schedulerDlq: dlq.queue,
    processorFailureQueue: failures.queue,
    collectorFunctionName: collector.fn.name,
    collectorFunctionArn: collector.fn.arn,
    processorFunctionName: processor.fn.name,
    processorFunctionArn: processor.fn.arn,
    stateMachineName: workflow.stateMachine.name,
    stateMachineArn: workflow.stateMachine.arn,
    definition: workflow.stateMachine.definition,
    scheduleName: schedule.schedule.name,
    schedulerDlqName: dlq.queue.name,
    schedulerDlqArn: dlq.queue.arn,
    schedulerDlqUrl: dlq.queue.url,
    processorFailureQueueName: failures.queue.name,
    processorFailureQueueArn: failures.queue.arn,
    processorFailureQueueUrl: failures.queue.url,
    collectorRoleArn: collector.role.arn,
    processorRoleArn: processor.role.arn,
    stateMachineRoleArn: workflow.role.arn,
    schedulerRoleArn: schedule.role.arn,
    collectorLogGroupName: collector.logGroup.name,
    processorLogGroupName: processor.logGroup.name,
    stateMachineLogGroupName: workflow.logGroup.name,
    workflowType: c.r.workflowType,
  };
}
