import { scheduleIntervalSeconds } from "../../contract/schedule";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "../../contract/defaults/collector-workflow";
import type { DefinitionOptions } from "./definition";

/** The settings the validation and the component agree on, defaults applied. */
export interface ResolvedTiming {
  readonly collectorTimeout: number;
  readonly taskTimeout: number;
  readonly retry: { intervalSeconds: number; maxAttempts: number; backoffRate: number };
}

export function resolveTiming(args: CollectorWorkflowArgs): ResolvedTiming {
  return {
    collectorTimeout: args.collector?.timeoutSeconds ?? D.collector.timeoutSeconds,
    taskTimeout: args.taskTimeoutSeconds ?? D.taskTimeoutSeconds,
    retry: { ...D.retry, ...args.retry },
  };
}

/**
 * The state machine definition's options from the component's args: the deployed definition
 * and the validation's timeout bounds come from the same mapping.
 */
export function definitionOptions(
  args: CollectorWorkflowArgs,
  collectorFunctionArn: string,
  alertTopicArn: string,
): DefinitionOptions {
  const timing = resolveTiming(args);
  return {
    collectorFunctionArn,
    alertTopicArn,
    environment: args.environment,
    notifyOnSuccess: args.notifyOnSuccess ?? D.notifyOnSuccess,
    taskTimeoutSeconds: timing.taskTimeout,
    retry: timing.retry,
    maxConcurrency: args.maxConcurrency ?? D.maxConcurrency,
    scheduleIntervalSeconds: scheduleIntervalSeconds(
      args.schedule ?? D.schedule,
      args.scheduleTimezone ?? D.scheduleTimezone,
    ),
    // validateCollectorWorkflowArgs accepts only these two.
    workflowType: (args.workflowType ?? D.workflowType) as "STANDARD" | "EXPRESS",
    executionTimeoutSeconds: args.executionTimeoutSeconds,
  };
}
