/**
 * The collector workflow's state machine, as a pure function of plain values: the component
 * deploys it, the tests validate it against the ASL schema and execute it locally, and the
 * local run executes the very same document. JSONPath and intrinsics only (no JSONata, no
 * variables) so the local interpreter runs it unchanged.
 */
import { scheduleIntervalSeconds } from "../../contract/schedule";
import {
  LambdaAwsLambdaException,
  LambdaSdkClientException,
  LambdaServiceException,
  LambdaTooManyRequestsException,
} from "../../contract/errors";
import { MAX_SHARDS } from "../../contract/fan-out";
import { METRIC_TYPES, type MetricType } from "../../contract/metric-types";
import type {
  Branch,
  MapState,
  ParallelState,
  Retrier,
  State,
  StateMachineDefinition,
  TaskState,
} from "./asl";
import {
  COLLECTOR_WORKFLOW_DEFAULTS,
  MAX_EXECUTION_SECONDS,
} from "../../contract/defaults/collector-workflow";
import { withExecutionTimeout } from "./execution-timeout";

/** How a run ended; the execution output's `status`. */
export const WORKFLOW_RUN_STATUS = Object.freeze({
  succeeded: "succeeded",
  partiallyFailed: "partially_failed",
  failed: "failed",
});
export type RunStatus = (typeof WORKFLOW_RUN_STATUS)[keyof typeof WORKFLOW_RUN_STATUS];

const perType = <T>(f: (t: MetricType) => T): Readonly<Record<MetricType, T>> =>
  Object.freeze(Object.fromEntries(METRIC_TYPES.map((t) => [t, f(t)])) as Record<MetricType, T>);
