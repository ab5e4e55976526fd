import * as pulumi from "@pulumi/pulumi";
import type { CheckSite } from "../shared/input-check";
import { ChildNames, lambdaLogGroupName, stateMachineLogGroupName } from "../shared/naming";
import { checkedTags, type ResolvedTags } from "../shared/tags";
import type { ThresholdInputs } from "../shared/threshold-args";
import { checkedThresholds } from "../shared/threshold-check";
import { checkSite } from "../shared/validation";
import type { CollectorWorkflowArgs } from "./args";
import { COLLECTOR_WORKFLOW_DEFAULTS as D } from "../../contract/defaults/collector-workflow";

/** The workflow's physical names, fitted to AWS's limits (shared/naming.ts). */
export interface WorkflowNames {
  readonly names: ChildNames;
  readonly collectorFunction: string;
  readonly processorFunction: string;
  readonly stateMachine: string;
  /** Both functions' log groups and the state machine's, in that order. */
  readonly logGroups: readonly [string, string, string];
}

export function workflowNames(name: string): WorkflowNames {
  const names = new ChildNames(name);
  const collectorFunction = names.physical("lambdaFunction", "collector");
  const processorFunction = names.physical("lambdaFunction", "processor");
  const stateMachine = names.physical("stateMachine", "workflow");
  return {
    names,
    collectorFunction,
    processorFunction,
    stateMachine,
    logGroups: [
      lambdaLogGroupName(collectorFunction),
      lambdaLogGroupName(processorFunction),
      stateMachineLogGroupName(stateMachine),
    ],
  };
}

/** Retries of an asynchronous invocation, then its dead-letter destination. */
export interface RetrySettings {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
}

/** CollectorWorkflow's args with every default applied once: what the constructor wires. */
export interface ResolvedCollectorWorkflow extends WorkflowNames {
  /** Where an Output's problems are reported when it resolves. */
  readonly site: CheckSite;
  /** Known tags as given; an Output's checked when it resolves. */
  readonly tags: ResolvedTags;
  /** Each a number, or an Output checked when it resolves (the processor's variable). */
  readonly thresholds: ThresholdInputs;
  readonly tracing: boolean;
  readonly logRetentionDays: number;
  readonly workflowType: "STANDARD" | "EXPRESS";
  readonly stateMachineLogLevel: string;
  readonly metricSource: string;
  readonly collector: { readonly memoryMb: number; readonly timeoutSeconds: number };
  readonly processor: { readonly memoryMb: number; readonly timeoutSeconds: number };
  readonly processorAsync: RetrySettings;
  readonly scheduleRetry: RetrySettings;
  readonly schedule: string;
  readonly scheduleTimezone: string;
  /** The keys as Outputs that may hold nothing: the policies grant only what is given. */
  readonly queueKey: pulumi.Output<string | undefined>;
  readonly topicKey: pulumi.Output<string | undefined>;
  readonly lakeKey: pulumi.Output<string | undefined>;
}

const optional = (v: pulumi.Input<string> | undefined) =>
  pulumi.output(v) as pulumi.Output<string | undefined>;

/** Merges the defaults into the args: secure defaults, then the caller's choices. */
export function resolveCollectorWorkflow(
  name: string,
  args: CollectorWorkflowArgs,
): ResolvedCollectorWorkflow {
  // validateCollectorWorkflowArgs accepts only these two.
  const workflowType = (args.workflowType ?? D.workflowType) as "STANDARD" | "EXPRESS";
  const p = args.processor;
  const site = checkSite(args, "CollectorWorkflow", name);
  return {
    ...workflowNames(name),
    site,
    tags: checkedTags(site, args.tags),
    thresholds: checkedThresholds(site, args.thresholds),
    tracing: args.tracing ?? D.tracing,
    logRetentionDays: args.logRetentionDays ?? D.logRetentionDays,
    workflowType,
    stateMachineLogLevel: args.stateMachineLogLevel ?? D.stateMachineLogLevel[workflowType],
    metricSource: args.metricSource ?? D.metricSource,
    collector: {
      memoryMb: args.collector?.memoryMb ?? D.collector.memoryMb,
      timeoutSeconds: args.collector?.timeoutSeconds ?? D.collector.timeoutSeconds,
    },
    processor: {
      memoryMb: p?.memoryMb ?? D.processor.memoryMb,
      timeoutSeconds: p?.timeoutSeconds ?? D.processor.timeoutSeconds,
    },
    processorAsync: {
      maximumRetryAttempts: p?.maximumRetryAttempts ?? D.processorAsync.maximumRetryAttempts,
      maximumEventAgeInSeconds:
        p?.maximumEventAgeInSeconds ?? D.processorAsync.maximumEventAgeInSeconds,
    },
    scheduleRetry: { ...D.scheduleRetry, ...args.scheduleRetry },
    schedule: args.schedule ?? D.schedule,
    scheduleTimezone: args.scheduleTimezone ?? D.scheduleTimezone,
    queueKey: optional(args.queueKmsKeyArn),
    topicKey: optional(args.alertTopicKmsKeyArn),
    lakeKey: optional(args.lakeKmsKeyArn),
  };
}
