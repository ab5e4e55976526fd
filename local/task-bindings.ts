/**
 * The definition run by aws-local-stepfunctions, its Task states bound to local functions
 * (overrides.taskResourceLocalHandlers) shaped like the AWS service integrations they replace,
 * so the definition's paths run unchanged.
 */
import { StateMachine } from "aws-local-stepfunctions";
import type { Json, StateMachineDefinition } from "../components/collector-workflow";
import { type RunOutput, WORKFLOW_STATE_NAMES } from "../components/collector-workflow";
import { METRIC_TYPES, type MetricType } from "../contract/metric-record";

/** An error carrying the name Step Functions would report (matched by Retry and Catch). */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * arn:aws:states:::lambda:invoke: the state's effective input is { FunctionName, Payload },
 * the result { StatusCode, Payload }. A function error surfaces as Step Functions reports it:
 * Error is the errorType, Cause the JSON of errorType and errorMessage.
 */
function lambdaInvoke(
  handler: (payload: Record<string, unknown>) => Promise<unknown>,
): (input: Json) => Promise<Json> {
  return async (input) => {
    const payload = (input as { Payload: Record<string, unknown> }).Payload;
    let result: unknown;
    try {
      result = await handler(payload);
    } catch (err) {
      const e = err as Error;
      throw namedError(e.name, JSON.stringify({ errorType: e.name, errorMessage: e.message }));
    }
    return { StatusCode: 200, Payload: result as Json };
  };
}

export interface PublishedMessage {
  readonly TopicArn: string;
  readonly Subject: string;
  readonly Message: string;
}

/** arn:aws:states:::sns:publish: hands the message over, answers with its MessageId. */
function snsPublish(deliver: (message: PublishedMessage) => string): (input: Json) => Json {
  return (input) => ({ MessageId: deliver(input as unknown as PublishedMessage) });
}

/** The execution input: EventBridge Scheduler's, or a replay's (see docs/runbooks.md). */
export interface ExecutionInput {
  readonly scheduled_time?: string;
  readonly window_start?: string;
  readonly window_end?: string;
}

/** What the definition's Task states call. */
export interface WorkflowBindings {
  /** The collector, as the plan's lambda:invoke Task invokes it. */
  readonly plan: (payload: Record<string, unknown>) => Promise<unknown>;
  /** The collector, as each shard's lambda:invoke Task invokes it with its payload. */
  readonly collect: (type: MetricType, payload: Record<string, unknown>) => Promise<unknown>;
  /** The topic of both notify states; answers with the MessageId. */
  readonly publish: (message: PublishedMessage) => string;
}

export interface LocalWorkflowOptions {
  /**
   * The pause before each retry of the named Task states: milliseconds (the same before every
   * retry), or null for the definition's own IntervalSeconds and BackoffRate. @default none
   */
  readonly retryIntervals?: Readonly<Record<string, number | null>>;
}

/**
 * Executions of the definition with its Tasks bound to `bindings`. Retries do not wait unless
 * `options.retryIntervals` says so: there is no throttling to back off from locally. An
 * execution resolves with its output, or rejects as the execution fails.
 */
export function localWorkflow(
  definition: StateMachineDefinition,
  bindings: WorkflowBindings,
  options: LocalWorkflowOptions = {},
): (executionName: string, input?: ExecutionInput) => Promise<RunOutput> {
  const machine = new StateMachine(JSON.parse(JSON.stringify(definition)));
  const publish = snsPublish(bindings.publish);
  const s = WORKFLOW_STATE_NAMES;
  const handlers: Record<string, (input: Json) => Promise<Json> | Json> = {
    [s.plan]: lambdaInvoke(bindings.plan),
    [s.notifyPlanFailure]: publish,
    [s.notifySuccess]: publish,
    [s.notifyFailure]: publish,
  };
  const retryIntervalOverrides: Record<string, number> = {
    [s.plan]: 0,
    [s.notifyPlanFailure]: 0,
    [s.notifySuccess]: 0,
    [s.notifyFailure]: 0,
  };
  for (const type of METRIC_TYPES) {
    const state = WORKFLOW_STATE_NAMES.collectTask[type];
    handlers[state] = lambdaInvoke((payload) => bindings.collect(type, payload));
    retryIntervalOverrides[state] = 0;
  }
  for (const [state, ms] of Object.entries(options.retryIntervals ?? {})) {
    if (ms === null) delete retryIntervalOverrides[state];
    else retryIntervalOverrides[state] = ms;
  }
  return async (executionName, input = {}) => {
    const execution = machine.run(
      { ...input },
      {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
        context: { Execution: { Name: executionName } },
      },
    );
    return (await execution.result) as unknown as RunOutput;
  };
}