const title = (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)}`;

/**
 * Every state's name. They are stable: the local run binds the Task states to local functions
 * by these names (aws-local-stepfunctions' taskResourceLocalHandlers), and alarms and runbooks
 * refer to them.
 */
export const WORKFLOW_STATE_NAMES = Object.freeze({
  /** Task: invokes the collector with { action: "plan" }: the run's window and shards. */
  plan: "PlanCollection",
  /** Task (SNS publish) when the plan fails; the execution then fails. */
  notifyPlanFailure: "NotifyPlanFailure",
  /** The Parallel state with one branch per metric type. */
  collect: "CollectMetrics",
  /** Map: one collector invocation per shard, at most maxConcurrency at a time. */
  collectShards: perType((t) => `Collect${title(t)}`),
  /** Task in the Map: invokes the collector with { metric_type, shard, window, ... }. */
  collectTask: perType((t) => `Collect${title(t)}Shard`),
  /** Pass in the Map: turns a caught error into the shard's "failed" outcome. */
  shardFailed: perType((t) => `${title(t)}ShardFailed`),
  /** Choice: did any shard fail? */
  checkShards: perType((t) => `Check${title(t)}Shards`),
  /** Pass: keeps the failed shards' outcomes only. */
  shardFailures: perType((t) => `${title(t)}ShardFailures`),
  /** Pass: the branch's "failed" outcome, with the first shard's error. */
  branchFailed: perType((t) => `${title(t)}CollectionFailed`),
  /** Pass: the branch's "succeeded" outcome. */
  branchSucceeded: perType((t) => `${title(t)}CollectionSucceeded`),
  /** Choice on how many branches failed. */
  checkHealth: "CheckPipelineHealth",
  markSucceeded: "MarkSucceeded",
  markPartiallyFailed: "MarkPartiallyFailed",
  markFailed: "MarkFailed",
  /** Task (SNS publish), only when notifyOnSuccess. */
  notifySuccess: "NotifySuccess",
  /** Task (SNS publish) after a partial or total failure. */
  notifyFailure: "NotifyFailure",
  /** Choice: a total failure ends the execution failed, a partial one succeeded. */
  checkTotalFailure: "CheckTotalFailure",
  /** Fail: every branch failed (or the plan did), so ExecutionsFailed alarms fire. */
  pipelineFailed: "PipelineFailed",
  /** Succeed: the output states succeeded or partially_failed. */
  done: "Done",
});

/** The outcome of one branch, element of the output's `branches`. */
export interface BranchOutcome {
  readonly metric_type: MetricType;
  readonly status: "succeeded" | "failed";
  /** 1 when the branch failed: the health check adds these up. */
  readonly failed: 0 | 1;
  /** One readable line for the notification. */
  readonly summary: string;
  /** How many shards the type was collected in. */
  readonly shards: number;
  /** The first failed shard's error name and cause, on failure. */
  readonly error?: string;
  readonly cause?: string;
}

/** The execution output (a total failure ends in PipelineFailed instead). */
export interface RunOutput {
  readonly status: RunStatus;
  readonly failed_count: number;
  readonly branches: BranchOutcome[];
}

/** The Lambda service errors AWS recommends retrying for the lambda:invoke integration. */
export const LAMBDA_RETRY_ERRORS = Object.freeze([
  LambdaServiceException.errorName,
  LambdaAwsLambdaException.errorName,
  LambdaSdkClientException.errorName,
  LambdaTooManyRequestsException.errorName,
]);

const LAMBDA_INVOKE_RESOURCE = "arn:aws:states:::lambda:invoke";
const SNS_PUBLISH_RESOURCE = "arn:aws:states:::sns:publish";
/** An SNS publish returns in milliseconds; a short timeout keeps a hung call from stalling the run. */
const NOTIFY_TIMEOUT_SECONDS = 30;
/** A throttled or failed publish is retried twice before the execution fails. */
const NOTIFY_RETRY: Retrier = Object.freeze({
  ErrorEquals: ["States.TaskFailed"],
  IntervalSeconds: 2,
  MaxAttempts: 2,
  BackoffRate: 2,
});

export interface DefinitionOptions {
  readonly collectorFunctionArn: string;
  readonly alertTopicArn: string;
  /** Shown in the notifications' subject and text. */
  readonly environment: string;
  /** @default false */
  readonly notifyOnSuccess?: boolean;
  /** TimeoutSeconds of each collector Task. @default 45 */
  readonly taskTimeoutSeconds?: number;
  /** Retry on Lambda service errors. @default 10 s, backoff 2, 3 retries */
  readonly retry?: {
    readonly intervalSeconds?: number;
    readonly maxAttempts?: number;
    readonly backoffRate?: number;
  };
  /** One branch per type, in this order. @default all four */
  readonly metricTypes?: readonly MetricType[];
  /** Shards collected at once per metric type (the Map's MaxConcurrency). @default 10 */
  readonly maxConcurrency?: number;
  /** Seconds between scheduled runs: caps the derived execution timeout. @default 10800 */
  readonly scheduleIntervalSeconds?: number;
  /** Express executions stop at 300 s: so does the derived timeout. @default "STANDARD" */
  readonly workflowType?: "STANDARD" | "EXPRESS";
  /**
   * The execution's TimeoutSeconds. @default the worst case of every shard round at the plan's
   * shard cap, capped at scheduleIntervalSeconds, at least one healthy round (execution-timeout.ts)
   */
  readonly executionTimeoutSeconds?: number;
}

/** A literal inside an intrinsic function: quoted, with ' { } \ escaped as ASL requires. */
export function intrinsicLiteral(text: string): string {
  return `'${text.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`;
}

/** States.Format over a template whose static parts are escaped and whose `{}` are kept. */
function format(parts: readonly string[], args: readonly string[]): string {
  const template = parts.map((p) => intrinsicLiteral(p).slice(1, -1)).join("{}");
  return `States.Format('${template}', ${args.join(", ")})`;
}

/** The sum of every branch's `failed` flag, with nested States.MathAdd (at most 10 levels). */
function failedCountExpression(branches: number): string {
  let sum = "$[0].failed";
  for (let i = 1; i < branches; i++) sum = `States.MathAdd(${sum}, $[${i}].failed)`;
  return sum;
}

function lambdaRetry(o: Required<DefinitionOptions>): Retrier {
  const d = COLLECTOR_WORKFLOW_DEFAULTS.retry;
  return {
    ErrorEquals: LAMBDA_RETRY_ERRORS,
    IntervalSeconds: o.retry.intervalSeconds ?? d.intervalSeconds,
    MaxAttempts: o.retry.maxAttempts ?? d.maxAttempts,
    BackoffRate: o.retry.backoffRate ?? d.backoffRate,
  };
}

/** The collector's lambda:invoke Task; every other error goes to `caught`. */
function invokeCollector(
  comment: string,
  payload: TaskState["Parameters"],
  resultSelector: TaskState["ResultSelector"],
  caught: string,
  o: Required<DefinitionOptions>,
): TaskState {
  return {
    Type: "Task",
    Comment: comment,
    Resource: LAMBDA_INVOKE_RESOURCE,
    Parameters: { FunctionName: o.collectorFunctionArn, ...payload },
    ResultSelector: resultSelector,
    TimeoutSeconds: o.taskTimeoutSeconds,
    Retry: [lambdaRetry(o)],
    // The default ResultPath ("$") makes the error object { Error, Cause } the next input.
    Catch: [{ ErrorEquals: ["States.ALL"], Next: caught }],
  };
}

/**
 * One metric type: a Map over the plan's shard numbers (the items are numbers, never instance
 * ids, so no payload grows with the fleet). A failed shard is caught inside the Map, so the
 * other shards still land; the branch then reports the first failure.
 */
function shardMap(type: MetricType, o: Required<DefinitionOptions>): MapState {
  const s = WORKFLOW_STATE_NAMES;
  const task = s.collectTask[type];
  const shardFailed = s.shardFailed[type];
  return {
    Type: "Map",
    Comment: `Collect the ${type} metrics of every shard of the fleet`,
    ItemsPath: "$.shards",
    ItemSelector: {
      action: "collect",
      metric_type: type,
      "shard_index.$": "$$.Map.Item.Value",
      "shard_count.$": "$.shard_count",
      "scheduled_time.$": "$.scheduled_time",
      "window_start.$": "$.window_start",
      "window_end.$": "$.window_end",
      // The execution name ties the collector's logs to the run.
      "execution_id.$": "$$.Execution.Name",
    },
    MaxConcurrency: o.maxConcurrency,
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: task,
      States: {
        [task]: {
          ...invokeCollector(
            `Collect the ${type} metrics of one shard`,
            { "Payload.$": "$" },
            { failed: 0 },
            shardFailed,
            o,
          ),
          End: true,
        },
        [shardFailed]: {
          Type: "Pass",
          Comment: `Record why a ${type} shard failed`,
          Parameters: { failed: 1, "error.$": "$.Error", "cause.$": "$.Cause" },
          End: true,
        },
      },
    },
    ResultSelector: {
      "shards.$": "States.ArrayLength($)",
      "failed.$": "States.ArrayContains($[*].failed, 1)",
      "outcomes.$": "$",
    },
    Next: s.checkShards[type],
  };
}

/** After the Map: the branch's outcome, with the first failed shard's error when one failed. */
function branchOutcomeStates(type: MetricType): Record<string, State> {
  const s = WORKFLOW_STATE_NAMES;
  return {
    [s.checkShards[type]]: {
      Type: "Choice",
      Comment: `Did any ${type} shard fail?`,
      Choices: [{ Variable: "$.failed", BooleanEquals: true, Next: s.shardFailures[type] }],
      Default: s.branchSucceeded[type],
    },
    // Only the failures go on: the branch's output does not grow with the shard count.
    [s.shardFailures[type]]: {
      Type: "Pass",
      Parameters: { "shards.$": "$.shards", "failures.$": "$.outcomes[?(@.failed == 1)]" },
      Next: s.branchFailed[type],
    },
    [s.branchFailed[type]]: {
      Type: "Pass",
      Comment: `Record why the ${type} collection failed`,
      Parameters: {
        metric_type: type,
        status: "failed",
        failed: 1,
        "shards.$": "$.shards",
        "error.$": "$.failures[0].error",
        "cause.$": "$.failures[0].cause",
        "summary.$": format(
          [`${type}: failed with `, ": ", " (", " of ", " shards failed)"],
          [
            "$.failures[0].error",
            "$.failures[0].cause",
            "States.ArrayLength($.failures)",
            "$.shards",
          ],
        ),
      },
      End: true,
    },
    [s.branchSucceeded[type]]: {
      Type: "Pass",
      Parameters: {
        metric_type: type,
        status: "succeeded",
        failed: 0,
        "shards.$": "$.shards",
        "summary.$": format([`${type}: succeeded in `, " shards"], ["$.shards"]),
      },
      End: true,
    },
  };
}

/** One metric type's branch of the Parallel state: the Map, then the branch's outcome. */
function branch(type: MetricType, o: Required<DefinitionOptions>): Branch {
  const s = WORKFLOW_STATE_NAMES;
  return {
    StartAt: s.collectShards[type],
    States: { [s.collectShards[type]]: shardMap(type, o), ...branchOutcomeStates(type) },
  };
}

function notify(kind: "success" | "failure", next: string, o: Required<DefinitionOptions>): State {
  const n = o.metricTypes.length;
  // One line per branch after the headline; parts and args interleave as States.Format needs.
  const summaries = o.metricTypes.map((_, i) => `$.branches[${i}].summary`);
  const between = summaries.slice(1).map(() => " | ");
  const [parts, args] =
    kind === "success"
      ? [[`Metrics pipeline ${o.environment}: run `, " succeeded. "], ["$$.Execution.Name"]]
      : [
          [
            `Metrics pipeline ${o.environment}: run `,
            " ",
            " (",
            ` of ${n} metric collections failed). `,
          ],
          ["$$.Execution.Name", "$.status", "$.failed_count"],
        ];
  return {
    Type: "Task",
    Comment:
      kind === "success"
        ? "Tell the subscribers the run succeeded"
        : "Tell the subscribers which collections failed and why",
    Resource: SNS_PUBLISH_RESOURCE,
    Parameters: {
      TopicArn: o.alertTopicArn,
      "Subject.$": format([`[${o.environment}] Metrics pipeline run `, ""], ["$.status"]),
      "Message.$": format([...parts, ...between, ""], [...args, ...summaries]),
    },
    // Keep the run's outcome as the state's output.
    ResultPath: null,
    TimeoutSeconds: NOTIFY_TIMEOUT_SECONDS,
    Retry: [NOTIFY_RETRY],
    Next: next,
  };
}

/** The options with every default filled in. */
function withDefaults(options: DefinitionOptions): Required<DefinitionOptions> {
  const d = COLLECTOR_WORKFLOW_DEFAULTS;
  return {
    notifyOnSuccess: d.notifyOnSuccess,
    taskTimeoutSeconds: d.taskTimeoutSeconds,
    retry: d.retry,
    metricTypes: METRIC_TYPES,
    maxConcurrency: d.maxConcurrency,
    scheduleIntervalSeconds: scheduleIntervalSeconds(d.schedule),
    workflowType: d.workflowType,
    executionTimeoutSeconds: 0,
    ...options,
  };
}

/** The plan Task, and the notification when it fails. */
function planStates(o: Required<DefinitionOptions>): Record<string, State> {
  const s = WORKFLOW_STATE_NAMES;
  return {
    [s.plan]: {
      ...invokeCollector(
        "The run's window (from its scheduled time, or the input's replay window) and shards",
        {
          Payload: {
            action: "plan",
            "execution_id.$": "$$.Execution.Name",
            "execution_start_time.$": "$$.Execution.StartTime",
            // { scheduled_time } from the schedule, or a replay's { window_start, window_end }.
            "input.$": "$",
          },
        },
        {
          "scheduled_time.$": "$.Payload.scheduled_time",
          "window_start.$": "$.Payload.window_start",
          "window_end.$": "$.Payload.window_end",
          "shard_count.$": "$.Payload.shard_count",
          "shards.$": "$.Payload.shards",
        },
        s.notifyPlanFailure,
        o,
      ),
      Next: s.collect,
    },
    [s.notifyPlanFailure]: {
      Type: "Task",
      Comment: "Tell the subscribers the run could not start collecting",
      Resource: SNS_PUBLISH_RESOURCE,
      Parameters: {
        TopicArn: o.alertTopicArn,
        Subject: `[${o.environment}] Metrics pipeline run failed`,
        "Message.$": format(
          [`Metrics pipeline ${o.environment}: run `, " failed before collecting: ", ": ", ""],
          ["$$.Execution.Name", "$.Error", "$.Cause"],
        ),
      },
      ResultPath: null,
      TimeoutSeconds: NOTIFY_TIMEOUT_SECONDS,
      Retry: [NOTIFY_RETRY],
      Next: s.pipelineFailed,
    },
  };
}

/** One branch per metric type, side by side; the failed branches are counted. */
function collectState(o: Required<DefinitionOptions>): ParallelState {
  const s = WORKFLOW_STATE_NAMES;
  return {
    Type: "Parallel",
    Comment: "One collector invocation per metric type, side by side",
    Branches: o.metricTypes.map((t) => branch(t, o)),
    ResultSelector: {
      "failed_count.$": failedCountExpression(o.metricTypes.length),
      "branches.$": "$",
    },
    Next: s.checkHealth,
  };
}

/** The run's status from the failed count, the notifications, and whether the run fails. */
function reportStates(o: Required<DefinitionOptions>): Record<string, State> {
  const n = o.metricTypes.length;
  const s = WORKFLOW_STATE_NAMES;
  const mark = (status: RunStatus, next: string): State => ({
    Type: "Pass",
    Result: status,
    ResultPath: "$.status",
    Next: next,
  });
  const afterSuccess = o.notifyOnSuccess ? s.notifySuccess : s.done;
  return {
    [s.checkHealth]: {
      Type: "Choice",
      Comment: "How many collections failed?",
      Choices: [
        { Variable: "$.failed_count", NumericEquals: 0, Next: s.markSucceeded },
        { Variable: "$.failed_count", NumericEquals: n, Next: s.markFailed },
      ],
      Default: s.markPartiallyFailed,
    },
    [s.markSucceeded]: mark(WORKFLOW_RUN_STATUS.succeeded, afterSuccess),
    [s.markPartiallyFailed]: mark(WORKFLOW_RUN_STATUS.partiallyFailed, s.notifyFailure),
    [s.markFailed]: mark(WORKFLOW_RUN_STATUS.failed, s.notifyFailure),
    ...(o.notifyOnSuccess ? { [s.notifySuccess]: notify("success", s.done, o) } : {}),
    [s.notifyFailure]: notify("failure", s.checkTotalFailure, o),
    [s.checkTotalFailure]: {
      Type: "Choice",
      Comment: "A partial failure still delivered data; a total one fails the execution",
      Choices: [
        {
          Variable: "$.status",
          StringEquals: WORKFLOW_RUN_STATUS.failed,
          Next: s.pipelineFailed,
        },
      ],
      Default: s.done,
    },
  };
}

/** The two ends: failed (the plan or every collection failed), or done. */
function endStates(o: Required<DefinitionOptions>): Record<string, State> {
  const n = o.metricTypes.length;
  const s = WORKFLOW_STATE_NAMES;
  return {
    [s.pipelineFailed]: {
      Type: "Fail",
      Comment: "Ends failed so the ExecutionsFailed alarm fires; the notification has the errors",
      Error: "PipelineFailed",
      Cause: `The plan or all ${n} metric collections failed; the failure notification lists the errors.`,
    },
    [s.done]: {
      Type: "Succeed",
      Comment: "The output's status says succeeded or partially_failed",
    },
  };
}

/** The state machine definition; JSON.stringify it for aws.sfn.StateMachine. */
export function buildDefinition(options: DefinitionOptions): StateMachineDefinition {
  const o = withDefaults(options);
  const s = WORKFLOW_STATE_NAMES;
  const timeoutBasis = {
    mapRounds: Math.ceil(MAX_SHARDS / o.maxConcurrency),
    intervalSeconds: o.scheduleIntervalSeconds,
    maxSeconds: MAX_EXECUTION_SECONDS[o.workflowType],
  };
  return withExecutionTimeout(options.executionTimeoutSeconds, timeoutBasis, {
    Comment: `Metrics pipeline ${o.environment}: plan the window and shards, collect ${o.metricTypes.join(", ")} in parallel, then report`,
    StartAt: s.plan,
    States: {
      ...planStates(o),
      [s.collect]: collectState(o),
      ...reportStates(o),
      ...endStates(o),
    },
  });
}
